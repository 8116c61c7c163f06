"""Steering figures through the door (`caseterm report`, the dashboard).

Who sees what (core.steering.report_scope): a caseworker her own caseload; a team lead (and
a trainer) her team; an administrator the office and any team; the data-protection officer
no figures. A request outside that is refused and audited; every report is audited as a read
without case content (figures only, groups under 5 persons suppressed)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from caseterm.core import steering as st
from caseterm.core.validate import InputError
from caseterm.core.vocab import LegalArea
from caseterm.db.repo import steering as repo
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Ctx, record

__all__ = ["check_period", "report", "teams", "write_csv", "write_xlsx"]


def check_period(start: date | None, end: date | None) -> tuple[date, date]:
    problems = st.check_period(start, end)
    if problems or start is None or end is None:  # a missing date is always a problem
        raise InputError(dict(problems))
    return start, end


def teams(ctx: Ctx) -> list[str]:
    scope = st.report_scope(ctx.actor.role)
    with ctx.db.read() as s:
        names = repo.teams(s)
    if scope is st.Scope.office:
        return names
    return [ctx.actor.team] if scope is st.Scope.team and ctx.actor.team else []


def report(ctx: Ctx, start: date | None, end: date | None, *, team: str | None = None,
           legal_area: str | None = None) -> st.Report:
    """The figures for the actor's scope (or one team, for those who may see it)."""
    start, end = check_period(start, end)
    if legal_area:
        try:
            legal_area = LegalArea(legal_area).value
        except ValueError:
            raise InputError({"legal_area": _("“{value}” is not allowed here; choose one of: "
                                              "{allowed}.").format(
                value=legal_area[:40], allowed=", ".join(a.value for a in LegalArea))}) \
                from None
    scope = st.report_scope(ctx.actor.role)
    if scope is None or (team and scope is st.Scope.own) or (
            team and scope is st.Scope.team and team != ctx.actor.team):
        record(ctx, "refuse", "report", team or "", None,
               {"what": "report", "reason": "scope", "team": team or ""})
        raise AccessDenied(_("These figures are not yours to see: a team lead sees her "
                             "team's, a caseworker her own, the administration the "
                             "office's."))
    with ctx.db.read() as s:
        if scope is st.Scope.own:
            workers: tuple | None = (ctx.actor.id,)
            label = ctx.actor.display_name
        elif scope is st.Scope.team or team:
            name = team or ctx.actor.team
            workers = repo.workers_of_team(s, name) if name else tuple(
                {ctx.actor.id, *ctx.actor.covers})
            label = name or ctx.actor.display_name
            scope = st.Scope.team
        else:
            workers, label = None, _("Office")
        sel = repo.Selection(workers, start, end, legal_area)
        rep = repo.report(s, sel, scope=scope, label=label)
    record(ctx, "report", "report", label, None,
           {"scope": scope.value, "start": start.isoformat(), "end": end.isoformat(),
            "legal_area": legal_area or "", "persons": rep.persons})
    return rep


def headline(rep: st.Report) -> str:
    area = f", {legal_label(rep.legal_area)}" if rep.legal_area else ""
    from caseterm.i18n import fmt_date

    return _("{label}{area}: {start} to {end}, {n} clients").format(
        label=rep.label, area=area, start=fmt_date(rep.start), end=fmt_date(rep.end),
        n=st.count(rep.persons).text())


def legal_label(value: str | None) -> str:
    from caseterm.core.vocab import label

    return label(LegalArea(value)) if value else ""


def empty_text(rep: st.Report) -> str:
    return _("No clients in this selection for the period: there are no figures to show "
             "(not zero: nothing to count).")


def rows_for_export(rep: st.Report) -> list[list[str]]:
    """One flat table: section, column, then the cells."""
    out: list[list[str]] = []
    for t in rep.tables:
        out.append([t.title])
        out.append(t.columns)
        out.extend(t.text_rows())
        out.append([])
    return out


def write_csv(rep: st.Report, target: Path | None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow([headline(rep)])
    if rep.empty:
        w.writerow([empty_text(rep)])
    for row in rows_for_export(rep):
        w.writerow([_csv_safe(c) for c in row])
    text = buf.getvalue()
    if target is not None:
        target.write_text(text, encoding="utf-8-sig")
    return text


def _csv_safe(value: str) -> str:
    """No formula injection when the CSV is opened in a spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(value) \
        else value


def _number(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


def write_xlsx(rep: st.Report, target: Path) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(target), {"strings_to_formulas": False,
                                           "strings_to_urls": False})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet(_("Figures")[:31])
    ws.write_string(0, 0, headline(rep), bold)
    r = 2
    if rep.empty:
        ws.write_string(r, 0, empty_text(rep))
    for t in rep.tables:
        ws.write_string(r, 0, t.title, bold)
        r += 1
        for c, name in enumerate(t.columns):
            ws.write_string(r, c, name, bold)
        r += 1
        for row in t.rows:
            for c, cell in enumerate(row):
                if isinstance(cell, st.Cell) and cell.value is not None:  # cell.shown
                    ws.write_number(r, c, float(cell.value))
                else:
                    ws.write_string(r, c, cell.text() if isinstance(cell, st.Cell) else cell)
            r += 1
        r += 1
    ws.set_column(0, 0, 36)
    ws.set_column(1, 5, 18)
    wb.close()
    return target
