"""The trainer's overview of a training lab (`caseterm lab overview NAME`): each trainee's
progress, overdue follow-ups and gate violations; the highlighted trainee's tasks with the
checker's hints and her goals' SMART scores. Enter (or o) opens a read-only copy of her
workspace (drill-in), e writes the course record (CSV). Reads only."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

from caseterm.i18n import _
from caseterm.screens.base import DbMixin
from caseterm.services import lab as lab_service
from caseterm.widgets.focus import FOCUS_CSS, FocusVisible
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable


class LabOverviewApp(FocusVisible, DbMixin, App[str | None]):
    TITLE = "caseterm"
    BINDINGS = bindings("lab_overview")
    COMMAND_SCOPES = ('lab_overview',)
    CSS = """
    #ov-banner { dock: top; height: 1; background: $warning; text-style: bold; }
    #ov-table { height: 1fr; }
    #ov-detail { height: 1fr; border-top: solid $accent; padding: 0 1; overflow-y: auto; }
    """ + FOCUS_CSS

    def __init__(self, name: str) -> None:
        super().__init__()
        self.lab_name = name
        self.statuses: list = []
        self.animation_level = "none"

    @property
    def capp(self):  # DbMixin's notifications go to this app
        return self

    def compose(self) -> ComposeResult:
        yield Static(safe(_("EXERCISE – fictional data") + " · " +
                          _("Lab {lab}").format(lab=self.lab_name) + " · " +
                          _("Trainer's overview")), id="ov-banner")
        table = MeasuredTable(id="ov-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("Trainee"), _("Tasks done"), _("Overdue"), _("Gate violations"))
        yield table
        yield Static("", id="ov-detail")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        name = self.lab_name
        self.db_work(lambda: lab_service.status(name), self._show)

    def _show(self, result) -> None:
        meta, statuses = result
        self.statuses = statuses
        self.sub_title = f"{meta.today} · " + _("course day {n}").format(
            n=lab_service.course_day(meta))
        table = self.query_one(DataTable)
        table.clear()
        for s in statuses:
            table.add_row(safe(s.trainee, limit=40), f"{s.done}/{len(s.tasks)}",
                          str(s.overdue), str(s.gate_violations))
        self._detail(table.cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_drill()

    def _detail(self, index: int) -> None:
        box = self.query_one("#ov-detail", Static)
        if not 0 <= index < len(self.statuses):
            box.update("")
            return
        s = self.statuses[index]
        lines = []
        for t in s.tasks:
            mark = "✓" if t.done else ("!" if t.gate_violation else "·")
            lines.append(f"{mark} {t.day:>2} {t.text}")
            lines += [f"      {h}" for h in t.hints[:2]]
        if s.goals:
            lines.append(_("Goals (SMART):"))
            for g in s.goals:
                lines.append(f"  {g['smart']} {g['goal'][:70]}")
                lines += [f"      {h}" for h in g["hints"][:2]]
        box.update(safe("\n".join(lines), multiline=True))

    def action_drill(self) -> None:
        index = self.query_one(DataTable).cursor_row
        if 0 <= index < len(self.statuses):
            self.exit(self.statuses[index].trainee)

    def action_export(self) -> None:
        name = self.lab_name
        self.db_work(lambda: lab_service.export_record(name), lambda path: self.notify(
            _("Course record written: {path}").format(path=path), markup=False, timeout=10))

    def action_quit_overview(self) -> None:
        self.exit(None)


def run_overview(name: str) -> str | None:
    return LabOverviewApp(name).run()
