"""Writing files safely: through a temporary file and an atomic rename, one writer at a time."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pmplan.errors import PmplanError


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one, never half."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


LOCK_NAME = ".pmplan.lock"
"""The file in a workspace's root that its writers lock (kept out of git by ``.gitignore``)."""
LOCK_TIMEOUT = 5.0
"""Seconds a writer waits for another to finish before it gives up."""


class LockError(PmplanError):
    """Another pmplan command is writing to the workspace."""


@contextlib.contextmanager
def workspace_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the workspace's write lock: one writer at a time.

    Every command that writes plan files takes it before it reads them, so that a change
    made by another writer meanwhile is read, not overwritten. ``timeout`` (default
    :data:`LOCK_TIMEOUT`, or ``PMPLAN_LOCK_TIMEOUT`` from the environment) is how long to
    wait; then :class:`LockError`."""
    from filelock import FileLock, Timeout

    if timeout is None:
        timeout = _env_timeout()
    path = Path(root) / LOCK_NAME
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire(poll_interval=0.01)
    except Timeout:
        raise LockError(
            f"another pmplan command is changing the plans in {root} (it holds {LOCK_NAME}); "
            f"waited {timeout:g} s: try again when it has finished"
        ) from None
    except OSError as exc:
        raise LockError(f"cannot lock the workspace ({path}): {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


def _env_timeout() -> float:
    try:
        value = float(os.environ.get("PMPLAN_LOCK_TIMEOUT", LOCK_TIMEOUT))
    except ValueError:
        return LOCK_TIMEOUT
    return value if 0 <= value <= 3600 else LOCK_TIMEOUT


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
