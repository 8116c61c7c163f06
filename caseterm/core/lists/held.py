"""The list of held changes (screens/sync_held.py; `caseterm bundle held` prints the same
facts in its own lines): what arrived and waits, for what, since when, and one sentence in
plain words on what to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from caseterm.core.audit import record_label
from caseterm.core.columns import Column
from caseterm.core.lists.cells import _text_id
from caseterm.i18n import N_, _, fmt_datetime

KINDS = {"gap": N_("earlier changes missing"), "record": N_("case or person missing")}


def seq_range(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}–{hi}"


def ranges(pairs: Sequence[tuple[int, int]]) -> str:
    return ", ".join(seq_range(lo, hi) for lo, hi in pairs)


def what_text(row: Any) -> str:
    """What is held: a record and its case ("Notiz · 2026-SGB2-007"), or a change set."""
    if row.kind != "record":
        return _("change set")  # the whole change set waits
    what = record_label(row.entity)
    return f"{what} · {row.case_number}" if row.case_number else what


def waits_text(row: Any) -> str:
    """What it waits for: the missing changes of that device, or the record not here."""
    if row.kind != "record":
        return _("changes {range}").format(range=ranges(row.missing)) if row.missing \
            else _("earlier changes")
    short = str(row.waits_for_id)[:8] if row.waits_for_id else ""
    return f"{record_label(row.waits_for)} {short}".strip()


def explain(row: Any) -> str:
    """One row in plain words, with what to do."""
    if row.kind != "record":
        return _(
            "Changes {range} from {device} arrived before changes {missing} of the same "
            "device. Nothing is lost: they are applied by themselves, in order, as soon as "
            "the missing ones arrive. To do: import the missing bundle from {device} "
            "(caseterm bundle import), or let {device} sync again (caseterm sync).").format(
                range=seq_range(row.seq_from, row.seq_to), device=row.device,
                missing=ranges(row.missing) or "?")
    parent = f"{record_label(row.waits_for)} {str(row.waits_for_id or '')[:8]}".strip()
    return _(
        "New {what} from {author} ({device}, change {seq}): it belongs to a record that has "
        "not arrived here yet ({parent}). Nothing is lost: it is applied by itself as soon "
        "as that record arrives. To do: let the device where the record was made sync "
        "again, or import its bundle.").format(
            what=record_label(row.entity), author=row.author or "?", device=row.device,
            seq=row.seq_from, parent=parent)


HELD: Sequence[Column] = (
    Column("kind", N_("Held because"), lambda r: r.kind,
           lambda r: _(KINDS[r.kind]) if r.kind in KINDS else r.kind, table=False),
    Column("device", N_("From"), lambda r: r.device, width=18),
    Column("seq", N_("Change"), lambda r: [r.seq_from, r.seq_to],
           lambda r: seq_range(r.seq_from, r.seq_to), fixed=True),
    Column("what", N_("Record"), lambda r: r.entity, what_text, width=28),
    Column("waits_for", N_("Waits for"), lambda r: r.waits_for or None, waits_text,
           width=28),
    Column("since", N_("Since"), lambda r: r.since.isoformat(),
           lambda r: fmt_datetime(r.since), fixed=True),
    Column("missing", N_("Missing"), lambda r: [list(m) for m in r.missing], table=False),
    Column("record_id", N_("Record id"), lambda r: _text_id(r.record_id), table=False),
    Column("case_number", N_("Case"), lambda r: r.case_number, table=False),
    Column("author", N_("Author"), lambda r: r.author, table=False),
    Column("waits_for_id", N_("Waits for id"), lambda r: _text_id(r.waits_for_id),
           table=False),
)
