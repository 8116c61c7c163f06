"""Case search and the filtered case list, paged by keyset.

On SQLite the text search uses the FTS5 table `case_fts` (made by migration 0002, kept in step
by triggers): names, case numbers and birth dates, prefix matches, case- and
umlaut-insensitive ("Müller", "Mueller" and "Muller" find each other; "12.04.1980", "1204",
"JC-2026-00" and "00017" work). The user's text never reaches FTS5 as syntax: every term is
reduced to letters and digits and quoted. On other databases (PostgreSQL) the same filter falls
back to lower()/LIKE over the same fields.

Visibility: a caseworker sees the cases they lead or deputise, and those of colleagues whose
deputy (Vertretung) they are; a team lead sees the team's cases; trainers and administrators
see all.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    Integer,
    and_,
    exists,
    false,
    func,
    literal_column,
    or_,
    text,
)
from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core.access import Actor
from caseterm.core.names import fold
from caseterm.core.vocab import CasePhase, FollowUpStatus, LegalArea
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.followup import FollowUp
from caseterm.models.worker import Worker

MAX_TERMS = 8
DRIVE_FROM_HITS = 2000
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_DETRANSLIT = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("ss", "ß"))


@dataclass(frozen=True)
class CaseFilter:
    text: str = ""
    phase: CasePhase | None = None
    legal_area: LegalArea | None = None
    worker_id: uuid.UUID | None = None
    child_protection: bool = False
    has_overdue: bool = False
    include_closed: bool = False


@dataclass(frozen=True)
class CaseSearchRow:
    id: uuid.UUID
    case_number: str
    first_name: str
    last_name: str
    birth_date: date | None
    legal_area: LegalArea
    phase: CasePhase
    child_protection: bool
    lead_worker: str
    next_due: date | None
    overdue: int

    @property
    def cursor(self) -> tuple[bool, str]:
        return (self.child_protection, self.case_number)


# -- query text ---------------------------------------------------------------------------

def _strip_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _alnum(word: str) -> str:
    return "".join(ch for ch in word if ch.isalnum())


def term_variants(word: str) -> list[str]:
    """Spellings one typed word may have in the index: "Müller" → mueller, muller."""
    if any(ch.isdigit() for ch in word):
        compact = _alnum(fold(word))
        return [compact] if compact else []
    out: list[str] = []
    folded = _alnum(fold(word))
    for v in (folded, _alnum(_strip_marks(word))):
        if v and v not in out:
            out.append(v)
    de = folded
    for a, b in _DETRANSLIT:
        de = de.replace(a, b)
    if de and de not in out:
        out.append(de)
    return out


def fts_query(user_text: str) -> str | None:
    """An FTS5 MATCH expression for what was typed, or None when nothing searchable is left.
    Every term is quoted and a prefix match; terms are ANDed."""
    groups: list[str] = []
    for token in (user_text or "").split()[:MAX_TERMS]:
        parts = [token] if any(ch.isdigit() for ch in token) else \
            [p for p in _NON_WORD.split(token) if p]
        for part in parts:
            variants = term_variants(part)
            if not variants:
                continue
            quoted = " OR ".join('"' + v.replace('"', '""') + '"*' for v in variants)
            groups.append(f"({quoted})")
    return " AND ".join(groups) if groups else None


def fts_hits(session: Session, user_text: str) -> int:
    """How many cases the text matches (cheap: the FTS index alone); 0 off SQLite."""
    if session.get_bind().dialect.name != "sqlite":
        return 0
    query = fts_query(user_text)
    if query is None:
        return 0
    return session.connection().exec_driver_sql(
        "SELECT count(*) FROM case_fts WHERE case_fts MATCH ?", (query,)).scalar() or 0


# -- visibility and filters -----------------------------------------------------------------

def visible_condition(viewer: Actor | None):
    """Which cases `viewer` may see (core/access.py, as SQL: db/repo/access.py)."""
    from caseterm.db.repo.access import visible_cases

    return visible_cases(viewer, clock.today())


def _text_condition(session: Session, user_text: str):
    if not (user_text or "").strip():
        return None
    if session.get_bind().dialect.name == "sqlite":
        query = fts_query(user_text)
        if query is None:
            return false()
        keys = text("SELECT rowid FROM case_fts WHERE case_fts MATCH :q").bindparams(q=query)
        return col(Case.search_key).in_(keys.columns(rowid=Integer))
    conds = []
    for token in user_text.split()[:MAX_TERMS]:
        ors = []
        day = _as_date(token)
        if day is not None:
            ors.append(Client.birth_date == day)
        # Names: the stored match key is already folded ("mueller luedenscheidt|juergen"),
        # so one folded prefix finds Müller, Mueller and MÜLLER alike.
        folded = fold(token).replace("%", "").replace("_", "").replace("|", "")
        if folded:
            ors += [Client.name_key.like(f"{folded}%"), Client.name_key.like(f"% {folded}%"),
                    Client.name_key.like(f"%|{folded}%")]
        compact = _alnum(fold(token))
        if compact:
            ors.append(func.lower(func.replace(Case.case_number, "-", "")).like(f"%{compact}%"))
        if ors:
            conds.append(or_(*ors))
    return and_(*conds) if conds else false()


def _as_date(token: str) -> date | None:
    from caseterm.core.dates import DateFormatError, parse_date

    if not (token.count(".") == 2 or (token.count("-") == 2 and token[:4].isdigit())):
        return None
    try:
        return parse_date(token)
    except DateFormatError:
        return None


def _conditions(session: Session, viewer: Actor | None, f: CaseFilter, today: date):
    conds = []
    vis = visible_condition(viewer)
    if vis is not None:
        conds.append(vis)
    if f.phase is not None:
        conds.append(Case.phase == f.phase.value)
    elif not f.include_closed:
        conds.append(Case.phase != CasePhase.closure.value)
    if f.legal_area is not None:
        conds.append(Case.legal_area == f.legal_area.value)
    if f.worker_id is not None:
        conds.append(or_(Case.lead_worker_id == f.worker_id,
                         Case.deputy_worker_id == f.worker_id))
    if f.child_protection:
        conds.append(Case.child_protection.is_(True))  # type: ignore[attr-defined]
    if f.has_overdue:
        conds.append(exists().where(FollowUp.case_id == Case.id,
                                    FollowUp.status == FollowUpStatus.open.value,
                                    FollowUp.due_date < today))
    txt = _text_condition(session, f.text)
    if txt is not None:
        conds.append(txt)
    return conds


def search_cases(session: Session, viewer: Actor | None, f: CaseFilter, *,
                 after: tuple[bool, str] | None = None, limit: int = 50,
                 ) -> list[CaseSearchRow]:
    """One page of cases: child protection first, then by case number (keyset paging:
    pass the `cursor` of the last row as `after`). Each of the two parts is read in the order
    of the index (child_protection, case_number), so a page costs the same at any depth."""
    today = clock.today()
    conds = _conditions(session, viewer, f, today)
    # Few text hits: start from them and sort. Many (a prefix like "a"): walk the list in
    # index order and probe each case against the hits — the first page fills quickly.
    # A caseworker sees a few hundred cases at most: start from those, never walk the list.
    restricted = visible_condition(viewer) is not None or f.worker_id is not None
    by_text = restricted or (bool(f.text.strip())
                             and fts_hits(session, f.text) <= DRIVE_FROM_HITS)
    rows: list[CaseSearchRow] = []
    stages = [(True, ""), (False, "")]
    if after is not None:
        cp, number = after
        stages = [(True, number), (False, "")] if cp else [(False, number)]
    for cp, number in stages:
        if f.child_protection and not cp:
            break
        rows += _page(session, conds, cp, number, limit - len(rows), today,
                      by_text=by_text)
        if len(rows) >= limit:
            break
    return rows


def _page(session: Session, conds: list, cp: bool, after_number: str, limit: int,
          today: date, *, by_text: bool = False) -> list[CaseSearchRow]:
    from caseterm.db.repo.cases import _due_subqueries

    order = Case.case_number
    where = [*conds]
    if by_text and session.get_bind().dialect.name == "sqlite":
        # Start from the (few) matching or visible cases and sort them, instead of walking
        # the whole list index: "+" keeps SQLite off the order indexes.
        where.append(literal_column("+casefile.child_protection") == int(cp))
        order = literal_column("+casefile.case_number")  # type: ignore[assignment]
    else:
        where.append(Case.child_protection.is_(cp))  # type: ignore[attr-defined]
    if after_number:
        where.append(Case.case_number > after_number)
    # First the page's case ids (cheap columns only), then the expensive ones for those.
    page = (select(Case.id).join(Client, Client.id == Case.client_id).where(*where)
            .order_by(order).limit(limit))
    next_due, overdue = _due_subqueries(today)
    stmt = (
        select(Case.id, Case.case_number, Client.first_name, Client.last_name,
               Client.birth_date, Case.legal_area, Case.phase, Case.child_protection,
               Worker.display_name, next_due.label("next_due"), overdue.label("overdue"))
        .join(Client, Client.id == Case.client_id)
        .join(Worker, Worker.id == Case.lead_worker_id)
        .where(col(Case.id).in_(page))
        .order_by(Case.case_number)
    )
    return [
        CaseSearchRow(r.id, r.case_number, r.first_name, r.last_name, r.birth_date,
                      LegalArea(r.legal_area), CasePhase(r.phase), bool(r.child_protection),
                      r.display_name, r.next_due, r.overdue or 0)
        for r in session.exec(stmt)
    ]


def count_cases(session: Session, viewer: Actor | None, f: CaseFilter) -> int:
    conds = _conditions(session, viewer, f, clock.today())
    stmt = (select(func.count()).select_from(Case).join(Client, Client.id == Case.client_id)
            .where(*conds))
    return session.exec(stmt).one()


def rebuild(session: Session) -> None:
    """Rebuild the FTS index from the tables (after a bulk import or a restore); cases
    without a search key (written by raw SQL) get one."""
    if session.get_bind().dialect.name != "sqlite":
        return
    from caseterm.models.intake import FTS_DOC

    conn = session.connection()
    conn.exec_driver_sql(
        "UPDATE casefile SET search_key = (SELECT coalesce(max(search_key), 0) FROM casefile)"
        " + rowid WHERE search_key IS NULL")
    conn.exec_driver_sql("DELETE FROM case_fts")
    conn.exec_driver_sql(
        "INSERT INTO case_fts(rowid, case_id, names, number, birth) "
        + FTS_DOC.replace("SELECT c.id,", "SELECT c.search_key, c.id,"))
