"""Settings and paths: platformdirs defaults, environment overrides for tests and training.

Environment variables:
- CASETERM_DB       database URL or file path (overrides the default file)
- CASETERM_DATA_DIR directory for the default database and backups
- CASETERM_LANG     de | en
- CASETERM_TODAY    YYYY-MM-DD, a simulated "today" for training and tests
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from caseterm.i18n import DEFAULT_LANGUAGE as DEFAULT_LANGUAGE
from caseterm.i18n import LANGUAGES as LANGUAGES

APP_NAME = "caseterm"


def data_dir() -> Path:
    override = os.environ.get("CASETERM_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "caseterm.db"


def demo_db_path() -> Path:
    return data_dir() / "demo" / "caseterm-demo.db"


def to_url(db: str | os.PathLike[str] | None) -> str:
    """Turn a --db value (a SQLAlchemy URL or a plain file path) into a URL."""
    if db is None or str(db) == "":
        db = os.environ.get("CASETERM_DB") or default_db_path()
    text = str(db)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


@dataclass(frozen=True)
class Paths:
    data: Path
    db: Path


def paths() -> Paths:
    return Paths(data=data_dir(), db=default_db_path())
