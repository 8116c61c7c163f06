"""Generator, step 3: cases across legal areas and phases.

Every client has a case; some have an earlier, closed one as well. The legal area follows
the client: children and young people in SGB VIII (youth office), adults of working age mostly
SGB II, migrants also in municipal integration management, pensioners in SGB XII. About
one case in five is closed. Open cases spread over the phases of the case management cycle,
most of them in monitoring; case numbers follow the app's pattern (JC-2026-00042) in the
order the cases were opened. Leads come from the caseworkers of the area, the deputy is the
lead's deputy.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from caseterm.core.vocab import CasePhase, ClosureReason, LegalArea
from caseterm.db.generate import CaseGen, ClientGen, at, ctx_rng, insert_rows, new_id, record
from caseterm.db.generate import weighted as pick
from caseterm.db.repo.cases import CASE_PREFIX
from caseterm.models.case import Case

ORDER = 30

OPEN_PHASES = (
    (CasePhase.access.value, 3), (CasePhase.intake.value, 9), (CasePhase.assessment.value, 12),
    (CasePhase.planning.value, 12), (CasePhase.linking.value, 14),
    (CasePhase.monitoring.value, 42), (CasePhase.evaluation.value, 8),
)
CLOSURE_REASONS = (
    (ClosureReason.goals_achieved.value, 38), (ClosureReason.transfer.value, 10),
    (ClosureReason.client_withdrew.value, 12), (ClosureReason.no_longer_eligible.value, 16),
    (ClosureReason.not_indicated.value, 6), (ClosureReason.moved.value, 12),
    (ClosureReason.deceased.value, 1), (ClosureReason.other.value, 5),
)
TITLES = {
    LegalArea.sgb2.value: (
        "Integration in Arbeit", "Bewerbungscoaching und Qualifizierung",
        "Aufnahme einer Ausbildung", "Schuldenregulierung und Arbeitsaufnahme",
        "Stabilisierung, Gesundheit und Tagesstruktur", "Kinderbetreuung klären, Teilzeitstelle",
        "Sprachkurs und Anerkennung des Berufsabschlusses", "Wohnungssicherung",
        "Sucht: Anbindung an Beratung", "Übergang Schule–Beruf", "",
    ),
    LegalArea.sgb8.value: (
        "Hilfe zur Erziehung (§ 27 SGB VIII)", "Sozialpädagogische Familienhilfe",
        "Erziehungsbeistandschaft", "Hilfe für junge Volljährige (§ 41 SGB VIII)",
        "Schulverweigerung", "Trennung der Eltern, Umgang", "Eingliederungshilfe § 35a",
        "Gefährdungseinschätzung nach § 8a", "Inobhutnahme – Rückführung", "",
    ),
    LegalArea.sgb12.value: (
        "Grundsicherung im Alter", "Hilfe zur Pflege", "Wohnungslosigkeit überwinden",
        "Hilfe in besonderen Lebenslagen (§ 67 SGB XII)", "Haushaltshilfe und Vereinsamung",
        "Mietschulden, Räumungsklage", "",
    ),
    LegalArea.integration.value: (
        "Ankommen: Wohnung, Schule, Sprachkurs", "Aufenthalt und Arbeitsmarktzugang",
        "Anerkennung ausländischer Abschlüsse", "Familiennachzug und Wohnung",
        "Integrationskurs und Kita-Platz", "Gesundheitsversorgung klären", "",
    ),
    LegalArea.other.value: (
        "Allgemeine Sozialberatung", "Energieschulden", "Krisenintervention",
        "Beratung Schwerbehindertenrecht", "",
    ),
}


def _area(rng: random.Random, c: ClientGen, today: date) -> str:
    age = ((today - c.birth_date).days // 365) if c.birth_date else 30
    if age < 18:
        table = (("sgb8", 92), ("integration", 5 if c.migrant else 0), ("other", 3))
    elif age < 26:
        table = (("sgb2", 55), ("sgb8", 20), ("integration", 18 if c.migrant else 0),
                 ("other", 7))
    elif age < 65:
        table = (("sgb2", 62), ("sgb12", 9), ("integration", 28 if c.migrant else 0),
                 ("other", 6), ("sgb8", 4))
    else:
        table = (("sgb12", 80), ("other", 12), ("integration", 8 if c.migrant else 0))
    return pick(rng, table)


def _case(rng: random.Random, ctx: dict, index: int, c: ClientGen, opened: date,
          closed: bool, area: str | None = None) -> CaseGen:
    today: date = ctx["today"]
    area = area or _area(rng, c, today)
    staff = ctx["caseworkers"][area]
    lead = staff[rng.randrange(len(staff))]
    deputy = lead.deputy_id if rng.random() < 0.85 else None
    span = max((today - opened).days, 0)
    if closed:
        closed_on = opened + timedelta(days=rng.randint(min(30, span), max(min(900, span), 30)))
        closed_on = min(closed_on, today - timedelta(days=1))
        closed_on = max(closed_on, opened)
        phase = CasePhase.closure.value
        since = at(closed_on, 10 + rng.randint(0, 5), rng.randint(0, 59))
    else:
        closed_on = None
        phase = pick(rng, OPEN_PHASES)
        # The later the phase, the further back it began (but never before opening).
        share = {"access": 1.0, "intake": 0.95}.get(phase, rng.uniform(0.2, 0.9))
        since_day = opened + timedelta(days=int(span * share))
        since = at(min(since_day, today), 9 + rng.randint(0, 7), rng.randint(0, 59))
    cp = area == LegalArea.sgb8.value and rng.random() < 0.09
    return CaseGen(new_id(rng), index, area, lead.id, deputy, opened, phase, since, closed_on,
                   cp)


def generate(conn, ctx: dict) -> None:
    rng = ctx_rng(ctx, "cases")
    today: date = ctx["today"]
    clients: list[ClientGen] = ctx["clients"]
    cases: list[CaseGen] = ctx["cases"]
    new: list[CaseGen] = []
    for i, c in enumerate(clients):
        new.append(_case(rng, ctx, i, c, c.first_contact, closed=not c.active))
        r = rng.random()
        if r < 0.12:
            # An earlier episode, closed, often in another legal area.
            earlier = c.first_contact - timedelta(days=rng.randint(400, 2400))
            if c.birth_date is None or earlier > c.birth_date:
                new.append(_case(rng, ctx, i, c, earlier, closed=True))
    # The current worker's longest-running open case becomes the "heavy" case (many notes,
    # many goals); a few more, one per 20,000 clients, go to other workers.
    current = ctx["current_worker"]
    mine = [k for k in new if k.lead_id == current.id and k.closed_on is None]
    if not mine:
        area_case = next((k for k in new if k.legal_area == current.legal_area
                          and k.closed_on is None), new[0])
        area_case.lead_id, area_case.deputy_id = current.id, current.deputy_id
        mine = [area_case]
    heavy = [min(mine, key=lambda k: (k.opened_on, k.id.int))]
    heavy[0].opened_on = min(heavy[0].opened_on, today - timedelta(days=5 * 365))
    heavy[0].phase = CasePhase.monitoring.value
    heavy[0].phase_since = at(today - timedelta(days=200), 10)
    others = [k for k in new if k.closed_on is None and k is not heavy[0]]
    for _ in range(len(clients) // 20_000):
        if others:
            heavy.append(others[rng.randrange(len(others))])
    ctx["heavy_cases"].extend(k.id for k in heavy)

    progress = ctx["progress"]
    progress.start("cases", len(new))
    new.sort(key=lambda k: (k.opened_on, k.id.int))
    seq: dict[str, int] = _existing_sequences(conn) if ctx.get("append") else {}
    area_prefix = {a.value: p for a, p in CASE_PREFIX.items()}
    titles = TITLES
    cases.extend(new)

    has_search_key = "search_key" in Case.__table__.columns
    search_key = (conn.exec_driver_sql("SELECT max(search_key) FROM casefile").scalar() or 0
                  ) if has_search_key else 0

    def rows():
        nonlocal search_key
        for k in new:
            extra = {}
            if has_search_key:  # the case's stable key in the search index (intake)
                search_key += 1
                extra["search_key"] = search_key
            prefix = f"{area_prefix[k.legal_area]}-{k.opened_on.year}-"
            seq[prefix] = seq.get(prefix, 0) + 1
            number = f"{prefix}{seq[prefix]:05d}"
            k.extra["case_number"] = number
            created = at(k.opened_on, 8 + rng.randint(0, 8), rng.randint(0, 59))
            reason = pick(rng, CLOSURE_REASONS) if k.closed_on else None
            k.extra["closure_reason"] = reason
            yield {
                **record(k.id, created, max(created, k.phase_since)),
                "case_number": number, "client_id": clients[k.client].id,
                "legal_area": k.legal_area, "title": rng.choice(titles[k.legal_area]),
                "lead_worker_id": k.lead_id, "deputy_worker_id": k.deputy_id,
                "phase": k.phase, "phase_since": k.phase_since, "opened_on": k.opened_on,
                "closed_on": k.closed_on,
                "closure_reason": reason,
                "child_protection": k.child_protection, **extra,
            }
            progress.advance()

    ctx["counts"]["casefile"] = insert_rows(conn, Case.__table__, rows())


def _existing_sequences(conn) -> dict[str, int]:
    seq: dict[str, int] = {}
    for (number,) in conn.exec_driver_sql("SELECT case_number FROM casefile"):
        prefix, _sep, tail = number.rpartition("-")
        if tail.isdigit():
            key = prefix + "-"
            seq[key] = max(seq.get(key, 0), int(tail))
    return seq
