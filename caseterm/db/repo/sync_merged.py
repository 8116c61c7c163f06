"""Merged duplicates keep a link: the person merged away in the duplicate review points to the
survivor (`client.merged_into`), both records and their histories stay. The link is an
ordinary field change (audited, captured, synced to laptops)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from caseterm.models.case import Case
from caseterm.models.client import Client


def link(s, merged: uuid.UUID, survivor: uuid.UUID) -> None:
    person = s.get(Client, merged)
    if person is not None and person.merged_into != survivor:
        person.merged_into = survivor


def follow(s, client_id: uuid.UUID) -> tuple[uuid.UUID, str, str] | None:
    """Where a merged-away person lives on: (survivor id, name, her newest case number), the
    chain followed (a survivor merged away later); None when the person was never merged."""
    person = s.get(Client, client_id)
    if person is None or person.merged_into is None:
        return None
    seen = {client_id}
    target = person.merged_into
    survivor = s.get(Client, target)
    while survivor is not None and survivor.merged_into is not None \
            and survivor.merged_into not in seen:
        seen.add(survivor.id)
        target = survivor.merged_into
        survivor = s.get(Client, target)
    name = f"{survivor.first_name} {survivor.last_name}" if survivor is not None else ""
    number = s.execute(select(Case.case_number).where(Case.client_id == target)
                       .order_by(Case.opened_on.desc())).scalars().first() or ""  # type: ignore[attr-defined]
    return target, name, number
