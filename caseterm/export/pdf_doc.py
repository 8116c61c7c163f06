"""The page of a printed plan (export/plan_pdf.py), reused by the access report
(export/access_pdf.py) and the other papers (export/paper.py): the fonts, the A4 PDF/A-2U
document with header, footer and watermark, bilingual labels from `TEXTS`, client text cleaned
as on screen, fpdf2's log kept off the terminal, and the writing of the file.

Font: DejaVu Sans (Bitstream Vera licence, see fonts/LICENSE-DejaVu.txt), so names in Latin,
Cyrillic, Greek, Turkish and Arabic letters print. fpdf2 is imported only when a page is made.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from caseterm.core.safe_text import clean, one_line
from caseterm.export.plan_texts import RTL, TEXTS

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVu"

BODY = 12  # pt: the usual minimum for Einfache Sprache
SMALL = 10
LINE = 6.2  # mm per line of body text


def _fmt(value: str | None, lang: str) -> str:
    if not value:
        return ""
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return value
    return d.strftime("%d.%m.%Y") if lang == "de" else d.isoformat()


def page_footer(pdf, word: str, size: int) -> None:
    """"Page n/N", centred at the foot of the page."""
    pdf.set_y(-12)
    pdf.set_font(FONT, "", size)
    pdf.cell(0, 6, f"{word} {pdf.page_no()}/{{nb}}", align="C")


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
        page_footer(pdf, word, 9)
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
