"""The world of the sync acceptance model (tests/sync_machine.py): a centre with two workers
of one office and two of Anna's cases, laptops A (Anna's cases) and B (the office's)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from caseterm.core import clock
from caseterm.core.inputs import check_case, check_client
from caseterm.db.repo import access
from caseterm.db.repo.cases import add_case, add_client
from caseterm.models.worker import Worker
from caseterm.services import Ctx, sync

__all__ = ["SyncWorld", "actor_of", "build_world"]


def actor_of(db, worker_id):
    with db.read() as s:
        return access.actor_for(s, s.get(Worker, worker_id), clock.today())


class SyncWorld:
    """Makes the three databases for one example; `factory()` gives fresh copies."""

    def __init__(self, centre_db, laptop_dbs: dict, anna, bernd):
        self.dbs = {"C": centre_db, **laptop_dbs}
        self.anna, self.bernd = anna, bernd


def build_world(centre_db, laptop_paths: dict, make_laptop_db) -> SyncWorld:
    """Centre with two workers of one office and two of Anna's cases; laptops A (Anna) and
    B (the office) checked out from it."""
    from caseterm.db.repo import workers

    with centre_db.write() as s:
        anna = workers.add(s, username="anna", display_name="Anna Becker", role="caseworker",
                           team="Nord", office="Rathaus", land="NW").id
        bernd = workers.add(s, username="bernd", display_name="Bernd Kurz", role="caseworker",
                            team="Nord", office="Rathaus", land="NW").id
        admin = workers.add(s, username="admin", display_name="Admin", role="admin",
                            team="", office="", land="NW").id
        for first, last, birth in (("Jürgen", "Müller", "1980-04-12"),
                                   ("Aylin", "Yilmaz", "1992-07-01")):
            client = add_client(s, check_client({"first_name": first, "last_name": last,
                                                 "birth_date": birth}))
            add_case(s, client.id, check_case({"legal_area": "sgb2", "phase": "intake",
                                               "opened_on": date(2026, 1, 5)}), anna)
    admin_ctx = Ctx(centre_db, actor_of(centre_db, admin))
    sync.init_central(admin_ctx, "Zentrale")
    dbs = {}
    for site, path in laptop_paths.items():
        db = make_laptop_db(path)
        if site == "A":
            sync.checkout(admin_ctx, db, worker="anna", name="A")
        else:
            sync.checkout(admin_ctx, db, office="Rathaus", name="B")
        dbs[site] = db
    return SyncWorld(centre_db, dbs, anna, SimpleNamespace(id=bernd).id)
