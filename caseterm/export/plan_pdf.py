"""The printable plan (Kooperationsplan, Hilfeplan, Vereinbarung, Förderplan) as PDF.

Made with fpdf2 (imported only here, only when a plan is printed) from the *frozen* content of
the agreed version (or, marked as a draft, from the draft). The client's copy is in plain
language (docs/house-style.md): the office and a contact person, her goals in her words
("Mein großes Ziel / Teilziel / Nächstes Ziel / Schritt"), who does what by when, costs for her,
each side's duties, the next talk, what the plan is and is not, her rights, signature lines;
12 pt body text. The staff copy (`copy="staff"`) keeps the professional words.

The fixed texts of the document live in `TEXTS` (export/plan_texts.py), one table per
language, not in gettext; German and English ship (fpdf2 shapes Arabic script when `uharfbuzz`
is installed). The page itself (fonts, header and footer, labels, cleaning, writing) is
export/pdf_doc.py, shared with the other papers.
"""

from __future__ import annotations

from pathlib import Path

from caseterm.core.safe_text import one_line
from caseterm.export.pdf_doc import (
    BODY,
    FONT,
    FONT_DIR,
    LINE,
    SMALL,
    _cleaned,
    _Doc,
    _fmt,
    _quiet_fpdf,
    write_pdf,
)
from caseterm.export.plan_texts import FACHWOERTER, LANGUAGE_NAMES, RTL, TEXTS, client_language

# Callers import the page helpers and the texts from here too.
__all__ = ["BODY", "FACHWOERTER", "FONT", "FONT_DIR", "LANGUAGE_NAMES", "LINE", "RTL", "SMALL",
           "TEXTS", "_Doc", "_cleaned", "_fmt", "_quiet_fpdf", "client_language", "export_case",
           "render", "write_pdf"]


