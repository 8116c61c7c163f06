"""Assessments. The resource-mapping issue owns them; the foundation needs only the fact
whether a completed assessment exists (the soft gate to planning)."""

from __future__ import annotations

import uuid

from sqlmodel import Session


def is_complete(session: Session, case_id: uuid.UUID) -> bool:
    return False
