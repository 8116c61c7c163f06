"""Generator, step 1: the office's workers.

Caseworkers sit in teams of up to ten per legal area, each team with a team lead; every
caseworker's deputy is a colleague of the same team. There are enough caseworkers for a
caseload of about 90 open cases each (practice: 60–120), plus a trainer and an administrator.
The first SGB II caseworker becomes the installation's current worker (unless one is set).
"""

from __future__ import annotations

import math
import uuid

from faker import Faker
from sqlalchemy import bindparam, select

from caseterm.core.names import fold
from caseterm.core.vocab import LegalArea, Role
from caseterm.db.generate import WorkerGen, ctx_rng, insert_rows, new_id, record
from caseterm.db.repo.settings import CURRENT_WORKER
from caseterm.db.repo.workers import PROFILE_CONFIRMED
from caseterm.models.setting import Setting
from caseterm.models.worker import Worker

ORDER = 10

# Share of cases per legal area (used to size the teams; clients.py/cases.py use the same).
AREA_SHARE = {
    LegalArea.sgb2.value: 0.46,
    LegalArea.sgb8.value: 0.20,
    LegalArea.sgb12.value: 0.14,
    LegalArea.integration.value: 0.15,
    LegalArea.other.value: 0.05,
}
TEAM_NAMES = {
    LegalArea.sgb2.value: ("Fallmanagement SGB II", "Jobcenter Lindenau"),
    LegalArea.sgb8.value: ("Kommunaler Sozialer Dienst (Jugendamt)", "Jugendamt Lindenau"),
    LegalArea.sgb12.value: ("Sozialhilfe und Grundsicherung (SGB XII)", "Sozialamt Lindenau"),
    LegalArea.integration.value: ("Kommunales Integrationsmanagement",
                                  "Kommunales Integrationszentrum"),
    LegalArea.other.value: ("Allgemeiner Sozialdienst", "Sozialrathaus Mitte"),
}
SITES = ("Nord", "Mitte", "Süd", "Ost", "West", "Hafen")
CASELOAD = 90
TEAM_SIZE = 10
OPEN_SHARE = 0.8  # open cases per client, about


def team_plan(n_clients: int) -> dict[str, int]:
    """Caseworkers per legal area for `n_clients` clients."""
    open_cases = n_clients * OPEN_SHARE
    return {area: max(1, math.ceil(open_cases * share / CASELOAD))
            for area, share in AREA_SHARE.items()}


def _username(first: str, last: str, taken: set[str]) -> str:
    base = (fold(first)[:1] + fold(last).replace(" ", "")).encode("ascii", "ignore").decode()
    base = base[:56] or "user"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


def generate(conn, ctx: dict) -> None:
    rng = ctx_rng(ctx, "workers")
    fake = Faker("de_DE")
    fake.seed_instance(rng.getrandbits(32))
    fake_tr = Faker("tr_TR")
    fake_tr.seed_instance(rng.getrandbits(32))
    created = ctx["now"].replace(year=ctx["today"].year - 8)
    taken = set(conn.execute(select(Worker.username)).scalars())
    plan = team_plan(ctx["n_clients"])
    total = sum(plan.values()) + sum(math.ceil(n / TEAM_SIZE) for n in plan.values()) + 2
    ctx["progress"].start("workers", total)

    rows: list[dict] = []
    workers: list[WorkerGen] = []

    def person(role: str, team: str, office: str, area: str) -> WorkerGen:
        f = fake_tr if rng.random() < 0.12 else fake
        female = rng.random() < 0.7  # social work is mostly women
        first = f.first_name_female() if female else f.first_name_male()
        last = f.last_name()
        w = WorkerGen(new_id(rng), _username(first, last, taken), role, area)
        rows.append({
            **record(w.id, created), "username": w.username,
            "display_name": f"{first} {last}"[:120], "role": role, "team": team[:120],
            "office": office[:120], "land": "NW", "catholic_municipality": False,
            "augsburg": False, "deputy_id": None, "team_lead_id": None, "active": True,
        })
        workers.append(w)
        return w

    leads: dict[uuid.UUID, uuid.UUID] = {}
    for area, n in plan.items():
        team_name, office = TEAM_NAMES[area]
        staff: list[WorkerGen] = []
        for t in range(math.ceil(n / TEAM_SIZE)):
            site = SITES[t % len(SITES)]
            team = f"{team_name} {site} {t // len(SITES) + 1}"
            lead = person(Role.team_lead.value, team, f"{office} {site}", area)
            members = [person(Role.caseworker.value, team, f"{office} {site}", area)
                       for _ in range(min(TEAM_SIZE, n - t * TEAM_SIZE))]
            for i, m in enumerate(members):
                m.deputy_id = members[(i + 1) % len(members)].id if len(members) > 1 \
                    else lead.id
                leads[m.id] = lead.id
            lead.deputy_id = members[0].id
            staff.extend(members)
        ctx["caseworkers"][area] = staff
    person(Role.trainer.value, "Fortbildung", "Sozialrathaus Mitte", LegalArea.other.value)
    person(Role.admin.value, "IT-Koordination", "Sozialrathaus Mitte", LegalArea.other.value)

    by_id = {r["id"]: r for r in rows}
    for w in workers:
        by_id[w.id]["deputy_id"] = w.deputy_id
        by_id[w.id]["team_lead_id"] = leads.get(w.id)
    # Deputies and leads refer to rows of the same batch: insert without them, then set.
    insert_rows(conn, Worker.__table__, ({**r, "deputy_id": None, "team_lead_id": None}
                                         for r in rows))
    conn.execute(
        Worker.__table__.update()
        .where(Worker.__table__.c.id == bindparam("wid"))
        .values(deputy_id=bindparam("dep"), team_lead_id=bindparam("lead")),
        [{"wid": r["id"], "dep": r["deputy_id"], "lead": r["team_lead_id"]} for r in rows],
    )
    ctx["progress"].advance(len(rows))
    ctx["workers"] = workers
    ctx["counts"]["worker"] = len(rows)

    current = ctx["caseworkers"][LegalArea.sgb2.value][0]
    ctx["current_worker"] = current
    has_current = conn.execute(
        select(Setting.value).where(Setting.key == CURRENT_WORKER)).first()
    if has_current is None:
        # An installation in use: the worker is chosen and their profile confirmed.
        conn.execute(Setting.__table__.insert(), [
            {"key": CURRENT_WORKER, "value": str(current.id)},
            {"key": PROFILE_CONFIRMED, "value": "1"},
        ])
