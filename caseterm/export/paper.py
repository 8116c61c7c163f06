"""One page layout for caseterm's printed documents (conference protocol, steering report):
letterhead, a draft mark on EVERY page of a draft, headings kept with the lines that follow,
page numbers, and the document's title and language in the PDF metadata. Client text is
cleaned as on screen (core.safe_text); Arabic and Persian script is shaped when uharfbuzz is
installed (fpdf2's text shaping)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from caseterm.core.safe_text import clean, one_line
from caseterm.export.pdf_doc import FONT, FONT_DIR, _quiet_fpdf, page_footer, write_pdf
from caseterm.i18n import _

# Every printed document is PDF/A-2U (fpdf2 adds the sRGB output intent it ships and the XMP
# metadata with pdfaid part 2, conformance U).
COMPLIANCE = "PDFA_2U"


@dataclass(frozen=True)
class Letterhead:
    """The office's letterhead (configured with `caseterm office letterhead`): its name,
    address lines and a logo image file (PNG or JPEG), printed at the top of page 1."""
    name: str = ""
    address: tuple[str, ...] = ()
    logo: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.address or self.logo)


def logo_problem(path: str) -> str | None:
    """None when the logo file can be read as an image; otherwise the reason (for a message)."""
    if not path:
        return None
    try:
        from PIL import Image

        with Image.open(Path(path).expanduser()) as img:
            img.verify()
    except FileNotFoundError:
        return _("file not found")
    except PermissionError:
        return _("no permission to read it")
    except Exception:  # PIL raises many kinds for damaged or non-image files
        return _("not a PNG or JPEG image")
    return None


def draw_letterhead(pdf, head: Letterhead | None) -> float:
    """Draw the letterhead at the top of the current page; returns the y below it. A logo
    that cannot be read is left out (the caller names it in a message: logo_problem)."""
    if not head:
        return pdf.t_margin
    top = 8.0
    bottom = top
    if head.logo and logo_problem(head.logo) is None:
        try:
            pdf.image(str(Path(head.logo).expanduser()), x=pdf.l_margin, y=top, h=16)
            bottom = top + 16
        except Exception:  # the file changed between the check and the print
            pass
    y = top
    if head.name:
        pdf.set_font(FONT, "B", 11)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(0, 5, one_line(head.name), align="R")
        y += 5.5
    pdf.set_font(FONT, "", 8)
    for line in head.address:
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(0, 4, one_line(line), align="R")
        y += 4
    bottom = max(bottom, y) + 2
    pdf.set_draw_color(150, 150, 150)
    pdf.line(pdf.l_margin, bottom, pdf.w - pdf.r_margin, bottom)
    pdf.set_draw_color(0, 0, 0)
    return bottom + 3

BODY = 10


def draw_head(pdf, letterhead: Letterhead | None, draft_mark: str, *, mark_size: int,
              mark_top: float, body: int) -> None:
    """The head of every page of every printed document: the office's letterhead on page 1,
    a draft's mark on every page (a later page may hold the signature lines)."""
    below = pdf.t_margin
    if letterhead and pdf.page_no() == 1:
        below = draw_letterhead(pdf, letterhead)
    if draft_mark:
        pdf.set_font(FONT, "B", mark_size)
        pdf.set_text_color(200, 0, 0)
        y = below if below > pdf.t_margin else mark_top
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(0, 5, draft_mark, align="C")
        pdf.set_text_color(0, 0, 0)
        below = max(below, y + 6)
    pdf.set_xy(pdf.l_margin, max(pdf.t_margin, below))
    pdf.set_font(FONT, "", body)
LINE = 5.2


class Paper:
    def __init__(self, title: str, *, lang: str = "de", draft_mark: str = "",
                 letterhead: Letterhead | None = None, page_word: str = "Seite") -> None:
        from fpdf import FPDF

        pdf = FPDF(format="A4", enforce_compliance=COMPLIANCE)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.set_margins(20, 16, 20)
        pdf.set_title(one_line(title))
        pdf.set_lang(lang)
        pdf.set_creator("caseterm")
        try:
            pdf.set_text_shaping(use_shaping_engine=True)
        except Exception:
            pass
        self.pdf = pdf
        self.draft_mark = draft_mark
        self.letterhead = letterhead
        pdf.header = self._header  # type: ignore[method-assign]
        pdf.footer = lambda: self._footer(page_word)  # type: ignore[method-assign]
        pdf.alias_nb_pages()
        pdf.add_page()
        pdf.set_font(FONT, "B", 16)
        self.text(title, 8)
        pdf.set_font(FONT, "", BODY)

    def _header(self) -> None:
        draw_head(self.pdf, self.letterhead, self.draft_mark, mark_size=11, mark_top=10,
                  body=BODY)

    def _footer(self, word: str) -> None:
        page_footer(self.pdf, word, 8)

    def text(self, value: str, h: float = LINE, indent: float = 0) -> None:
        pdf = self.pdf
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent, h, clean(value).replace("\t", " "), align="L",
                       new_x="LMARGIN", new_y="NEXT")

    def heading(self, value: str, *, keep: float = 20) -> None:
        """A heading never stands alone at a page's foot: it moves to the next page unless
        `keep` mm of content fit below it."""
        pdf = self.pdf
        if pdf.get_y() + LINE + 2 + keep > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font(FONT, "B", 12)
        self.text(value, LINE + 1)
        pdf.set_font(FONT, "", BODY)

    def line(self, value: str, *, bold: bool = False, indent: float = 0) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", BODY)
        self.text(value, LINE, indent)
        self.pdf.set_font(FONT, "", BODY)

    def table(self, columns: list[str], rows: list[list[str]]) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "", 8)
        from fpdf.fonts import FontFace

        with pdf.table(text_align="LEFT", line_height=4.2,
                       headings_style=FontFace(emphasis="BOLD")) as t:
            head = t.row()
            for c in columns:
                head.cell(one_line(c))
            for r in rows:
                row = t.row()
                for c in r:
                    row.cell(one_line(str(c)))
        pdf.set_font(FONT, "", BODY)

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _quiet_fpdf():
            write_pdf(self.pdf, path)
        return path
