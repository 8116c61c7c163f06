"""Case overview: phase, key facts, next follow-ups, recent notes, phase history."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Static

from caseterm.core.lists import FOLLOWUPS
from caseterm.core.phases import CaseFacts, StepState, step_states
from caseterm.core.vocab import CasePhase, label
from caseterm.i18n import N_, _, fmt_date, fmt_datetime, language
from caseterm.screens.base import BaseScreen
from caseterm.screens.dialogs import FollowUpDialog, NoteDialog, PhaseDialog
from caseterm.screens.sync_status import show_merged
from caseterm.services import cases as cases_repo
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.lazy_text import LazyText
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tables import MeasuredTable, define_columns, list_cells, list_columns


def phase_stepper(current: CasePhase, facts: CaseFacts | None = None) -> Text:
    """Access › Intake › [Assessment] › … with ✓ for phases passed with their result, ✗ for
    phases passed without it (skipped ahead), ● for the current one."""
    out = Text(end="")
    for i, (phase, state) in enumerate(step_states(current, facts or CaseFacts())):
        if i:
            out.append(" › ", style="dim")
        if state is StepState.done:
            out.append("✓ " + label(phase), style="green")
        elif state is StepState.incomplete:
            out.append("✗ " + label(phase) + " (" + _("not complete") + ")", style="yellow")
        elif state is StepState.current:
            out.append("● " + label(phase), style="bold reverse")
        else:
            out.append("○ " + label(phase), style="dim")
    return out


class CaseScreen(BaseScreen):
    TITLE_MSGID = N_("Case")
    HELP_MSGID = N_(
        "The case at a glance: where it stands in the case management cycle, the client's key "
        "facts, what is due next, recent contact notes and the history of phases. Add a note "
        "with N, move the case to another phase with P (a reason is asked for), add a "
        "follow-up with W. E records or withdraws consents, I shows what the intake recorded, "
        "V the referrals and their feedback. A opens the assessment, R the network and "
        "resource map, G the goals and the agreed plan. K opens the case conferences, X the "
        "evaluation and closure with costs."
    )
    DEFAULT_CSS = """
    CaseScreen #case-head { height: auto; padding: 0 1; background: $boost; }
    CaseScreen #case-cp { height: auto; padding: 0 1; background: $error 30%; display: none; }
    CaseScreen #case-cp.-shown { display: block; }
    CaseScreen #case-merged { height: auto; padding: 0 1; background: $accent 20%;
        display: none; }
    CaseScreen #case-merged.-shown { display: block; }
    CaseScreen #case-stepper { height: auto; padding: 0 1; margin-bottom: 1; }
    CaseScreen #case-facts {
        width: 36%; max-width: 48; min-width: 28; padding: 0 1;
        border-right: solid $primary-darken-2;
    }
    CaseScreen .section-title { text-style: bold; margin-top: 1; }
    CaseScreen #case-followups { height: auto; max-height: 12; }
    CaseScreen #case-history { height: auto; max-height: 10; }
    CaseScreen #case-notes { height: auto; }
    CaseScreen #case-main { padding: 0 1; }
    """
    BINDINGS = bindings("case")
    COMMAND_SCOPES = ('case',)
    KEPT = "caseterm-case"  # the name the one reused case screen is installed under

    def __init__(self, case_id: uuid.UUID,
                 data: cases_repo.CaseOverview | None = None) -> None:
        """`data`: the overview, when the caller already loaded it (CasetermApp.open_case
        does, so the screen paints once, filled, instead of empty and then again)."""
        super().__init__()
        self.case_id = case_id
        self.data: cases_repo.CaseOverview | None = None
        self._prefetched = data
        self.language = language()  # the section titles are composed in it

    @classmethod
    def for_case(cls, app, case_id: uuid.UUID,
                 data: cases_repo.CaseOverview | None) -> CaseScreen:
        """The screen to push for `case_id` (issue 18): ONE case screen is kept installed and
        refilled for the next case, because composing a new one (header, tables, footer
        keys, their styles) was most of the CPU of an opening. A new screen only when the
        kept one is in use (on the stack below the screen that opens another case) or was
        composed in another language."""
        if app.is_screen_installed(cls.KEPT):
            kept = app.get_screen(cls.KEPT)
            if kept in app.screen_stack:
                return cls(case_id, data)
            if isinstance(kept, cls) and kept.language == language() and kept.is_mounted:
                kept.refill(case_id, data)
                return kept
            app.uninstall_screen(cls.KEPT)
            if kept.is_mounted:
                app.call_later(kept.remove)
        screen = cls(case_id, data)
        app.install_screen(screen, cls.KEPT)
        return screen

    def _style_state(self) -> tuple:
        app = self.app
        return (getattr(app, "_css_update_count", None), app.theme, app.app_focus,
                app.ansi_color)

    def _on_screen_resume(self, event) -> None:
        # Textual restyles every node of a screen when it is pushed (~a sixth of an
        # opening). The kept screen's nodes keep their styles while it is suspended: only a
        # change of the app's CSS, theme or focus can make them stale, so restyle then only.
        # (Textual calls this before Screen's own handler of the same event: MRO order.)
        state = self._style_state()
        if getattr(self, "_styled_for", None) == state:
            event.refresh_styles = False
        self._styled_for = state

    def refill(self, case_id: uuid.UUID, data: cases_repo.CaseOverview | None) -> None:
        """Show another case on this (suspended) screen. Everything of the case shown before
        is dropped first: texts, rows, cursors, scroll positions, focus; answers of workers
        started for it are ignored when they arrive (`_show` checks the case)."""
        self.case_id, self.data, self._prefetched = case_id, None, None
        for sid in ("#case-head", "#case-cp", "#case-merged", "#case-stepper",
                    "#case-facts-body", "#case-notes"):
            self.query_one(sid, Static).update("")
        self.query_one("#case-cp", Static).set_class(False, "-shown")
        self.query_one("#case-merged", Static).set_class(False, "-shown")
        for table in self.query(DataTable).results(DataTable):
            table.clear()
            table.move_cursor(row=0, column=0, animate=False, scroll=False)
            table.scroll_to(0, 0, animate=False, immediate=True)
        for scroller in (self.query_one("#case-facts", VerticalScroll),
                         self.query_one("#case-main", VerticalScroll)):
            scroller.scroll_to(0, 0, animate=False, immediate=True)
        self.sub_title = ""
        self.set_focus(None)  # pushing the screen focuses its first widget, as a new one
        if data is not None:
            self._show(data)
        else:
            self.action_reload()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="case-head")
        yield Static("", id="case-cp")
        yield Static("", id="case-merged")  # people merged into this one (sync_status.py)
        yield Static("", id="case-stepper")
        with Horizontal():
            with VerticalScroll(id="case-facts"):
                yield Static("", id="case-facts-body")
            with VerticalScroll(id="case-main"):
                yield Static(_("Next follow-ups"), classes="section-title")
                yield MeasuredTable(id="case-followups", cursor_type="row", zebra_stripes=True)
                yield Static(_("Recent contact notes"), classes="section-title")
                yield LazyText("", id="case-notes")
                yield Static(_("Phase history"), classes="section-title")
                yield MeasuredTable(id="case-history", cursor_type="row", zebra_stripes=True)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        list_columns(self.query_one("#case-followups", DataTable), FOLLOWUPS)
        define_columns(self.query_one("#case-history", DataTable), [
            (_("When"), "when"), (_("From"), "from"), (_("To"), "to"), (_("Who"), "who"),
            (_("Reason"), "reason")])
        if self._prefetched is not None:
            data, self._prefetched = self._prefetched, None
            self._show(data)
        else:
            self.action_reload()

    def action_reload(self) -> None:
        ctx = self.capp.ctx
        self.db_work(lambda: cases_repo.overview(ctx, self.case_id), self._show,
                     group="case", exclusive=True)

    def _show(self, data: cases_repo.CaseOverview) -> None:
        if data.case.id != self.case_id:
            return  # an answer for the case this screen showed before it was refilled
        self.data = data
        c = data.case
        head = assemble((c.case_number, "bold"), " — ", (f"{c.last_name}, {c.first_name}", "bold"),
                        " — ", label(c.legal_area))
        if c.title:
            head.append("\n")
            head.append_text(safe(c.title, limit=200))
        self.query_one("#case-head", Static).update(head)
        self._mark_unsent(head)
        show_merged(self, self.case_id)
        cp = self.query_one("#case-cp", Static)
        cp.update(Text("⚠ " + _("Child protection concern: this case comes first."),
                       style="bold"))
        cp.set_class(c.child_protection, "-shown")
        stepper = phase_stepper(c.phase, data.facts)
        if c.phase is CasePhase.closure and c.closure_reason:
            stepper.append("  (" + label(c.closure_reason) + ")")
        self.query_one("#case-stepper", Static).update(stepper)
        self.query_one("#case-facts-body", Static).update(self._facts(data))

        fu = self.query_one("#case-followups", DataTable)
        fu.clear()
        for row in data.followups:
            fu.add_row(*list_cells(FOLLOWUPS, row), key=str(row.id))
        if not data.followups:
            fu.add_row("", "", "", "", Text(_("Nothing due. Add a follow-up with W."),
                                            style="dim"), "")
        notes = Text(end="")
        for note in data.notes:
            if notes:
                notes.append("\n\n")
            notes.append(f"{fmt_datetime(note.occurred_at)} · {label(note.kind)}", style="bold")
            if note.author:
                notes.append_text(assemble(" · ", note.author))
            if note.participants:
                notes.append_text(assemble(" · ", _("with"), " ", note.participants))
            notes.append("\n")
            notes.append_text(safe(note.text, multiline=True))
        if not data.notes:
            notes = Text(_("No contact notes yet. Add one with N."), style="dim")
        self.query_one("#case-notes", Static).update(notes)

        hist = self.query_one("#case-history", DataTable)
        hist.clear()
        for h in data.history:
            hist.add_row(safe(fmt_datetime(h.at)), safe(label(h.from_phase) if h.from_phase
                                                       else "—"),
                         safe(label(h.to_phase)), safe(h.worker, limit=24),
                         safe(h.reason, limit=60))
        self.sub_title = f"{c.case_number}"

    def _mark_unsent(self, head: Text) -> None:
        """On a laptop: "⇡ nicht übertragen" in the header while the case has changes not
        yet sent to the central office (screens/sync_status.py)."""
        from caseterm.screens.sync_status import is_replica

        if not is_replica(self.app):
            return
        from caseterm.services import sync
        from caseterm.widgets.sync_bar import unsent_note

        ctx, case_id = self.capp.ctx, self.case_id

        def shown(unsent: set) -> None:
            if case_id in unsent and case_id == self.case_id:
                self.query_one("#case-head", Static).update(
                    Text.assemble(head, "  ", unsent_note()))

        self.db_work(lambda: sync.record_unsent(ctx, {case_id}), shown, group="case-unsent",
                     exclusive=True)

    def _facts(self, data: cases_repo.CaseOverview) -> Text:
        c = data.case
        rows: list[tuple[str, str]] = [
            (_("Client"), f"{c.first_name} {c.last_name}"),
            (_("Born"), fmt_date(c.birth_date)),
            (_("Languages"), c.languages),
            (_("Interpreter"), _("needed") if c.interpreter_needed else _("not needed")),
            (_("Phone"), c.phone),
            (_("E-mail"), c.email),
            (_("Address"), c.address),
            (_("District"), c.district),
            (_("Lead worker"), c.lead_worker),
            (_("Deputy"), c.deputy_worker),
            (_("Opened"), fmt_date(c.opened_on)),
            (_("Phase since"), fmt_date(c.phase_since)),
            (_("Consent"), _("given") if data.facts.has_consent else _("missing")),
            (_("Assessment"), _("complete") if data.facts.assessment_complete
             else _("not complete")),
            (_("Agreed plan"), _("yes") if data.facts.plan_agreed else _("no")),
        ]
        if c.closed_on:
            rows.append((_("Closed"), fmt_date(c.closed_on)))
        out = Text(end="")
        for name, value in rows:
            out.append(f"{name}: ", style="bold")
            out.append_text(safe(value or "—"))  # one line each: no faked field lines
            out.append("\n")
        return out

    # -- actions ---------------------------------------------------------------------------
    def _label(self) -> str:
        if self.data is None:
            return ""
        c = self.data.case
        return f"{c.case_number} {c.last_name}, {c.first_name}"

    def _after_dialog(self, result) -> None:
        if result is not None:
            self.action_reload()
            self.notify(_("Saved."), timeout=3)

    def action_note(self) -> None:
        self.app.push_screen(NoteDialog(self.case_id, self._label()), self._after_dialog)

    def action_phase(self) -> None:
        if self.data is None:
            return
        self.app.push_screen(PhaseDialog(self.case_id, self.data.case.phase, self.data.targets),
                             self._after_dialog)

    def action_followup(self) -> None:
        if self.data is None:
            return
        self.app.push_screen(FollowUpDialog(self.case_id, self.data.case.lead_worker_id),
                             self._after_dialog)

    def action_referrals(self) -> None:
        from caseterm.screens.referrals import ReferralsScreen

        self.app.push_screen(ReferralsScreen(self.case_id))

    def action_consents(self) -> None:
        from caseterm.screens.consents import ConsentsDialog

        self.app.push_screen(ConsentsDialog(self.case_id, self._label()),
                             lambda changed: self.action_reload() if changed else None)

    def action_intake_summary(self) -> None:
        from caseterm.screens.intake_summary import IntakeSummaryDialog

        self.app.push_screen(IntakeSummaryDialog(self.case_id, self._label()))

    def action_edit_client(self) -> None:
        from caseterm.screens.record_edit import ClientEditDialog

        self._edit(ClientEditDialog)

    def action_edit_case(self) -> None:
        from caseterm.screens.record_edit import CaseEditDialog

        self._edit(CaseEditDialog)

    def _edit(self, dialog) -> None:
        from caseterm.services import record

        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: record.state(ctx, case_id),
                     lambda st: self.app.push_screen(dialog(st), self._after_dialog))

    def action_all_notes(self) -> None:
        from caseterm.screens.record_notes import RecordNotesScreen

        self.app.push_screen(RecordNotesScreen(self.case_id, self._label()))

    def action_documents(self) -> None:
        from caseterm.screens.documents import DocumentsScreen

        self.app.push_screen(DocumentsScreen(self.case_id, self._label()))

    def action_go(self, dest: str) -> None:
        from caseterm import navigation

        if navigation.get(dest) is None:
            self.notify(_("This part is not available yet."), severity="warning")
            return
        self.open_destination(dest, self.case_id)

    def action_back(self) -> None:
        self.app.pop_screen()