def _payer(cost_bearer: str) -> str:
    """Who pays, in plain words: without legal citations and "kostenfrei" ("Stadt Lindenau
    (§ 16a SGB II), kostenfrei" → "Stadt Lindenau")."""
    import re

    text = re.sub(r"\([^)]*§[^)]*\)", "", cost_bearer)
    text = re.sub(r"\b(kostenfrei|kostenlos|free of charge|free)\b", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip(" ,;–-")


def _contact(content: dict) -> dict[str, str]:
    """The contact block: the worker's name and office (from the worker's profile), phone and
    e-mail where known."""
    return {"name": str(content.get("worker_name") or "").strip(),
            "office": str(content.get("worker_office") or "").strip(),
            "phone": str(content.get("worker_phone") or "").strip(),
            "email": str(content.get("worker_email") or "").strip()}



def render(content: dict, path: Path, *, lang: str = "de", second_lang: str | None = None,
           copy: str = "client", watermark: str | None = None, letterhead=None,
           gas=None) -> Path:
    """Write the plan described by a version snapshot to `path`. `copy="client"` (default) is
    the plain-language copy for the client; `copy="staff"` keeps the professional words
    (goal levels, cost bearer, the team lead's approval, the legal basis) for the file.
    Client text is cleaned as on screen; fpdf2's log never reaches the terminal."""
    with _quiet_fpdf():
        return _render(_cleaned(content), path, lang=lang,  # type: ignore[arg-type]
                       second_lang=second_lang, copy=copy, watermark=watermark,
                       letterhead=letterhead, gas=gas)


def _render(content: dict, path: Path, *, lang: str, second_lang: str | None,
            copy: str, watermark: str | None = None, letterhead=None, gas=None) -> Path:
    from caseterm.legal import plan_terms

    lang = lang if lang in TEXTS else "en"
    second = second_lang if second_lang in TEXTS and second_lang != lang else None
    staff = copy == "staff"
    draft = content.get("status") == "draft"
    doc = _Doc(lang, second, TEXTS.get(lang, TEXTS["en"])["draft"] if draft else "", watermark,
               letterhead)
    pdf = doc.pdf
    kind = content.get("agreement_type", "generic")
    terms = plan_terms(kind, lang)
    contact = _contact(content)
    office_word = terms.office  # "das Jobcenter": fits into a sentence

    title = terms.name
    if second:
        other = plan_terms(kind, second).name
        if other != title:
            title = f"{title} / {other}"
    pdf.set_title(one_line(f"{title} {content.get('case_number', '')}"))
    pdf.set_lang(lang)
    pdf.set_creator("caseterm")
    pdf.set_font(FONT, "B", 20)
    doc._text(title, 10)
    pdf.set_font(FONT, "", BODY)
    if contact["office"]:
        doc.line(contact["office"], bold=True)
    if staff:
        doc.line(doc.label("staff_copy"), bold=True)
    if content.get("status") == "draft":
        doc.line(doc.label("draft"), bold=True, size=14)
    doc.field("client", content.get("client_name", ""))
    doc.field("case", content.get("case_number", ""))
    version = str(content.get("version", ""))
    if content.get("agreed_on"):
        version += f", {doc.t('agreed_on')} {_fmt(content['agreed_on'], lang)}"
    doc.field("version", version)
    if staff:
        doc.field("legal_basis", content.get("legal_basis", "") or terms.legal_basis)

    # Contact person: name, office, phone, e-mail.
    doc.heading("contact")
    doc.line(contact["name"] or "–", bold=True)
    doc.field("office", contact["office"])
    doc.field("phone", contact["phone"])
    doc.field("email", contact["email"])

    doc.heading("participants")
    for p in content.get("participants", []):
        role = doc.t("role_" + p.get("role", "other"))
        how = doc.t("how_" + p.get("agreed_how", "pending"))
        when = _fmt(p.get("agreed_on"), lang)
        if p.get("role") == "caseworker" and p.get("agreed_how", "pending") == "pending":
            how = ""  # the service agrees by signing below
        doc.line(f"• {p.get('name', '')} ({role})" + (f" – {how}" if how else "")
                 + (f", {when}" if when else ""))
    if content.get("interpreter_used"):
        doc.line(doc.label("interpreter"))

    goals = content.get("goals", [])
    doc.heading("goals")
    for g in goals:
        level = g.get("level", "")
        level_word = doc.t(("staff_" if staff else "") + level)
        indent = 6 * int(g.get("depth", 0))
        if level == "massnahme":
            who = g.get("responsible_name") or doc.t("resp_" + (g.get("responsible") or "other"))
            doc.line(f"{level_word}: {g.get('text_client', '')}", indent=indent, bold=True)
            doc.field("who", who, indent + 4)
            doc.field("by_when", _fmt(g.get("due_date"), lang), indent + 4)
            if staff:
                doc.field("staff_cost", g.get("cost_bearer", ""), indent + 4)
                if g.get("needs_approval"):
                    doc.field("staff_approval",
                              doc.t("staff_appr_" + g.get("approval_state", "pending")),
                              indent + 4)
            else:
                payer = _payer(g.get("cost_bearer", ""))
                cost = doc.t("cost_none") + (f" ({doc.t('paid_by')} {payer})" if payer else "")
                doc.field("cost", cost, indent + 4)
                state = g.get("approval_state", "pending")
                if g.get("needs_approval") and state != "approved":
                    doc.line(f"{doc.label('approval')} {doc.t('appr_' + state)}",
                             indent=indent + 4)
        else:
            doc.line(f"{level_word}: {g.get('text_client', '')}", indent=indent, bold=True)
            doc.field("indicator", g.get("indicator", ""), indent + 4)
            doc.field("by_when", _fmt(g.get("due_date"), lang), indent + 4)
        pdf.ln(1)

    _gas_chart(doc, gas or [], lang)

    if content.get("duties_client"):
        doc.heading("duties_client")
        doc.line(content["duties_client"])
    if content.get("duties_agency"):
        doc.heading("duties_agency", office=office_word)
        doc.line(content["duties_agency"])

    pdf.ln(2)
    pdf.set_font(FONT, "B", BODY + 1)
    doc._text(doc.label("review", date=_fmt(content.get("review_date"), lang)), LINE + 1)
    pdf.set_font(FONT, "", BODY)
    who = contact["name"] or office_word
    doc.line(doc.label("questions", name=who))

    doc.heading("what")
    doc.line(terms.notice)
    doc.heading("rights")
    for key in ("right_copy", "right_change", "right_ask"):
        doc.line("• " + doc.label(key, name=who))

    doc.heading("signatures", keep=45)
    # the signature page names what is signed: the case, the client and the version
    doc.line(f"{doc.label('case')}: {content.get('case_number', '')} – "
             f"{doc.label('client')}: {content.get('client_name', '')} – "
             f"{doc.label('version')}: {content.get('version', '')}", size=SMALL)
    signers = [p for p in content.get("participants", [])
               if p.get("role") != "interpreter"] or [{"name": "", "role": "client"}]
    for p in signers:
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pdf.ln(12)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.l_margin + 70, y)
        pdf.line(pdf.l_margin + 85, y, pdf.w - pdf.r_margin, y)
        pdf.set_font(FONT, "", SMALL)
        pdf.set_xy(pdf.l_margin, y + 1)
        pdf.cell(70, 5, doc.label("place_date"))
        pdf.set_xy(pdf.l_margin + 85, y + 1)
        role = doc.t("role_" + p.get("role", "other"))
        pdf.cell(0, 5, f"{p.get('name', '')} ({role})")
        pdf.set_font(FONT, "", BODY)
        pdf.ln(6)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(pdf, path)
    return path


