"""The printable plan (Kooperationsplan, Hilfeplan, Vereinbarung, Förderplan) as PDF.

Made with fpdf2 (imported only here, only when a plan is printed) from the *frozen* content of
the agreed version (or, marked as a draft, from the draft). Plain language, participants, goals,
measures with who/by when, each side's duties, the review date and signature lines.

The fixed texts of the document live in `TEXTS`, one table per language, not in gettext: a
printed plan can be bilingual (German + the client's language from the intake) and must be
extendable to languages the app itself is not translated into. A language is added by adding
its table (and, for right-to-left scripts such as Arabic or Farsi, `RTL` and a font covering the
script; fpdf2 shapes Arabic script when `uharfbuzz` is installed). German and English ship.

Font: DejaVu Sans (Bitstream Vera licence, see fonts/LICENSE-DejaVu.txt), so names in Latin,
Cyrillic, Greek, Turkish and Arabic letters print.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVu"

RTL = {"ar", "fa", "he", "ur"}

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "draft": "ENTWURF – noch nicht vereinbart",
        "case": "Fallnummer",
        "client": "Klientin / Klient",
        "version": "Fassung",
        "agreed_on": "vereinbart am",
        "created_on": "erstellt am",
        "legal_basis": "Rechtsgrundlage",
        "participants": "Wer hat den Plan gemeinsam erarbeitet?",
        "goals": "Unsere Ziele",
        "measures": "Was wir tun",
        "who": "Wer",
        "by_when": "Bis wann",
        "indicator": "Daran erkennen wir es",
        "cost_bearer": "Kosten trägt",
        "approval": "Zustimmung der Teamleitung",
        "duties_client": "Das mache ich",
        "duties_agency": "Das macht die Beratungsstelle / das Amt",
        "review": "Wir schauen uns den Plan gemeinsam wieder an am",
        "review_note": "Bei Fragen oder wenn sich etwas ändert, melden Sie sich bitte vorher.",
        "signatures": "Unterschriften",
        "place_date": "Ort, Datum",
        "page": "Seite",
        "interpreter": "Eine Dolmetscherin / ein Dolmetscher hat übersetzt.",
        "no_legal_notice": "Dieser Plan ist eine gemeinsame Vereinbarung. Er enthält keine "
                           "Rechtsfolgenbelehrung.",
        # agreement types
        "kooperationsplan": "Kooperationsplan",
        "hilfeplan": "Hilfeplan",
        "vereinbarung_sgb12": "Vereinbarung",
        "foerderplan": "Förderplan",
        "generic": "Zielvereinbarung",
        # goal levels
        "leitziel": "Leitziel",
        "rahmenziel": "Rahmenziel",
        "handlungsziel": "Handlungsziel",
        "massnahme": "Maßnahme",
        # responsible
        "resp_client": "ich selbst",
        "resp_worker": "Fallmanager*in",
        "resp_provider": "Träger",
        "resp_network": "Person aus meinem Umfeld",
        "resp_other": "andere",
        # how agreed
        "how_pending": "noch offen",
        "how_signature": "unterschrieben",
        "how_textform": "in Textform erhalten",
        "how_oral": "mündlich zugestimmt",
        "how_declined": "nicht zugestimmt",
        # roles
        "role_client": "Klient*in",
        "role_caseworker": "Fallmanager*in",
        "role_parent": "sorgeberechtigt",
        "role_child": "Kind / Jugendliche*r",
        "role_guardian": "Vormund / Betreuer*in",
        "role_provider": "Träger",
        "role_interpreter": "Dolmetscher*in",
        "role_trusted_person": "Vertrauensperson",
        "role_other": "weitere Person",
        "appr_pending": "beantragt",
        "appr_approved": "bewilligt",
        "appr_rejected": "abgelehnt",
    },
    "en": {
        "draft": "DRAFT – not agreed yet",
        "case": "Case number",
        "client": "Client",
        "version": "Version",
        "agreed_on": "agreed on",
        "created_on": "made on",
        "legal_basis": "Legal basis",
        "participants": "Who made this plan together?",
        "goals": "Our goals",
        "measures": "What we do",
        "who": "Who",
        "by_when": "By when",
        "indicator": "How we will know",
        "cost_bearer": "Paid by",
        "approval": "Team lead's approval",
        "duties_client": "What I do",
        "duties_agency": "What the service does",
        "review": "We will look at this plan together again on",
        "review_note": "If you have questions or something changes, please get in touch "
                       "before then.",
        "signatures": "Signatures",
        "place_date": "Place, date",
        "page": "Page",
        "interpreter": "An interpreter translated.",
        "no_legal_notice": "This plan is a joint agreement. It contains no notice of legal "
                           "consequences.",
        "kooperationsplan": "Cooperation plan",
        "hilfeplan": "Help plan",
        "vereinbarung_sgb12": "Agreement",
        "foerderplan": "Support plan",
        "generic": "Goal agreement",
        "leitziel": "Guiding goal",
        "rahmenziel": "Framework goal",
        "handlungsziel": "Action goal",
        "massnahme": "Measure",
        "resp_client": "myself",
        "resp_worker": "caseworker",
        "resp_provider": "provider",
        "resp_network": "a person close to me",
        "resp_other": "someone else",
        "how_pending": "open",
        "how_signature": "signed",
        "how_textform": "received in text form",
        "how_oral": "agreed orally",
        "how_declined": "did not agree",
        "role_client": "client",
        "role_caseworker": "caseworker",
        "role_parent": "parent with custody",
        "role_child": "child / young person",
        "role_guardian": "guardian",
        "role_provider": "provider",
        "role_interpreter": "interpreter",
        "role_trusted_person": "person of trust",
        "role_other": "other person",
        "appr_pending": "requested",
        "appr_approved": "approved",
        "appr_rejected": "refused",
    },
}

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
    def __init__(self, lang: str, second: str | None) -> None:
        from fpdf import FPDF
        from fpdf.errors import FPDFException

        self.lang = lang
        self.second = second
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.set_margins(18, 16, 18)
        page_word = self.t("page")
        pdf.footer = lambda: self._footer(page_word)  # type: ignore[method-assign]
        pdf.alias_nb_pages()
        self.shaped = False
        if lang in RTL or second in RTL:
            # Arabic script needs shaping (joined letters, right-to-left): fpdf2 does it with
            # uharfbuzz when that is installed; without it the letters print unjoined.
            try:
                pdf.set_text_shaping(use_shaping_engine=True)
                self.shaped = True
            except (ImportError, FPDFException):
                self.shaped = False
        pdf.add_page()
        self.pdf = pdf
        self.align = "R" if lang in RTL else "L"

    def _footer(self, word: str) -> None:
        pdf = self.pdf
        pdf.set_y(-12)
        pdf.set_font(FONT, "", 8)
        pdf.cell(0, 6, f"{word} {pdf.page_no()}/{{nb}}", align="C")

    def t(self, key: str, lang: str | None = None) -> str:
        lang = lang or self.lang
        return TEXTS.get(lang, TEXTS["en"]).get(key) or TEXTS["en"].get(key, key)

    def label(self, key: str) -> str:
        """A fixed text, with the client's language after a slash where there is one."""
        main = self.t(key)
        if self.second:
            other = self.t(key, self.second)
            if other != main:
                return f"{main} / {other}"
        return main

    def heading(self, key: str, size: int = 12) -> None:
        pdf = self.pdf
        pdf.ln(3)
        pdf.set_font(FONT, "B", size)
        self._text(self.label(key), 6)
        pdf.set_font(FONT, "", 10)

    def _text(self, text: str, h: float = 5, indent: float = 0) -> None:
        pdf = self.pdf
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent, h, text, new_x="LMARGIN", new_y="NEXT",
                       align=self.align)

    def line(self, text: str, *, indent: float = 0, bold: bool = False, size: int = 10) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self._text(text, 5, indent)
        self.pdf.set_font(FONT, "", 10)

    def field(self, key: str, value: str, indent: float = 0) -> None:
        if value:
            self.line(f"{self.label(key)}: {value}", indent=indent)


