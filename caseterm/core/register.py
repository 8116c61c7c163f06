"""What caseterm processes and why: the purposes and legal bases per legal area, the
categories of data and persons, the technical and organisational measures. Shared by the
access report (Art. 15 DSGVO, § 83 SGB X) and the record of processing (Art. 30 DSGVO).
Starting texts for the office's own register: its DPO adapts them."""

from __future__ import annotations

from caseterm.i18n import N_, _

PURPOSES: dict[str, tuple[str, str]] = {
    "sgb2": (N_("Basic income support for jobseekers: counselling, integration into work and "
                "case management (SGB II)"),
             N_("Art. 6 (1) (c), (e) GDPR with §§ 67a–67c SGB X and §§ 14–16, 50 ff. SGB II")),
    "sgb8": (N_("Child and youth welfare: counselling, help with upbringing, integration help, "
                "child protection (SGB VIII)"),
             N_("Art. 6 (1) (c), (e) GDPR with §§ 62–65 SGB VIII and §§ 67a–67c SGB X")),
    "sgb12": (N_("Social assistance: counselling and help in special life situations (SGB XII)"),
              N_("Art. 6 (1) (c), (e) GDPR with §§ 67a–67c SGB X and SGB XII")),
    "integration": (N_("Integration and migration counselling"),
                    N_("Art. 6 (1) (a), (e) GDPR; consent of the person where required")),
    "other": (N_("Other case management agreed with the person"),
              N_("Art. 6 (1) (a), (e) GDPR; consent of the person where required")),
}

DATA_CATEGORIES = (
    N_("identity and contact data (name, date of birth, address, phone, e-mail, languages)"),
    N_("case data (legal area, phase, dates, case number)"),
    N_("intake, assessment of life domains, resources, goals and plans"),
    N_("contact notes and follow-ups"),
    N_("consents and their withdrawal"),
    N_("referrals to services and their feedback"),
    N_("household members and the personal network (third parties)"),
    N_("special categories where recorded (health, addiction; Art. 9 GDPR)"),
)

SUBJECTS = (
    N_("clients (adults, children and young people)"),
    N_("household members and people in the client's network"),
    N_("caseworkers and other staff (user accounts, audit trail)"),
)

MEASURES = (
    N_("access on a need-to-know basis per case (lead, deputy, team, shares with end date)"),
    N_("every change, opening and export recorded in a hash-chained audit trail"),
    N_("disclosures only with a valid consent or a stated legal basis"),
    N_("deleted data overwritten (secure_delete), WAL truncated and file vacuumed on erasure"),
    N_("restriction (Sperrung) and legal hold per case; retention schedule per legal area"),
    N_("files readable only by their owner (0600), backups checked before they are kept"),
)


def purpose(area: str) -> tuple[str, str]:
    text, basis = PURPOSES.get(area, PURPOSES["other"])
    return _(text), _(basis)
