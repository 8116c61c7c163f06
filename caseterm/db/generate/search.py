"""Generator, last step: the case search index (FTS5), rebuilt once from the tables.

The app keeps the index in step through ORM events; bulk inserts bypass them, so the index is
rebuilt here in one statement (`caseterm.db.search.rebuild`), when this build has search.
"""

from __future__ import annotations

import importlib.util

ORDER = 90


def generate(conn, ctx: dict) -> None:
    if importlib.util.find_spec("caseterm.db.search") is None:
        return
    from sqlmodel import Session

    from caseterm.db import search

    rebuild = getattr(search, "rebuild", None)
    if rebuild is None:
        return
    ctx["progress"].start("search index", 1)
    with Session(bind=conn) as session:
        rebuild(session)
    ctx["progress"].advance(1)
