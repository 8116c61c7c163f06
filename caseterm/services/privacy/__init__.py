"""Data protection through the door: disclosures checked against consents, the access report
(Art. 15 DSGVO, § 83 SGB X), restriction and legal hold (Art. 18 DSGVO), erasure (Art. 17
DSGVO, § 84 SGB X), the retention schedule and the record of processing (Art. 30 DSGVO).

Who may do which task is `core.access.may_privacy`: the data-protection officer office-wide,
a team lead for her team (access, restriction, hold), an administrator the register. Every
refusal is audited like any other; every task leaves its entry (an erasure a content-free one).
"""

from __future__ import annotations

from caseterm.services.privacy.access import (
    NOT_NAMES,
    THIRD,
    THIRD_PARTY,
    access_report,
    write_access_report,
)
from caseterm.services.privacy.disclosure import DisclosureRefused, disclose
from caseterm.services.privacy.erasure import ErasureResult, erase_case, erase_person
from caseterm.services.privacy.gate import TASK_LABELS
from caseterm.services.privacy.processing import register
from caseterm.services.privacy.restriction import hold, restrict
from caseterm.services.privacy.retention import RunStep, due_count, retention_due, retention_run

__all__ = [
    "NOT_NAMES",
    "TASK_LABELS",
    "THIRD",
    "THIRD_PARTY",
    "DisclosureRefused",
    "ErasureResult",
    "RunStep",
    "access_report",
    "disclose",
    "due_count",
    "erase_case",
    "erase_person",
    "hold",
    "register",
    "restrict",
    "retention_due",
    "retention_run",
    "write_access_report",
]
