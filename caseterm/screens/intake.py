"""Intake (Klärungsphase): a new client and case in minutes.

One form in five sections — person, case and referral, indication check, consent, working
agreement. The cursor starts in the last-name field; as soon as name and birth date are in,
existing clients who may be the same person are shown (with the reason). Ctrl+S checks every
field, shows each message at its field, and saves everything in one transaction or nothing.
Escape asks before throwing typed data away.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, DataTable, Header, Input, Select, Static, TextArea

from caseterm.core import clock
from caseterm.core import consent as consent_rules
from caseterm.core import indication as ind
from caseterm.core.consent import ConsentForm, ConsentPurpose, GivenBy
from caseterm.core.dates import DateFormatError, parse_date
from caseterm.core.duplicates import script_warnings
from caseterm.core.intake import check_intake, gender_options, parse_household_lines
from caseterm.core.validate import Errors, InputError
from caseterm.core.vocab import LegalArea
from caseterm.core.vocab import options as vocab_options
from caseterm.i18n import N_, _, fmt_date, ngettext, pgettext
from caseterm.screens.base import BaseModal, BaseScreen
from caseterm.screens.dialogs import DIALOG_CSS, ConfirmDialog
from caseterm.screens.intake_draft import DraftMixin
from caseterm.services import intake as intake_service
from caseterm.services.intake import DuplicateCandidate, DuplicatesFound, GateError
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tickbox import Checkbox

DEBOUNCE = 0.3


def _cases_text(c: DuplicateCandidate) -> str:
    if not c.visible:
        return _("in another caseload")
    return " ".join(c.case_numbers[:3])


def _candidate_line(c: DuplicateCandidate) -> Text:
    return assemble((f"{c.last_name}, {c.first_name}", "bold"), "  ",
                    fmt_date(c.birth_date) or "—", "  ", _cases_text(c),
                    "  — ", (c.reason, "italic"))


class DuplicateDialog(BaseModal):
    """Possible duplicates: open the existing person's case, or confirm a new person.
    Dismisses with ("open", case_id), ("new", None) or None (back to the form)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DuplicateDialog") + """
    DuplicateDialog DataTable { height: auto; max-height: 12; margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("o", "open", N_("Open existing case")),
        Binding("c", "new_case", N_("New case for this person")),
        Binding("n", "new", N_("Save as new person")),
        Binding("escape", "back", N_("Back to the form")),
    ]

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        super().__init__()
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(ngettext(
                "This person may already be a client ({n} match). Nothing is merged "
                "automatically.",
                "This person may already be a client ({n} matches). Nothing is merged "
                "automatically.", len(self.candidates)).format(n=len(self.candidates)),
                classes="dialog-title")
            yield DataTable(id="dup-table", cursor_type="row", zebra_stripes=True)
            yield Static(_("O or Enter: open the existing person's case (the form is "
                           "discarded) · C: a new case for the existing person (their record "
                           "is kept as it is) · N: save as a new person · Escape: back to the "
                           "form"))
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Back"), id="back")
                yield Button(_("Save as new person"), id="new")
                yield Button(_("Open existing case"), id="open", variant="primary")

    def on_mount(self) -> None:
        table = self.query_one("#dup-table", DataTable)
        table.add_column(_("Name"), key="name")
        table.add_column(_("Born"), key="born")
        table.add_column(_("Cases"), key="cases")
        table.add_column(_("District"), key="district")
        table.add_column(_("Why"), key="why")
        for i, c in enumerate(self.candidates):
            table.add_row(safe(f"{c.last_name}, {c.first_name}", limit=40),
                          safe(fmt_date(c.birth_date)), safe(_cases_text(c)),
                          safe(c.district, limit=20), safe(c.reason), key=str(i))
        table.focus()

    def _current(self) -> DuplicateCandidate | None:
        table = self.query_one("#dup-table", DataTable)
        if table.row_count == 0:
            return None
        return self.candidates[table.cursor_row]

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"open": self.action_open, "new": self.action_new}.get(
            event.button.id or "", self.action_back)()

    def action_open(self) -> None:
        c = self._current()
        if c is None:
            return
        if not c.visible:
            self.notify(_("This person's case is in another caseload; you may not open it. "
                          "Ask the team lead or the responsible caseworker before creating a "
                          "second record."), severity="warning", timeout=8)
            return
        if c.latest_case_id is None:
            self.notify(_("This person has no case to open."), severity="warning")
            return
        self.dismiss(("open", c.latest_case_id))

    def action_new(self) -> None:
        self.dismiss(("new", None))

    def action_new_case(self) -> None:
        c = self._current()
        if c is None:
            return
        if not c.visible:
            self.notify(_("This person's case is in another caseload; you may not open it. "
                          "Ask the team lead or the responsible caseworker before creating a "
                          "second record."), severity="warning", timeout=8)
            return
        self.dismiss(("new_case", c.client_id))

    def action_back(self) -> None:
        self.dismiss(None)


