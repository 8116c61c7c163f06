"""Merged duplicates keep a link (README "Außenstelle und Zentrale"): a person merged away in
the duplicate review points to the survivor. Reading the old person's id answers with the
survivor, her name and case number ("zusammengeführt in …"), never a stale record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

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
