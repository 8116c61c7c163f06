"""Which database objects Alembic's autogenerate and the drift test look at.

Full-text search tables (FTS5 virtual tables and their shadow tables, named `*_fts*`) are made
by hand in migrations and are not part of the SQLModel metadata.
"""

from __future__ import annotations


def include_name(name: str | None, type_: str, _parents: dict) -> bool:
    if type_ == "table" and name and ("_fts" in name or name.startswith("sqlite_")):
        return False
    return True
