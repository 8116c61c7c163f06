"""Referrals of one case (Vermittlungen): list with history, new referral with the consent
check, the next status (contact made, help started, feedback received, closed, declined)."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import DataTable, Header, Input, Select, Static, TextArea

from caseterm.core.lists import REFERRALS
from caseterm.core.referrals import (
    EXCEPTION_LABELS,
    NEXT_STATUS,
    STATUS_LABELS,
    TARGET_LABELS,
    ConsentBasis,
    ReferralStatus,
    ReferralTarget,
    is_closed,
    status_label,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import LegalArea, label, options
from caseterm.i18n import N_, _, fmt_datetime
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.screens.resources import OfferingDialog
from caseterm.services import referrals
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.paged_table import PagedTable
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tables import MeasuredTable, list_cells, list_columns
from caseterm.widgets.tickbox import Checkbox


class ReferralsScreen(BaseScreen):
    AUTO_FOCUS = "#ref-table"
    TITLE_MSGID = N_("Referrals")
    HELP_MSGID = N_(
        "Referrals of this case to an offering of the service directory or to a specialist of "
        "another legal area. A referral needs a consent covering the recipient, or the legal "
        "ground that allows it without consent. Until feedback is recorded, a follow-up "
        "stays in the queue. A adds a referral, S records the next step (contact made, help "
        "started, feedback received, closed, declined)."
    )
    DEFAULT_CSS = """
    ReferralsScreen #ref-table { height: auto; max-height: 16; }
    ReferralsScreen #ref-detail { padding: 1 1; }
    """
    BINDINGS = bindings("referrals")
    COMMAND_SCOPES = ('referrals',)

    listed: var[list[referrals.ReferralRow]] = var(list, init=False, always_update=True)

    class ListedLoaded(Loaded[list[referrals.ReferralRow]]):
        """The case's referrals."""

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.rows: dict[str, referrals.ReferralRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield MeasuredTable(id="ref-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll():
            yield Static("", id="ref-detail")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        t = self.query_one("#ref-table", DataTable)
        list_columns(t, REFERRALS)
        t.focus()
        self.action_reload()

    def action_reload(self) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        self._load(ctx, case_id)

    @work(thread=True, exclusive=True, group="referrals", exit_on_error=False)
    def _load(self, ctx, case_id) -> None:
        self.deliver(lambda: referrals.list_for_case(ctx, case_id), self.ListedLoaded)

    @on(ListedLoaded)
    def _loaded(self, event: ListedLoaded) -> None:
        self.listed = event.data

    def watch_listed(self, rows: list[referrals.ReferralRow]) -> None:
        t = self.query_one("#ref-table", DataTable)
        t.clear()
        self.rows = {str(r.id): r for r in rows}
        for r in rows:
            t.add_row(*list_cells(REFERRALS, r), key=str(r.id))
        if not rows:
            self.query_one("#ref-detail", Static).update(
                Text(_("No referrals yet. Add one with A."), style="dim"))
        else:
            self._detail(rows[0])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.rows.get(event.row_key.value or "")
        if row is not None:
            self._detail(row)

    def _detail(self, r: referrals.ReferralRow) -> None:
        out = assemble((r.recipient, "bold"), " — ", _(TARGET_LABELS[r.target.value]))
        if r.target_legal_area:
            out.append_text(assemble(" (", label(r.target_legal_area), ")"))
        if r.contact:
            out.append("\n")
            out.append_text(assemble(_("Contact"), ": ", r.contact))
        if r.consent_basis is ConsentBasis.legal_exception and r.legal_exception:
            out.append("\n")
            out.append_text(assemble((_("Without consent"), "bold"), ": ",
                                     _(EXCEPTION_LABELS[r.legal_exception.value]), " — ",
                                     r.exception_reason))
        if r.feedback:
            out.append("\n")
            out.append_text(assemble((_("Feedback"), "bold"), ": ", r.feedback))
        if r.purpose:
            out.append("\n")
            out.append_text(safe(r.purpose, multiline=True))
        out.append("\n\n" + _("History") + "\n", style="bold")
        for ev in r.history:
            out.append_text(assemble(fmt_datetime(ev.at), " · ", (status_label(ev.status),
                                     "bold"), " · ", ev.worker))
            if ev.note:
                out.append_text(assemble(" — ", ev.note))
            out.append("\n")
        self.query_one("#ref-detail", Static).update(out)

    def _current(self) -> referrals.ReferralRow | None:
        t = self.query_one("#ref-table", DataTable)
        if t.row_count == 0:
            return None
        key = t.coordinate_to_cell_key(t.cursor_coordinate).row_key.value
        return self.rows.get(key or "")

    def _after(self, result) -> None:
        if result:
            self.notify(str(result), timeout=4, markup=False)
            self.action_reload()

    def action_add(self) -> None:
        self.app.push_screen(ReferralDialog(self.case_id), self._after)

    def action_status(self) -> None:
        row = self._current()
        if row is None:
            self.notify(_("No referral selected."), severity="warning")
            return
        if is_closed(row.status):
            self.notify(_("This referral is already closed."), severity="warning")
            return
        self.app.push_screen(ReferralStatusDialog(row), self._after)

    def action_back(self) -> None:
        self.app.pop_screen()


class _Dialog(FormDialog):
    """The shared dialog (Ctrl+S saves, Escape cancels) with this screen's error handling."""

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, InputError):
            rest = show_errors(self, exc.errors)
            if rest:
                self.notify("\n".join(rest), severity="error", markup=False)
            return
        self._db_failed(exc, None)  # storage errors and refusals as the base screen shows them


def _value(select: Select):
    return None if select.value is Select.NULL else select.value


class OfferingPicker(OfferingDialog):
    """Choose an offering of the service directory for a referral (Enter or Ctrl+S)."""

    BINDINGS = bindings("referrals.picker")
    COMMAND_SCOPES = ('dialog', 'referrals.picker')
    SAVE = (N_("Take"), "referrals.picker.take")

    def on_mount(self) -> None:
        self.query_one(".dialog-title", Static).update(
            _("Choose an offering of the service directory"))

    def action_save(self) -> None:
        row = self.query_one(PagedTable).current()
        if row is None:
            show_errors(self, {"offering": _("Choose an offering first.")})
            return
        self.dismiss(row)


class ReferralDialog(_Dialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="ReferralDialog") + \
        "ReferralDialog TextArea { height: 4; }"
    BINDINGS = bindings("referral")
    COMMAND_SCOPES = ('dialog', 'referral')

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("New referral"), classes="dialog-title")
            with VerticalScroll():
                yield FormField("target", _("Refer to"),
                                Dropdown([(_(t), v) for v, t in TARGET_LABELS.items()],
                                         value=ReferralTarget.offering.value, allow_blank=False,
                                         id="ref-target"))
                yield FormField("recipient", _("Recipient"), Input(id="ref-recipient"),
                                hint=_("F6: pick from the service directory; or type, e.g. "
                                       "“Jugendamt – ASD”"))
                yield FormField("target_legal_area", _("Legal area of the specialist"),
                                Dropdown(options(LegalArea), prompt=_("—"), id="ref-area"))
                yield FormField("contact", _("Contact person"), Input(id="ref-contact"))
                yield FormField("recipient_worker", _("Receiving worker in caseterm"),
                                Input(id="ref-worker"),
                                hint=_("user name; she answers the referral here"))
                yield FormField("purpose", _("Purpose of the referral"),
                                TextArea(id="ref-purpose"))
                yield FormField("feedback_due", _("Feedback expected by"),
                                Input("+2w", id="ref-due"), hint=_("DD.MM.YYYY, “+2w”"))
                yield FormField("consent", _("Without consent: legal ground"),
                                Dropdown([(_(t), v) for v, t in EXCEPTION_LABELS.items()],
                                         prompt=_("none — a consent covers the recipient"),
                                         id="ref-exception"))
                yield FormField("exception_reason", _("Why the law allows it"),
                                Input(id="ref-exception-reason"))
                yield Checkbox(_("Child protection concern (marks the case)"),
                               id="ref-cp")
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#ref-recipient", Input).focus()

    def action_pick(self) -> None:
        self.app.push_screen(OfferingPicker(self.case_id), self._picked)

    def _picked(self, row) -> None:
        if row is None:
            return
        self.query_one("#ref-target", Select).value = ReferralTarget.offering.value
        self.query_one("#ref-recipient", Input).value = f"{row.title} – {row.provider}"
        contact = row.contact or row.provider_phone
        if contact:
            self.query_one("#ref-contact", Input).value = contact
        self.query_one("#ref-contact", Input).focus()

    def action_save(self) -> None:
        raw = {
            "target": _value(self.query_one("#ref-target", Select)),
            "recipient": self.query_one("#ref-recipient", Input).value,
            "target_legal_area": _value(self.query_one("#ref-area", Select)),
            "contact": self.query_one("#ref-contact", Input).value,
            "recipient_worker": self.query_one("#ref-worker", Input).value,
            "purpose": self.query_one("#ref-purpose", TextArea).text,
            "feedback_due": self.query_one("#ref-due", Input).value,
            "legal_exception": _value(self.query_one("#ref-exception", Select)),
            "exception_reason": self.query_one("#ref-exception-reason", Input).value,
            "child_protection_concern": self.query_one("#ref-cp", Checkbox).value,
        }
        clear_errors(self)
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: referrals.create(ctx, case_id, raw),
                     lambda _id: self.dismiss(_("Referral recorded; the feedback is in the "
                                                "follow-up queue.")),
                     on_error=self._failed)


