"""The access report (Auskunft, Art. 15 DSGVO, § 83 SGB X) as a plain-language PDF and as
JSON. Reuses the plan PDF's page, fonts and text helpers (export/pdf_doc.py); client text is
cleaned as on screen, fpdf2's log never reaches the terminal."""

from __future__ import annotations

from pathlib import Path

from caseterm.core.field_labels import field_label
from caseterm.export.pdf_doc import _cleaned, _Doc, _fmt, _quiet_fpdf, write_pdf
from caseterm.i18n import _


def _is_day(text: str) -> bool:
    return len(text) >= 10 and text[4:5] == "-" and text[7:8] == "-" and text[:4].isdigit()


def _value(value, lang: str, key: str = "") -> str:
    """A stored value as the reader reads it: dates as dates (a time stamp with its time,
    to the minute), yes/no, amounts in euros."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key.endswith("_cents") and isinstance(value, int):
        euros = f"{value / 100:,.2f}"
        if lang == "de":
            euros = euros.replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"{euros} €"
    text = str(value)
    if _is_day(text) and len(text) == 10:
        return _fmt(text, lang)
    if _is_day(text) and text[10:11] in ("T", " ") and text[13:14] == ":":
        return f"{_fmt(text[:10], lang)} {text[11:16]}"
    return text


def _line(key: str, value, lang: str) -> str:
    return f"{field_label(key)}: {_value(value, lang, key)}"


def render(report: dict, path: Path, *, lang: str = "de") -> Path:
    with _quiet_fpdf():
        return _render(_cleaned(report), Path(path), lang)  # type: ignore[arg-type]


def _render(r: dict, path: Path, lang: str) -> Path:
    doc = _Doc(lang, None)
    pdf = doc.pdf
    doc.line(_("Information about your data"), bold=True, size=16)
    doc.line(_("What we store about you, why, who received it and how long we keep it "
               "(Art. 15 GDPR, § 83 SGB X)."))
    doc.line(_("Made on {day} by {who}.").format(day=_fmt(r["made_on"], lang), who=r["made_by"]))
    pdf.ln(2)
    doc.line(_("About you"), bold=True, size=14)
    for key, value in r["person"].items():
        if _value(value, lang, key):
            doc.line(_line(key, value, lang), indent=4)
    doc.line(_("Your cases: why we keep your data and for how long"), bold=True, size=14)
    for c in r["cases"]:
        doc.line(f"{c['case_number']} ({c['legal_area']})", bold=True)
        doc.line(_("Purpose: {text}").format(text=c["purpose"]), indent=4)
        doc.line(_("Legal basis: {text}").format(text=c["legal_basis"]), indent=4)
        st = c["storage"]
        doc.line(_("Kept until: {until} ({basis})").format(
            until=_value(st["until"], lang), basis=st["basis"]), indent=4)
        if c["restricted"]:
            doc.line(_("This case is restricted: it is kept, but not used for normal work."),
                     indent=4)
    doc.line(_("The data, by area"), bold=True, size=14)
    for area in r["areas"].values():
        doc.line(f"{area['label']} ({len(area['rows'])})", bold=True)
        for row in area["rows"]:
            parts = [_line(k, v, lang) for k, v in row.items() if _value(v, lang, k)]
            doc.line("; ".join(parts), indent=4, size=10)
    doc.line(_("Who received data"), bold=True, size=14)
    if not r["recipients"]:
        doc.line(_("Nobody outside this office."), indent=4)
    for x in r["recipients"]:
        doc.line(f"{_value(x.get('on'), lang)}: {x['recipient']} ({x['basis']})", indent=4)
    doc.line(_("Where the data came from"), bold=True, size=14)
    for x in r["sources"]:
        doc.line(x["source"], indent=4)
    doc.line(_("What is not shown, and why"), bold=True, size=14)
    for x in r["refusals"]:
        doc.line(f"{x['what']}: {x['reason']}", indent=4)
    doc.line(_("Your rights"), bold=True, size=14)
    doc.line(r["rights"], indent=4)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(pdf, path)
    return path


def write_json(report: dict, path: Path) -> Path:
    import json

    path = Path(path)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str),
                    encoding="utf-8")
    return path
