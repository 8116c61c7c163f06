"""A snapshot of the drawn network map, so layout regressions show.

Regenerate after an intended change with `pytest tests/test_network_snapshot.py
--snapshot-update` and look at the SVG before committing it."""

from __future__ import annotations

from caseterm.core.network import check_person
from caseterm.db.repo import network as net_repo
from caseterm.screens.resources import ResourcesScreen
from tests.conftest import make_app, wait_idle

PEOPLE = [
    {"name": "Mutter Leyla", "sector": "family", "closeness": 9, "emotional": 2},
    {"name": "Bruder Karim", "sector": "family", "closeness": 6, "conflict": True},
    {"name": "Opa Hassan", "sector": "family", "closeness": 4, "deceased": True},
    {"name": "Nachbarin Kühn", "sector": "friends", "closeness": 7, "tie": "multiplex"},
    {"name": "Cousin Saleh", "sector": "friends", "closeness": 8, "practical": 2},
    {"name": "Kollege Tim", "sector": "colleagues", "closeness": 3},
    {"name": "Schuldnerberatung", "sector": "professional", "closeness": 5},
    {"name": "Hausärztin", "sector": "professional", "closeness": 2, "tie": "none"},
]


def test_network_map_snapshot(db, worker, make_case, snap_compare):
    case_id = make_case(first="Mahmoud", last="Al-Khatib")
    map_id = net_repo.ensure_map(db, case_id, worker.id)
    ids = {}
    for raw in PEOPLE:
        ids[raw["name"]] = net_repo.add_person(db, map_id, check_person(raw))
    net_repo.set_tie(db, map_id, ids["Mutter Leyla"], ids["Cousin Saleh"])
    net_repo.set_tie(db, map_id, ids["Nachbarin Kühn"], ids["Cousin Saleh"])
    net_repo.set_tie(db, map_id, ids["Mutter Leyla"], ids["Bruder Karim"])
    app = make_app(db, worker)

    async def run_before(pilot) -> None:
        await wait_idle(pilot, app)
        app.push_screen(ResourcesScreen(case_id))
        await wait_idle(pilot, app)
        await wait_idle(pilot, app)

    assert snap_compare(app, terminal_size=(140, 45), run_before=run_before)
