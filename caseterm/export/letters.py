"""Two more documents in the shared page layout (export.paper): a consent form to sign
(Einwilligungserklärung) and an invitation letter (to a case conference or an appointment).

Like the plan, their fixed texts live in `TEXTS`, one table per language (German and English
ship), not in gettext: the letter is printed in the client's language, whatever language the
app runs in. Draft mark as for the plan: a consent form prepared before the consent is recorded
as given carries "ENTWURF" on every page (the signed form is then kept with the case); the copy
of a recorded consent has none, a withdrawn one says so on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from caseterm.export.paper import Letterhead, Paper

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "consent_title": "Einwilligung in die Verarbeitung und Weitergabe von Daten",
        "draft": "ENTWURF – Einwilligung noch nicht erteilt",
        "withdrawn": "WIDERRUFEN am {date}",
        "case": "Fallnummer",
        "client": "Name",
        "given_by": "Erklärt von",
        "consent_intro": "Ich bin damit einverstanden, dass {office} meine Daten für diese "
                         "Zwecke verarbeitet:",
        "purposes": "Zwecke",
        "recipients": "An diese Stellen dürfen meine Daten weitergegeben werden",
        "recipients_none": "An keine anderen Stellen.",
        "valid": "Gültig bis",
        "valid_open": "bis auf Widerruf",
        "voluntary": "Die Einwilligung ist freiwillig. Wenn Sie nicht einwilligen, hat das "
                     "keine Nachteile für Sie bei Ihren Leistungen (§ 67b SGB X).",
        "withdrawal_title": "Ihr Recht auf Widerruf",
        "withdrawal": "Sie können diese Einwilligung jederzeit ganz oder teilweise "
                      "widerrufen, mündlich oder schriftlich bei {office} (Art. 7 Abs. 3 "
                      "DSGVO). Der Widerruf gilt ab dann; was vorher weitergegeben wurde, "
                      "bleibt rechtmäßig.",
        "information": "Ich habe die Informationen zum Datenschutz (Art. 13 DSGVO) erhalten.",
        "signatures": "Unterschriften",
        "sign_client": "Unterschrift Klient/in (oder gesetzliche Vertretung)",
        "sign_worker": "Unterschrift Fachkraft",
        "place_date": "Ort, Datum",
        "page": "Seite",
        "invitation_conference": "Einladung zur Fallkonferenz",
        "invitation_helper": "Einladung zur Helferkonferenz",
        "invitation_appointment": "Einladung zu einem Termin",
        "salutation": "Guten Tag {name},",
        "invite_conference": "wir laden Sie herzlich zu einer gemeinsamen Besprechung über "
                             "Ihre Hilfe ein. Dabei sind Fachleute, die Sie unterstützen.",
        "invite_appointment": "wir laden Sie zu einem Gespräch ein.",
        "when": "Wann",
        "when_day": "am {date}",
        "when_time": "am {date} um {time} Uhr",
        "where": "Wo",
        "topic": "Worum es geht",
        "participants": "Wer dabei ist",
        "bring": "Bitte bringen Sie diesen Brief mit. Wenn Sie nicht kommen können, "
                 "melden Sie sich bitte vorher bei {name}.",
        "interpreter": "Wenn Sie eine Dolmetscherin oder einen Dolmetscher brauchen, sagen "
                       "Sie es uns bitte vorher.",
        "regards": "Mit freundlichen Grüßen",
        "contact": "Ihre Ansprechperson",
    },
    "en": {
        "consent_title": "Consent to the processing and sharing of data",
        "draft": "DRAFT – consent not given yet",
        "withdrawn": "WITHDRAWN on {date}",
        "case": "Case number",
        "client": "Name",
        "given_by": "Declared by",
        "consent_intro": "I agree that {office} processes my data for these purposes:",
        "purposes": "Purposes",
        "recipients": "My data may be passed on to these bodies",
        "recipients_none": "To no other body.",
        "valid": "Valid until",
        "valid_open": "until withdrawn",
        "voluntary": "This consent is voluntary. If you do not agree, this does not harm "
                     "your benefits (§ 67b SGB X).",
        "withdrawal_title": "Your right to withdraw",
        "withdrawal": "You can withdraw this consent at any time, in full or in part, "
                      "orally or in writing to {office} (Art. 7(3) GDPR). The withdrawal "
                      "applies from then on; what was passed on before stays lawful.",
        "information": "I have received the information on data protection (Art. 13 GDPR).",
        "signatures": "Signatures",
        "sign_client": "Signature of the client (or legal representative)",
        "sign_worker": "Signature of the case manager",
        "place_date": "Place, date",
        "page": "Page",
        "invitation_conference": "Invitation to a case conference",
        "invitation_helper": "Invitation to a helpers' conference",
        "invitation_appointment": "Invitation to an appointment",
        "salutation": "Dear {name},",
        "invite_conference": "we would like to invite you to a joint meeting about your "
                             "support, together with the professionals who help you.",
        "invite_appointment": "we would like to invite you to a meeting.",
        "when": "When",
        "when_day": "on {date}",
        "when_time": "on {date} at {time}",
        "where": "Where",
        "topic": "What it is about",
        "participants": "Who will be there",
        "bring": "Please bring this letter. If you cannot come, please tell {name} "
                 "beforehand.",
        "interpreter": "If you need an interpreter, please tell us beforehand.",
        "regards": "Kind regards",
        "contact": "Your contact person",
    },
}

PURPOSES: dict[str, dict[str, str]] = {
    "de": {
        "case_management": "Fallarbeit: Beratung, Hilfeplanung und Begleitung",
        "data_exchange": "Austausch mit den unten genannten Stellen",
        "third_party_collection": "Auskünfte bei den unten genannten Stellen einholen",
        "case_conference": "Besprechung in einer Fallkonferenz mit den unten genannten Stellen",
        "confidentiality_release": "Entbindung von der Schweigepflicht gegenüber den unten "
                                   "genannten Stellen",
        "other": "Anderer Zweck (siehe Notiz)",
    },
    "en": {
        "case_management": "Case work: counselling, planning and support",
        "data_exchange": "Exchange with the bodies named below",
        "third_party_collection": "Obtaining information from the bodies named below",
        "case_conference": "Discussion in a case conference with the bodies named below",
        "confidentiality_release": "Release from confidentiality towards the bodies named "
                                   "below",
        "other": "Another purpose (see note)",
    },
}
LANGUAGES = tuple(TEXTS)


def _fmt(day: date | None, lang: str) -> str:
    if day is None:
        return ""
    return day.strftime("%d.%m.%Y") if lang == "de" else day.isoformat()


@dataclass(frozen=True)
class ConsentFormData:
    case_number: str
    client_name: str
    office: str
    worker_name: str
    purposes: tuple[str, ...]  # ConsentPurpose values; ticked on the form
    recipients: tuple[str, ...]
    given_by_name: str = ""
    valid_until: date | None = None
    recorded: bool = False  # a consent recorded as given (no draft mark)
    withdrawn_on: date | None = None
    note: str = ""
    information_given: bool = False  # Art. 13 information recorded as given


def write_consent_form(data: ConsentFormData, target: Path, *, lang: str = "de",
                       letterhead: Letterhead | None = None) -> Path:
    t = TEXTS[lang]
    mark = t["withdrawn"].format(date=_fmt(data.withdrawn_on, lang)) if data.withdrawn_on \
        else ("" if data.recorded else t["draft"])
    paper = Paper(t["consent_title"], lang=lang, draft_mark=mark, letterhead=letterhead,
                  page_word=t["page"])
    paper.line(f"{t['client']}: {data.client_name}", bold=True)
    paper.line(f"{t['case']}: {data.case_number}")
    if data.given_by_name:
        paper.line(f"{t['given_by']}: {data.given_by_name}")
    paper.heading(t["purposes"])
    paper.line(t["consent_intro"].format(office=data.office))
    for code, text in PURPOSES[lang].items():
        box = "☒" if code in data.purposes else "☐"
        paper.line(f"{box} {text}", indent=2)
    if data.note:
        paper.line(data.note, indent=6)
    paper.heading(t["recipients"])
    if data.recipients:
        for r in data.recipients:
            paper.line(f"- {r}", indent=2)
    else:
        paper.line(t["recipients_none"], indent=2)
    paper.line(f"{t['valid']}: {_fmt(data.valid_until, lang) or t['valid_open']}")
    paper.line(t["voluntary"])
    paper.heading(t["withdrawal_title"])
    paper.line(t["withdrawal"].format(office=data.office))
    paper.line(("☒ " if data.information_given else "☐ ") + t["information"])
    _signatures(paper, t, [t["sign_client"], t["sign_worker"] + f" ({data.worker_name})"],
                f"{t['case']} {data.case_number} · {data.client_name}")
    return paper.save(target)


def _signatures(paper: Paper, t: dict[str, str], who: list[str], naming: str) -> None:
    """The signature block, kept together on one page, naming the case and the client."""
    pdf = paper.pdf
    need = 12 + 24 * len(who)
    if pdf.get_y() + need > pdf.page_break_trigger:
        pdf.add_page()
    paper.heading(t["signatures"], keep=need - 10)
    paper.line(naming)
    for label in who:
        pdf.ln(12)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.l_margin + 60, y)
        pdf.line(pdf.l_margin + 75, y, pdf.w - pdf.r_margin, y)
        pdf.ln(1)
        paper.pdf.set_font_size(8)
        pdf.set_x(pdf.l_margin)
        pdf.cell(75, 4, t["place_date"])
        pdf.cell(0, 4, label, new_x="LMARGIN", new_y="NEXT")
        paper.pdf.set_font_size(10)


@dataclass(frozen=True)
class InvitationData:
    case_number: str
    addressee: str
    office: str
    worker_name: str
    kind: str  # "fallkonferenz" | "helferkonferenz" | "appointment"
    day: date
    at: time | None = None
    place: str = ""
    topic: str = ""
    participants: tuple[str, ...] = field(default_factory=tuple)
    interpreter: bool = False


def write_invitation(data: InvitationData, target: Path, *, lang: str = "de",
                     letterhead: Letterhead | None = None) -> Path:
    t = TEXTS[lang]
    title = {"fallkonferenz": t["invitation_conference"],
             "helferkonferenz": t["invitation_helper"]}.get(data.kind,
                                                             t["invitation_appointment"])
    paper = Paper(title, lang=lang, letterhead=letterhead, page_word=t["page"])
    paper.line(f"{t['case']}: {data.case_number}")
    paper.pdf.ln(3)
    paper.line(t["salutation"].format(name=data.addressee))
    paper.line(t["invite_appointment"] if data.kind == "appointment"
               else t["invite_conference"])
    when = t["when_time"].format(date=_fmt(data.day, lang), time=data.at.strftime("%H:%M")) \
        if data.at else t["when_day"].format(date=_fmt(data.day, lang))
    paper.heading(t["when"], keep=8)
    paper.line(when, bold=True)
    paper.heading(t["where"], keep=8)
    paper.line(data.place or data.office)
    if data.topic:
        paper.heading(t["topic"], keep=8)
        paper.line(data.topic)
    if data.participants:
        paper.heading(t["participants"], keep=8)
        for p in data.participants:
            paper.line(f"- {p}", indent=2)
    paper.pdf.ln(3)
    paper.line(t["bring"].format(name=data.worker_name))
    if data.interpreter:
        paper.line(t["interpreter"])
    paper.pdf.ln(6)
    paper.line(t["regards"])
    paper.line(data.worker_name, bold=True)
    paper.line(f"{t['contact']}, {data.office}")
    return paper.save(target)
