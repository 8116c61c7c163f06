"""What the intake recorded for a case: referral, concerns by life domain, the indication
check and its decision, household, working agreement. Opened from the case screen with I."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from caseterm.core import indication as ind
from caseterm.core.vocab import CasePhase, label
from caseterm.i18n import _, fmt_date
from caseterm.screens.base import BaseModal
from caseterm.screens.dialogs import DIALOG_CSS
from caseterm.services import intake as intake_service
from caseterm.services.intake import IntakeSummary
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe


def summary_text(data: IntakeSummary | None) -> Text:
    if data is None:
        return Text(_("This case was opened without an intake record."), style="dim")
    out = Text(end="")

    def line(label: str, value: object) -> None:
        out.append(f"{label}: ", style="bold")
        out.append_text(safe(value if value not in (None, "") else "—", multiline=True))
        out.append("\n")

    line(_("Referred by"), ind.label(data.referral_source))
    line(_("Referring agency"), data.referring_agency)
    line(_("Urgency"), ind.label(data.urgency))
    out.append("\n" + _("Presenting concerns by life domain") + "\n", style="bold underline")
    for domain in ind.ConcernDomain:
        if domain in data.concerns:
            line("  " + ind.label(domain), data.concerns[domain])
    if not data.concerns:
        out.append("  —\n")
    out.append("\n" + _("Indication check for case management") + "\n",
               style="bold underline")
    for key, ok in data.criteria.items():
        out.append(("  ✓ " if ok else "  ✗ ") + ind.label(ind.Criterion(key)) + "\n",
                   style="green" if ok else "")
    decision = ind.label(data.decision)
    if data.decision is ind.Decision.pending and data.phase is not CasePhase.intake:
        decision = _("decided after the intake — the case is now in phase “{phase}”").format(
            phase=label(data.phase))
    line(_("Decision"), decision)
    if data.alternative is not None:
        line(_("Alternative (when not indicated)"), ind.label(data.alternative))
    if data.alternative_note:
        line(_("Alternative: details"), data.alternative_note)
    out.append("\n" + _("Household members") + "\n", style="bold underline")
    for name, relation, born, bg in data.household:
        out.append_text(safe(f"  {name}" + (f" ({relation})" if relation else "")
                             + (f", {fmt_date(born)}" if born else "")
                             + (" · BG" if bg else "")))
        out.append("\n")
    if not data.household:
        out.append("  —\n")
    out.append("\n")
    line(_("Working agreement (Arbeitsbündnis)"),
         _("agreed on {date}").format(date=fmt_date(data.agreement_on))
         if data.agreement_on else _("not yet agreed"))
    return out


class IntakeSummaryDialog(BaseModal):
    DEFAULT_CSS = DIALOG_CSS.format(name="IntakeSummaryDialog") + """
    IntakeSummaryDialog > Vertical { width: 100; }
    """
    BINDINGS = bindings("intake_summary")
    COMMAND_SCOPES = ('intake_summary',)

    def __init__(self, case_id: uuid.UUID, case_label: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.case_label = case_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("Intake — {case}").format(case=self.case_label)),
                         classes="dialog-title")
            with VerticalScroll():
                yield Static(Text(_("Loading …"), style="dim"), id="intake-summary")

    def on_mount(self) -> None:
        ctx = self.capp.ctx
        self.db_work(lambda: intake_service.summary(ctx, self.case_id),
                     lambda data: self.query_one("#intake-summary", Static).update(
                         summary_text(data)))

    def action_close(self) -> None:
        self.dismiss(None)
