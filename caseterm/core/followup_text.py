"""Generated follow-up texts, kept as a key plus data and shown in the reader's language.

A follow-up that caseterm writes itself (no contact, phase stalled, consent ends, referral
feedback, measure due, …) stores `text_key` (a key of `TEXTS`) and `text_data` (JSON: ISO
dates, enum values and literal client text). `render` builds the sentence when it is read,
in the language of whoever reads it: a German and an English worker see the same follow-up
in their own language, on screen, in the CLI, in .ics and on paper. `next_step` keeps the
sentence in the writer's language as well, for older versions and for rows without a key:
a follow-up typed by a person, or generated before keys existed, shows its stored text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from caseterm.i18n import N_, _, fmt_date

TEXTS: dict[str, str] = {
    "no_contact": N_("No contact since {date}: get in touch with the client."),
    "stalled_phase": N_("Phase unchanged since {date}: check how the case goes on."),
    "consent_expiry": N_("Consent ends on {date}: renew it or stop passing data."),
    "referral_feedback": N_("Feedback from {recipient}: contact made, help started?"),
    "referral_answer": N_("Answer the referral from {sender}: {purpose}"),
    "agreement_review": N_("Review the plan together ({kind}, version {n})"),
    "measure_due": N_("Measure due: {text}"),
    "measure_approved": N_("Measure approved by {name}: {measure}"),
    "measure_declined": N_("Measure declined by {name}: {measure}"),
    "aftercare": N_("After-care check: is the outcome lasting? ({n} months after closure)"),
    "aftercare_sgb2": N_("After-care check: did the integration into work last? ({n} months "
                         "after closure)"),
}

# Fields formatted for the reader rather than shown as stored.
_DATES = ("date",)
SUFFIX = "suffix"  # literal text after the sentence (a name, a reason): never translated


@dataclass(frozen=True)
class GenText:
    """A generated text: the key, its data, and the sentence in the writer's language."""

    key: str
    data: str  # JSON

    @property
    def text(self) -> str:
        return render(self.key, self.data, "")[:500]


def make(key: str, **data: object) -> GenText:
    """The key plus data of a generated text (dates as ISO, the rest as given)."""
    if key not in TEXTS:
        raise KeyError(key)
    plain = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()
             if v not in (None, "")}
    return GenText(key, json.dumps(plain, ensure_ascii=False, sort_keys=True))


def _agreement_kind(value: str) -> str:
    from caseterm.core.agreement import AgreementType
    from caseterm.core.vocab import label

    return label(value, AgreementType)


_FORMAT = {"kind": _agreement_kind}


def render(key: str, data: str, stored: str) -> str:
    """The text of a follow-up for the reader: generated ones in the reader's language,
    typed or older ones (no key, unknown key, broken data) as stored."""
    template = TEXTS.get(key or "")
    if template is None:
        return stored
    try:
        values = json.loads(data or "{}")
        if not isinstance(values, dict):
            return stored
        shown = {}
        for name, value in values.items():
            if name in _DATES:
                shown[name] = fmt_date(date.fromisoformat(str(value)))
            elif name in _FORMAT:
                shown[name] = _FORMAT[name](str(value))
            else:
                shown[name] = value
        suffix = str(shown.pop(SUFFIX, ""))
        return _(template).format(**shown) + suffix
    except (ValueError, KeyError, IndexError, TypeError):
        return stored
