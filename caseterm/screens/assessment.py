"""Assessment: the life domains of the scheme, strengths first, the client's view and the
professional view apart, urgency and a 1–5 rating; dated and repeatable, with the change
since the last assessment; "mark complete" is the gate to planning."""

from __future__ import annotations

import uuid
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.widgets import DataTable, Header, Select, Static, TextArea

from caseterm.core import clock
from caseterm.core.schemes import (
    DomainEntry,
    Urgency,
    check_domain_entry,
    get_scheme,
    rating_changes,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import label, options
from caseterm.i18n import N_, _, fmt_date
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.conflict import ConflictDialog, show_value
from caseterm.screens.dialogs import ConfirmDialog
from caseterm.services import Conflict
from caseterm.services import assessment as svc
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tables import MeasuredTable

FIELDS = ("strengths", "problems", "client_view", "worker_view")


class AssessmentScreen(BaseScreen):
    TITLE_MSGID = N_("Assessment")
    HELP_MSGID = N_(
        "The life domains of the assessment. For each domain: strengths and resources first, "
        "then problems and needs; the client's view and your professional view are kept "
        "apart. Up/Down choose a domain on the left, Tab moves into the fields, Ctrl+S saves "
        "the domain. The column Δ shows the change of the rating since the last assessment. "
        "F6 marks the assessment complete (the gate to planning); F7 starts a new, dated "
        "assessment that starts from the last one's texts; Ctrl+PageUp and Ctrl+PageDown page "
        "through earlier assessments; F9 opens the resource map."
    )
    DEFAULT_CSS = """
    AssessmentScreen #as-head { height: auto; padding: 0 1; background: $boost; }
    AssessmentScreen #as-domains { width: 62; }
    AssessmentScreen.-narrow #as-domains { width: 34; }
    AssessmentScreen #as-form { width: 1fr; padding: 0 1; }
    AssessmentScreen TextArea { height: 4; }
    AssessmentScreen .row { height: auto; }
    AssessmentScreen .row > FormField { width: 1fr; margin-right: 1; }
    AssessmentScreen #as-domain-title { text-style: bold; }
    """
    BINDINGS = bindings("assessment")
    COMMAND_SCOPES = ('assessment',)

    #: the assessment shown (its place in `rows`); the form follows it
    index: var[int] = var(-1, init=False, always_update=True)
    view: var[svc.AssessmentView | None] = var(None, init=False, always_update=True)

    class ViewLoaded(Loaded[svc.AssessmentView]):
        """The case's assessments, and the one to show."""

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.scheme = get_scheme()
        self.rows: list[svc.AssessmentRow] = []
        self.domain_id = self.scheme.domains[0].id
        # what the form of the current domain started from (the conflict check)
        self.base_entry: DomainEntry = _empty(self.domain_id)
        self.base_version = 0

    @property
    def current(self) -> svc.AssessmentRow | None:
        return self.rows[self.index] if 0 <= self.index < len(self.rows) else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="as-head")
        with Horizontal():
            yield MeasuredTable(id="as-domains", cursor_type="row", zebra_stripes=True)
            # not a stop of its own: Tab from the list goes straight into the first field
            with VerticalScroll(id="as-form", can_focus=False):
                yield Static("", id="as-domain-title")
                yield FormField("strengths", _("Strengths and resources (first)"),
                                TextArea(id="as-strengths"))
                yield FormField("problems", _("Problems and needs"), TextArea(id="as-problems"))
                yield FormField("client_view", _("The client's view (in their words)"),
                                TextArea(id="as-client_view"))
                yield FormField("worker_view", _("Professional view"),
                                TextArea(id="as-worker_view"))
                with Horizontal(classes="row"):
                    yield FormField("urgency", _("Urgency"), Dropdown(
                        options(Urgency), value=Urgency.none.value, allow_blank=False,
                        id="as-urgency"))
                    scale = [(f"{v} – {self.scheme.scale_label(v)}", str(v)) for v in
                             range(self.scheme.scale_min, self.scheme.scale_max + 1)]
                    yield FormField("rating", _("Rating"), Dropdown(
                        scale, id="as-rating", prompt=_("not rated")))
                yield Static("", id="as-status")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        table = self.query_one("#as-domains", DataTable)
        table.add_column(_("Life domain"), key="domain")
        table.add_column(_("Rating"), key="rating")
        table.add_column("Δ", key="delta")
        table.add_column(_("Urgency"), key="urgency")
        table.focus()
        self.load()

    def load(self, *, select: uuid.UUID | None = None) -> None:
        self._load(self.capp.ctx, self.case_id, select)

    @work(thread=True, exclusive=True, group="assessment", exit_on_error=False)
    def _load(self, ctx, case_id: uuid.UUID, select: uuid.UUID | None) -> None:
        self.deliver(lambda: svc.view(ctx, case_id, select), self.ViewLoaded)

    @on(ViewLoaded)
    def _loaded(self, event: ViewLoaded) -> None:
        self.view = event.data

    def watch_view(self, view: svc.AssessmentView | None) -> None:
        if view is None:
            return
        rows, chosen = view.rows, view.chosen
        if not rows:  # nothing recorded yet: an empty form; the first save starts it
            rows = [svc.AssessmentRow(None, self.case_id, self.scheme.id,  # type: ignore[arg-type]
                                      clock.today(), None, {})]
        self.rows = rows
        self.head = view
        ids = [r.id for r in rows]
        if chosen in ids:
            self.index = ids.index(chosen)
        elif self.index >= len(rows) or self.index < 0:
            self.index = len(rows) - 1
        else:
            self.index = self.index  # the same place, painted again (always_update)

    def _previous(self) -> svc.AssessmentRow | None:
        return self.rows[self.index - 1] if self.index > 0 else None

    def watch_index(self) -> None:
        self._show()

    def _show(self) -> None:
        cur = self.current
        if cur is None:
            return
        prev = self._previous()
        state = (_("complete since {date}").format(date=fmt_date(cur.completed_on))
                 if cur.complete else _("open"))
        head = assemble((self.head.case_number, "bold"), " — ", (self.head.client_name, "bold"),
                        " — ", _("Assessment of {date}").format(date=fmt_date(cur.assessed_on)),
                        f" ({self.index + 1}/{len(self.rows)}, {state})")
        if prev is not None:
            head.append("  " + _("compared with {date}").format(date=fmt_date(prev.assessed_on)),
                        style="dim")
        self.query_one("#as-head", Static).update(head)
        changes = rating_changes(prev.entries.values() if prev else [], [
            cur.entries.get(d.id) or _empty(d.id) for d in self.scheme.domains])
        table = self.query_one("#as-domains", DataTable)
        row_at = table.cursor_row
        table.clear()
        for d in self.scheme.domains:
            e = cur.entries.get(d.id)
            ch = changes[d.id]
            delta = ch.delta
            dcell = Text("")
            if delta is not None:
                dcell = Text(f"{delta:+d}" if delta else "±0",
                             style="green" if delta > 0 else ("red" if delta < 0 else "dim"))
            elif ch.before is not None:
                dcell = Text(_("was {n}").format(n=ch.before), style="dim")
            marker = "✓ " if e and not e.empty else "· "
            table.add_row(
                safe(marker + d.title + (" *" if d.newcomers else "")),
                safe(str(e.rating) if e and e.rating is not None else "—"), dcell,
                Text(label(e.urgency), style="bold red" if e and e.urgency is Urgency.high
                     else "") if e else Text(""), key=d.id)
        if table.row_count:
            table.move_cursor(row=min(max(row_at, 0), table.row_count - 1))
        self._fill()

    def _fill(self) -> None:
        cur = self.current
        d = self.scheme.domain(self.domain_id)
        if cur is None or d is None:
            return
        e = cur.entries.get(d.id) or _empty(d.id)
        self.base_entry, self.base_version = e, cur.versions.get(d.id, 0)
        title = assemble((d.title, "bold"))
        if d.hint:
            title.append(" — " + d.hint, style="dim")
        concern = getattr(self, "head", None) and self.head.concerns.get(d.id)
        if concern:  # carried forward from the intake
            title.append("\n" + _("Concern at the intake") + ": ", style="bold")
            title.append_text(safe(concern, multiline=True))
        self.query_one("#as-domain-title", Static).update(title)
        for f in FIELDS:
            area = self.query_one(f"#as-{f}", TextArea)
            area.text = getattr(e, f)
            area.read_only = cur.complete
        urgency = self.query_one("#as-urgency", Select)
        urgency.value = e.urgency.value
        rating = self.query_one("#as-rating", Select)
        rating.value = str(e.rating) if e.rating is not None else Select.NULL
        urgency.disabled = rating.disabled = cur.complete
        status = (_("This assessment is complete and kept as it was. F7 starts a new one.")
                  if cur.complete else _("Ctrl+S saves this domain."))
        self.query_one("#as-status", Static).update(Text(status, style="dim"))
        clear_errors(self)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value and event.row_key.value != self.domain_id:
            self.domain_id = event.row_key.value
            self._fill()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.query_one("#as-strengths", TextArea).focus()

    # -- actions ---------------------------------------------------------------------------
    def action_save(self) -> None:
        cur = self.current
        if cur is None:
            return
        rating = self.query_one("#as-rating", Select).value
        raw = {f: self.query_one(f"#as-{f}", TextArea).text for f in FIELDS}
        raw.update(domain_id=self.domain_id, urgency=self.query_one("#as-urgency", Select).value,
                   rating=None if rating is Select.NULL else rating)
        try:
            entry = check_domain_entry(raw, self.scheme)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        self._save(entry)

    def _save(self, entry: DomainEntry) -> None:
        ctx, case_id, aid = self.capp.ctx, self.case_id, self.current.id
        base, version = self.base_entry, self.base_version
        self.db_work(lambda: svc.save_entry(ctx, case_id, aid, entry, base_version=version,
                                            base=base),
                     lambda saved: (self.notify(_("Saved."), timeout=2),
                                    self.load(select=saved)),
                     on_error=lambda exc: self._save_failed(exc, entry))

    def _save_failed(self, exc: BaseException, entry: DomainEntry) -> None:
        if not isinstance(exc, Conflict):
            self._db_failed(exc, None)
            return
        domain = entry.domain_id

        def resolved(values: dict | None) -> None:
            if values is None or domain != self.domain_id:
                return  # back to the form, nothing saved
            theirs = {f.field: f.theirs for f in exc.fields}
            self.base_entry = _with_values(self.base_entry, theirs)
            self.base_version = exc.current_version
            chosen = _with_values(entry, values)
            self._put(chosen)
            self._save(chosen)

        self.app.push_screen(ConflictDialog(exc, text_fields=FIELDS, show=_value_text),
                             resolved)

    def _put(self, e: DomainEntry) -> None:
        """Show an entry in the form (after a conflict was resolved)."""
        for f in FIELDS:
            self.query_one(f"#as-{f}", TextArea).text = getattr(e, f)
        self.query_one("#as-urgency", Select).value = e.urgency.value
        self.query_one("#as-rating", Select).value = (str(e.rating) if e.rating is not None
                                                      else Select.NULL)

    def action_complete(self) -> None:
        cur = self.current
        if cur is None or cur.complete:
            return
        if cur.id is None:
            self.notify(_("Nothing is recorded yet: save a life domain first."),
                        severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                ctx, aid = self.capp.ctx, cur.id
                self.db_work(lambda: svc.complete(ctx, aid),
                             lambda _d: (self.notify(_("Assessment marked complete."),
                                                     timeout=3), self.load(select=aid)))

        self.app.push_screen(ConfirmDialog(_(
            "Mark the assessment of {date} complete? It is then kept as it was; later changes "
            "go into a new assessment.").format(date=fmt_date(cur.assessed_on))), answered)

    def on_input_error(self, exc: InputError) -> None:
        rest = show_errors(self, exc.errors)
        if rest:
            self.notify("\n".join(rest), severity="error", markup=False, timeout=8)

    def action_new(self) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: svc.start(ctx, case_id),
                     lambda aid: self.load(select=aid))

    def action_step(self, step: int) -> None:
        new = min(max(self.index + step, 0), len(self.rows) - 1)
        if new != self.index:
            self.index = new  # watch_index paints it

    def action_resources(self) -> None:
        self.open_destination("resources", self.case_id)

    def action_back(self) -> None:
        self.app.pop_screen()


def _empty(domain_id: str) -> DomainEntry:
    return DomainEntry(domain_id)


def _with_values(entry: DomainEntry, values: dict) -> DomainEntry:
    """`entry` with stored values (urgency as its value, rating as a number) put in."""
    changes = dict(values)
    if "urgency" in changes:
        changes["urgency"] = Urgency(changes["urgency"])
    return replace(entry, **changes)


def _value_text(name: str, value) -> str:
    if name == "urgency" and value:
        return label(Urgency(value))
    return show_value(value)
