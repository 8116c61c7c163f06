"""Clients: the duplicate-candidate query.

Candidates come from four indexed look-ups, each bounded: the exact normalised name key, the
swapped key (first and last name exchanged), the phonetic key (Kölner Phonetik), and the same
birth date. core.duplicates then decides which candidates deserve a warning and why. With
100,000 clients this answers in a few milliseconds (bench/bench_intake.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, col, select

from caseterm.core.access import Actor
from caseterm.core.duplicates import Person, Verdict, rank
from caseterm.core.names import fold, phonetic_key, skeleton
from caseterm.db.engine import Database
from caseterm.models.case import Case
from caseterm.models.client import Client

LIMIT_PER_KEY = 50


def visible_condition(viewer: Actor | None):
    from caseterm.db.search import visible_condition as condition

    return condition(viewer)


@dataclass(frozen=True)
class DuplicateCandidate:
    client_id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: date | None
    district: str
    case_numbers: tuple[str, ...]
    latest_case_id: uuid.UUID | None
    verdict: Verdict
    # False when every case of the person lies outside the viewer's caseload: the warning
    # still shows that the person exists (no second record), but no case number and no way
    # to open it (need to know, § 35 SGB I).
    visible: bool = True

    @property
    def reason(self) -> str:
        return self.verdict.text


def _keys(first: str, last: str) -> tuple[str, str]:
    plain = f"{fold(last)}|{fold(first)}"
    skel = f"{skeleton(last)}|{skeleton(first)}"
    return plain, skel


def candidates(session: Session, first_name: str, last_name: str,
               birth_date: date | None, *, exclude: uuid.UUID | None = None,
               viewer: Actor | None = None) -> list[DuplicateCandidate]:
    """Existing clients that may be the person being entered, strongest first."""
    if not (first_name or "").strip() or not (last_name or "").strip():
        return []
    key, skel = _keys(first_name, last_name)
    swapped = f"{fold(first_name)}|{fold(last_name)}"
    swapped_skel = f"{skeleton(first_name)}|{skeleton(last_name)}"
    phon = phonetic_key(first_name, last_name)
    last_ph, first_ph = phon.split("|", 1)
    phon_swapped = f"{first_ph}|{last_ph}"
    cols = (Client.id, Client.first_name, Client.last_name, Client.birth_date,
            Client.district, Client.merged_into)
    found: dict[uuid.UUID, tuple] = {}
    queries = [
        select(*cols).where(col(Client.name_key).in_({key, skel, swapped, swapped_skel}))
        .limit(LIMIT_PER_KEY),
    ]
    if birth_date is not None:
        queries.append(select(*cols).where(Client.birth_date == birth_date)
                       .limit(LIMIT_PER_KEY * 4))
    elif phon.strip("|"):
        queries.append(select(*cols).where(
            or_(Client.phonetic_key == phon, Client.phonetic_key == phon_swapped))
            .limit(LIMIT_PER_KEY))
    for stmt in queries:
        for row in session.exec(stmt):
            if row.id != exclude and row.merged_into is None:  # merged away: the survivor
                found[row.id] = row
    new = Person(first_name, last_name, birth_date)
    _centre_index(session, found, {key, skel, swapped, swapped_skel}, birth_date, exclude)
    ranked = rank(new, [(r.id, Person(r.first_name, r.last_name, r.birth_date))
                        for r in found.values()])
    if not ranked:
        return []
    ids = [cid for cid, _p, _v in ranked]
    cases: dict[uuid.UUID, list[tuple[str, uuid.UUID, date]]] = {}
    stmt = select(Case.client_id, Case.case_number, Case.id, Case.opened_on).where(
        col(Case.client_id).in_(ids))
    visible = visible_condition(viewer)
    if visible is not None:
        stmt = stmt.where(visible)
    for cid, number, case_id, opened in session.exec(stmt):
        cases.setdefault(cid, []).append((number, case_id, opened))
    out = []
    for cid, _person, verdict in ranked:
        row = found[cid]
        own = sorted(cases.get(cid, []), key=lambda t: t[2], reverse=True)
        out.append(DuplicateCandidate(
            client_id=cid, first_name=row.first_name, last_name=row.last_name,
            birth_date=row.birth_date, district=row.district if own or viewer is None else "",
            case_numbers=tuple(n for n, _i, _o in own),
            latest_case_id=own[0][1] if own else None, verdict=verdict,
            visible=bool(own) or viewer is None,
        ))
    return out


@dataclass(frozen=True)
class _IndexRow:
    id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: date | None
    district: str = ""


def _centre_index(session: Session, found: dict, keys: set[str], birth_date: date | None,
                  exclude: uuid.UUID | None) -> None:
    """On a checked-out laptop: people of the centre who did not go with it, from the
    duplicate-check index (name keys and birth dates only; the names compared are the folded
    keys). They are reported like a person in another caseload: no case, nothing to open."""
    from caseterm.models.sync import SyncPersonIndex

    try:
        with session.connection().begin_nested():
            stmt = select(SyncPersonIndex).where(col(SyncPersonIndex.name_key).in_(keys))
            if birth_date is not None:
                stmt = select(SyncPersonIndex).where(or_(
                    col(SyncPersonIndex.name_key).in_(keys),
                    SyncPersonIndex.birth_date == birth_date))
            rows = list(session.exec(stmt.limit(LIMIT_PER_KEY * 4)))
    except Exception:
        return
    for r in rows:
        if r.client_id == exclude or r.client_id in found:
            continue
        last, _bar, first = r.name_key.partition("|")
        found[r.client_id] = _IndexRow(r.client_id, first, last, r.birth_date)


def find_duplicates(db: Database, first_name: str, last_name: str,
                    birth_date: date | None, viewer: Actor | None = None,
                    ) -> list[DuplicateCandidate]:
    with db.read() as s:
        return candidates(s, first_name, last_name, birth_date, viewer=viewer)


def exists(db: Database, client_id: uuid.UUID) -> bool:
    with db.read() as s:
        return s.get(Client, client_id) is not None


def visible_to(db: Database, client_id: uuid.UUID, viewer: Actor | None) -> bool:
    """Does `viewer` see at least one case of the client? (Only then may she start a new case
    for that person; a person in another caseload is reported, never opened.)"""
    stmt = select(Case.id).where(Case.client_id == client_id)
    visible = visible_condition(viewer)
    if visible is not None:
        stmt = stmt.where(visible)
    with db.read() as s:
        return s.exec(stmt.limit(1)).first() is not None
