"""One TUI per database file: advisory locks, keyed on the file's identity.

A second window on the same file is refused with a clear message instead of two screens
showing diverging states. Two locks are taken: `<db>.lock` beside the name (it holds the PID,
so a message can say who has the database open) and `<dev>-<inode>.lock` in the user's runtime
folder, so a hard link or another name of the same file is refused too. CLI commands do not
take the lock: their writes wait for SQLite's write lock (see Database.write). The OS releases
the locks when the process ends, also after a crash.

If a lock file cannot be written (a full disk, a read-only folder) the TUI still starts: the
lock is a convenience, SQLite's own locking keeps the data safe.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class AlreadyOpen(RuntimeError):
    pass


def _runtime_dir() -> Path | None:
    """A folder only this user can write: $XDG_RUNTIME_DIR/caseterm, else a private folder in
    the system's temp folder. None when no safe folder can be had."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = (Path(base) / "caseterm" if base and Path(base).is_dir()
              else Path(tempfile.gettempdir()) / f"caseterm-{uid}")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = folder.lstat()
    except OSError:
        return None
    if not folder.is_dir() or folder.is_symlink() or st.st_uid != uid or st.st_mode & 0o022:
        return None
    return folder


def identity_lock_path(db_path: Path) -> Path | None:
    try:
        st = os.stat(db_path)
    except OSError:
        return None
    folder = _runtime_dir()
    return folder / f"{st.st_dev}-{st.st_ino}.lock" if folder else None


def _lock_files(db_path: Path) -> list[Path]:
    files = [db_path.with_name(db_path.name + ".lock")]
    keyed = identity_lock_path(db_path)
    if keyed is not None:
        files.append(keyed)
    return files


def holder_pid(db_path: Path | None) -> int | None:
    """The PID of another caseterm window holding the database's lock, if one does."""
    if db_path is None:
        return None
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    for file in _lock_files(db_path):
        try:
            fd = os.open(file, os.O_RDONLY)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                held = True
            else:
                held = False
                fcntl.flock(fd, fcntl.LOCK_UN)
            if held:
                text = os.read(fd, 32).decode("ascii", "replace").strip()
                if text.isdigit() and int(text) != os.getpid():
                    return int(text)
        except OSError:
            continue
        finally:
            os.close(fd)
    return None


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fds: list[int] = []

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock, rely on SQLite
            return
        for file in _lock_files(self.db_path):
            try:
                fd = os.open(file, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                continue  # a read-only folder or a full disk: start without this lock
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                os.close(fd)
                self.release()
                raise AlreadyOpen(str(file)) from exc
            except OSError:
                os.close(fd)  # no locks on this file system (ENOLCK): rely on SQLite
                continue
            self._fds.append(fd)
            try:
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
            except OSError:
                pass  # the lock holds without the PID; only "who" is unknown then

    def release(self) -> None:
        while self._fds:
            os.close(self._fds.pop())

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
