"""Generator, step 5: follow-ups (Wiedervorlagen), about three per case, around today.

An open case has one to three open follow-ups — about a fifth overdue, some due today, the
rest in the coming weeks — and one or two done in the past. A closed case has its follow-ups
done or cancelled before it closed. Legal deadlines (Fristen) and appointments are mixed in;
most go to the lead, some to the deputy.
"""

from __future__ import annotations

from datetime import date, timedelta

from caseterm.core.vocab import FollowUpKind, FollowUpStatus, Priority
from caseterm.db.generate import at, ctx_rng, insert_rows, new_id, record
from caseterm.db.generate import weighted as pick
from caseterm.models.followup import FollowUp

ORDER = 50

KINDS = (
    (FollowUpKind.wiedervorlage.value, 48), (FollowUpKind.termin.value, 20),
    (FollowUpKind.frist.value, 8), (FollowUpKind.review.value, 10),
    (FollowUpKind.measure.value, 7), (FollowUpKind.referral.value, 5),
    (FollowUpKind.no_contact.value, 2),
)
PRIORITIES = ((Priority.high.value, 10), (Priority.normal.value, 80), (Priority.low.value, 10))
STEPS = {
    "wiedervorlage": ("Nachweise anfordern", "Rückmeldung zur Wohnungssuche einholen",
                      "Stand Bewerbungen besprechen", "Unterlagen zum Weiterbewilligungsantrag "
                      "prüfen", "Nachfragen, ob Kita-Platz zugesagt", "Kontakt zum Träger "
                      "aufnehmen", "Schuldnerberatung: Termin wahrgenommen?",
                      "Bescheid der Krankenkasse nachhalten", "Anerkennungsverfahren: Stand "
                      "erfragen", "Mietbescheinigung anfordern"),
    "termin": ("Beratungsgespräch im Sozialrathaus", "Hausbesuch", "Gemeinsamer Termin "
               "beim Träger", "Fallkonferenz mit Schule", "Hilfeplangespräch",
               "Gespräch mit Dolmetscher/in"),
    "frist": ("Widerspruchsfrist beachten", "Weiterbewilligung läuft aus", "Frist "
              "Mitwirkung (§ 66 SGB I)", "Antrag auf Kostenübernahme: Frist",
              "Räumungsklage: Frist zur Stellungnahme"),
    "review": ("Hilfeplan überprüfen", "Zielerreichung bewerten", "Kooperationsplan "
               "fortschreiben", "Halbjahresgespräch"),
    "measure": ("Maßnahmebeginn bestätigen", "Teilnahme an der Maßnahme nachhalten",
                "Sprachkurs: Anwesenheit prüfen"),
    "referral": ("Rückmeldung der Beratungsstelle einholen", "Vermittlung an "
                 "Suchtberatung nachhalten", "Rückmeldung Familienhebamme"),
    "no_contact": ("Seit Wochen kein Kontakt: nachfassen",),
}
OUTCOMES = ("", "", "Erledigt, Unterlagen liegen vor.", "Telefonisch geklärt.",
            "Termin wahrgenommen, Protokoll in den Notizen.", "Nicht erschienen, neuer Termin.")


def _open_due(rng, today: date) -> date:
    r = rng.random()
    if r < 0.2:
        return today - timedelta(days=rng.choice((1, 1, 2, 3, 4, 5, 7, 10, 14, 21, 30, 45)))
    if r < 0.28:
        return today
    return today + timedelta(days=int(rng.triangular(1, 90, 7)))


def generate(conn, ctx: dict) -> None:
    rng = ctx_rng(ctx, "followups")
    today: date = ctx["today"]
    cases = ctx["cases"]
    progress = ctx["progress"]
    progress.start("follow-ups", len(cases))
    open_ = FollowUpStatus.open.value

    def rows():
        for k in cases:
            lead, deputy = k.lead_id, k.deputy_id
            end = k.closed_on or today
            span = max((end - k.opened_on).days, 1)
            if k.closed_on is None:
                n_open = pick(rng, ((1, 30), (2, 45), (3, 25)))
                n_past = pick(rng, ((0, 25), (1, 45), (2, 30)))
            else:
                n_open, n_past = 0, pick(rng, ((1, 20), (2, 40), (3, 40)))
            for j in range(n_open + n_past):
                kind = pick(rng, KINDS)
                is_open = j < n_open
                if is_open:
                    due = _open_due(rng, today)
                    created_day = min(today, max(k.opened_on, due - timedelta(
                        days=rng.randint(3, 60))))
                else:
                    due = k.opened_on + timedelta(days=rng.randint(0, span))
                    due = min(due, end)
                    created_day = max(k.opened_on, due - timedelta(days=rng.randint(3, 40)))
                assignee = deputy if (deputy and rng.random() < 0.1) else lead
                created = at(created_day, 9 + rng.randint(0, 7), rng.randint(0, 59))
                row = {
                    **record(new_id(rng), created), "case_id": k.id, "kind": kind,
                    "due_date": due, "next_step": rng.choice(STEPS[kind]),
                    "assignee_id": assignee, "priority": pick(rng, PRIORITIES),
                    "status": open_, "postpone_count": 0, "source_type": "",
                    "source_id": None, "created_by_id": lead, "done_at": None,
                    "done_by_id": None, "outcome_note": "",
                }
                if is_open:
                    if rng.random() < 0.12:
                        row["postpone_count"] = rng.randint(1, 4)
                else:
                    done_day = min(end, due + timedelta(days=rng.randint(0, 3)))
                    cancelled = k.closed_on is not None and rng.random() < 0.25
                    row["status"] = (FollowUpStatus.cancelled.value if cancelled
                                     else FollowUpStatus.done.value)
                    row["done_at"] = at(done_day, 10 + rng.randint(0, 6), rng.randint(0, 59))
                    row["done_by_id"] = None if cancelled else assignee
                    row["outcome_note"] = "case closed" if cancelled else rng.choice(OUTCOMES)
                    row["updated_at"] = max(created, row["done_at"])
                    row["row_version"] = 2
                yield row
            progress.advance()

    ctx["counts"]["follow_up"] = insert_rows(conn, FollowUp.__table__, rows())
