"""May this client's data go to this recipient for this purpose today? (Disclosure rule.)

Pure rule over plain data (reference/methods.md §6.1; Art. 6, 7 DSGVO, §§ 67b, 69 ff. SGB X,
§§ 64, 65 SGB VIII). Data leave caseterm for someone else only when

- a consent of the client is valid on the day, names the recipient (core.consent's strict
  recipient match) and a purpose of passing data on (data exchange, case conference), or
- a legal basis allows it without consent (§ 8a SGB VIII child protection, § 69 SGB X, a
  duty to transfer), with the reason written down.

A withdrawn consent stops disclosures from the day of withdrawal (no retroactive effect: what
left before stays lawful). A refusal names the consent that is missing, or says why the
consent on file does not count (withdrawn, expired, other recipient, other purpose).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caseterm.core.consent import (
    ConsentFacts,
    ConsentPurpose,
    ConsentStatus,
    recipient_matches,
    status,
)
from caseterm.core.referrals import LegalException
from caseterm.core.vocab import label
from caseterm.i18n import _

# Purposes under which a consent lets data go to a named recipient.
PASSING_ON = (ConsentPurpose.data_exchange, ConsentPurpose.case_conference)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    basis: str  # "consent" | "legal_exception" | "" (refused)
    message: str = ""
    consent_index: int | None = None  # which consent of the list covered it


def _fmt(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def decide(consents: list[ConsentFacts], recipient: str, purpose: ConsentPurpose, day: date,
           exception: LegalException | None = None, reason: str = "") -> Verdict:
    """The verdict for one disclosure. `exception` (with `reason`) is a legal basis that
    allows it without consent; it must be stated with a reason."""
    recipient = (recipient or "").strip()
    if not recipient:
        return Verdict(False, "", _("Name the recipient the data go to."))
    if exception is not None:
        if not reason.strip():
            return Verdict(False, "", _("State why the law allows this disclosure without "
                                        "consent."))
        return Verdict(True, "legal_exception")
    if purpose not in PASSING_ON:
        purpose = ConsentPurpose.data_exchange
    near: list[str] = []
    for n, c in enumerate(consents):
        if not any(recipient_matches(entry, recipient) for entry in c.recipients):
            continue
        if purpose not in c.purposes:
            near.append(_("the consent of {given} does not cover the purpose “{purpose}”")
                        .format(given=_fmt(c.given_on), purpose=label(purpose)))
            continue
        st = status(c, day)
        if st is ConsentStatus.valid:
            return Verdict(True, "consent", consent_index=n)
        if st is ConsentStatus.withdrawn:
            near.append(_("the consent of {given} was withdrawn on {withdrawn}").format(
                given=_fmt(c.given_on), withdrawn=_fmt(c.withdrawn_on)))
        elif st is ConsentStatus.expired:
            near.append(_("the consent of {given} expired on {until}").format(
                given=_fmt(c.given_on), until=_fmt(c.valid_until)))
        else:
            near.append(_("the consent of {given} is not valid yet").format(
                given=_fmt(c.given_on)))
    message = _("Refused: no valid consent of the client covers passing data to {recipient} "
                "for “{purpose}”. Record that consent, or state the legal basis that allows "
                "it without consent (e.g. § 8a SGB VIII).").format(
                    recipient=recipient, purpose=label(purpose))
    if near:
        message += " " + _("On file: {facts}.").format(facts="; ".join(near))
    return Verdict(False, "", message)
