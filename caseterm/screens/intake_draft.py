"""The intake's draft: what is typed is kept in the database a moment after each change (and
when the screen closes), offered again when the intake is opened next, and dropped when the
intake is saved or its text discarded."""

from __future__ import annotations

from textual.timer import Timer
from textual.widgets import Input, Select, TextArea

from caseterm.i18n import _
from caseterm.services import drafts
from caseterm.widgets.tickbox import Checkbox

DRAFT_DELAY = 2.0  # seconds after the last change


class DraftMixin:
    """For IntakeScreen: `schedule_draft()` on changes, `offer_draft()` once the form is
    built, `drop_draft()` when saved or discarded."""

    _draft_timer: Timer | None = None
    _draft_done = False
    _draft_loading = False
    _draft_state: dict[str, object] | None = None  # typed since the last keep, not yet kept

    def form_state(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for widget in self.query("Input, TextArea, Select, Checkbox").results():  # type: ignore[attr-defined]
            wid = widget.id or ""
            if not wid.startswith("in-"):
                continue
            if isinstance(widget, TextArea):
                values[wid] = widget.text
            elif isinstance(widget, Select):
                values[wid] = None if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input | Checkbox):
                values[wid] = widget.value
        return values

    def restore_state(self, values: dict[str, object]) -> None:
        self._draft_loading = True
        for wid, value in values.items():
            found = self.query(f"#{wid}").results()  # type: ignore[attr-defined]
            widget = next(iter(found), None)
            if isinstance(widget, TextArea) and isinstance(value, str):
                widget.text = value
            elif isinstance(widget, Select):
                try:
                    widget.value = Select.NULL if value is None else str(value)
                except Exception:  # a choice that no longer exists
                    pass
            elif isinstance(widget, Checkbox):
                widget.value = bool(value)
            elif isinstance(widget, Input) and isinstance(value, str):
                widget.value = value
        self._draft_loading = False

    def schedule_draft(self) -> None:
        if self._draft_loading or self._draft_done:
            return
        self._draft_state = self.form_state() if self.unsaved_work() else None  # type: ignore[attr-defined]
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.keep_draft)  # type: ignore[attr-defined]

    def keep_draft(self) -> None:
        self._draft_timer = None
        values, self._draft_state = self._draft_state, None
        if self._draft_done or values is None:
            return
        ctx = self.capp.ctx  # type: ignore[attr-defined]
        self.db_work(lambda: drafts.save_intake_draft(ctx, values),  # type: ignore[attr-defined]
                     group="intake-draft", on_error=lambda exc: self.app.log.error(repr(exc)))  # type: ignore[attr-defined]

    def offer_draft(self) -> None:
        ctx = self.capp.ctx  # type: ignore[attr-defined]
        self.db_work(lambda: drafts.intake_draft(ctx), self._draft_found,  # type: ignore[attr-defined]
                     group="intake-draft")

    def _draft_found(self, values: dict[str, object] | None) -> None:
        if not values or not any(v for v in values.values() if v not in (None, "", False)):
            return
        from caseterm.screens.dialogs import QuestionDialog

        def answer(resume: bool | None) -> None:
            if resume:
                self.restore_state(values)
                self.notify(_("The draft is back; Ctrl+S saves the intake."), timeout=4)  # type: ignore[attr-defined]
            elif resume is False:
                self.drop_draft()
                self._draft_done = False
            # None (Escape, "Not now"): the draft stays for later, nothing is thrown away

        # it may arrive while the person types into the form: no letter answers it
        self.app.push_screen(QuestionDialog(  # type: ignore[attr-defined]
            _("A half-typed intake was kept as a draft. Continue with it?"),
            yes=_("Continue"), no=_("Discard")), answer)

    def drop_draft(self) -> None:
        self._draft_done = True
        self._draft_state = None
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        ctx = self.capp.ctx  # type: ignore[attr-defined]
        self.db_work(lambda: drafts.drop_intake_draft(ctx), group="intake-draft")  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        # closing the screen or the app with typed text: keep it now (a short write)
        if not self._draft_done and self._draft_state is not None:
            try:
                drafts.save_intake_draft(self.capp.ctx, self._draft_state)  # type: ignore[attr-defined]
            except Exception as exc:  # never block leaving
                self.app.log.error(repr(exc))  # type: ignore[attr-defined]
