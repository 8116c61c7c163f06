"""The Textual application: global keys, the command palette, opening screens. Kept small:
the start-up (caseterm.app_start) and the command palette (caseterm.app_palette) are mixins."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from textual.app import App
from textual.screen import Screen

from caseterm import navigation
from caseterm.app_palette import PaletteMixin
from caseterm.app_start import StartMixin
from caseterm.core import clock
from caseterm.i18n import _, fmt_date
from caseterm.services import Ctx
from caseterm.widgets.focus import FOCUS_CSS, FocusVisible
from caseterm.widgets.registry import bindings

if TYPE_CHECKING:
    from caseterm.db.engine import Database


class CasetermApp(StartMixin, PaletteMixin, FocusVisible, App):
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

    def become(self, ctx: Ctx, worker) -> None:
        """The first start has established who is at this desk."""
        self.ctx = ctx
        self.worker = worker
        self.update_subtitle()
        self.call_later(self._push_start_screen)

    def exit(self, *args, **kwargs) -> None:
        """Quitting never waits for the start-up check: it is interrupted (StartCheck)."""
        self._stop_background()
        super().exit(*args, **kwargs)

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