def render(content: dict, path: Path, *, lang: str = "de", second_lang: str | None = None) -> Path:
    """Write the plan described by a version snapshot to `path`."""
    lang = lang if lang in TEXTS else "en"
    second = second_lang if second_lang in TEXTS and second_lang != lang else None
    doc = _Doc(lang, second)
    pdf = doc.pdf
    kind = content.get("agreement_type", "generic")

    pdf.set_font(FONT, "B", 18)
    doc._text(doc.label(kind), 9)
    pdf.set_font(FONT, "", 10)
    if content.get("status") == "draft":
        doc.line(doc.label("draft"), bold=True, size=12)
    doc.field("client", content.get("client_name", ""))
    doc.field("case", content.get("case_number", ""))
    version = str(content.get("version", ""))
    if content.get("agreed_on"):
        version += f", {doc.t('agreed_on')} {_fmt(content['agreed_on'], lang)}"
    doc.field("version", version)
    doc.field("legal_basis", content.get("legal_basis", ""))

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
        indent = 6 * int(g.get("depth", 0))
        if level == "massnahme":
            who = doc.t("resp_" + (g.get("responsible") or "other"))
            if g.get("responsible_name"):
                who += f": {g['responsible_name']}"
            doc.line(f"{doc.t('massnahme')}: {g.get('text_client', '')}", indent=indent,
                     bold=True)
            doc.field("who", who, indent + 4)
            doc.field("by_when", _fmt(g.get("due_date"), lang), indent + 4)
            doc.field("cost_bearer", g.get("cost_bearer", ""), indent + 4)
            if g.get("needs_approval"):
                doc.field("approval", doc.t("appr_" + g.get("approval_state", "pending")),
                          indent + 4)
        else:
            doc.line(f"{doc.t(level)}: {g.get('text_client', '')}", indent=indent, bold=True)
            doc.field("indicator", g.get("indicator", ""), indent + 4)
            doc.field("by_when", _fmt(g.get("due_date"), lang), indent + 4)
        pdf.ln(1)

    if content.get("duties_client"):
        doc.heading("duties_client", 11)
        doc.line(content["duties_client"])
    if content.get("duties_agency"):
        doc.heading("duties_agency", 11)
        doc.line(content["duties_agency"])

    pdf.ln(2)
    pdf.set_font(FONT, "B", 12)
    doc._text(f"{doc.label('review')}: {_fmt(content.get('review_date'), lang)}", 6)
    pdf.set_font(FONT, "", 10)
    doc.line(doc.label("review_note"))
    if kind == "kooperationsplan":
        doc.line(doc.label("no_legal_notice"))

    doc.heading("signatures")
    signers = [p for p in content.get("participants", [])
               if p.get("role") != "interpreter"] or [{"name": "", "role": "client"}]
    for p in signers:
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pdf.ln(12)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.l_margin + 70, y)
        pdf.line(pdf.l_margin + 85, y, pdf.w - pdf.r_margin, y)
        pdf.set_font(FONT, "", 8)
        pdf.set_xy(pdf.l_margin, y + 1)
        pdf.cell(70, 4, doc.label("place_date"))
        pdf.set_xy(pdf.l_margin + 85, y + 1)
        role = doc.t("role_" + p.get("role", "other"))
        pdf.cell(0, 4, f"{p.get('name', '')} ({role})")
        pdf.set_font(FONT, "", 10)
        pdf.ln(5)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def export_case(plan, target: Path, *, lang: str = "de",
                second_lang: str | None = "auto") -> Path:
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
    return render(content, target, lang=lang, second_lang=second_lang)
