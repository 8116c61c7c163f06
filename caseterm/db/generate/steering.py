"""Generator, step 8: what the steering figures count (issue 19): referrals to providers with
their history and feedback, costs with cost bearer (of the referrals and of the plan's
measures, when an earlier module made measures), some personal budgets, the closures of closed
cases with their evaluation (GAS start and final, SGB II integration and after-care), and
unmet needs per Sozialraum. Kept in its own module so the goals and measures module of the
generator can change without touching this one: measures are read back from the goal table.

About a third of the cases get one or two referrals, sent between the case's opening and its
closing (or today); most get contact and a start of help, most of those a feedback. Every
second referral has a cost item; every measure (goal level "massnahme") one with planned and,
for most past ones, an actual cost. One case in fifty gets a personal budget.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from caseterm.core.referrals import ReferralStatus
from caseterm.db.generate import at, ctx_rng, insert_rows, new_id, record
from caseterm.models.goals import Goal
from caseterm.models.referral import Referral, ReferralEvent
from caseterm.models.services import UnmetNeed
from caseterm.models.steering import CaseClosure, CostItem, PersonalBudget

ORDER = 80

PROVIDERS = {
    "sgb2": ("Bildungswerk Nord gGmbH", "Jobcoaching Ruhr e.V.", "Schuldnerberatung Caritas",
             "Sprachschule Mitte", "Suchtberatung Diakonie"),
    "sgb8": ("Erziehungsberatung Stadt", "Familienhilfe Lotse e.V.", "Kita-Sozialarbeit",
             "Frühe Hilfen Nord", "Jugendhilfe Süd gGmbH"),
    "sgb12": ("Pflegestützpunkt Mitte", "Betreuungsverein AWO", "Wohnungsnotfallhilfe",
              "Schuldnerberatung Caritas", "Seniorenberatung"),
}
OTHER = ("Migrationsberatung AWO", "Schuldnerberatung Caritas", "Sprachschule Mitte",
         "Wohnungsnotfallhilfe", "Beratungsstelle Frauen")
BEARERS = {"sgb2": ("Jobcenter", "§ 16 SGB II"), "sgb8": ("Jugendamt", "§ 27 SGB VIII"),
           "sgb12": ("Sozialamt", "§ 67 SGB XII"), "integration": ("Land NRW", ""),
           "other": ("Kommune", "")}
DISTRICTS = ("Nordstadt", "Südviertel", "Mitte", "Westend", "Hafen")
DOMAINS = ("housing", "work", "health", "debts", "childcare", "language")
BUDGET_PURPOSES = ("Assistenz im Alltag", "Fahrten zur Arbeit", "Begleitung zu Terminen",
                   "Haushaltshilfe")
FEEDBACK = ("Teilnahme regelmäßig, Ziel erreicht.", "Beratung läuft, nächster Termin vereinbart.",
            "Abgebrochen, Klient/in nicht mehr erschienen.", "Hilfe begonnen, Rückmeldung folgt.")


def _between(rng, first: date, last: date) -> date:
    span = (last - first).days
    return first + timedelta(days=rng.randint(0, span)) if span > 0 else first


def generate(conn, ctx) -> None:
    rng = ctx_rng(ctx, "steering")
    today: date = ctx["today"]
    progress = ctx["progress"]
    cases = ctx["cases"]
    progress.start("steering", len(cases))
    referrals, events, costs, budgets, closures, needs = [], [], [], [], [], []
    for k in cases:
        end = min(k.closed_on or today, today)
        if rng.random() < 0.35:
            for _ in range(1 if rng.random() < 0.7 else 2):
                _referral(rng, k, end, today, referrals, events, costs)
        if rng.random() < 0.02:
            start = _between(rng, k.opened_on, end)
            budgets.append({**record(new_id(rng), at(start, 9)), "case_id": k.id,
                            "amount_cents": rng.randint(20, 200) * 1000,
                            "period_from": start, "period_to": start + timedelta(days=364),
                            "purpose": rng.choice(BUDGET_PURPOSES),
                            "cost_bearer": BEARERS.get(k.legal_area, BEARERS["other"])[0]})
        if k.closed_on is not None:
            closures.append(_closure(rng, k, today))
        if rng.random() < 0.05:
            day = _between(rng, k.opened_on, end)
            needs.append({**record(new_id(rng), at(day, 11)), "case_id": k.id,
                          "domain_id": rng.choice(DOMAINS), "need": "Kein Angebot in der Nähe",
                          "district": rng.choice(DISTRICTS), "category": None,
                          "recorded_on": day, "author_id": k.lead_id})
    progress.advance(len(cases))
    # measures of the plan (made by the goals module, when there is one): cost and bearer
    # (appending to a generated file: only measures that have no cost item yet)
    measures = conn.execute(select(Goal.id, Goal.case_id, Goal.created_at).where(
        Goal.level == "massnahme",
        ~select(CostItem.id).where(CostItem.goal_id == Goal.id).exists())).all()
    area_of = {k.id: k.legal_area for k in cases}
    for gid, cid, created in measures:
        bearer, basis = BEARERS.get(area_of.get(cid, "other"), BEARERS["other"])
        planned = rng.randint(10, 400) * 1000
        past = created is not None and created.date() < today - timedelta(days=90)
        costs.append({**record(new_id(rng), ctx["now"]), "case_id": cid, "goal_id": gid,
                      "referral_id": None, "offering_id": None, "provider": "",
                      "cost_bearer": bearer, "legal_basis": basis, "planned_cents": planned,
                      "actual_cents": int(planned * rng.uniform(0.6, 1.2)) if past else None})
    counts = ctx["counts"]
    counts["referrals"] = insert_rows(conn, Referral.__table__, referrals)
    counts["referral events"] = insert_rows(conn, ReferralEvent.__table__, events)
    counts["cost items"] = insert_rows(conn, CostItem.__table__, costs)
    counts["personal budgets"] = insert_rows(conn, PersonalBudget.__table__, budgets)
    counts["closures"] = insert_rows(conn, CaseClosure.__table__, closures)
    counts["unmet needs"] = insert_rows(conn, UnmetNeed.__table__, needs)


def _referral(rng, k, end: date, today: date, referrals, events, costs) -> None:
    sent = _between(rng, k.opened_on, end)
    rid = new_id(rng)
    recipient = rng.choice(PROVIDERS.get(k.legal_area, OTHER))
    history = [(ReferralStatus.sent, sent)]
    day = sent
    for status, chance, gap in ((ReferralStatus.contact_made, 0.8, 10),
                                (ReferralStatus.help_started, 0.8, 25),
                                (ReferralStatus.feedback_received, 0.75, 40)):
        day = day + timedelta(days=rng.randint(2, gap))
        if day > today or rng.random() >= chance:
            break
        history.append((status, day))
    if len(history) == 1 and sent + timedelta(days=30) < today and rng.random() < 0.1:
        history.append((ReferralStatus.declined, sent + timedelta(days=rng.randint(3, 20))))
    status = history[-1][0]
    referrals.append({**record(rid, at(sent, 10), at(history[-1][1], 10)), "case_id": k.id,
                      "target": "offering", "offering_id": None, "target_legal_area": None,
                      "recipient": recipient, "contact": "", "purpose": "Unterstützung",
                      "status": status.value, "sent_on": sent,
                      "feedback_due": sent + timedelta(days=28), "consent_basis": "consent",
                      "legal_exception": None, "exception_reason": "",
                      "child_protection_concern": False,
                      "feedback": rng.choice(FEEDBACK)
                      if status == ReferralStatus.feedback_received else "",
                      "worker_id": k.lead_id, "recipient_worker_id": None})
    for st, day in history:
        events.append({**record(new_id(rng), at(day, 10)), "referral_id": rid,
                       "status": st.value, "at": at(day, 10), "worker_id": k.lead_id,
                       "note": ""})
    if rng.random() < 0.5:
        bearer, basis = BEARERS.get(k.legal_area, BEARERS["other"])
        planned = rng.randint(5, 300) * 1000
        done = status in (ReferralStatus.feedback_received, ReferralStatus.help_started)
        costs.append({**record(new_id(rng), at(sent, 10)), "case_id": k.id, "goal_id": None,
                      "referral_id": rid, "offering_id": None, "provider": recipient,
                      "cost_bearer": bearer, "legal_basis": basis, "planned_cents": planned,
                      "actual_cents": int(planned * rng.uniform(0.5, 1.1)) if done else None})


def _closure(rng, k, today: date) -> dict:
    closed = k.closed_on
    reason = k.extra.get("closure_reason") or "other"
    evaluated = reason not in ("client_withdrew", "moved", "deceased")
    start = round(rng.uniform(32, 48), 1) if evaluated else None
    integrated = None
    if k.legal_area == "sgb2" and evaluated and rng.random() < 0.45:
        integrated = _between(rng, k.opened_on + timedelta(days=20), closed) \
            if closed > k.opened_on + timedelta(days=20) else closed
    checked = integrated is not None and closed + timedelta(days=180) <= today
    return {**record(new_id(rng), at(closed, 15)), "case_id": k.id, "closed_on": closed,
            "closure_reason": reason, "client_view": "", "no_evaluation_reason":
            "" if evaluated else "Klient/in nicht mehr erreichbar",
            "gas_start": start,
            "gas_final": round(start + rng.uniform(-6, 22), 1) if start is not None else None,
            "goals_total": 3 if evaluated else 0,
            "goals_achieved": rng.randint(0, 3) if evaluated else 0,
            "integrated_on": integrated,
            "aftercare_due": closed + timedelta(days=180) if integrated else None,
            "aftercare_follow_up_id": None,
            "aftercare_on": closed + timedelta(days=180) if checked else None,
            "aftercare_lasted": (rng.random() < 0.7) if checked else None,
            "reopened_on": None, "worker_id": k.lead_id}
