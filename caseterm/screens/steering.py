"""The steering dashboard (Steuerung): the figures of `caseterm report` for the actor's scope,
with plots (textual-plotext). Period, team and legal area at the top; Ctrl+O writes CSV,
XLSX and PDF into the exports folder. Groups under 5 persons show "< 5 persons", never a number."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.widgets import Header, Input, Select, Static

from caseterm.core import clock
from caseterm.core import steering as st
from caseterm.core.dates import DateFormatError, parse_date
from caseterm.core.validate import InputError
from caseterm.core.vocab import LegalArea, options
from caseterm.i18n import N_, _, fmt_date
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.services import steering as svc
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable

PLOTTED = ("caseload", "phases")


class SteeringScreen(BaseScreen):
    TITLE_MSGID = N_("Steering figures")
    HELP_MSGID = N_(
        "Figures for planning and steering: caseload, phases, time to the agreed plan, "
        "integration, GAS outcomes, referrals per provider, overdue follow-ups, unmet needs "
        "per Sozialraum, costs. A team lead sees her team, a caseworker her own caseload, "
        "the administration the office. Groups of fewer than 5 persons are not shown. Change "
        "the period, team or legal area and press Enter (or Ctrl+R); Ctrl+O exports CSV, "
        "XLSX and PDF.")
    DEFAULT_CSS = """
    SteeringScreen #st-filters { height: auto; }
    SteeringScreen #st-filters FormField { width: 1fr; margin: 0 1 0 0; }
    SteeringScreen #st-head { padding: 0 1; height: auto; text-style: bold; }
    SteeringScreen #st-plots { height: 12; }
    SteeringScreen PlotextPlot { width: 1fr; height: 12; }
    SteeringScreen .st-title { padding: 0 1; margin-top: 1; text-style: bold; }
    SteeringScreen DataTable { height: auto; max-height: 14; }
    """
    BINDINGS = bindings("steering")
    COMMAND_SCOPES = ('steering',)

    report: var[st.Report | None] = var(None, init=False, always_update=True)

    class ReportLoaded(Loaded[st.Report | None]):
        """The steering report for the chosen period and filters."""

    def __init__(self) -> None:
        super().__init__()
        self._shown_filters: tuple[str | None, str | None] = (None, None)

    def compose(self) -> ComposeResult:
        today = clock.today()
        yield Header()
        with Horizontal(id="st-filters"):
            yield FormField("start", _("From"), Input(fmt_date(today.replace(month=1, day=1)),
                                                      id="st-start"))
            yield FormField("end", _("Until"), Input(fmt_date(today), id="st-end"))
            yield FormField("team", _("Team"), Dropdown([], id="st-team",
                                                        prompt=_("(my scope)")))
            yield FormField("legal_area", _("Legal area"), Dropdown(
                options(LegalArea), id="st-area", prompt=_("(all)")))
        with VerticalScroll(id="st-body"):
            yield Static("", id="st-head")
            yield Horizontal(id="st-plots")
            yield VerticalScroll(id="st-tables")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False  # a steady cursor (and the same picture every time)
        ctx = self.capp.ctx
        self.db_work(lambda: svc.teams(ctx), self._teams)
        self.action_reload()

    def _teams(self, names: list[str]) -> None:
        self.query_one("#st-team", Select).set_options([(n, n) for n in names])

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_reload()

    def _filters(self) -> tuple[str | None, str | None]:
        team = self.query_one("#st-team", Select).value
        area = self.query_one("#st-area", Select).value
        return (team if isinstance(team, str) else None,
                area if isinstance(area, str) else None)

    def on_select_changed(self, _event: Select.Changed) -> None:
        # setting the team options also reports a change: reload only for a real one
        if self.is_mounted and self._filters() != self._shown_filters:
            self.action_reload()

    def _day(self, widget_id: str, field: str):
        text = self.query_one(widget_id, Input).value
        try:
            return parse_date(text)
        except DateFormatError:
            raise InputError({field: _("“{text}” is not a valid date; write "
                                       "DD.MM.YYYY.").format(text=text[:40])}) from None

    def action_reload(self) -> None:
        from caseterm.widgets.form import clear_errors

        try:
            start, end = self._day("#st-start", "start"), self._day("#st-end", "end")
            svc.check_period(start, end)
        except InputError as exc:
            self.on_input_error(exc)
            return
        clear_errors(self)
        team, area = self._shown_filters = self._filters()
        self._load(self.capp.ctx, start, end, team, area)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _load(self, ctx, start, end, team: str | None, area: str | None) -> None:
        self.deliver(lambda: svc.report(ctx, start, end, team=team, legal_area=area),
                     self.ReportLoaded)

    @on(ReportLoaded)
    def _loaded(self, event: ReportLoaded) -> None:
        self.report = event.data

    def watch_report(self, rep: st.Report | None) -> None:
        if rep is None:
            return
        head = svc.headline(rep)
        if rep.empty:
            head += "\n" + svc.empty_text(rep)
        self.query_one("#st-head", Static).update(safe(head, multiline=True))
        plots = self.query_one("#st-plots", Horizontal)
        tables = self.query_one("#st-tables", VerticalScroll)
        plots.remove_children()
        tables.remove_children()
        plots.display = not rep.empty
        if rep.empty:
            return
        charts = [c for c in (_plot(rep.table(key)) for key in PLOTTED) if c is not None]
        plots.display = bool(charts)
        for chart in charts:
            plots.mount(chart)
        for t in rep.tables:
            tables.mount(Static(safe(t.title), classes="st-title"))
            table = MeasuredTable(cursor_type="row", zebra_stripes=True)
            tables.mount(table)
            table.add_columns(*t.columns)
            rows = t.text_rows() or [["–"] + [""] * (len(t.columns) - 1)]
            for r in rows:
                table.add_row(*[safe(c) for c in r])

    def action_export(self) -> None:
        if self.report is None:
            return
        from caseterm import config
        from caseterm.export.protocol_pdf import write_report
        from caseterm.services import paperwork

        rep = self.report
        folder = config.data_dir() / "exports"
        stem = f"steuerung-{rep.start.isoformat()}-{rep.end.isoformat()}"

        def run():
            folder.mkdir(parents=True, exist_ok=True)
            svc.write_csv(rep, folder / f"{stem}.csv")
            svc.write_xlsx(rep, folder / f"{stem}.xlsx")
            head = paperwork.letterhead(self.capp.ctx)
            write_report(rep, svc.headline(rep), svc.empty_text(rep), folder / f"{stem}.pdf",
                         letterhead=head)
            return folder / stem, paperwork.logo_warning(head)

        def done(result) -> None:
            path, warn = result
            if warn:
                self.notify(warn, severity="warning", timeout=10, markup=False)
            self.notify(_("Saved as CSV, XLSX and PDF: {path}.*").format(path=str(path)),
                        timeout=10, markup=False)

        self.db_work(run, done)

    def action_letterhead(self) -> None:
        """The office's letterhead (administrator, team lead; the service refuses others)."""
        from caseterm.screens.letterhead import LetterheadDialog
        from caseterm.services import paperwork

        ctx = self.capp.ctx
        self.db_work(lambda: paperwork.letterhead(ctx),
                     lambda head: self.app.push_screen(LetterheadDialog(head)))

    def action_back(self) -> None:
        self.app.pop_screen()


def _plot(table: st.Table):
    """A bar chart of the table's shown counts (suppressed groups are left out); None when
    no group is shown."""
    from textual_plotext import PlotextPlot

    plot = PlotextPlot()
    labels, values = [], []
    for row in table.rows:
        cells = [c for c in row if isinstance(c, st.Cell)]
        if cells and cells[0].shown:
            name = " ".join(str(c) for c in row if not isinstance(c, st.Cell))
            labels.append(name[:18])
            values.append(float(cells[0].value))  # type: ignore[arg-type]
    if not labels:
        return None  # nothing to plot: every group is under 5 persons
    plt = plot.plt
    plt.title(table.title)
    plt.bar(labels, values, width=0.6)
    plt.xlim(0, len(labels) + 1)  # a single bar does not fill the whole plot
    plt.ylim(0, max(values) * 1.1)
    return plot
