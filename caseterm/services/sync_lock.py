"""The door to the import/sync lock (db/sync_lock.py): one `caseterm bundle import` or
`caseterm sync` at a time per database; a second is refused at once with SyncBusy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from caseterm.db.sync_lock import SyncBusy
from caseterm.i18n import _
from caseterm.services.door import Ctx

__all__ = ["SyncBusy", "exclusive"]


@contextmanager
def exclusive(ctx: Ctx, what: str) -> Iterator[None]:
    """`what`: "import" or "sync" (named in the message)."""
    from caseterm.db.sync_lock import exclusive as lock

    name = _("this bundle import") if what == "import" else _("this sync")
    with lock(ctx.db, name):
        yield
