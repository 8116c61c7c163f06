"""The follow-up queue (Wiedervorlage): everything dated, overdue first — the caseworker's
start screen.

Sections overdue / today / this week / later; child protection (⚠) first, then legal
deadlines (§ Frist, marked with a symbol and a word), then the oldest, then priority. The
rows come page by page (PagedTable): the queue stays instant with 300,000 follow-ups.
"""

from __future__ import annotations

import uuid
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Select, Static, TextArea

from caseterm.core import clock
from caseterm.core.queue import (
    ESCALATION_LABELS,
    PLAN_LABELS,
    PRESET_LABELS,
    UNIT_LABELS,
    Escalation,
    PlanMode,
    PostponePreset,
    Section,
    check_plan,
    is_flagged_postponed,
    section_label,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind, LegalArea, label, options
from caseterm.i18n import N_, _, fmt_date, ngettext
from caseterm.screens.base import BaseScreen
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.services import AccessDenied, followups
from caseterm.services.errors import user_message
from caseterm.services.followups import PostponementRow, QueueFilter, QueueRow
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.paged_table import PagedTable
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tables import define_columns, due_cell

ALL = ""


def kind_cell(kind: FollowUpKind) -> Text:
    """The kind in words; a legal deadline also carries the § sign (not colour alone)."""
    if kind is FollowUpKind.frist:
        return Text("§ " + label(kind), style="bold magenta")
    return Text(label(kind))


def lateness_cell(days: int) -> Text:
    """How late: "3 days" (the column says "late"), "today", nothing for the future."""
    if days > 0:
        return Text(ngettext("{n} day", "{n} days", days).format(n=days), style="bold red")
    if days == 0:
        return Text(_("today"), style="bold")
    return Text("")


def marker_cell(row: QueueRow) -> Text:
    if row.child_protection:
        return Text("⚠", style="bold red")
    if row.kind is FollowUpKind.frist:
        return Text("§", style="bold magenta")
    return Text("")


def flags_cell(row: QueueRow) -> Text:
    parts: list[tuple[str, str]] = []
    if row.child_protection:
        parts.append(("⚠ " + _("child protection"), "bold red"))
    if row.deadline_in is not None:
        parts.append(("§ " + (_("ends today") if row.deadline_in == 0 else ngettext(
            "ends in {n} working day", "ends in {n} working days", row.deadline_in
        ).format(n=row.deadline_in)), "bold magenta"))
    if row.escalation is not Escalation.none:
        parts.append(("↑ " + _(ESCALATION_LABELS[row.escalation]), "bold"))
    if is_flagged_postponed(row.postpone_count):
        parts.append((_("postponed {n}×").format(n=row.postpone_count), "bold yellow"))
    elif row.postpone_count:
        parts.append((_("postponed {n}×").format(n=row.postpone_count), "dim"))
    if row.has_plan:
        parts.append(("↻ " + _("series"), ""))
    if row.covering_for:
        parts.append((_("for {name}").format(name=row.covering_for), "bold cyan"))
    if row.referral_id is not None:
        parts.append(("← " + _("received referral") + " (B)", "bold cyan"))
    out = Text(end="")
    for i, (text, style) in enumerate(parts):
        if i:
            out.append(" · ", style="dim")
        out.append(text, style=style)
    return out


class QueueScreen(BaseScreen):
    AUTO_FOCUS = "#queue-table"
    TITLE_MSGID = N_("Follow-up queue")
    HELP_MSGID = N_(
        "Everything that is due, in four sections: overdue, today, this week, later. Child "
        "protection cases (⚠) come first, then legal deadlines (§ Frist), then the oldest "
        "items, then priority. Enter opens the case. D marks the highlighted follow-up done "
        "(the outcome becomes a contact note), P postpones it (a reason is required), R "
        "hands it to someone else, N sets up the next one (a chain or a recurring series). "
        "F moves to the filters: mine / my team / one worker, legal area, kind. While you "
        "deputise for an absent colleague, her follow-ups are in yours, marked “for <name>”. "
        "Items more than 5 working days overdue also show on the deputy's queue, more than "
        "10 on the team lead's — for cases they may read."
    )
    DEFAULT_CSS = """
    QueueScreen #queue-summary { height: auto; padding: 0 1; background: $boost; }
    QueueScreen #queue-filters { height: auto; padding: 0 1; }
    QueueScreen #queue-filters Select { width: 1fr; margin-right: 1; }
    QueueScreen #queue-table { height: 1fr; }
    QueueScreen #queue-inbox { height: auto; padding: 0 1; color: $warning; display: none; }
    QueueScreen #queue-inbox.-shown { display: block; }
    QueueScreen #queue-empty { height: auto; padding: 1 2; display: none; }
    QueueScreen #queue-empty.-shown { display: block; }
    """
    BINDINGS = [
        Binding("d", "done", N_("Done")),
        Binding("p", "postpone", N_("Postpone")),
        Binding("r", "reassign", N_("Reassign")),
        Binding("n", "plan", N_("Next / series")),
        Binding("o", "open_case", N_("Open case")),
        # (not in the footer, which is full: the row's flag says "(B)")
        Binding("b", "answer", N_("Answer referral"), show=False),
        Binding("f", "filters", N_("Filter")),
        Binding("i", "app.go('intake')", N_("Intake")),
        Binding("s,slash", "app.go('cases')", N_("Search")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        Binding("v", "app.go('people')", N_("Absence"), show=False),
        Binding("k", "app.go('sync_conflicts')", N_("Sync conflicts"), show=False),
        Binding("u", "app.go('sync_duplicates')", N_("Possible duplicates"), show=False),
        Binding("escape", "back", N_("Home")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._restore_row: int | None = None
        self._refreshed = False
        self._current_filter: QueueFilter | None = None
        self._counts_gen = 0

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="queue-summary")
        yield Static("", id="queue-inbox")  # referrals and hand-overs addressed to me
        with Horizontal(id="queue-filters"):
            yield Select(self._scopes([]), value="mine", allow_blank=False,
                         id="queue-scope")
            yield Select(options(LegalArea), prompt=_("All legal areas"), id="queue-area")
            yield Select(options(FollowUpKind), prompt=_("All kinds"), id="queue-kind")
        yield Static(_("Nothing is due. Press I to begin the first intake, F5 to find a "
                       "case, F1 for help."), id="queue-empty")
        yield PagedTable(fetch=self._fetch, key_of=lambda r: r.cursor, cells=self._cells,
                         row_id=lambda r: str(r.id), id="queue-table")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        table = self.query_one("#queue-table", PagedTable)
        define_columns(table, [
            # whose follow-up it is comes first: case, client and assignee fit in 80 columns
            (_("Section"), "section"), ("!", "flag"), (_("Due"), "due"), (_("Case"), "case"),
            (_("Client"), "client"), (_("Assigned to"), "who"), (_("Next step"), "next"),
            (_("Late"), "late"), (_("Kind"), "kind"), (_("Notes"), "flags")])
        table.focus()
        ctx = self.capp.ctx
        self.db_work(lambda: followups.visible_workers(ctx), self._set_workers,
                     group="queue-workers")
        # show the queue at once; bring automatic follow-ups in step meanwhile and show
        # the queue again if that changed anything
        self._refreshed = True
        self.action_reload()
        self.db_work(lambda: followups.refresh(ctx), self._after_refresh, group="queue-refresh",
                     on_error=lambda exc: self.app.log.error(repr(exc)))
        self._inbox()

    def _inbox(self) -> None:
        from caseterm.services import people

        ctx = self.capp.ctx
        self.db_work(lambda: people.inbox_line(ctx), self._show_inbox, group="queue-inbox",
                     on_error=lambda exc: self.app.log.error(repr(exc)))

    def _show_inbox(self, line: str) -> None:
        box = self.query_one("#queue-inbox", Static)
        box.update(safe(line))
        box.set_class(bool(line), "-shown")

    def _after_refresh(self, changed: int) -> None:
        if changed:
            self.action_reload(keep_cursor=True)

    def on_screen_resume(self) -> None:
        if self._refreshed:
            self.action_reload(keep_cursor=True)
            self._inbox()

    def _scopes(self, workers: list[tuple[str, uuid.UUID]]) -> list[tuple[str, str]]:
        """Mine; my team (team lead); the queues of colleagues I may open (my team, or
        an absent colleague I deputise for)."""
        opts = [(_("Mine"), "mine")]
        if followups.sees_team(self.capp.ctx):
            opts.append((_("My team"), "team"))
        opts += [(_("Worker: {name}").format(name=name), f"w:{wid}") for name, wid in workers]
        return opts

    def _set_workers(self, workers: list[tuple[str, uuid.UUID]]) -> None:
        opts = self._scopes(workers)
        scope = self.query_one("#queue-scope", Select)
        current = scope.value
        with self.prevent(Select.Changed):
            scope.set_options(opts)
            scope.value = current if current in {v for _l, v in opts} else "mine"

    # -- data ------------------------------------------------------------------------------
    @property
    def filter(self) -> QueueFilter:
        """The filters as chosen (AccessDenied, audited, for a queue not open to me)."""
        scope = str(self.query_one("#queue-scope", Select).value or "mine")
        area = self.query_one("#queue-area", Select).value
        kind = self.query_one("#queue-kind", Select).value
        worker_id = None
        if scope.startswith("w:"):
            worker_id, scope = uuid.UUID(scope[2:]), "worker"
        return followups.queue_filter(
            self.capp.ctx, scope=scope, worker_id=worker_id,
            legal_area=None if area is Select.NULL else str(area),
            kind=None if kind is Select.NULL else str(kind),
        )

    def _fetch(self, after, limit):
        return followups.page(self.capp.ctx, self._current_filter, after=after, limit=limit)

    def _cells(self, row: QueueRow) -> list:
        today = clock.today()
        section = Text(section_label(row.section), style="bold") if row.first_in_section \
            else Text("")
        return [
            section, marker_cell(row), due_cell(row.due_date, today), safe(row.case_number),
            safe(row.client_name, limit=18), safe(row.assignee, limit=10),
            safe(row.next_step, limit=44), lateness_cell(row.days_late(today)),
            kind_cell(row.kind), flags_cell(row),
        ]

    def action_reload(self, keep_cursor: bool = False) -> None:
        table = self.query_one("#queue-table", PagedTable)
        self._restore_row = table.cursor_row if keep_cursor and table.row_count else None
        try:
            self._current_filter = self.filter
        except AccessDenied as exc:  # a queue no longer open to me: back to mine
            self.notify(exc.message, severity="error", markup=False)
            with self.prevent(Select.Changed):
                self.query_one("#queue-scope", Select).value = "mine"
            self._current_filter = self.filter
        flt, ctx = self._current_filter, self.capp.ctx
        table.reload()
        self._counts_gen += 1
        generation = self._counts_gen
        # not exclusive (a cancelled worker would be an error); stale answers are dropped
        self.db_work(lambda: (generation, followups.counts(ctx, flt)), self._show_counts,
                     group="queue-counts")

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        self.query_one("#queue-empty").set_class(not event.count, "-shown")
        if self._restore_row is not None and event.count:
            table = event.table
            table.move_cursor(row=min(self._restore_row, event.count - 1))
            self._restore_row = None

    def _show_counts(self, result: tuple[int, dict[Section, int]]) -> None:
        generation, counts = result
        if generation != self._counts_gen:
            return
        total = sum(counts.values())
        styles = {Section.overdue: "bold red", Section.today: "bold"}
        summary = Text.assemble(
            (_("Follow-ups"), "bold"), " — ", fmt_date(clock.today()), " — ",
            ngettext("{n} open", "{n} open", total).format(n=total), "  ")
        for i, section in enumerate(Section):
            if i:
                summary.append(" · ")
            summary.append(f"{section_label(section)}: {counts[section]}",
                           style=styles.get(section, "") if counts[section] else "")
        self.query_one("#queue-summary", Static).update(summary)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in {"queue-scope", "queue-area", "queue-kind"} and self._refreshed:
            self.action_reload()

    # -- actions ---------------------------------------------------------------------------
    def _current(self) -> QueueRow | None:
        row = self.query_one("#queue-table", PagedTable).current()
        if row is None:
            self.notify(_("Nothing selected."), severity="warning")
        return row

    def _after(self, message: str | None) -> None:
        # the list is reloaded when this screen resumes (on_screen_resume)
        if message:
            self.notify(message, timeout=4, markup=False)

    def _own(self) -> QueueRow | None:
        """The highlighted follow-up of a case of mine; a received referral is answered."""
        row = self._current()
        if row is not None and row.referral_id is not None:
            self.notify(_("A received referral: B answers it (the sender's case is not "
                          "yours)."), severity="warning")
            return None
        return row

    def on_data_table_row_selected(self, event) -> None:
        row = self._current()
        if row is not None and row.referral_id is not None:
            self.action_answer()
        else:
            self.action_open_case()

    def action_open_case(self) -> None:
        row = self._own()
        if row is not None:
            self.capp.open_case(row.case_id)

    def action_answer(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.referral_id is None:
            self.notify(_("This is not a referral addressed to you."), severity="warning")
            return
        from caseterm.screens.people_dialogs import AnswerDialog
        from caseterm.services import people

        ctx, rid = self.capp.ctx, row.referral_id
        self.db_work(lambda: people.incoming_referral(ctx, rid),
                     lambda ref: self.app.push_screen(AnswerDialog(ref), self._answered))

    def _answered(self, answer: str | None) -> None:
        if answer:
            self.notify(_("Answered: {answer}. The sender's follow-up is closed.").format(
                answer=answer), markup=False)  # the list reloads on resume

    def action_done(self) -> None:
        row = self._own()
        if row is not None:
            self.app.push_screen(DoneDialog(row), self._after)

    def action_postpone(self) -> None:
        row = self._own()
        if row is not None:
            self.app.push_screen(PostponeDialog(row), self._after)

    def action_reassign(self) -> None:
        row = self._own()
        if row is not None:
            self.app.push_screen(ReassignDialog(row), self._after)

    def action_plan(self) -> None:
        row = self._own()
        if row is not None:
            self.app.push_screen(PlanDialog(row), self._after)

    def action_filters(self) -> None:
        self.query_one("#queue-scope", Select).focus()

    def action_back(self) -> None:
        focused = self.focused
        table = self.query_one("#queue-table", PagedTable)
        if focused is not None and focused is not table:
            table.focus()
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.capp.open_destination("home")


# -- dialogs ------------------------------------------------------------------------------
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
                            Select(presets, value=PostponePreset.next_working_day.value,
                                   allow_blank=False, id="pp-preset"))
            yield FormField("date", _("Date"), Input(id="pp-date"),
                            hint=_("only for “A date”: DD.MM.YYYY, “+2w”"))
            yield FormField("reason", _("Reason"), Input(id="pp-reason"),
                            hint=_("required: why it cannot be done now"))
            yield from self._buttons()

    def on_mount(self) -> None:
        self.query_one("#pp-reason", Input).focus()
        ctx, fid = self.capp.ctx, self.row.id
        self.db_work(lambda: followups.postpone_choices(ctx, fid), self._show_presets,
                     group="pp-presets")
        if self.row.postpone_count:
            self.db_work(lambda: followups.postponements(ctx, fid), self._history)

    def _show_presets(self, choices: list[tuple[PostponePreset, date | None]]) -> None:
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
                            Select([], prompt=_("Choose a worker"), id="ra-worker"))
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
                            Select([(_(t), m.value) for m, t in PLAN_LABELS.items()],
                                   value=PlanMode.chain.value, allow_blank=False,
                                   id="plan-mode"))
            with Horizontal(classes="plan-row"):
                yield FormField("interval", _("Every / after"), Input("10", id="plan-interval"))
                yield FormField("unit", _("Unit"),
                                Select([(_(t), u) for u, t in UNIT_LABELS.items()],
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

