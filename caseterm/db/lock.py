"""One TUI per database file: an advisory lock on `<db>.lock` beside it.

A second window on the same file is refused with a clear message instead of two screens
showing diverging states. CLI commands do not take the lock: their writes wait on SQLite's
busy timeout. The OS releases the lock when the process ends, also after a crash.
"""

from __future__ import annotations

import os
from pathlib import Path


class AlreadyOpen(RuntimeError):
    pass


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock, rely on SQLite
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise AlreadyOpen(str(self.path)) from exc
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
