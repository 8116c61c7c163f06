"""The printable plan (Kooperationsplan, Hilfeplan, Vereinbarung, Förderplan) as PDF.

Made with fpdf2 (imported only here, only when a plan is printed) from the *frozen* content of
the agreed version (or, marked as a draft, from the draft). The client's copy is in plain
language (docs/house-style.md): the office and a contact person, her goals in her words
("Mein großes Ziel / Teilziel / Nächstes Ziel / Schritt"), who does what by when, costs for her,
each side's duties, the next talk, what the plan is and is not, her rights, signature lines;
12 pt body text. The staff copy (`copy="staff"`) keeps the professional words.

The fixed texts of the document live in `TEXTS`, one table per language, not in gettext: a
printed plan can be bilingual (German + the client's language from the intake) and must be
extendable to languages the app itself is not translated into. A language is added by adding
its table (and, for right-to-left scripts such as Arabic or Farsi, `RTL` and a font covering the
script; fpdf2 shapes Arabic script when `uharfbuzz` is installed). German and English ship.

Font: DejaVu Sans (Bitstream Vera licence, see fonts/LICENSE-DejaVu.txt), so names in Latin,
Cyrillic, Greek, Turkish and Arabic letters print.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from caseterm.core.safe_text import clean, one_line

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVu"

RTL = {"ar", "fa", "he", "ur"}

TEXTS: dict[str, dict[str, str]] = {
    # The client's copy is in plain language (Einfache Sprache, docs/house-style.md): Sie,
    # short sentences, no Fachwörter, no internal statuses. Keys starting with "staff_" are the
    # professional words of the staff copy. The legal words of each plan type (name, legal
    # basis, notice) come from data/legal/plan_types.json (caseterm.legal).
    "de": {
        "draft": "ENTWURF – noch nicht vereinbart",
        "case": "Fallnummer",
        "client": "Name",
        "version": "Fassung",
        "agreed_on": "vereinbart am",
        "created_on": "erstellt am",
        "legal_basis": "Rechtsgrundlage",
        "participants": "Diese Personen haben den Plan zusammen gemacht",
        "goals": "Ihre Ziele",
        "who": "Wer macht es",
        "by_when": "Bis wann",
        "indicator": "Daran sehen wir es",
        "cost": "Kosten für Sie",
        "cost_none": "keine",
        "paid_by": "bezahlt von",
        "approval": "Ist das schon sicher?",
        "duties_client": "Das machen Sie",
        "duties_agency": "Das macht {office} für Sie",
        "review": "Am {date} sprechen wir wieder über den Plan.",
        "contact": "Ihre Ansprechperson",
        "office": "Stelle",
        "phone": "Telefon",
        "email": "E-Mail",
        "questions": "Haben Sie vorher Fragen oder ändert sich etwas? Dann melden Sie sich "
                     "bei {name}.",
        "what": "Was ist dieser Plan?",
        "rights": "Ihre Rechte",
        "right_copy": "Sie bekommen eine Kopie von diesem Plan.",
        "right_change": "Sie können jederzeit fragen, ob wir den Plan ändern.",
        "right_ask": "Wenn Sie etwas nicht verstehen, fragen Sie {name}.",
        "signatures": "Unterschriften",
        "gas": "So weit sind Sie gekommen",
        "gas_start": "Beginn",
        "gas_note": "Die Punkte zeigen, wie weit Sie Ihre Ziele erreicht haben, an jedem Tag, "
                    "an dem wir darauf geschaut haben. 50 heißt: so wie erwartet.",
        "place_date": "Ort, Datum",
        "page": "Seite",
        "interpreter": "Eine Dolmetscherin oder ein Dolmetscher hat übersetzt.",
        # goal levels on the client's copy
        "leitziel": "Mein großes Ziel",
        "rahmenziel": "Teilziel",
        "handlungsziel": "Nächstes Ziel",
        "massnahme": "Schritt",
        # responsible (when no name is given)
        "resp_client": "Sie selbst",
        "resp_worker": "Ihre Ansprechperson",
        "resp_provider": "eine Beratungsstelle oder ein Dienst",
        "resp_network": "eine Person aus Ihrem Umfeld",
        "resp_other": "eine andere Person",
        # how agreed
        "how_pending": "noch nicht",
        "how_signature": "unterschrieben",
        "how_textform": "schriftlich bekommen",
        "how_oral": "mündlich zugestimmt",
        "how_declined": "nicht zugestimmt",
        # roles
        "role_client": "Klientin / Klient",
        "role_caseworker": "Ansprechperson",
        "role_parent": "Elternteil mit Sorgerecht",
        "role_child": "Kind oder Jugendliche / Jugendlicher",
        "role_guardian": "Vormund / rechtliche Betreuung",
        "role_provider": "Beratungsstelle oder Dienst",
        "role_interpreter": "Dolmetschung",
        "role_trusted_person": "Vertrauensperson",
        "role_other": "weitere Person",
        # the team lead's decision, as the client needs to know it
        "appr_pending": "Noch nicht – wird geprüft",
        "appr_approved": "Ja",
        "appr_rejected": "Nein – wir sprechen darüber",
        # the staff copy: professional words
        "staff_copy": "Ausfertigung für die Akte",
        "staff_leitziel": "Leitziel",
        "staff_rahmenziel": "Rahmenziel",
        "staff_handlungsziel": "Handlungsziel",
        "staff_massnahme": "Maßnahme",
        "staff_cost": "Kostenträger",
        "staff_approval": "Genehmigung der Teamleitung",
        "staff_appr_pending": "beantragt",
        "staff_appr_approved": "genehmigt",
        "staff_appr_rejected": "abgelehnt",
    },
    "en": {
        "draft": "DRAFT – not agreed yet",
        "case": "Case number",
        "client": "Name",
        "version": "Version",
        "agreed_on": "agreed on",
        "created_on": "made on",
        "legal_basis": "Legal basis",
        "participants": "These people made the plan together",
        "goals": "Your goals",
        "who": "Who does it",
        "by_when": "By when",
        "indicator": "How we will see it",
        "cost": "Costs for you",
        "cost_none": "none",
        "paid_by": "paid by",
        "approval": "Is it certain yet?",
        "duties_client": "What you do",
        "duties_agency": "What {office} does for you",
        "review": "On {date} we will talk about the plan again.",
        "contact": "Your contact person",
        "office": "Office",
        "phone": "Phone",
        "email": "E-mail",
        "questions": "Do you have questions before then, or does something change? Then "
                     "contact {name}.",
        "what": "What is this plan?",
        "rights": "Your rights",
        "right_copy": "You get a copy of this plan.",
        "right_change": "You can ask at any time to change the plan.",
        "right_ask": "If something is not clear, ask {name}.",
        "signatures": "Signatures",
        "gas": "How far you have come",
        "gas_start": "Start",
        "gas_note": "The points show how far you have reached your goals, on each day we "
                    "looked at them together. 50 means: as expected.",
        "place_date": "Place, date",
        "page": "Page",
        "interpreter": "An interpreter translated.",
        "leitziel": "My big goal",
        "rahmenziel": "Part goal",
        "handlungsziel": "Next goal",
        "massnahme": "Step",
        "resp_client": "you",
        "resp_worker": "your contact person",
        "resp_provider": "a counselling service or provider",
        "resp_network": "a person close to you",
        "resp_other": "someone else",
        "how_pending": "not yet",
        "how_signature": "signed",
        "how_textform": "received in writing",
        "how_oral": "agreed orally",
        "how_declined": "did not agree",
        "role_client": "client",
        "role_caseworker": "contact person",
        "role_parent": "parent with custody",
        "role_child": "child or young person",
        "role_guardian": "legal guardian",
        "role_provider": "counselling service or provider",
        "role_interpreter": "interpreting",
        "role_trusted_person": "person of trust",
        "role_other": "other person",
        "appr_pending": "Not yet – being checked",
        "appr_approved": "Yes",
        "appr_rejected": "No – we will talk about it",
        "staff_copy": "Copy for the file",
        "staff_leitziel": "Guiding goal",
        "staff_rahmenziel": "Framework goal",
        "staff_handlungsziel": "Action goal",
        "staff_massnahme": "Measure",
        "staff_cost": "Cost bearer",
        "staff_approval": "Team lead's approval",
        "staff_appr_pending": "requested",
        "staff_appr_approved": "approved",
        "staff_appr_rejected": "refused",
    },
}

# Words a client does not need on her copy (tests/test_plan_pdf.py checks the text).
FACHWOERTER = ("Leitziel", "Rahmenziel", "Handlungsziel", "Maßnahme", "Rechtsfolgenbelehrung",
               "Kostenträger")
BODY = 12  # pt: the usual minimum for Einfache Sprache
SMALL = 10
LINE = 6.2  # mm per line of body text

# Language names as typed at intake → code.
LANGUAGE_NAMES = {
    "de": "de", "deutsch": "de", "german": "de",
    "en": "en", "englisch": "en", "english": "en",
    "ar": "ar", "arabisch": "ar", "arabic": "ar",
    "uk": "uk", "ukrainisch": "uk", "ukrainian": "uk",
    "tr": "tr", "türkisch": "tr", "turkish": "tr",
    "fa": "fa", "farsi": "fa", "persisch": "fa", "persian": "fa", "dari": "fa",
    "ru": "ru", "russisch": "ru", "russian": "ru",
}


def client_language(languages: str, primary: str) -> str | None:
    """The first language of the client (from the intake's free text) that the plan can be
    printed in besides `primary`, or None."""
    for part in languages.replace(";", ",").replace("/", ",").split(","):
        code = LANGUAGE_NAMES.get(part.strip().lower())
        if code and code != primary and code in TEXTS:
            return code
    return None


def _fmt(value: str | None, lang: str) -> str:
    if not value:
        return ""
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return value
    return d.strftime("%d.%m.%Y") if lang == "de" else d.isoformat()


class _Doc:
    def __init__(self, lang: str, second: str | None, draft_mark: str = "",
                 watermark: str | None = None, letterhead=None) -> None:
        from fpdf import FPDF
        from fpdf.errors import FPDFException

        self.lang = lang
        self.second = second
        self.draft_mark = draft_mark
        self.watermark = watermark
        self.letterhead = letterhead
        pdf = FPDF(format="A4", enforce_compliance="PDFA_2U")  # PDF/A-2U: export.paper
        self.pdf = pdf  # the header needs it on the first page already
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.set_margins(20, 16, 20)
        page_word = self.t("page")
        pdf.footer = lambda: self._footer(page_word)  # type: ignore[method-assign]
        pdf.header = self._header  # type: ignore[method-assign]
        pdf.alias_nb_pages()
        # Arabic and Persian script (a plan in that language, or only a client's name) needs
        # shaping: joined letters, right to left. fpdf2 does it with uharfbuzz (a dependency).
        try:
            pdf.set_text_shaping(use_shaping_engine=True)
            self.shaped = True
        except (ImportError, FPDFException):
            self.shaped = False
        pdf.add_page()
        self.pdf = pdf
        self.align = "R" if lang in RTL else "L"

    def _header(self) -> None:
        """The office's letterhead on page 1; a draft carries its mark on every page (page 2
        may hold the signature lines)."""
        from caseterm.export.paper import draw_head

        draw_head(self.pdf, self.letterhead, self.draft_mark, mark_size=9, mark_top=8,
                  body=BODY)

    def _footer(self, word: str) -> None:
        pdf = self.pdf
        pdf.set_y(-12)
        pdf.set_font(FONT, "", 9)
        pdf.cell(0, 6, f"{word} {pdf.page_no()}/{{nb}}", align="C")
        if self.watermark:  # training labs: every page says it is an exercise
            pdf.set_font(FONT, "B", 28)
            pdf.set_text_color(200, 200, 200)
            with pdf.rotation(45, x=105, y=148):
                width = pdf.get_string_width(self.watermark)
                pdf.text(105 - width / 2, 148, self.watermark)
            pdf.set_text_color(0, 0, 0)

    def t(self, key: str, lang: str | None = None) -> str:
        lang = lang or self.lang
        return TEXTS.get(lang, TEXTS["en"]).get(key) or TEXTS["en"].get(key, key)

    def label(self, key: str, **values: str) -> str:
        """A fixed text, with the client's language after a slash where there is one."""
        main = self.t(key).format(**values)
        if self.second:
            other = self.t(key, self.second).format(**values)
            if other != main:
                return f"{main} / {other}"
        return main

    def heading(self, key: str, size: int = 14, keep: float = 25, **values: str) -> None:
        """A heading never stands alone at the foot of a page: it moves to the next page
        unless `keep` mm of its content fit below it."""
        pdf = self.pdf
        if pdf.get_y() + 3 + LINE + 1 + keep > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FONT, "B", size)
        self._text(self.label(key, **values), LINE + 1)
        pdf.set_font(FONT, "", BODY)

    def _text(self, text: str, h: float = LINE, indent: float = 0) -> None:
        pdf = self.pdf
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent, h, text, new_x="LMARGIN", new_y="NEXT",
                       align=self.align)

    def line(self, text: str, *, indent: float = 0, bold: bool = False,
             size: int = BODY) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self._text(text, LINE if size >= BODY else LINE - 1, indent)
        self.pdf.set_font(FONT, "", BODY)

    def field(self, key: str, value: str, indent: float = 0) -> None:
        if value:
            self.line(f"{self.label(key)}: {value}", indent=indent)


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


