"""The app's start: the person's own keys and theme, the start screen and what comes with it
(the hand-over notices, a kept intake draft), the integrity check and the privacy reminder
run in threads once the first screen is painted, and the training lab's banner. A mixin of
caseterm.app.CasetermApp."""

from __future__ import annotations

from textual.screen import Screen

from caseterm import navigation
from caseterm.i18n import _


class StartMixin:
    """Start-up behaviour of CasetermApp (self is the app)."""

    def _lab_banner(self, screen: Screen, tries: int) -> None:
        from caseterm.widgets.lab_banner import LabBanner

        if not screen.is_attached:
            if tries > 0:
                self.call_after_refresh(self._lab_banner, screen, tries - 1)
            return
        if not screen.query("#lab-banner"):
            screen.mount(LabBanner(self.lab))

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
