"""The queue's dialogs: done, postpone, reassign and the next step or series."""

from __future__ import annotations

import uuid
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import Input, Select, Static, TextArea

from caseterm.core.queue import (
    PLAN_LABELS,
    PRESET_LABELS,
    UNIT_LABELS,
    PlanMode,
    PostponePreset,
    check_plan,
)
from caseterm.core.validate import InputError
from caseterm.i18n import _, fmt_date, ngettext
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.services import followups
from caseterm.services.errors import user_message
from caseterm.services.followups import PostponementRow, QueueRow
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.safe import assemble, safe


def _title(row: QueueRow, heading: str) -> Text:
    out = assemble((heading, "bold"), " — ", row.case_number, " ", row.client_name)
    out.append("\n")
    out.append_text(safe(row.next_step, "italic"))
    return out


class _QueueDialog(FormDialog):
    def __init__(self, row: QueueRow) -> None:
        super().__init__()
        self.row = row

    def _buttons(self) -> ComposeResult:
        yield from self.compose_buttons()

    def action_save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, InputError):
            rest = show_errors(self, exc.errors)
            if rest:
                self.notify("\n".join(rest), severity="error", markup=False)
            return
        self.notify(user_message(exc), severity="error", markup=False)


class DoneDialog(_QueueDialog):
    """Mark done; the outcome note becomes a contact note of the case."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DoneDialog")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_title(self.row, _("Mark done")), classes="dialog-title")
            yield FormField("outcome", _("Outcome"), TextArea(id="done-note"),
                            hint=_("becomes a contact note of the case"))
            yield from self._buttons()

    def on_mount(self) -> None:
        self.query_one("#done-note", TextArea).focus()

    def action_save(self) -> None:
        note = self.query_one("#done-note", TextArea).text
        ctx, fid = self.capp.ctx, self.row.id

        def done(next_id):
            if next_id is not None:
                self.dismiss(_("Done. The next follow-up of the series is in the queue."))
            else:
                self.dismiss(_("Done."))

        self.db_work(lambda: followups.done(ctx, fid, note), done,
                     on_error=self._failed)


class PostponeDialog(_QueueDialog):
    """Postpone: next working day, +1 week, +1 month or a date; a reason is required."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PostponeDialog")
    # the presets with the dates they lead to, as the service works them out
    choices: var[list[tuple[PostponePreset, date | None]]] = var(list, init=False)

    @staticmethod
    def _presets(choices: list[tuple[PostponePreset, date | None]]) -> list[tuple[str, str]]:
        out = []
        for preset, day in choices:
            text = _(PRESET_LABELS[preset])
            if day is not None:
                text += f" ({fmt_date(day)})"
            out.append((text, preset.value))
        return out

    def compose(self) -> ComposeResult:
        # the dates of the presets follow from the service (the assignee's office calendar)
        presets = self._presets([(p, None) for p in PostponePreset])
        count = self.row.postpone_count
        with Vertical():
            yield Static(_title(self.row, _("Postpone")), classes="dialog-title")
            if count:
                yield Static(ngettext("Postponed once before.", "Postponed {n} times before.",
                                      count).format(n=count),
                             classes="gate-message -shown", id="pp-history")
            yield FormField("preset", _("Postpone to"),
                            Dropdown(presets, value=PostponePreset.next_working_day.value,
                                     allow_blank=False, id="pp-preset"))
            yield FormField("date", _("Date"), Input(id="pp-date"),
                            hint=_("only for “A date”: DD.MM.YYYY, “+2w”"))
            yield FormField("reason", _("Reason"), Input(id="pp-reason"),
                            hint=_("required: why it cannot be done now"))
            yield from self._buttons()

    def on_mount(self) -> None:
        self.query_one("#pp-reason", Input).focus()
        ctx, fid = self.capp.ctx, self.row.id
        self.db_work(lambda: followups.postpone_choices(ctx, fid),
                     lambda choices: setattr(self, "choices", choices), group="pp-presets")
        if self.row.postpone_count:
            self.db_work(lambda: followups.postponements(ctx, fid), self._history)

    def watch_choices(self, choices: list[tuple[PostponePreset, date | None]]) -> None:
        select = self.query_one("#pp-preset", Select)
        current = select.value
        select.set_options(self._presets(choices))
        select.value = current

    def _history(self, rows: list[PostponementRow]) -> None:
        count = self.row.postpone_count
        out = Text(ngettext("Postponed once before.", "Postponed {n} times before.",
                            count).format(n=count), style="bold")
        for p in rows[-5:]:
            out.append("\n")
            out.append_text(assemble(fmt_date(p.from_date), " → ", fmt_date(p.to_date), ": ",
                                     p.reason, " (", p.worker, ")"))
        self.query_one("#pp-history", Static).update(out)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "pp-date" and event.value.strip():
            self.query_one("#pp-preset", Select).value = PostponePreset.date.value

    def action_save(self) -> None:
        typed = self.query_one("#pp-date", Input).value
        raw = {
            # a typed date wins over the preset
            "preset": PostponePreset.date.value if typed.strip()
            else self.query_one("#pp-preset", Select).value,
            "date": typed,
            "reason": self.query_one("#pp-reason", Input).value,
        }
        clear_errors(self)
        ctx, row = self.capp.ctx, self.row
        self.db_work(lambda: followups.postpone(ctx, row.id, raw, base_due=row.due_date,
                                                base_version=row.row_version),
                     lambda day: self.dismiss(_("Postponed to {date}.").format(
                         date=fmt_date(day))), on_error=self._failed)


