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


def merged_in(s, case_id: uuid.UUID) -> list[tuple[uuid.UUID, str, object, object]]:
    """The people merged into this case's person, also through a chain (a person merged into
    one who was merged on): (id, name, birth date, when the merge was decided). Their cases
    moved to the survivor with the merge; their records stay."""
    from caseterm.models.sync import DuplicateState, SyncDuplicate

    case = s.get(Case, case_id)
    if case is None:
        return []
    out, todo, seen = [], [case.client_id], {case.client_id}
    while todo:
        rows = s.execute(select(Client).where(Client.merged_into.in_(todo))  # type: ignore[union-attr]
                         .order_by(Client.last_name, Client.first_name)).scalars().all()
        todo = []
        for p in rows:
            if p.id in seen:
                continue
            seen.add(p.id)
            todo.append(p.id)
            when = s.execute(select(SyncDuplicate.decided_at).where(
                SyncDuplicate.person_b == p.id,
                SyncDuplicate.state == DuplicateState.merged.value)).scalars().first()
            out.append((p.id, f"{p.first_name} {p.last_name}", p.birth_date, when))
    return out


def matching(s, words: list[str], visible, limit: int = 5) -> list[uuid.UUID]:
    """Merged-away people whose name keys hold every folded word as a prefix and whose
    survivor's newest case `visible` (a SQL condition on casefile.id) lets the reader see."""
    from sqlalchemy import and_, or_

    conds = [or_(Client.name_key.like(f"{w}%"), Client.name_key.like(f"% {w}%"),  # type: ignore[attr-defined]
                 Client.name_key.like(f"%|{w}%")) for w in words if w]  # type: ignore[attr-defined]
    if not conds:
        return []
    rows = s.execute(select(Client.id).where(Client.merged_into.is_not(None),  # type: ignore[union-attr]
                                             and_(*conds)).limit(limit * 4)).scalars().all()
    out = []
    for pid in rows:
        found = follow(s, pid)
        if found is None or found[3] is None:
            continue
        if s.execute(select(Case.id).where(Case.id == found[3], visible)).first() is None:
            continue
        out.append(pid)
        if len(out) >= limit:
            break
    return out
