"""Agreements (Kooperationsplan, Hilfeplan, …). The goals issue owns them; the foundation needs
only the fact whether an agreed version exists (the soft gate to linking)."""

from __future__ import annotations

import uuid

from sqlmodel import Session


def has_agreed(session: Session, case_id: uuid.UUID) -> bool:
    return False