class IntakeScreen(DraftMixin, BaseScreen):
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
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "leave", N_("Back")),
        Binding("f6", "duplicates", N_("Duplicates")),
        # keys that arrive as keys in real terminals (Alt+digit arrives as "¡", "™" …)
        # priority: the scrolling form would take Ctrl+PageUp/Down as "page left/right"
        Binding("f8,ctrl+pagedown", "section_step(1)", N_("Next section"), priority=True,
                id="intake.next_section"),
        Binding("f7,ctrl+pageup", "section_step(-1)", N_("Previous section"), priority=True,
                id="intake.previous_section"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.candidates: list[DuplicateCandidate] = []
        self._dup_timer: Timer | None = None
        self._dup_query: tuple = ()
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
                yield Button(_("Save intake (Ctrl+S)"), id="save", variant="primary")
        yield TranslatedFooter()

    def _section(self, n: int, title: str) -> Static:
        return Static(safe(f"{n}  {title}"), classes="section-title", id=f"section-{n}")

    def _person(self) -> ComposeResult:
        yield self._section(1, _("Person"))
        with Horizontal(classes="row"):
            yield FormField("last_name", _("Last name"), Input(id="in-last_name"))
            yield FormField("first_name", _("First name"), Input(id="in-first_name"))
            yield FormField("birth_date", _("Birth date"),
                            Input(id="in-birth_date", placeholder=_("DD.MM.YYYY")),
                            hint=_("DD.MM.YYYY"))
        yield Static("", id="name-warning")
        with Horizontal(classes="row"):
            yield FormField("gender", _("Gender (optional)"),
                            Select(gender_options(), id="in-gender", prompt="—"))
            yield FormField("languages", _("Languages"), Input(id="in-languages"))
            yield FormField("interpreter_needed", _("Interpreter"),
                            Checkbox(_("Interpreter needed"), id="in-interpreter_needed"))
        with Horizontal(classes="row"):
            yield FormField("phone", _("Phone"), Input(id="in-phone"))
            yield FormField("email", _("E-mail"), Input(id="in-email"))
        with Horizontal(classes="row"):
            yield FormField("address", _("Address"), Input(id="in-address"))
            yield FormField("district", _("District (Sozialraum)"), Input(id="in-district"))
        yield FormField("household", _("Household members"), TextArea(id="in-household"),
                        hint=_("one a line: name; relation; birth date; BG (if in the "
                               "Bedarfsgemeinschaft)"))

    def _case(self) -> ComposeResult:
        yield self._section(2, _("Case and referral"))
        with Horizontal(classes="row"):
            yield FormField("legal_area", _("Legal area"),
                            Select(vocab_options(LegalArea), id="in-legal_area",
                                   prompt=_("Choose")))
            yield FormField("title", _("Occasion in a few words"), Input(id="in-title"))
        with Horizontal(classes="row"):
            yield FormField("referral_source", _("Referred by"),
                            Select(ind.options(ind.ReferralSource), id="in-referral_source",
                                   value=ind.ReferralSource.self.value, allow_blank=False))
            yield FormField("referring_agency", _("Referring agency"),
                            Input(id="in-referring_agency"))
            yield FormField("urgency", _("Urgency"),
                            Select(ind.options(ind.Urgency), id="in-urgency",
                                   value=ind.Urgency.routine.value, allow_blank=False))
        yield FormField("child_protection", _("Child protection"),
                        Checkbox(_("Child-protection concern (case goes on top of every "
                                   "list)"), id="in-child_protection"))
        yield FormField("concerns", _("Presenting concerns by life domain"),
                        Vertical(id="in-concerns"))

    def _concern_fields(self) -> list[Widget]:
        return [FormField(f"concern_{d.value}", ind.label(d), Input(id=f"in-concern_{d.value}"))
                for d in ind.ConcernDomain]

    def _indication(self) -> ComposeResult:
        yield self._section(3, _("Indication check for case management"))
        yield Static("", id="indication-status")
        yield FormField("criteria", _("Criteria"), Vertical(id="in-criteria"))
        with Horizontal(classes="row"):
            yield FormField("decision", _("Decision"),
                            Select(ind.options(ind.Decision), id="in-decision",
                                   value=ind.Decision.pending.value, allow_blank=False))
            yield FormField("alternative", _("Alternative (when not indicated)"),
                            Select(ind.options(ind.Alternative), id="in-alternative",
                                   prompt="—"))
        yield FormField("alternative_note", _("Alternative: details"),
                        Input(id="in-alternative_note"))

    def _consent(self) -> ComposeResult:
        yield self._section(4, _("Consent (Einwilligung)"))
        with Horizontal(classes="row"):
            yield FormField("consent_given_by", _("Given by"),
                            Select(consent_rules.options(GivenBy), id="in-consent_given_by",
                                   value=GivenBy.client.value, allow_blank=False))
            yield FormField("consent_given_by_name", _("Name(s), if not the client"),
                            Input(id="in-consent_given_by_name"))
        yield FormField("consent_purposes", _("Purposes"), Vertical(id="in-consent_purposes"))
        yield FormField("consent_recipients", _("Recipients"),
                        Input(id="in-consent_recipients"),
                        hint=_("separate with “;” — e.g. Schuldnerberatung Caritas; Jobcenter"))
        with Horizontal(classes="row"):
            yield FormField("consent_form", _("Form"),
                            Select(consent_rules.options(ConsentForm), id="in-consent_form",
                                   value=ConsentForm.written.value, allow_blank=False))
            yield FormField("consent_given_on", _("Given on"), Input(id="in-consent_given_on"),
                            hint=_("“heute” works"))
            yield FormField("consent_valid_until", _("Valid until"),
                            Input(id="in-consent_valid_until"), hint=_("optional"))
        yield FormField("consent_information_given", _("Information"),
                        Checkbox(_("Client informed of purpose, recipients, consequences of "
                                   "refusal and the right to withdraw"),
                                 value=False, id="in-consent_information_given"))
        yield FormField("consent_note", _("Note on the consent"), Input(id="in-consent_note"))

    def _agreement(self) -> ComposeResult:
        yield self._section(5, _("Working agreement (Arbeitsbündnis)"))
        yield FormField("agreement_roles", _("Roles"), Input(id="in-agreement_roles"))
        with Horizontal(classes="row"):
            yield FormField("agreement_client_tasks", _("What the client does"),
                            Input(id="in-agreement_client_tasks"))
            yield FormField("agreement_worker_tasks", _("What the caseworker does"),
                            Input(id="in-agreement_worker_tasks"))
        with Horizontal(classes="row"):
            yield FormField("agreement_contact", _("How we keep in contact"),
                            Input(id="in-agreement_contact"))
            yield FormField("agreement_frequency", _("How often"),
                            Input(id="in-agreement_frequency"))
        with Horizontal(classes="row"):
            yield FormField("agreement_privacy_info_on",
                            _("Data-protection information handed over on"),
                            Input(id="in-agreement_privacy_info_on"))
            yield FormField("agreement_agreed_on", pgettext("working agreement", "Agreed on"),
                            Input(id="in-agreement_agreed_on"))

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

    # -- reading the form --------------------------------------------------------------------
    def _val(self, name: str) -> Any:
        widget = self.query_one(f"#in-{name}")
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, TextArea):
            return widget.text
        return widget.value  # type: ignore[attr-defined]

    def raw(self) -> dict:
        v = self._val
        household, _errs = parse_household_lines(v("household"))
        return {
            "client": {k: v(k) for k in ("first_name", "last_name", "birth_date", "gender",
                                         "languages", "interpreter_needed", "phone", "email",
                                         "address", "district")},
            "household": household,
            "case": {"legal_area": v("legal_area"), "title": v("title"),
                     "child_protection": v("child_protection")},
            "referral": {"source": v("referral_source"), "agency": v("referring_agency"),
                         "urgency": v("urgency"),
                         "concerns": {d.value: v(f"concern_{d.value}")
                                      for d in ind.ConcernDomain}},
            "indication": {
                "criteria": [c.value for c in ind.Criterion
                             if c is not ind.Criterion.client_consent
                             and self.query_one(f"#in-criterion-{c.value}", Checkbox).value],
                "decision": v("decision"), "alternative": v("alternative"),
                "alternative_note": v("alternative_note")},
            "consents": [{
                "given_by": v("consent_given_by"), "given_by_name": v("consent_given_by_name"),
                "purposes": [p.value for p in ConsentPurpose
                             if self.query_one(f"#in-purpose-{p.value}", Checkbox).value],
                "recipients": v("consent_recipients"), "form": v("consent_form"),
                "information_given": v("consent_information_given"),
                "given_on": v("consent_given_on"), "valid_until": v("consent_valid_until"),
                "note": v("consent_note")}],
            "agreement": {k: v(f"agreement_{k}") for k in (
                "roles", "client_tasks", "worker_tasks", "contact", "frequency",
                "privacy_info_on", "agreed_on")},
        }

    def unsaved_work(self) -> bool:
        for widget in self.query(Input):
            if widget.value.strip():
                return True
        return bool(self.query_one("#in-household", TextArea).text.strip())

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

    def _check_duplicates(self) -> None:
        first, last = self._val("first_name").strip(), self._val("last_name").strip()
        try:
            born = parse_date(self._val("birth_date")) if self._val("birth_date").strip() \
                else None
        except DateFormatError:
            born = None
        if not first or not last or born is None:
            self._show_candidates((), [])
            return
        query = (first, last, born)
        self._dup_query = query
        ctx = self.capp.ctx

        def done(found):
            self._show_candidates(query, found)

        self.db_work(lambda: intake_service.duplicates(ctx, first, last, born), done,
                     group="duplicates", exclusive=True)

    def _show_candidates(self, query: tuple, found: list[DuplicateCandidate]) -> None:
        if query and query != self._dup_query:
            return  # an older answer: the name was changed meanwhile
        self.candidates = list(found)
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
            self._show_candidates((), exc.candidates)
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