def _gas_chart(doc, points: list, lang: str) -> None:
    """The GAS T-score over time: the ratings placed by their dates on the x axis (not evenly
    spaced: core.gas.time_fractions), T on the fixed scale 20–80 with 50 (= as expected)
    dashed. Drawn when at least two ratings have a score."""
    from caseterm.core.gas import time_fractions

    if sum(t is not None for _d, t in points) < 2:
        return
    doc.heading("gas", keep=62)
    pdf = doc.pdf
    x0, width, height = pdf.l_margin + 10, pdf.epw - 14, 40.0
    y0 = pdf.get_y() + 3

    def y_of(t: float) -> float:
        return y0 + height - (min(max(t, 20.0), 80.0) - 20.0) / 60.0 * height

    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.3)
    pdf.line(x0, y0, x0, y0 + height)
    pdf.line(x0, y0 + height, x0 + width, y0 + height)
    pdf.set_font(FONT, "", SMALL - 1)
    for t in (20, 50, 80):
        pdf.set_xy(x0 - 9, y_of(t) - 2)
        pdf.cell(8, 4, str(t), align="R")
    pdf.set_dash_pattern(dash=1, gap=1)
    pdf.line(x0, y_of(50), x0 + width, y_of(50))
    pdf.set_dash_pattern()
    xs = [x0 + 4 + f * (width - 8) for f in time_fractions([d for d, _t in points])]
    pdf.set_draw_color(0, 90, 160)
    pdf.set_fill_color(0, 90, 160)
    pdf.set_line_width(0.6)
    prev = None
    free = pdf.l_margin
    for x, (day, t) in zip(xs, points, strict=True):
        label = doc.t("gas_start") if day is None else _fmt(day.isoformat(), lang)
        if t is not None:
            y = y_of(t)
            if prev is not None:
                pdf.line(prev[0], prev[1], x, y)
            pdf.circle(x, y, 1.1, style="F")
            pdf.set_xy(x - 6, y - 6)
            pdf.cell(12, 4, f"{t:.0f}", align="C")
            prev = (x, y)
        w = pdf.get_string_width(label)
        if x - w / 2 >= free:  # a date label only where it does not overlap the last one
            pdf.set_xy(x - w / 2 - 1, y0 + height + 1)
            pdf.cell(w + 2, 4, label, align="C")
            free = x + w / 2 + 1.5
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_xy(pdf.l_margin, y0 + height + 7)
    pdf.set_font(FONT, "", SMALL)
    doc._text(doc.t("gas_note"), LINE)
    pdf.set_font(FONT, "", BODY)


def export_case(plan, target: Path, *, lang: str = "de",
                second_lang: str | None = "auto", watermark: str | None = None,
                letterhead=None, gas=None) -> Path:
    """Print a plan read through the door (`services.goals.plan_data`: its `content` and the
    client's `client_languages`). `target` is a file or a folder (then the file is named after
    the case and version). `second_lang="auto"` adds the client's language from the intake
    where texts exist."""
    content = plan.content
    if second_lang == "auto":
        second_lang = client_language(plan.client_languages or "", lang)
    target = Path(target)
    if target.suffix.lower() != ".pdf":
        number = content.get("case_number", "plan").replace("/", "-")
        target = target / f"plan-{number}-v{content.get('version', 0)}.pdf"
    return render(content, target, lang=lang, second_lang=second_lang, watermark=watermark,
                  letterhead=letterhead, gas=gas)
