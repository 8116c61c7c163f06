"""Base screen: database work off the UI thread, errors shown, navigation helpers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from caseterm.core.validate import InputError
from caseterm.i18n import _

if TYPE_CHECKING:
    from caseterm.app import CasetermApp

T = TypeVar("T")


class Loaded(Message, Generic[T]):
    """What a background load found. Each screen subclasses it once per load, so a handler
    `@on(MyScreen.RowsLoaded)` names exactly the answer it takes."""

    def __init__(self, data: T) -> None:
        super().__init__()
        self.data = data


class DbMixin:
    """`self.db_work(fn, on_done)`: run `fn()` in a thread worker, then `on_done(result)` on the
    UI thread. InputError goes to `on_input_error`; anything else becomes a notification."""

    @property
    def capp(self) -> CasetermApp:
        return self.app  # type: ignore[attr-defined,return-value]

    def db_work(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], Any] | None = None,
        *,
        group: str = "db",
        exclusive: bool = False,
        on_error: Callable[[BaseException], Any] | None = None,
    ) -> None:
        app = self.app  # type: ignore[attr-defined]

        def job() -> None:
            try:
                result = fn()
            except BaseException as exc:
                app.call_from_thread(self._db_failed, exc, on_error)
                return
            if on_done is not None:
                app.call_from_thread(self._db_done, on_done, result)

        self.run_worker(job, thread=True, group=group,  # type: ignore[attr-defined]
                        exclusive=exclusive, exit_on_error=False)

    def deliver(self, load: Callable[[], T], message: Callable[[T], Message], *,
                on_error: Callable[[BaseException], Any] | None = None) -> None:
        """Inside a `@work(thread=True, exclusive=True, group=…)` method: run `load()` and post
        `message(result)`, unless a newer load of the same group replaced this one meanwhile
        (exclusive cancels the older worker; its stale answer is dropped here). A failure goes to
        `on_error`, or is shown as `db_work` shows it."""
        try:
            result = load()
        except Exception as exc:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._db_failed, exc, on_error)  # type: ignore[attr-defined]
            return
        if not get_current_worker().is_cancelled:
            self.post_message(message(result))  # type: ignore[attr-defined]

    def _db_done(self, on_done: Callable[[Any], Any], result: Any) -> None:
        if self.is_attached:  # type: ignore[attr-defined]
            on_done(result)

    def _db_failed(self, exc: BaseException, on_error) -> None:
        if on_error is not None:
            on_error(exc)
            return
        if isinstance(exc, InputError):
            self.on_input_error(exc)
            return
        from caseterm.services import AccessDenied, Conflict, NotFound
        from caseterm.services.errors import describe

        self.app.log.error(repr(exc))  # type: ignore[attr-defined]
        if isinstance(exc, AccessDenied | NotFound | Conflict):
            message = exc.message  # the door's refusals say what and why themselves
        else:
            message = describe(exc) or _("That did not work: {error}").format(
                error=str(exc) or type(exc).__name__)
        self.app.notify(message, severity="error", timeout=12, markup=False)  # type: ignore[attr-defined]

    def on_input_error(self, exc: InputError) -> None:
        from caseterm.widgets.form import show_errors

        rest = show_errors(self, exc.errors)  # type: ignore[arg-type]
        if rest:
            self.app.notify("\n".join(rest), severity="error", markup=False)  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        # A field that gets the focus keeps its text: typing goes after it instead of
        # replacing it (Textual selects the whole text on focus; "Am Hafen" was lost so).
        from textual.widgets import Input

        for field in self.query(Input).results():  # type: ignore[attr-defined]
            field.select_on_focus = False

    def open_destination(self, dest_id: str, case_id: uuid.UUID | None = None) -> None:
        self.capp.open_destination(dest_id, case_id)


class BaseScreen(DbMixin, Screen):
    pass


class BaseModal(DbMixin, ModalScreen):
    pass
