"""The per-user file cache of computed public holidays (core/workdays.py's HolidayStore).

Keyed by the holidays library's version, in the data directory's `cache/` folder. Any error
(read-only disk, damaged file) just means the holidays are computed again.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _library_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


class FileHolidayStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, key: str) -> Path:
        return self.folder / f"holidays-{_library_version()}-{key}.json"

    def load(self, key: str) -> dict[str, str] | None:
        try:
            data = json.loads(self._file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def save(self, key: str, days: dict[str, str]) -> None:
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(days, ensure_ascii=False), encoding="utf-8")
            tmp.replace(target)
        except OSError:
            pass


def install() -> None:
    """Use the file cache unless CASETERM_NO_HOLIDAY_CACHE is set."""
    from caseterm.config import data_dir
    from caseterm.core import workdays

    if os.environ.get("CASETERM_NO_HOLIDAY_CACHE"):
        workdays.use_store(None)
        return
    workdays.use_store(FileHolidayStore(data_dir() / "cache"))
