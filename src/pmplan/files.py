"""Writing files safely: through a temporary file and an atomic rename.

A file pmplan writes is either the old one or the new one, never half of each. The new
content goes to a temporary file beside the target (``.NAME.PID.XXXX.tmp``), which is
renamed over the target once complete. A write stopped part-way by an error, Ctrl-C or
``kill`` removes its temporary file (the command line turns SIGTERM and SIGHUP into an
orderly exit); one left by a process killed outright (``kill -9``, the out-of-memory
killer) is removed by the next write to the same file, once its process is gone.

Only a regular file is replaced: a symbolic link, a named pipe, a device or a folder at
the path is refused, so that ``-o`` can never be turned into a write somewhere else.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import stat
import tempfile
from pathlib import Path


class UnsafeTarget(OSError):
    """The path to write is something other than a regular file. An :class:`OSError`, so
    that every writer's "cannot write PATH: why" says it as it says a full disk."""

    def __init__(self, path: Path, what: str):
        super().__init__(
            errno.EPERM,
            f"it is {what}; pmplan writes only to a new file or replaces a regular one",
            str(path),
        )


def check_target(path: Path) -> None:
    """Refuse to write to ``path`` unless it is a regular file or does not exist yet."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # not there (or a folder on the way is missing: the write itself says so)
    if stat.S_ISREG(mode):
        return
    raise UnsafeTarget(path, _kind(mode))


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one, never half."""
    path = Path(path)
    check_target(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode = 0o644
    remove_leftovers(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def temporary_name(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path`` (open descriptor, name), named so that
    :func:`remove_leftovers` can tell whose it is; for writers that fill it themselves."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    remove_leftovers(path)
    return tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)


def remove_leftovers(path: Path) -> None:
    """Remove temporary files for ``path`` left by pmplan processes that no longer run."""
    folder = path.parent if str(path.parent) else Path(".")
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.[A-Za-z0-9_]+\.tmp")
    for name in glob.glob(f".{glob.escape(path.name)}.*.tmp", root_dir=folder, include_hidden=True):
        match = pattern.fullmatch(name)
        if match and not _running(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its file alone
    return True


def write_all(changes: list[tuple[Path, bytes, bytes]]) -> None:
    """Write each (path, old, new) atomically; if one write fails, put back those already
    written, so that the files are all new or all as they were. Then the error is raised."""
    done: list[tuple[Path, bytes]] = []
    try:
        for path, old, new in changes:
            atomic_write(path, new)
            done.append((path, old))
    except BaseException:
        for path, old in reversed(done):
            with contextlib.suppress(OSError):
                atomic_write(path, old)
        raise