class ReferralStatusDialog(_Dialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="ReferralStatusDialog")

    def __init__(self, row: referrals.ReferralRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        choices = [(_(STATUS_LABELS[s.value]), s.value) for s in ReferralStatus
                   if s is not ReferralStatus.sent]
        nxt = NEXT_STATUS.get(self.row.status, ReferralStatus.closed)
        with Vertical():
            yield Static(assemble((_("Referral"), "bold"), " — ", self.row.recipient, " — ",
                                  status_label(self.row.status)), classes="dialog-title")
            yield FormField("status", _("New status"),
                            Dropdown(choices, value=nxt.value, allow_blank=False,
                                     id="rs-status"))
            yield FormField("note", _("Note / feedback"), TextArea(id="rs-note"))
            yield FormField("feedback_due", _("Feedback now expected by"),
                            Input(id="rs-due"), hint=_("empty: unchanged"))
            yield Checkbox(_("Child protection concern (marks the case)"), id="rs-cp",
                           value=self.row.child_protection_concern)
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#rs-status", Select).focus()

    def action_save(self) -> None:
        from caseterm.core.validate import Errors

        e = Errors()
        due = e.date("feedback_due", self.query_one("#rs-due", Input).value, not_past=True)
        if e:
            show_errors(self, e.errors)
            return
        status = self.query_one("#rs-status", Select).value
        note = self.query_one("#rs-note", TextArea).text
        cp = self.query_one("#rs-cp", Checkbox).value
        clear_errors(self)
        ctx, rid, version = self.capp.ctx, self.row.id, self.row.row_version
        self.db_work(
            lambda: referrals.set_status(ctx, rid, str(status), note=note, feedback_due=due,
                                         child_protection_concern=cp, base_version=version),
            lambda _r: self.dismiss(_("Saved.")), on_error=self._failed)
