"""Intake (Klärungsphase): a new client and case in minutes.

One form in five sections — person, case and referral, indication check, consent, working
agreement (form.py). The cursor starts in the last-name field; as soon as name and birth date
are in, existing clients who may be the same person are shown (with the reason;
duplicate_dialog.py). Ctrl+S checks every field, shows each message at its field, and saves
everything in one transaction or nothing. Escape asks before throwing typed data away.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Button, Header, Input, Select, Static, TextArea

from caseterm.core import clock
from caseterm.core import consent as consent_rules
from caseterm.core import indication as ind
from caseterm.core.consent import ConsentPurpose
from caseterm.core.dates import DateFormatError, parse_date
from caseterm.core.duplicates import script_warnings
from caseterm.core.intake import check_intake
from caseterm.core.validate import Errors, InputError
from caseterm.i18n import N_, _, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.dialogs import ConfirmDialog
from caseterm.screens.intake.duplicate_dialog import DuplicateDialog, _candidate_line
from caseterm.screens.intake.form import IntakeForm
from caseterm.screens.intake_draft import DraftMixin
from caseterm.services import intake as intake_service
from caseterm.services.intake import DuplicateCandidate, DuplicatesFound, GateError
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import clear_errors, show_errors
from caseterm.widgets.registry import bindings, key_button
from caseterm.widgets.safe import safe
from caseterm.widgets.tickbox import Checkbox

DEBOUNCE = 0.3


class IntakeScreen(IntakeForm, DraftMixin, BaseScreen):
    TITLE_MSGID = N_("New intake")
    HELP_MSGID = N_(
        "New client and case in one flow. Start with the name: as soon as name and birth "
        "date are in, possible duplicates are shown with the reason. Tab moves to the next "
        "field, F8 or Ctrl+PageDown jumps to the next section, F7 or Ctrl+PageUp to the "
        "previous one. The indication check counts the life "
        "domains with a concern; case management can start only with the client's consent. "
        "When it is not indicated, record the alternative: the case is then closed with that "
        "reason. Ctrl+S saves everything at once or nothing; Escape asks before discarding."
    )
    DEFAULT_CSS = """
    IntakeScreen #intake-form { padding: 0 2; }
    IntakeScreen .section-title {
        text-style: bold; background: $boost; padding: 0 1; margin: 1 0 1 0; width: 100%;
    }
    IntakeScreen .row { height: auto; }
    IntakeScreen .row > FormField { width: 1fr; margin-right: 2; }
    /* a label longer than its field wraps instead of being cut (80 columns); the labels of
       a row keep one height so that its fields stay level */
    IntakeScreen FormField > .form-label { width: 100%; }
    IntakeScreen.-narrow .row > FormField > .form-label { height: 2; }
    IntakeScreen TextArea { height: 4; }
    IntakeScreen #dup-banner {
        height: auto; padding: 0 1; background: $warning 25%; display: none;
    }
    IntakeScreen #dup-banner.-shown { display: block; }
    IntakeScreen #name-warning { color: $warning; height: auto; display: none; }
    IntakeScreen #name-warning.-shown { display: block; }
    IntakeScreen #indication-status { height: auto; padding: 0 1; border: round $primary; }
    IntakeScreen .hint { color: $text-muted; }
    IntakeScreen Checkbox { border: none; padding: 0; height: 1; }
    IntakeScreen Checkbox:focus { border: none; background: $primary 40%; }
    IntakeScreen #in-criteria, IntakeScreen #in-consent_purposes { height: auto; }
    IntakeScreen #in-concerns {
        layout: grid; grid-size: 2; grid-columns: 1fr 1fr; grid-rows: auto; grid-gutter: 0 2;
        height: auto;
    }
    """
    BINDINGS = bindings("intake")
    COMMAND_SCOPES = ('intake',)

    candidates: var[list[DuplicateCandidate]] = var(list, init=False)

    def __init__(self) -> None:
        super().__init__()
        self._dup_timer: Timer | None = None
        self._saving = False
        self._ind_pending = False

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="dup-banner")
        with VerticalScroll(id="intake-form"):
            yield from self._person()
            yield from self._case()
            yield from self._indication()
            yield from self._consent()
            yield from self._agreement()
            with Horizontal(classes="dialog-buttons"):
                yield Button(key_button(self.app, _("Save intake"), "intake.save"), id="save",
                             variant="primary")
        yield TranslatedFooter()


    async def on_mount(self) -> None:
        await self.query_one("#in-concerns").mount_all(self._concern_fields())
        await self.query_one("#in-criteria").mount_all([
            Checkbox(ind.label(c), id=f"in-criterion-{c.value}")
            for c in ind.Criterion if c is not ind.Criterion.client_consent])
        await self.query_one("#in-consent_purposes").mount_all([
            Checkbox(consent_rules.label(p), value=False,  # consent is an active act
                     id=f"in-purpose-{p.value}") for p in ConsentPurpose])
        self._update_indication()
        self.query_one("#in-last_name", Input).focus()
        self.offer_draft()


    # -- live feedback -----------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        wid = event.input.id or ""
        if wid in ("in-first_name", "in-last_name", "in-birth_date"):
            self._schedule_duplicates()
            if wid != "in-birth_date":
                self._update_name_warning()
        if wid.startswith("in-concern_") or wid.startswith("in-consent_"):
            self._update_indication()
        self.schedule_draft()

    def on_checkbox_changed(self, _event: Checkbox.Changed) -> None:
        self._update_indication()
        self.schedule_draft()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self._update_indication()
        self.schedule_draft()

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.schedule_draft()

    def _update_name_warning(self) -> None:
        warnings = script_warnings(self._val("first_name"), self._val("last_name"))
        box = self.query_one("#name-warning", Static)
        box.update(safe("⚠ " + warnings[0].message) if warnings else "")
        box.set_class(bool(warnings), "-shown")

    def _consent_ok(self) -> bool:
        raw = self.raw()["consents"][0]
        e = Errors()
        checked = consent_rules.check_consent(raw, e)
        if e or checked is None:
            return False
        return consent_rules.covers_purpose(checked.facts(), ConsentPurpose.case_management,
                                            clock.today())

    def _update_indication(self) -> None:
        """Refresh the indication summary once after a burst of changes."""
        if not self._ind_pending:
            self._ind_pending = True
            self.call_after_refresh(self._update_indication_now)

    def _update_indication_now(self) -> None:
        self._ind_pending = False
        if not self.is_mounted:
            return
        try:
            raw = self.raw()
        except Exception:
            return
        domains = sum(1 for t in raw["referral"]["concerns"].values() if (t or "").strip())
        result = ind.evaluate(set(raw["indication"]["criteria"]), domains, self._consent_ok())
        out = Text(end="")
        out.append(_("Life domains with a concern: {n} (complex needs from {m})").format(
            n=domains, m=result.threshold) + "\n")
        for c in ind.Criterion:
            ok = result.met[c]
            out.append(("✓ " if ok else "✗ ") + ind.label(c) + "\n",
                       style="green" if ok else "")
        summary = _("Criteria met: {k} of {n}.").format(k=result.count_met, n=len(result.met))
        if result.all_met:
            summary += " " + _("Case management is indicated.")
        elif not result.met[ind.Criterion.client_consent]:
            summary += " " + _("Without consent the case cannot leave intake.")
        out.append(summary, style="bold")
        self.query_one("#indication-status", Static).update(out)

    # -- duplicates --------------------------------------------------------------------------
    def _schedule_duplicates(self) -> None:
        if self._dup_timer is not None:
            self._dup_timer.stop()
        self._dup_timer = self.set_timer(DEBOUNCE, self._check_duplicates)

    class DuplicatesChecked(Loaded[list[DuplicateCandidate]]):
        """The answer of the duplicate check for the name and birth date typed."""

    def _check_duplicates(self) -> None:
        first, last = self._val("first_name").strip(), self._val("last_name").strip()
        try:
            born = parse_date(self._val("birth_date")) if self._val("birth_date").strip() \
                else None
        except DateFormatError:
            born = None
        if not first or not last or born is None:
            self.workers.cancel_group(self, "duplicates")  # an older answer is not shown
            self.candidates = []
            return
        self._find_duplicates(first, last, born)

    @work(thread=True, exclusive=True, group="duplicates", exit_on_error=False)
    def _find_duplicates(self, first: str, last: str, born) -> None:
        ctx = self.capp.ctx  # an older answer (the name was changed meanwhile) is dropped
        self.deliver(lambda: intake_service.duplicates(ctx, first, last, born),
                     self.DuplicatesChecked)

    @on(DuplicatesChecked)
    def _duplicates_checked(self, event: DuplicatesChecked) -> None:
        self.candidates = list(event.data)

    def watch_candidates(self, found: list[DuplicateCandidate]) -> None:
        banner = self.query_one("#dup-banner", Static)
        if not found:
            banner.update("")
            banner.remove_class("-shown")
            return
        text = Text(ngettext("⚠ {n} possible duplicate — F6 to review:",
                             "⚠ {n} possible duplicates — F6 to review:", len(found))
                    .format(n=len(found)), style="bold")
        for c in found[:3]:
            text.append("\n  ")
            text.append_text(_candidate_line(c))
        banner.update(text)
        banner.add_class("-shown")

    def action_duplicates(self) -> None:
        if not self.candidates:
            self.notify(_("No possible duplicates found."), timeout=3)
            return
        self.app.push_screen(DuplicateDialog(self.candidates), self._after_duplicates)

    def _after_duplicates(self, result) -> None:
        if result is None:
            return
        what, case_id = result
        if what == "open":
            self.app.pop_screen()
            self.capp.open_case(case_id)
        elif what == "new":
            self._save(confirm_new=True)
        elif what == "new_case":
            self._save(confirm_new=False, existing_client_id=case_id)

    # -- saving ------------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def action_save(self) -> None:
        self._save(confirm_new=False)

    def _save(self, *, confirm_new: bool, existing_client_id=None) -> None:
        if self._saving:
            return
        try:
            data = check_intake(self.raw())
        except InputError as exc:
            show_errors(self, exc.errors)
            self.notify(ngettext("{n} field needs attention.", "{n} fields need attention.",
                                 len(exc.errors)).format(n=len(exc.errors)),
                        severity="error", timeout=5)
            return
        clear_errors(self)
        ctx = self.capp.ctx
        self._saving = True
        self.db_work(lambda: intake_service.save(ctx, data, confirm_new=confirm_new,
                                                 existing_client_id=existing_client_id),
                     self._saved, on_error=self._save_failed)

    def _saved(self, saved) -> None:
        self._saving = False
        self.drop_draft()
        self.notify(_("Intake saved: case {number}.").format(number=saved.case_number),
                    timeout=5, markup=False)
        self.app.pop_screen()
        self.capp.open_case(saved.case_id)

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, DuplicatesFound):
            self.candidates = list(exc.candidates)
            self.app.push_screen(DuplicateDialog(exc.candidates), self._after_duplicates)
            return
        if isinstance(exc, GateError):
            self.notify(exc.result.message, severity="error", timeout=8, markup=False)
            return
        self._db_failed(exc, None)

    # -- leaving and moving ------------------------------------------------------------------
    def action_leave(self) -> None:
        if not self.unsaved_work():
            self.app.pop_screen()
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.drop_draft()
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog(_("Discard the data typed into this intake?")),
                             answer)

    def current_section(self) -> int:
        """The section holding the focus (1 when nothing in the form has it)."""
        nodes = list(self.query_one("#intake-form").walk_children())
        focused = self.focused
        if focused is None or focused not in nodes:
            return 1
        before = nodes[:nodes.index(focused)]
        titles = [int(str(w.id).split("-")[1]) for w in before
                  if w.id and str(w.id).startswith("section-")]
        return titles[-1] if titles else 1

    def action_section_step(self, delta: int) -> None:
        self.action_section(min(5, max(1, self.current_section() + delta)))

    def action_section(self, n: int) -> None:
        title = self.query_one(f"#section-{n}")
        self.query_one("#intake-form", VerticalScroll).scroll_to_widget(title, top=True)
        nodes = list(self.query_one("#intake-form").walk_children())
        for widget in nodes[nodes.index(title):]:
            if widget.focusable:
                widget.focus()
                break
