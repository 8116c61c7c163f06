"""The fixed texts of the printable plan (export/plan_pdf.py), one table per language, and the
client's second language from the intake.

They are not in gettext: a printed plan can be bilingual (German + the client's language from
the intake) and must be extendable to languages the app itself is not translated into. A
language is added by adding its table (and, for right-to-left scripts such as Arabic or Farsi,
`RTL` and a font covering the script).
"""

from __future__ import annotations

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

