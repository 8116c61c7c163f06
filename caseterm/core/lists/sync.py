"""The laptop sync's lists: conflicts and possible duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from caseterm.core.audit import record_label
from caseterm.core.columns import Column
from caseterm.core.duplicates import REASONS as DUPLICATE_REASONS
from caseterm.core.field_labels import field_label
from caseterm.core.lists.cells import _iso, _text_id
from caseterm.i18n import N_, _, fmt_date

# -- sync conflicts and duplicates (screens/sync_*, `caseterm sync conflicts|duplicates`) ----
CONFLICT_REASONS = {
    "same_field": N_("changed on both sides"),
    "closed": N_("changed in a case closed meanwhile"),
    "deleted": N_("changed in an item deleted meanwhile"),
}


def show_value(value: Any) -> str:
    """A field's value for people: "—" for nothing, yes/no, a local date."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return fmt_date(value)
    return str(value)


def field_of(row: Any) -> str:
    """The conflicting field's name for people ("Titel", "Telefon (Klient*in)")."""
    name = field_label(row.field)
    if row.entity not in ("casefile", "case"):
        name += f" ({record_label(row.entity)})"
    return name


CONFLICTS: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.id), table=False, handle=True),
    Column("case_number", N_("Case"), lambda r: r.case_number, fixed=True),
    Column("field", N_("Field"), lambda r: r.field, field_of, width=28),
    Column("local_value", N_("Kept so far"), lambda r: r.local_value,
           lambda r: show_value(r.local_value), width=36),
    Column("remote_value", N_("Came with the sync"), lambda r: r.remote_value,
           lambda r: show_value(r.remote_value), width=36),
    Column("case_id", N_("Case id"), lambda r: _text_id(r.case_id), table=False),
    Column("entity", N_("Record"), lambda r: r.entity, lambda r: record_label(r.entity),
           table=False),
    Column("record_id", N_("Record id"), lambda r: str(r.record_id), table=False),
    Column("reason", N_("Why"), lambda r: r.reason,
           lambda r: _(CONFLICT_REASONS[r.reason]) if r.reason in CONFLICT_REASONS
           else r.reason, table=False),
    Column("local_author", N_("Kept so far by"), lambda r: r.local_author, table=False),
    Column("local_at", N_("Kept so far at"), lambda r: r.local_at, table=False),
    Column("remote_author", N_("Synced by"), lambda r: r.remote_author, table=False),
    Column("remote_at", N_("Synced at"), lambda r: r.remote_at, table=False),
    Column("state", N_("State"), lambda r: r.state, table=False),
    Column("decision", N_("Decision"), lambda r: r.decision, table=False),
    Column("row_version", "row_version", lambda r: r.row_version, table=False),
)


def person_name(name: str) -> str:
    """A person the duplicate check found only in the centre's name index (not checked out
    to this laptop) has no name here."""
    return name or _("(only at the central office)")


def duplicate_reason(reason: str) -> str:
    msgid = DUPLICATE_REASONS.get(reason)
    return _(msgid) if msgid else reason


def _born(value: Any) -> str:
    return fmt_date(value) if value else "—"


DUPLICATES: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.id), table=False, handle=True),
    Column("name_a", N_("First person"), lambda r: r.name_a, lambda r: person_name(r.name_a),
           width=32),
    Column("birth_a", N_("Born"), lambda r: _iso(r.birth_a), lambda r: _born(r.birth_a),
           fixed=True),
    Column("name_b", N_("Second person"), lambda r: r.name_b, lambda r: person_name(r.name_b),
           width=32),
    Column("birth_b", N_("Born"), lambda r: _iso(r.birth_b), lambda r: _born(r.birth_b),
           fixed=True),
    Column("reason", N_("Why"), lambda r: r.reason, lambda r: duplicate_reason(r.reason),
           style=lambda r: "dim"),
    Column("person_a", N_("First person's id"), lambda r: str(r.person_a), table=False),
    Column("person_b", N_("Second person's id"), lambda r: str(r.person_b), table=False),
    Column("score", N_("Score"), lambda r: r.score, table=False),
    Column("state", N_("State"), lambda r: r.state, table=False),
    Column("case_id", N_("Case id"), lambda r: _text_id(r.case_id), table=False),
    Column("row_version", "row_version", lambda r: r.row_version, table=False),
)