class ReassignDialog(_QueueDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="ReassignDialog")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_title(self.row, _("Hand over to")), classes="dialog-title")
            yield FormField("worker", _("Worker"),
                            Dropdown([], prompt=_("Choose a worker"), id="ra-worker"))
            yield from self._buttons()

    def on_mount(self) -> None:
        ctx = self.capp.ctx
        self.db_work(lambda: followups.reassign_targets(ctx), self._fill)

    def _fill(self, workers: list[tuple[str, uuid.UUID]]) -> None:
        select = self.query_one("#ra-worker", Select)
        select.set_options([(name, str(wid)) for name, wid in workers
                            if wid != self.row.assignee_id])
        select.focus()

    def action_save(self) -> None:
        value = self.query_one("#ra-worker", Select).value
        if value is Select.NULL:
            show_errors(self, {"worker": _("Choose a worker.")})
            return
        ctx, row = self.capp.ctx, self.row
        self.db_work(lambda: followups.reassign(ctx, row.id, uuid.UUID(str(value)),
                                                base_assignee=row.assignee_id,
                                                base_version=row.row_version),
                     lambda _r: self.dismiss(_("Handed over.")), on_error=self._failed)


class PlanDialog(_QueueDialog):
    """Set up what follows: a chain (the next one N working days after this one is done) or
    a recurring series (e.g. monthly for 6 months)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PlanDialog") + """
    PlanDialog .plan-row { height: auto; }
    PlanDialog .plan-row FormField { width: 1fr; margin-right: 1; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_title(self.row, _("Next follow-up")), classes="dialog-title")
            yield FormField("mode", _("Kind of series"),
                            Dropdown([(_(t), m.value) for m, t in PLAN_LABELS.items()],
                                     value=PlanMode.chain.value, allow_blank=False,
                                     id="plan-mode"))
            with Horizontal(classes="plan-row"):
                yield FormField("interval", _("Every / after"), Input("10", id="plan-interval"))
                yield FormField("unit", _("Unit"),
                                Dropdown([(_(t), u) for u, t in UNIT_LABELS.items()],
                                         value="workdays", allow_blank=False, id="plan-unit"))
                yield FormField("count", _("How many more"), Input("1", id="plan-count"))
            yield FormField("next_step", _("Next step"), Input(id="plan-next-step"),
                            hint=_("empty: the same as now"))
            yield Static(_("The next follow-up is created when this one is marked done."),
                         classes="form-label")
            yield from self._buttons()

    def on_mount(self) -> None:
        self.query_one("#plan-interval", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "plan-mode" and event.value == PlanMode.recurrence.value:
            self.query_one("#plan-interval", Input).value = "1"
            self.query_one("#plan-unit", Select).value = "months"
            self.query_one("#plan-count", Input).value = "6"

    def action_save(self) -> None:
        raw = {
            "mode": self.query_one("#plan-mode", Select).value,
            "interval": self.query_one("#plan-interval", Input).value,
            "unit": self.query_one("#plan-unit", Select).value,
            "count": self.query_one("#plan-count", Input).value,
            "next_step": self.query_one("#plan-next-step", Input).value,
        }
        try:
            spec = check_plan(raw)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        clear_errors(self)
        ctx, fid = self.capp.ctx, self.row.id
        self.db_work(lambda: followups.set_plan(ctx, fid, spec),
                     lambda _r: self.dismiss(_("Series set up.")), on_error=self._failed)
