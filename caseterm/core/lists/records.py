"""The lists of case records: the case list and search, a case's referrals and its contact
notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from caseterm.core import clock
from caseterm.core.columns import Column
from caseterm.core.lists.cells import _enum, _iso, _label, due_style
from caseterm.core.referrals import status_label
from caseterm.core.vocab import label
from caseterm.i18n import N_, _, fmt_date, fmt_datetime

# -- the case list and search (screens/case_list, `caseterm cases search`) --------------------
CASES: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.id), table=False),
    Column("child_protection", "!", lambda r: r.child_protection,
           lambda r: "⚠" if r.child_protection else "", style=lambda r: "bold red",
           narrow=True),
    Column("case_number", N_("Case"), lambda r: r.case_number, fixed=True),
    Column("client", N_("Client"), lambda r: f"{r.last_name}, {r.first_name}", width=36,
           data=False),
    Column("first_name", N_("First name"), lambda r: r.first_name, table=False),
    Column("last_name", N_("Last name"), lambda r: r.last_name, table=False),
    Column("birth_date", N_("Born"), lambda r: _iso(r.birth_date),
           lambda r: fmt_date(r.birth_date), fixed=True),
    Column("legal_area", N_("Legal area"), lambda r: _enum(r.legal_area),
           lambda r: _label(r.legal_area)),
    Column("phase", N_("Phase"), lambda r: _enum(r.phase), lambda r: _label(r.phase)),
    Column("lead_worker", N_("Lead worker"), lambda r: r.lead_worker, width=24),
    Column("next_due", N_("Next due"), lambda r: _iso(r.next_due),
           lambda r: fmt_date(r.next_due), style=lambda r: due_style(r.next_due), fixed=True),
    Column("overdue", N_("Overdue"), lambda r: r.overdue, lambda r: r.overdue or "",
           style=lambda r: "bold red", fixed=True),
)


# -- the referrals of a case (screens/referrals, `caseterm referral list`) --------------------
def _feedback_due_text(r: Any) -> str:
    return fmt_date(r.feedback_due) if r.awaiting_feedback else ""


def _feedback_due_style(r: Any) -> str:
    return "bold red" if r.awaiting_feedback and r.feedback_due < clock.today() else ""


REFERRALS: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.id), table=False, handle=True),
    Column("child_protection_concern", "!", lambda r: r.child_protection_concern,
           lambda r: "⚠" if r.child_protection_concern else "", style=lambda r: "bold red",
           narrow=True),
    Column("sent_on", N_("Sent"), lambda r: r.sent_on.isoformat(),
           lambda r: fmt_date(r.sent_on), fixed=True),
    Column("recipient", N_("Recipient"), lambda r: r.recipient, width=50),
    Column("status", N_("Status"), lambda r: r.status.value, lambda r: status_label(r.status)),
    Column("feedback_due", N_("Feedback due"), lambda r: r.feedback_due.isoformat(),
           _feedback_due_text, style=_feedback_due_style, fixed=True),
    Column("consent_basis", N_("Basis"), lambda r: r.consent_basis.value,
           lambda r: _("consent") if r.consent_basis.value == "consent" else _("legal ground")),
    Column("target", N_("Kind of referral"), lambda r: r.target.value,
           lambda r: label(r.target), table=False),
    Column("target_legal_area", N_("Legal area"), lambda r: _enum(r.target_legal_area),
           lambda r: _label(r.target_legal_area), table=False),
    Column("legal_exception", N_("Legal ground"), lambda r: _enum(r.legal_exception),
           lambda r: _label(r.legal_exception), table=False),
    Column("contact", N_("Contact"), lambda r: r.contact, table=False),
    Column("purpose", N_("Purpose"), lambda r: r.purpose, table=False),
    Column("feedback", N_("Feedback"), lambda r: r.feedback, table=False),
    Column("row_version", "row_version", lambda r: r.row_version, table=False),
)


# -- the contact notes of a case (screens/record_notes, `caseterm case show`) -----------------
NOTES: Sequence[Column] = (
    Column("occurred_at", N_("When"), lambda r: r.occurred_at.isoformat(),
           lambda r: fmt_datetime(r.occurred_at)),
    Column("kind", N_("Kind"), lambda r: r.kind.value, lambda r: label(r.kind)),
    Column("author", N_("Author"), lambda r: r.author, width=20),
    Column("text", N_("Note"), lambda r: r.text, width=70),
    Column("participants", N_("Participants"), lambda r: r.participants, table=False),
)
