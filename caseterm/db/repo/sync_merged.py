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


def follow(s, client_id: uuid.UUID) -> tuple[uuid.UUID, str, str, uuid.UUID | None] | None:
    """Where a person lives on: (survivor id, name, her newest case number and id), the chain
    followed (a survivor merged away later); the person herself when never merged; None when
    no such person is here."""
    person = s.get(Client, client_id)
    if person is None:
        return None
    seen = {client_id}
    target = person.merged_into or client_id
    survivor = s.get(Client, target)
    while survivor is not None and survivor.merged_into is not None \
            and survivor.merged_into not in seen:
        seen.add(survivor.id)
        target = survivor.merged_into
        survivor = s.get(Client, target)
    name = f"{survivor.first_name} {survivor.last_name}" if survivor is not None else ""
    newest = s.execute(select(Case.case_number, Case.id).where(Case.client_id == target)
                       .order_by(Case.opened_on.desc())).first()  # type: ignore[attr-defined]
    return (target, name, newest[0] if newest else "", newest[1] if newest else None)
