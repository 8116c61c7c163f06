"""The vocabulary of referrals (Vermittlungen): to whom, in which state, on which legal basis.

One definition for the models, the repository, the door and the screens; the labels are
registered in core.vocab's table, so `label(ReferralStatus.sent)` works like every other enum.
"""

from __future__ import annotations

from enum import StrEnum

from caseterm.core.vocab import LABELS
from caseterm.i18n import N_, _


class ReferralTarget(StrEnum):
    offering = "offering"  # an offering of the service directory
    specialist = "specialist"  # another legal area's specialist (e.g. ASD of the youth office)


class ReferralStatus(StrEnum):
    sent = "sent"
    contact_made = "contact_made"
    help_started = "help_started"
    feedback_received = "feedback_received"
    closed = "closed"
    declined = "declined"


# Statuses after which no feedback is awaited any more.
FEEDBACK_DONE = frozenset({ReferralStatus.feedback_received, ReferralStatus.closed,
                           ReferralStatus.declined})


class ConsentBasis(StrEnum):
    consent = "consent"  # a consent of the client covers this recipient
    legal_exception = "legal_exception"  # a transfer allowed by law without consent


class LegalException(StrEnum):
    child_protection = "child_protection"  # § 8a SGB VIII, § 4 KKG
    sgb_x_69 = "sgb_x_69"  # § 69 (1) Nr. 1 SGB X: own or the recipient's social task
    sgb_x_68 = "sgb_x_68"  # § 68 SGB X, § 71 SGB X: duty to transfer
    other = "other"


STATUS_LABELS = {
    "sent": N_("sent"),
    "contact_made": N_("contact made"),
    "help_started": N_("help started"),
    "feedback_received": N_("feedback received"),
    "closed": N_("closed"),
    "declined": N_("declined"),
}
TARGET_LABELS = {
    "offering": N_("Offering of the service directory"),
    "specialist": N_("Specialist of another legal area"),
}
EXCEPTION_LABELS = {
    "child_protection": N_("Child protection (§ 8a SGB VIII, § 4 KKG)"),
    "sgb_x_69": N_("Own or the recipient's social task (§ 69 (1) no. 1 SGB X)"),
    "sgb_x_68": N_("Duty to transfer (§§ 68, 71 SGB X)"),
    "other": N_("Other legal ground (state it)"),
}

LABELS.update({
    ReferralStatus: STATUS_LABELS,
    ReferralTarget: TARGET_LABELS,
    LegalException: EXCEPTION_LABELS,
})

# The step a referral usually takes next (the status dialog proposes it).
NEXT_STATUS = {
    ReferralStatus.sent: ReferralStatus.contact_made,
    ReferralStatus.contact_made: ReferralStatus.help_started,
    ReferralStatus.help_started: ReferralStatus.feedback_received,
    ReferralStatus.feedback_received: ReferralStatus.closed,
}


def status_label(value: str) -> str:
    text = STATUS_LABELS.get(str(value))
    return _(text) if text else str(value)


def is_closed(status: ReferralStatus) -> bool:
    return status in (ReferralStatus.closed, ReferralStatus.declined)
