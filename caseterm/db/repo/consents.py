"""Consents (Einwilligungen) of a case's client. The intake issue owns the consent records;
the foundation needs only the fact whether a valid consent exists (the gate to assessment)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session


def has_valid_consent(session: Session, case_id: uuid.UUID) -> bool:
    """True when a consent covering case management is given and not withdrawn or expired."""
    return False


def covers_recipient(session: Session, case_id: uuid.UUID, recipient: str, on: date) -> bool:
    """True when a consent given for the case covers passing data to `recipient` on `on`.

    The intake issue implements the consent records; until then no consent covers anyone
    (referrals then need a recorded legal ground)."""
    return False
