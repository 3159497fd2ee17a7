"""One writer at a time: the workspace's write lock.

Every command that writes plan files (``update``, ``add``, ``returns collect``, and
``import -o`` into a workspace) holds the lock from before it reads the plans (for ``import``,
before it looks whether its file is there) until it has written them, so that a change made by
another writer meanwhile is read, not overwritten. The lock is a file in the workspace's root, locked by the operating system
(the ``filelock`` package), so that it is let go even when a command is killed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from pmplan.errors import PmplanError

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
