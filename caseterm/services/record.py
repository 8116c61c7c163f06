"""The complete case record through the door: editing after the intake, every contact note,
a search within the record.

Edits take what was typed for the fields being changed, lay it over what is stored and check
the whole with the intake's own rules (core.inputs.check_client / check_case,
core.intake.check_household): one rule for both. Nothing is written while any field is wrong.
An edit started from an older `row_version` raises Conflict when someone else changed the
same field meanwhile. Every change is audited field by field and tied to the case, so the
case history says who changed what and when; `correction=True` marks the change as the
correction of a wrongly recorded fact (with the reason, which a correction requires).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from caseterm.core.access import Need
from caseterm.core.indication import Urgency
from caseterm.core.inputs import check_case, check_client
from caseterm.core.intake import Gender, check_household, parse_household_lines
from caseterm.core.safe_text import clean
from caseterm.core.validate import Errors, InputError
from caseterm.db.repo import goals as goals_repo
from caseterm.db.repo import record as repo
from caseterm.db.repo.record import Member, NoteFilter, NoteItem, RecordState, RecordText
from caseterm.i18n import N_, _
from caseterm.services.door import Ctx, NotFound, check_version, require
from caseterm.services.door import check_case as door_check

__all__ = ["Member", "NoteFilter", "NoteItem", "RecordState", "RecordText", "SearchHit"]

CLIENT_LABELS = {
    "first_name": N_("First name"), "last_name": N_("Last name"), "birth_date": N_("Born"),
    "gender": N_("Gender"), "languages": N_("Languages"),
    "interpreter_needed": N_("Interpreter"), "phone": N_("Phone"), "email": N_("E-mail"),
    "address": N_("Address"), "district": N_("District"),
}
CASE_LABELS = {"legal_area": N_("Legal area"), "title": N_("Title"),
               "child_protection": N_("Child protection"), "urgency": N_("Urgency")}
SEARCH_LIMIT = 200


def _labels(table: dict[str, str]) -> dict[str, str]:
    return {k: _(v) for k, v in table.items()}


def state(ctx: Ctx, case_id: uuid.UUID) -> RecordState:
    """What can be edited, as stored now (with the versions an edit starts from)."""
    door_check(ctx, case_id, Need.read, "record")
    found = repo.state(ctx.db, case_id)
    if found is None:
        raise NotFound(_("No such case."))
    return found


def _reason(correction: bool, reason: str) -> str:
    e = Errors()
    text = e.text("reason", reason, maximum=500)
    if correction and not text:
        e.add("reason", _("A correction needs a reason: what was recorded wrongly?"))
    e.raise_if_any()
    return text


def _changed(stored: dict, new: dict) -> dict:
    return {k: v for k, v in new.items() if stored.get(k) != v}


def edit_client(ctx: Ctx, case_id: uuid.UUID, raw: dict, *, base_version: int | None = None,
                base: dict | None = None, correction: bool = False,
                reason: str = "") -> dict:
    """Change the client's master data, languages, interpreter need or district
    (Sozialraum) from her case. `raw` holds only the fields being changed, as typed (a
    birth date as text, the interpreter as True/False). Returns the fields changed."""
    door_check(ctx, case_id, Need.write, "client_edit")
    unknown = sorted(set(raw) - set(repo.CLIENT_FIELDS))
    if unknown:
        raise InputError({unknown[0]: _("Unknown field.")})
    why = _reason(correction, reason)
    with ctx.acting(), ctx.db.write() as s:
        rows = repo.rows_in(s, case_id)
        if rows is None:
            raise NotFound(_("No such case."))
        _case, client, _intake = rows
        stored = {k: getattr(client, k) for k in repo.CLIENT_FIELDS}
        merged = {**stored, **raw}
        e = Errors()
        if raw.get("gender"):
            e.choice("gender", raw["gender"], Gender)
        checked = check_client(merged, e)
        # Only what is being changed is judged: a value stored before today's rules (or by
        # an import) does not block the correction of another field.
        errors = {k: v for k, v in e.errors.items() if k in raw}
        if errors:
            raise InputError(errors)
        new = {k: getattr(checked, k) for k in raw}
        mine = _changed(stored, new)
        if base_version is not None and mine:
            check_version("client", client, base_version, mine, _labels(CLIENT_LABELS),
                          base, goals_repo.last_writer(s, "client", client.id))
        repo.mark(s, case_id, correction, why)
        for k, v in mine.items():
            setattr(client, k, v)
        return mine


def edit_case(ctx: Ctx, case_id: uuid.UUID, raw: dict, *, base_version: int | None = None,
              base: dict | None = None, correction: bool = False, reason: str = "") -> dict:
    """Change the case data: legal area, title, child-protection flag, urgency. Returns the
    fields changed."""
    door_check(ctx, case_id, Need.write, "case_edit")
    allowed = {*repo.CASE_FIELDS, "urgency"}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise InputError({unknown[0]: _("Unknown field.")})
    why = _reason(correction, reason)
    with ctx.acting(), ctx.db.write() as s:
        rows = repo.rows_in(s, case_id)
        if rows is None:
            raise NotFound(_("No such case."))
        case, _client, intake = rows
        stored = {k: getattr(case, k) for k in repo.CASE_FIELDS}
        stored_urgency = intake.urgency if intake else None
        e = Errors()
        checked = check_case({**stored, **{k: v for k, v in raw.items() if k != "urgency"},
                              "opened_on": case.opened_on}, e)
        e.errors = {k: v for k, v in e.errors.items() if k in raw}
        urgency = None
        if "urgency" in raw:
            urgency = e.choice("urgency", raw["urgency"], Urgency)
            if intake is None and "urgency" not in e.errors:
                e.add("urgency", _("This case was opened without an intake record; it has no "
                                   "urgency to change."))
        e.raise_if_any()
        new = {k: (getattr(checked, k).value if k == "legal_area" else getattr(checked, k))
               for k in raw if k != "urgency"}
        mine = _changed(stored, new)
        if base_version is not None and mine:
            check_version("casefile", case, base_version, mine, _labels(CASE_LABELS), base,
                          goals_repo.last_writer(s, "casefile", case.id))
        repo.mark(s, case_id, correction, why)
        for k, v in mine.items():
            setattr(case, k, v)
        if urgency is not None and intake is not None and urgency.value != stored_urgency:
            intake.urgency = urgency.value
            mine["urgency"] = urgency.value
        return mine


def edit_household(ctx: Ctx, case_id: uuid.UUID, members: list[dict] | str, *,
                   correction: bool = False, reason: str = "") -> int:
    """Set the client's household: a list of {"name", "relation", "birth_date",
    "in_benefit_unit"} or the screen's lines "Name; relation; DD.MM.YYYY; BG". Checked as at
    the intake (InputError naming `household`). Returns the number of members."""
    door_check(ctx, case_id, Need.write, "household_edit")
    raw = parse_household_lines(members)[0] if isinstance(members, str) else members
    checked = check_household(raw)
    why = _reason(correction, reason)
    with ctx.acting(), ctx.db.write() as s:
        rows = repo.rows_in(s, case_id)
        if rows is None:
            raise NotFound(_("No such case."))
        repo.mark(s, case_id, correction, why)
        repo.set_household_in(s, rows[1].id, checked)
    return len(checked)


# -- the notes ------------------------------------------------------------------------------

def notes(ctx: Ctx, case_id: uuid.UUID, f: NoteFilter | None = None, *,
          after: tuple[datetime, uuid.UUID] | None = None, limit: int = 200,
          newest_first: bool = True) -> list[NoteItem]:
    """One page of the case's contact notes, newest first; `after` is the key
    (occurred_at, id) of the last note of the page before."""
    door_check(ctx, case_id, Need.read, "notes")
    return repo.notes_page(ctx.db, case_id, f or NoteFilter(), after=after, limit=limit,
                           newest_first=newest_first)


def count_notes(ctx: Ctx, case_id: uuid.UUID, f: NoteFilter | None = None) -> int:
    door_check(ctx, case_id, Need.read, "notes")
    return repo.count_notes(ctx.db, case_id, f or NoteFilter())


def note_authors(ctx: Ctx, case_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    door_check(ctx, case_id, Need.read, "notes")
    return repo.note_authors(ctx.db, case_id)


def note_filter(raw: dict, authors: list[tuple[uuid.UUID, str]] | None = None) -> NoteFilter:
    """A filter from typed values: kinds (list), author (a name or part of one), since and
    until (dates as typed). InputError naming the field."""
    from caseterm.core.vocab import NoteKind

    e = Errors()
    kinds = set()
    for k in raw.get("kinds") or []:
        value = e.choice("kind", k, NoteKind)
        if value is not None:
            kinds.add(value.value)
    since = e.date("since", raw.get("since"))
    until = e.date("until", raw.get("until"))
    if since and until and until < since:
        e.add("until", _("The end lies before the start."))
    author_id = raw.get("author_id")
    who = (raw.get("author") or "").strip().casefold()
    if who and authors is not None:
        found = [wid for wid, name in authors if who in name.casefold()]
        if len(found) != 1:
            e.add("author", _("No single author matches “{text}”.").format(text=who[:40]))
        else:
            author_id = found[0]
    e.raise_if_any()
    return NoteFilter(frozenset(kinds), author_id, since, until)


# -- search within the record ---------------------------------------------------------------

@dataclass(frozen=True)
class SearchHit:
    source: str  # note, goal, assessment, referral
    record_id: uuid.UUID
    when: datetime | date | None
    label: str
    snippet: str  # clean text around the first match (one line)
    spans: tuple[tuple[int, int], ...]  # where the query occurs in `snippet`


def find_spans(text: str, query: str) -> tuple[tuple[int, int], ...]:
    """Every occurrence of `query` in `text`, case-insensitive (casefold per character, so
    positions stay those of `text`)."""
    q = query.casefold()
    if not q:
        return ()
    folded = "".join(c.casefold() if len(c.casefold()) == 1 else c for c in text)
    q = "".join(c.casefold() if len(c.casefold()) == 1 else c for c in query)
    out, start = [], 0
    while (i := folded.find(q, start)) >= 0:
        out.append((i, i + len(q)))
        start = i + len(q)
    return tuple(out)


def _snippet(text: str, query: str, width: int = 120) -> tuple[str, tuple[tuple[int, int], ...]]:
    flat = " ".join(clean(text).split())
    spans = find_spans(flat, query)
    if not spans:
        return "", ()
    first = spans[0][0]
    start = max(0, min(first - 20, len(flat) - width))
    cut = flat[start:start + width]
    prefix = "…" if start > 0 else ""
    out = prefix + cut + ("…" if start + width < len(flat) else "")
    shift = len(prefix) - start
    return out, tuple((a + shift, b + shift) for a, b in spans
                      if a >= start and b <= start + width)


def search(ctx: Ctx, case_id: uuid.UUID, query: str, *, limit: int = SEARCH_LIMIT
           ) -> list[SearchHit]:
    """Where `query` occurs in the case's notes, goals, assessment and referrals (newest
    notes first), at most `limit` hits. InputError naming `query` when it is too short."""
    e = Errors()
    q = e.text("query", query, maximum=200)
    if len(q) < 2 and "query" not in e.errors:
        e.add("query", _("Type at least two characters."))
    e.raise_if_any()
    with ctx.db.read() as s:
        require(ctx, s, case_id, Need.read, "search")
    hits: list[SearchHit] = []
    folded = q.casefold()
    for t in repo.record_texts(ctx.db, case_id):
        if folded not in t.text.casefold():
            continue  # the cheap test first; the snippet is built for hits only
        snippet, spans = _snippet(t.text, q)
        if spans:
            hits.append(SearchHit(t.source, t.record_id, t.when, t.label, snippet, spans))
            if len(hits) >= limit:
                break
    return hits


SOURCES = {"note": N_("Note"), "goal": N_("Goal"), "assessment": N_("Assessment"),
           "referral": N_("Referral")}


def source_label(source: str) -> str:
    return _(SOURCES[source]) if source in SOURCES else source


def as_date(value: datetime | date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value
