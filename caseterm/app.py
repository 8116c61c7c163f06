"""The Textual application: global keys, the command palette, opening screens. Kept small."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from caseterm import navigation
from caseterm.core import clock
from caseterm.i18n import _, fmt_date, language
from caseterm.services import Ctx
from caseterm.widgets.focus import FOCUS_CSS, FocusVisible
from caseterm.widgets.registry import bindings

if TYPE_CHECKING:
    from caseterm.db.engine import Database


class CasetermApp(FocusVisible, App):
    TITLE = "caseterm"
    CSS = """
    Screen { background: $surface; }
    DataTable { scrollbar-size-vertical: 1; }
    """ + FOCUS_CSS
    # screens get the class -narrow below 110 columns (80x24 layouts), -wide above
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = bindings("app")  # caseterm/widgets/registry.py

    def __init__(self, db: Database | None, ctx: Ctx | None, *, demo: bool = False,
                 lab=None, lab_pick=None, unencrypted: bool = False) -> None:
        """`ctx` is the door for the person at this desk; None on a file that has no worker
        for her yet: the app then asks who she is before anything else."""
        super().__init__()
        self.db = db
        self.ctx = ctx
        self.worker = None
        if ctx is not None:
            from caseterm.services import workers

            self.worker = workers.me(ctx)
        self.demo = demo
        self.lab = lab  # services.lab.LabInfo in a training-lab workspace
        self.lab_pick = lab_pick  # a lab's LabMeta: first ask which trainee (no db yet)
        self._lab_lock = None
        self.unencrypted = unencrypted  # a plain SQLite file: marked in the title bar
        self.animation_level = "none"
        self.sync_status = None  # services.sync.SyncStatus once read (screens/sync_status.py)

    # -- training lab: the banner on every screen and dialog (README "Training labs") ------
    def push_screen(self, screen, *args, **kwargs):
        result = super().push_screen(screen, *args, **kwargs)
        if self.lab is not None and isinstance(screen, Screen):
            self.call_after_refresh(self._lab_banner, screen, 5)
        self.call_after_refresh(self.prune_watchers)
        if self.sync_status is not None and isinstance(screen, Screen):
            from caseterm.screens.sync_status import attach

            self.call_after_refresh(attach, screen)
            self.refresh_sync_status()
        return result

    def pop_screen(self):
        result = super().pop_screen()
        self.call_after_refresh(self.prune_watchers)
        return result

    def prune_watchers(self) -> None:
        """Forget the watchers of closed widgets (the Header of every closed screen watches
        the app's title: caseterm.widgets.watchers). Called after each push and pop."""
        from caseterm.widgets.watchers import prune_watchers

        prune_watchers(self)

    def refresh_sync_status(self) -> None:
        """A laptop's sync status bar (screens/sync_status.py), read in a thread."""
        from caseterm.screens.sync_status import refresh

        refresh(self)

    def _lab_banner(self, screen: Screen, tries: int) -> None:
        from caseterm.widgets.lab_banner import LabBanner

        if not screen.is_attached:
            if tries > 0:
                self.call_after_refresh(self._lab_banner, screen, tries - 1)
            return
        if not screen.query("#lab-banner"):
            screen.mount(LabBanner(self.lab))

    def enter_lab(self, db, ctx: Ctx, info, lock) -> None:
        """The session's trainee is chosen: her workspace becomes this app's database."""
        from caseterm.services import workers

        self.db, self.ctx, self.lab, self._lab_lock = db, ctx, info, lock
        self.lab_pick = None
        self.worker = workers.me(ctx)
        self.update_subtitle()
        self.pop_screen()
        self._push_start_screen()
        self.call_after_refresh(self._integrity_check)

    def on_unmount(self) -> None:
        self._stop_background()
        if self._lab_lock is not None:
            self._lab_lock.release()

    def action_lab_tasks(self) -> None:
        if self.lab is None:
            self.notify(_("Tasks are shown in training labs only."), severity="warning")
            return
        from caseterm.screens.lab_tasks import LabTasksScreen

        if not isinstance(self.screen, LabTasksScreen):
            self.push_screen(LabTasksScreen())

    def on_mount(self) -> None:
        self._apply_user_settings()
        self.update_subtitle()
        if self.lab_pick is not None:
            from caseterm.screens.lab_picker import LabPickScreen

            self.push_screen(LabPickScreen(self.lab_pick))
            return
        if self.ctx is None:
            from caseterm.screens.profile import ProfileDialog

            self.push_screen(ProfileDialog(first_start=True))
        else:
            self._push_start_screen()
        self.call_after_refresh(self._integrity_check)
        self.call_after_refresh(self._privacy_reminder)
        from caseterm.screens.sync_status import REFRESH_SECONDS

        self.call_after_refresh(self.refresh_sync_status)
        self.set_interval(REFRESH_SECONDS, self.refresh_sync_status, name="sync-status")

    def _apply_user_settings(self) -> None:
        """The person's own keys and theme from the user config file ([keys] maps a binding
        id such as "queue.done" to keys such as "ctrl+d"; `theme = "caseterm-high-contrast"`)."""
        from caseterm import userconfig
        from caseterm.widgets.keys import HIGH_CONTRAST

        self.register_theme(HIGH_CONTRAST)
        try:
            cfg = userconfig.load()
        except userconfig.ConfigError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=12)
            return
        if cfg.keys:
            self.set_keymap(cfg.keys)
        if cfg.theme and cfg.theme in self.available_themes:
            self.theme = cfg.theme
        self._theme_ready = True

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the palette is kept in the person's own settings."""
        if getattr(self, "_theme_ready", False):
            from caseterm import userconfig

            try:
                userconfig.save(theme=theme)
            except (OSError, userconfig.ConfigError) as exc:
                self.notify(str(exc), severity="warning", markup=False)

    def become(self, ctx: Ctx, worker) -> None:
        """The first start has established who is at this desk."""
        self.ctx = ctx
        self.worker = worker
        self.update_subtitle()
        self.call_later(self._push_start_screen)

    def _integrity_check(self) -> None:
        """SQLite's quick_check, in a thread once the first screen is painted (it reads the
        whole file); a damaged database is reported, nothing is changed."""
        from caseterm.services.maintenance import StartCheck

        check = self.start_check = StartCheck(self.db)

        def job() -> None:
            problem = check.run()
            if problem and not check.cancelled:
                self.call_from_thread(self._integrity_failed, problem)

        self.run_worker(job, thread=True, group="integrity", exit_on_error=False)

    def exit(self, *args, **kwargs) -> None:
        """Quitting never waits for the start-up check: it is interrupted (StartCheck)."""
        self._stop_background()
        super().exit(*args, **kwargs)

    def _stop_background(self) -> None:
        check = getattr(self, "start_check", None)
        if check is not None:
            check.cancel()

    def _privacy_reminder(self) -> None:
        """The data-protection officer is told at start when the retention schedule makes
        erasures or restrictions due (services.privacy.due_count)."""
        from caseterm.screens.privacy import remind

        remind(self)

    def _integrity_failed(self, problem: str) -> None:
        self.notify(
            _("The database failed its integrity check ({problem}). Save nothing more, "
              "restore the newest backup (caseterm.backup-*.db beside it) or ask your IT.")
            .format(problem=problem[:200]),
            severity="error", timeout=600, markup=False)

    def _push_start_screen(self) -> None:
        """The follow-up queue is the start screen; home (open cases) is built only when
        first asked for, so the first paint waits for one screen, not two."""
        start = navigation.get("queue") or navigation.get("home")
        self.push_screen(start.load()())  # type: ignore[union-attr]
        self._start_notices()
        self._tell_of_draft()

    def _start_notices(self) -> None:
        """The deputy's hand-over summary on her first day, the returning worker's report of
        what the deputy did (each shown once; services.people)."""
        from caseterm.services.start import notices_possible

        ctx = self.ctx

        def job() -> None:
            try:
                if not notices_possible(ctx):  # lean; the models only when there may be some
                    return
                from caseterm.services import people

                found = people.start_notices(ctx)
            except Exception as exc:  # never keep anyone from her queue
                self.log.error(repr(exc))
                return
            if found[0] or found[1]:
                self.call_from_thread(self._show_notices, *found)

        self.run_worker(job, thread=True, group="start-notices", exit_on_error=False)

    def _show_notices(self, summaries, report) -> None:
        from caseterm.screens.people_dialogs import report_dialog, summary_dialog
        from caseterm.services import people

        ctx = self.ctx
        for absence_id, summary in summaries:
            self.push_screen(summary_dialog(summary))
            self.run_worker(lambda a=absence_id: people.mark_seen(ctx, "summary", a),
                            thread=True, group="seen", exit_on_error=False)
        if report is not None:
            absence_id, deputy, actions = report
            self.push_screen(report_dialog(deputy, actions))
            self.run_worker(lambda: people.mark_seen(ctx, "report", absence_id),
                            thread=True, group="seen", exit_on_error=False)

    def _tell_of_draft(self) -> None:
        """A half-typed intake kept from an earlier session is offered (I opens it)."""
        from caseterm.services import drafts

        ctx = self.ctx

        def job() -> None:
            if ctx is not None and drafts.intake_draft(ctx):
                self.call_from_thread(
                    self.notify, _("A half-typed intake was kept as a draft: I (or F4) "
                                   "continues it."), timeout=10)

        self.run_worker(job, thread=True, group="draft-check", exit_on_error=False)

    def update_subtitle(self) -> None:
        parts = [self.worker.display_name if self.worker else "", fmt_date(clock.today())]
        if self.unencrypted:
            parts.insert(0, _("NOT ENCRYPTED"))
        if self.demo:
            parts.insert(0, _("DEMO — fictional data"))
        if self.lab is not None:
            parts.insert(0, _("EXERCISE – fictional data"))
        self.sub_title = " · ".join(parts)

    # -- navigation ------------------------------------------------------------------------
    def open_case(self, case_id: uuid.UUID) -> None:
        """Load the case's overview in a thread, then show the screen already filled (one
        paint instead of two: measured 50–100 ms less per case, bench/README.md). If loading
        fails the screen opens anyway and reports the error itself."""
        from caseterm.services import AccessDenied
        from caseterm.services import cases as cases_service

        self._opening = token = object()
        ctx = self.ctx

        def job() -> None:
            try:
                data = cases_service.open_record(ctx, case_id)
            except AccessDenied as exc:
                self.call_from_thread(self.notify, exc.message, severity="error",
                                      markup=False)
                return
            except Exception:
                data = None
            self.call_from_thread(self._show_case, token, case_id, data)

        self.run_worker(job, thread=True, group="open-case", exit_on_error=False)

    def _show_case(self, token: object, case_id: uuid.UUID, data) -> None:
        if token is not getattr(self, "_opening", None):
            return  # another case was asked for meanwhile
        self._opening = None
        from caseterm.screens.case import CaseScreen

        self.push_screen(CaseScreen.for_case(self, case_id, data))

    def open_destination(self, dest_id: str, case_id: uuid.UUID | None = None) -> None:
        dest = navigation.get(dest_id)
        if dest is None:
            self.notify(_("This part is not available yet."), severity="warning")
            return
        if dest.optional_case:
            self.push_screen(dest.load()(case_id))
            return
        if dest.per_case:
            if case_id is None:
                self.notify(_("Open a case first."), severity="warning")
                return
            self.push_screen(dest.load()(case_id))
            return
        screen_class = dest.load()
        if any(isinstance(s, screen_class) for s in self.screen_stack):
            # Go back to the one already open instead of stacking a second copy.
            while not isinstance(self.screen, screen_class):
                self.pop_screen()
            reopened = getattr(self.screen, "reopened", None)
            if reopened is not None:
                self.call_later(reopened)
            return
        self.push_screen(screen_class())

    def action_go(self, dest_id: str) -> None:
        case_id = getattr(self.screen, "case_id", None)
        self.open_destination(dest_id, case_id)

    def action_profile(self) -> None:
        from caseterm.screens.profile import ProfileDialog

        self.push_screen(ProfileDialog())

    async def action_quit(self) -> None:
        """Ctrl+Q: a dialog or form with typed, unsaved text asks first."""
        from caseterm.screens.dialogs import ConfirmDialog

        if isinstance(self.screen, ConfirmDialog) and getattr(self.screen, "quitting", False):
            self.exit()  # Ctrl+Q again on the question
            return
        if not any(getattr(s, "unsaved_work", lambda: False)() for s in self.screen_stack):
            self.exit()
            return

        def answer(quit_: bool | None) -> None:
            if quit_:
                self.exit()

        question = ConfirmDialog(_("What you typed has not been saved. Quit anyway? (A "
                                   "half-typed intake is kept as a draft.)"))
        question.quitting = True
        self.push_screen(question, answer)

    def action_help(self) -> None:
        from caseterm.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen))

    # -- command palette -------------------------------------------------------------------
    def get_key_display(self, binding: Binding) -> str:
        """Keys as the keyboard names them, in the reader's language ("Strg+S", not "^s")."""
        from caseterm.widgets.keys import key_label

        if binding.key_display:
            return binding.key_display
        return key_label(binding.key)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"),
                                            id="--command-palette"))

    def search_themes(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder=_("Search for themes…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        case_id = getattr(screen, "case_id", None)
        for dest in navigation.available():
            if dest.per_case and case_id is None:
                continue
            yield SystemCommand(
                _(dest.title), _(dest.help),
                lambda d=dest.id: self.open_destination(d, case_id),
            )
        from caseterm.screens.privacy import commands as privacy_commands

        yield from privacy_commands(self, case_id)
        from caseterm.screens.privacy_dialog import commands as privacy_actions

        yield from privacy_actions(self, case_id)
        if self.lab is not None:
            yield SystemCommand(_("Tasks"), _("The exercise's tasks, done marks and hints"),
                                self.action_lab_tasks)
        from caseterm.widgets.registry import palette_commands

        yield from palette_commands(screen)  # the screen's own commands, with their keys
        yield SystemCommand(_("Help"), _("Keys of this screen"), self.action_help)
        yield SystemCommand(_("My profile"), _("Name, team, office, Bundesland"),
                            self.action_profile)
        other = "en" if language() == "de" else "de"
        yield SystemCommand(
            _("Switch language: {lang}").format(lang="English" if other == "en" else "Deutsch"),
            _("Stored as your setting"), lambda: self.switch_language(other),
        )
        yield SystemCommand(_("Theme"), _("Change the current theme"), self.search_themes)
        yield SystemCommand(_("Quit"), _("Leave caseterm"), self.exit)

    def switch_language(self, lang: str) -> None:
        from caseterm import userconfig
        from caseterm.i18n import set_language

        set_language(lang)
        self.db_setting_worker = self.run_worker(
            lambda: userconfig.save(language=lang), thread=True, exit_on_error=False)
        self.update_subtitle()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._push_start_screen()
