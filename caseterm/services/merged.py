"""Merged duplicates keep a link (README "Außenstelle und Zentrale"): a person merged away in
the duplicate review points to the survivor. Reading the old person's id answers with the
survivor, her name and case number ("zusammengeführt in …"), never a stale record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from caseterm.core.access import Need
from caseterm.i18n import _
from caseterm.services.door import Ctx, NotFound
from caseterm.services.door import check_case as door_check


@dataclass(frozen=True)
class Person:
    asked: uuid.UUID            # the id that was read
    person_id: uuid.UUID        # who that is now (the survivor when merged)
    merged: bool                # True: `asked` was merged into `person_id`
    name: str
    case_number: str
    case_id: uuid.UUID | None

    def note(self) -> str:
        """„Zusammengeführt in Olga Berg (JC-2026-00007)“, or "" when not merged."""
        if not self.merged:
            return ""
        where = f"{self.name} ({self.case_number})" if self.case_number else self.name
        return _("Merged into {person}").format(person=where)


def parse_id(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        return None


def person(ctx: Ctx, person_id: uuid.UUID) -> Person:
    """The person with this id as she stands now: a merged-away record answers with the
    survivor. Needs read access to the survivor's case (refusals audited); NotFound for an
    unknown id or a person without a case."""
    from caseterm.db.repo.sync_merged import follow

    with ctx.db.read() as s:
        found = follow(s, person_id)
    if found is None:
        raise NotFound(_("No such person."))
    survivor, name, number, case_id = found
    if case_id is None:
        raise NotFound(_("No such person."))
    door_check(ctx, case_id, Need.read, "person")
    return Person(person_id, survivor, survivor != person_id, name, number, case_id)


@dataclass(frozen=True)
class MergedIn:
    """A person merged into the person of a case: her cases and their history are now the
    survivor's; her own record stays (`caseterm client show <id>`)."""

    person_id: uuid.UUID
    name: str
    birth_date: date | None
    merged_at: datetime | None


def merged_in(ctx: Ctx, case_id: uuid.UUID) -> list[MergedIn]:
    """The people merged into this case's person (the duplicate review's merge). Needs read
    access to the case."""
    from caseterm.db.repo.sync_merged import merged_in as rows

    door_check(ctx, case_id, Need.read, "merged")
    with ctx.db.read() as s:
        return [MergedIn(pid, name, born, when)  # type: ignore[arg-type]
                for pid, name, born, when in rows(s, case_id)]


def people_text(rows: list[MergedIn]) -> str:
    """„Jana Meyer (geb. 04.03.1991, zusammengeführt am 24.11.2026)“, several joined by "; "."""
    from caseterm.i18n import fmt_date

    people = []
    for r in rows:
        facts = []
        if r.birth_date:
            facts.append(_("born {date}").format(date=fmt_date(r.birth_date)))
        if r.merged_at:
            facts.append(_("merged on {date}").format(date=fmt_date(r.merged_at.date())))
        people.append(f"{r.name} ({', '.join(facts)})" if facts else r.name)
    return "; ".join(people)


def holds_both(rows: list[MergedIn]) -> str:
    """The case screen's and `case show`'s line: „Zusammengeführt: Diese Person enthält auch
    Datensatz und Verlauf von Jana Meyer (geb. 04.03.1991, …)“; "" when none."""
    if not rows:
        return ""
    return _("Merged: this person also holds the record and history of {people}.").format(
        people=people_text(rows))


def matching(ctx: Ctx, text: str, limit: int = 5) -> list[tuple[str, Person]]:
    """Merged-away people whose name matches a search (every word a name prefix): (her name,
    where she lives on), for the case search to say „zusammengeführt in …“ and lead to the
    survivor. Only survivors whose case the reader may see; nothing is audited (no record
    is opened)."""
    from caseterm.core import clock
    from caseterm.core.names import fold
    from caseterm.db.repo import access
    from caseterm.db.repo.sync_merged import follow
    from caseterm.db.repo.sync_merged import matching as find
    from caseterm.models.client import Client

    words = [fold(w).replace("%", "").replace("_", "").replace("|", "")
             for w in (text or "").split()[:4]]
    if not any(words) or not ctx.actor.sees_case_content:
        return []
    out = []
    with ctx.db.read() as s:
        for pid in find(s, words, access.visible_cases(ctx.actor, clock.today()), limit):
            old = s.get(Client, pid)
            found = follow(s, pid)
            if old is None or found is None:
                continue
            survivor, name, number, case_id = found
            out.append((f"{old.first_name} {old.last_name}",
                        Person(pid, survivor, True, name, number, case_id)))
    return out
