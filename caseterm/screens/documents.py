"""Documents of a case: list, add a file (checked by content), open it with the system viewer,
export it. Reading, writing and starting the viewer happen in workers, never on the UI
thread; the viewer gets a private copy (0600 in a 0700 folder)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import DataTable, Header, Input, Select, Static

from caseterm.core.documents import kind_label, kind_options
from caseterm.core.validate import InputError, shorten
from caseterm.i18n import N_, _, fmt_date, fmt_datetime, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.services import documents
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField, clear_errors
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable


def size_text(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n / (1024 * 1024):.1f} MiB"


def write_private(path: Path, data: bytes, *, overwrite: bool) -> Path:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def open_with_viewer(name: str, data: bytes) -> None:
    """A private copy for the system viewer (xdg-open), started without waiting for it."""
    viewer = shutil.which("xdg-open")
    if viewer is None:
        raise OSError(_("No system viewer (xdg-open) is installed; export the document "
                        "with X instead."))
    folder = Path(tempfile.mkdtemp(prefix="caseterm-doc-"))  # 0700
    path = write_private(folder / (Path(name).name or "document"), data, overwrite=False)
    subprocess.Popen([viewer, str(path)], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


class AddDocumentDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="AddDocumentDialog")

    def __init__(self, case_id: uuid.UUID, case_label: str,
                 versions: list[tuple[uuid.UUID, str]]) -> None:
        super().__init__()
        self.case_id = case_id
        self.case_label = case_label
        self.versions = versions

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("Add a document — {case}").format(case=self.case_label)),
                         classes="dialog-title")
            with VerticalScroll():
                yield FormField("file", _("File"), Input(id="doc-path"),
                                hint=_("path of a PDF, image, office document or text"))
                yield FormField("title", _("Title"), Input(id="doc-title"),
                                hint=_("empty: the file name"))
                yield FormField("kind", _("Kind"), Dropdown(kind_options(), value="other",
                                                            allow_blank=False, id="doc-kind"))
                yield FormField("doc_date", _("Date of the document"),
                                Input(id="doc-date"), hint=_("DD.MM.YYYY"))
                if self.versions:
                    yield FormField("plan_version", _("Signed plan of plan version"), Dropdown(
                        [(label, str(vid)) for vid, label in self.versions],
                        prompt=_("none"), id="doc-version"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#doc-path", Input).focus()

    def action_save(self) -> None:
        clear_errors(self)
        text = self.query_one("#doc-path", Input).value.strip()
        if not text:
            self.on_input_error(InputError({"file": _("Please fill in this field.")}))
            return
        path = Path(text).expanduser()
        raw = {"title": self.query_one("#doc-title", Input).value,
               "kind": self.query_one("#doc-kind", Select).value,
               "doc_date": self.query_one("#doc-date", Input).value}
        version = None
        if self.versions:
            chosen = self.query_one("#doc-version", Select).value
            version = uuid.UUID(chosen) if isinstance(chosen, str) else None
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: documents.add(ctx, case_id, path.name, documents.read_file(path),
                                           raw, agreement_version_id=version), self.dismiss)


class ExportDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="ExportDialog")

    def __init__(self, row: documents.DocumentRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("Export “{title}”").format(title=shorten(self.row.title))),
                         classes="dialog-title")
            yield FormField("file", _("Save as"), Input(
                str(Path.home() / (self.row.filename or "document")), id="export-path"))
            yield from self.compose_buttons()

    def action_save(self) -> None:
        clear_errors(self)
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.on_input_error(InputError({"file": _("Please fill in this field.")}))
            return
        path = Path(text).expanduser()
        ctx, doc_id, name = self.capp.ctx, self.row.id, self.row.filename or "document"

        def job() -> Path:
            nonlocal path
            if path.is_dir():
                path = path / Path(name).name
            _row, data = documents.get(ctx, doc_id, purpose="export")
            try:
                return write_private(path, data, overwrite=False)
            except FileExistsError:
                raise InputError({"file": _("This file exists already; choose another "
                                            "name.")}) from None
            except OSError as exc:
                raise InputError({"file": _("Cannot write {path}: {reason}.").format(
                    path=shorten(str(path)), reason=exc.strerror or str(exc))}) from None

        self.db_work(job, self.dismiss)


class DocumentsScreen(BaseScreen):
    TITLE_MSGID = N_("Documents")
    HELP_MSGID = N_(
        "The documents kept with this case (signed plans, consent forms, letters, reports), "
        "stored in the case's database. A adds a file: its type is checked by its content, "
        "executables and mislabelled files are refused. O opens the highlighted document "
        "with the system viewer, X exports it to a file; both are recorded in the audit "
        "trail.")
    DEFAULT_CSS = """
    DocumentsScreen DataTable { height: 1fr; }
    DocumentsScreen #docs-status { height: auto; padding: 0 1; }
    """
    BINDINGS = bindings("documents")
    COMMAND_SCOPES = ('documents',)

    rows: var[list[documents.DocumentRow]] = var(list, init=False, always_update=True)

    class RowsLoaded(Loaded[list[documents.DocumentRow]]):
        """The case's documents."""

    def __init__(self, case_id: uuid.UUID, case_label: str = "") -> None:
        super().__init__()
        self.case_id = case_id
        self.case_label = case_label

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="docs-status")
        yield MeasuredTable(id="docs-table", cursor_type="row", zebra_stripes=True)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.sub_title = self.case_label
        table = self.query_one(DataTable)
        table.add_columns(_("Title"), _("Kind"), _("Date"), _("Size"), _("Added by"),
                          _("Added"), _("Plan version"))
        table.focus()
        self.action_reload()

    def action_reload(self) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        self._load(ctx, case_id)

    @work(thread=True, exclusive=True, group="docs", exit_on_error=False)
    def _load(self, ctx, case_id) -> None:
        self.deliver(lambda: documents.list_for_case(ctx, case_id), self.RowsLoaded)

    @on(RowsLoaded)
    def _loaded(self, event: RowsLoaded) -> None:
        self.rows = event.data

    def watch_rows(self, rows: list[documents.DocumentRow]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for d in rows:
            table.add_row(safe(d.title, limit=40), safe(kind_label(d.kind)),
                          safe(fmt_date(d.doc_date) if d.doc_date else ""),
                          safe(size_text(d.size)), safe(d.added_by, limit=20),
                          safe(fmt_datetime(d.added_at)), safe(d.agreement_version, limit=24),
                          key=str(d.id))
        status = self.query_one("#docs-status", Static)
        status.update(Text(_("No documents yet. Add one with A."), style="dim") if not rows
                      else safe(ngettext("{n} document", "{n} documents", len(rows)).format(
                          n=len(rows)), "dim"))

    def _current(self) -> documents.DocumentRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def action_add(self) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: documents.agreement_versions(ctx, case_id), self._ask_add)

    def _ask_add(self, versions) -> None:
        def done(doc_id) -> None:
            if doc_id is not None:
                self.notify(_("Document saved."), timeout=3)
                self.action_reload()

        self.app.push_screen(AddDocumentDialog(self.case_id, self.case_label, versions), done)

    def action_open(self) -> None:
        row = self._current()
        if row is None:
            return
        ctx = self.capp.ctx

        def job() -> None:
            found, data = documents.get(ctx, row.id, purpose="open")
            open_with_viewer(found.filename or "document", data)

        self.db_work(job, lambda _r: self.notify(_("Opened with the system viewer."),
                                                 timeout=3))

    def action_export(self) -> None:
        row = self._current()
        if row is None:
            return
        self.app.push_screen(ExportDialog(row), lambda path: path and self.notify(
            _("Saved to {path}.").format(path=path), timeout=5, markup=False))
