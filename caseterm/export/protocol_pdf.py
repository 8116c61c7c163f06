"""The protocol of a case conference as PDF (export.paper's layout) and the steering
report as PDF."""

from __future__ import annotations

from pathlib import Path

from caseterm.export.paper import Letterhead, Paper
from caseterm.i18n import _, fmt_date, language


def write_protocol(row, agenda: list[str], target: Path, *, draft: bool = False,
                   letterhead: Letterhead | None = None) -> Path:
    from caseterm.core.conference import kind_label

    title = _("Protocol: {kind}").format(kind=kind_label(row.kind))
    paper = Paper(title, lang=language(), letterhead=letterhead, page_word=_("Page"),
                  draft_mark=_("DRAFT: the conference has not been held yet") if draft else "")
    paper.line(_("Case {number}: {client}").format(number=row.case_number,
                                                   client=row.client_name), bold=True)
    paper.line(_("Date: {date}").format(date=fmt_date(row.held_on)))
    if row.title:
        paper.line(row.title)
    paper.heading(_("Participants"))
    for p in row.participants:
        where = f" ({p.organisation})" if p.organisation else ""
        att = {True: _("present"), False: _("absent"), None: _("invited")}[p.attended]
        ext = _("external") if p.external else _("internal")
        paper.line(f"- {p.name}{where}, {ext}: {att}", indent=2)
    paper.heading(_("Agenda"))
    for item in agenda:
        paper.line(item, indent=2)
    paper.heading(_("Protocol"))
    paper.text(row.protocol or "–")
    paper.heading(_("Decisions"))
    if not row.decisions:
        paper.line("–", indent=2)
    for dec in row.decisions:
        paper.line(f"- {dec.text}", bold=True, indent=2)
        paper.line(_("{kind}, owner: {owner}, due: {date}").format(
            kind=kind_label(dec.kind), owner=dec.owner, date=fmt_date(dec.due_date)), indent=6)
    return paper.save(target)


def write_report(rep, headline: str, empty_text: str, target: Path, *,
                 letterhead: Letterhead | None = None) -> Path:
    paper = Paper(_("Steering figures"), lang=language(), page_word=_("Page"),
                  letterhead=letterhead)
    paper.line(headline, bold=True)
    paper.line(_("Groups of fewer than {n} persons are not shown.").format(n=5))
    if rep.empty:
        paper.line(empty_text)
    for t in rep.tables:
        paper.heading(t.title, keep=25)
        if t.rows:
            paper.table(t.columns, t.text_rows())
        else:
            paper.line("–")
    return paper.save(target)
