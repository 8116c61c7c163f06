"""The method's fixed vocabularies as string enums, with translatable labels.

Stored as their string values (portable to PostgreSQL); shown through `label()`.
"""

from __future__ import annotations

from enum import StrEnum

from caseterm.i18n import N_, NP_, _


class Role(StrEnum):
    caseworker = "caseworker"
    team_lead = "team_lead"
    trainer = "trainer"
    admin = "admin"
    dpo = "dpo"  # data-protection officer (Datenschutzbeauftragte/r): reads the audit trail


class LegalArea(StrEnum):
    sgb2 = "sgb2"
    sgb8 = "sgb8"
    sgb12 = "sgb12"
    integration = "integration"
    other = "other"


class CasePhase(StrEnum):
    access = "access"
    intake = "intake"
    assessment = "assessment"
    planning = "planning"
    linking = "linking"
    monitoring = "monitoring"
    evaluation = "evaluation"
    closure = "closure"


class ClosureReason(StrEnum):
    goals_achieved = "goals_achieved"
    transfer = "transfer"
    client_withdrew = "client_withdrew"
    no_longer_eligible = "no_longer_eligible"
    not_indicated = "not_indicated"
    moved = "moved"
    deceased = "deceased"
    other = "other"


class FollowUpKind(StrEnum):
    wiedervorlage = "wiedervorlage"
    frist = "frist"
    termin = "termin"
    review = "review"
    measure = "measure"
    referral = "referral"
    consent_expiry = "consent_expiry"
    no_contact = "no_contact"
    stalled_phase = "stalled_phase"


class FollowUpStatus(StrEnum):
    open = "open"
    done = "done"
    cancelled = "cancelled"


class Priority(StrEnum):
    high = "high"
    normal = "normal"
    low = "low"


class NoteKind(StrEnum):
    conversation = "conversation"
    phone = "phone"
    home_visit = "home_visit"
    letter = "letter"
    email = "email"
    case_conference = "case_conference"


class Bundesland(StrEnum):
    BW = "BW"
    BY = "BY"
    BE = "BE"
    BB = "BB"
    HB = "HB"
    HH = "HH"
    HE = "HE"
    MV = "MV"
    NI = "NI"
    NW = "NW"
    RP = "RP"
    SL = "SL"
    SN = "SN"
    ST = "ST"
    SH = "SH"
    TH = "TH"


# Labels are keyed by enum class, then value: members of different enums may share a value.
LABELS: dict[type[StrEnum], dict[str, str]] = {
    Role: {
        "caseworker": N_("Caseworker"),
        "team_lead": N_("Team lead"),
        "trainer": N_("Trainer"),
        "admin": N_("Administrator"),
    },
    LegalArea: {
        "sgb2": N_("SGB II (job centre)"),
        "sgb8": N_("SGB VIII (youth welfare)"),
        "sgb12": N_("SGB XII (social assistance)"),
        "integration": N_("Integration management"),
        "other": N_("Other"),
    },
    CasePhase: {
        "access": N_("Access"),
        "intake": NP_("phase", "Intake"),
        "assessment": N_("Assessment"),
        "planning": N_("Planning"),
        "linking": N_("Linking"),
        "monitoring": N_("Monitoring"),
        "evaluation": N_("Evaluation"),
        "closure": N_("Closure"),
    },
    ClosureReason: {
        "goals_achieved": N_("Goals achieved"),
        "transfer": N_("Handed over to another service"),
        "client_withdrew": N_("Client withdrew"),
        "no_longer_eligible": N_("No longer eligible"),
        "not_indicated": N_("Case management not indicated"),
        "moved": N_("Moved away"),
        "deceased": N_("Deceased"),
        "other": N_("Other reason"),
    },
    FollowUpKind: {
        "wiedervorlage": N_("Follow-up"),
        "frist": N_("Legal deadline"),
        "termin": N_("Appointment"),
        "review": N_("Review"),
        "measure": N_("Measure due"),
        "referral": N_("Referral feedback"),
        "consent_expiry": N_("Consent expires"),
        "no_contact": N_("No contact"),
        "stalled_phase": N_("Phase stalled"),
    },
    FollowUpStatus: {
        "open": N_("open"),
        "done": N_("done"),
        "cancelled": N_("cancelled"),
    },
    Priority: {
        "high": N_("high"),
        "normal": N_("normal"),
        "low": N_("low"),
    },
    NoteKind: {
        "conversation": N_("Conversation"),
        "phone": N_("Phone call"),
        "home_visit": N_("Home visit"),
        "letter": N_("Letter"),
        "email": N_("E-mail"),
        "case_conference": N_("Case conference"),
    },
    Bundesland: {
        "BW": N_("Baden-Württemberg"),
        "BY": N_("Bavaria"),
        "BE": N_("Berlin"),
        "BB": N_("Brandenburg"),
        "HB": N_("Bremen"),
        "HH": N_("Hamburg"),
        "HE": N_("Hesse"),
        "MV": N_("Mecklenburg-Western Pomerania"),
        "NI": N_("Lower Saxony"),
        "NW": N_("North Rhine-Westphalia"),
        "RP": N_("Rhineland-Palatinate"),
        "SL": N_("Saarland"),
        "SN": N_("Saxony"),
        "ST": N_("Saxony-Anhalt"),
        "SH": N_("Schleswig-Holstein"),
        "TH": N_("Thuringia"),
    },
}


def label(member: StrEnum | str | None, enum: type[StrEnum] | None = None) -> str:
    """The translated label of an enum member (or of its stored string value)."""
    if member is None:
        return ""
    if enum is None:
        if not isinstance(member, StrEnum):
            return str(member)
        enum = type(member)
    text = LABELS.get(enum, {}).get(str(member))
    return _(text) if text else str(member)


def options(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """(label, value) pairs for a Select widget, in declaration order."""
    return [(label(m), m.value) for m in enum]