# Fields of a plan snapshot that are one line on paper (names, numbers); others may wrap.
_ONE_LINE = {"client_name", "case_number", "name", "responsible_name", "cost_bearer",
             "legal_basis"}


def _cleaned(value: object, key: str = "") -> object:
    """Client text as the screens show it (core.safe_text): no escape sequences, C0/C1 or
    bidi controls (each becomes U+FFFD, which the font has); tabs become spaces; names on one
    line. So the plan never carries remnants such as "]0;PWNED"."""
    if isinstance(value, str):
        text = one_line(value) if key in _ONE_LINE else clean(value).replace("\t", " ")
        return text
    if isinstance(value, dict):
        return {k: _cleaned(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v, key) for v in value]
    return value


@contextmanager
def _quiet_fpdf():
    """fpdf2 logs missing glyphs with the characters themselves (raw control characters of a
    client's name would reach the terminal, or the TUI's screen). Keep its log to itself."""
    logger = logging.getLogger("fpdf")
    handler = logging.NullHandler()
    old = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old


def write_pdf(pdf, path: Path | str) -> None:
    """Write the finished document. fpdf2 maps the font's .notdef glyph to U+0000 in the
    ToUnicode table, which PDF/A-2U forbids (rule 6.2.11.7.2, found with the `page`
    validator): that glyph carries no text, so its mapping is left out."""
    for font in getattr(pdf, "fonts", {}).values():
        subset = getattr(font, "subset", None)
        if subset is None:
            continue
        for glyph, _code in subset.items():
            if glyph is not None and glyph.unicode in (0, (0,), (0xFEFF,), (0xFFFE,)):
                glyph.unicode = ()
    pdf.output(str(path))


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
