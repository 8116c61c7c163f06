"""Consents (Einwilligungen) of a case: the gate to assessment, the check whether data may go
to a recipient, the list with history, recording and withdrawing.

The rules themselves live in caseterm.core.consent; this module only reads and writes rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core import consent as rules
from caseterm.core.consent import (
    ConsentFacts,
    ConsentForm,
    ConsentInput,
    ConsentPurpose,
    ConsentStatus,
    GivenBy,
    WithdrawalInput,
)
from caseterm.db.engine import Database
from caseterm.models.intake import Consent


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class ConsentRow:
    id: uuid.UUID
    case_id: uuid.UUID
    given_by: GivenBy
    given_by_name: str
    purposes: frozenset[ConsentPurpose]
    recipients: tuple[str, ...]
    form: ConsentForm
    information_given: bool
    given_on: date
    valid_until: date | None
    withdrawn_on: date | None
    withdrawal_channel: str
    note: str
    status: ConsentStatus
    row_version: int = 0

    @property
    def facts(self) -> ConsentFacts:
        return ConsentFacts(self.purposes, self.given_on, self.valid_until, self.withdrawn_on,
                            self.recipients)


def _purposes(text: str) -> frozenset[ConsentPurpose]:
    out = set()
    for part in (text or "").split(","):
        try:
            out.add(ConsentPurpose(part.strip()))
        except ValueError:
            continue
    return frozenset(out)


def _facts(c: Consent) -> ConsentFacts:
    return ConsentFacts(_purposes(c.purposes), c.given_on, c.valid_until, c.withdrawn_on,
                        tuple(r for r in c.recipients.splitlines() if r.strip()))


def _row(c: Consent, on: date) -> ConsentRow:
    f = _facts(c)
    return ConsentRow(
        id=c.id, case_id=c.case_id, given_by=GivenBy(c.given_by),
        given_by_name=c.given_by_name, purposes=f.purposes, recipients=f.recipients,
        form=ConsentForm(c.form), information_given=c.information_given, given_on=c.given_on,
        valid_until=c.valid_until, withdrawn_on=c.withdrawn_on,
        withdrawal_channel=c.withdrawal_channel, note=c.note, status=rules.status(f, on),
        row_version=c.row_version,
    )


def _consents(session: Session, case_id: uuid.UUID) -> list[Consent]:
    return list(session.exec(select(Consent).where(Consent.case_id == case_id)
                             .order_by(col(Consent.given_on).desc())))


def has_valid_consent(session: Session, case_id: uuid.UUID, on: date | None = None) -> bool:
    """True when a consent covering case management is given and not withdrawn or expired."""
    day = on or clock.today()
    return any(rules.covers_purpose(_facts(c), ConsentPurpose.case_management, day)
               for c in _consents(session, case_id))


def covers_recipient(session: Session, case_id: uuid.UUID, recipient: str, on: date) -> bool:
    """May data of the case go to `recipient` on the day `on`? (a valid consent for passing
    data on that names the recipient; see core.consent.recipient_matches)."""
    return any(rules.covers_recipient(_facts(c), recipient, on)
               for c in _consents(session, case_id))


def list_for_case(db: Database, case_id: uuid.UUID, on: date | None = None) -> list[ConsentRow]:
    """All consents of the case, newest first, withdrawn ones included (history)."""
    day = on or clock.today()
    with db.read() as s:
        return [_row(c, day) for c in _consents(s, case_id)]


def add(session: Session, case_id: uuid.UUID, data: ConsentInput,
        recorded_by: uuid.UUID | None = None) -> Consent:
    row = Consent(
        case_id=case_id, given_by=data.given_by.value, given_by_name=data.given_by_name,
        purposes=",".join(sorted(p.value for p in data.purposes)),
        recipients="\n".join(data.recipients), form=data.form.value,
        information_given=data.information_given, given_on=data.given_on,
        valid_until=data.valid_until, note=data.note, recorded_by_id=recorded_by,
    )
    session.add(row)
    session.flush()
    _sync_expiry(session, row)
    return row


def _sync_expiry(session: Session, c: Consent) -> None:
    """The follow-up "consent expires" of this consent in step (created, moved, cancelled)."""
    from caseterm.db.repo.auto_followups import sync_consent_expiry

    sync_consent_expiry(session, case_id=c.case_id, consent_id=c.id,
                        expires_on=c.valid_until, active=c.withdrawn_on is None)


def case_of(db: Database, consent_id: uuid.UUID) -> uuid.UUID | None:
    """The case a consent belongs to (None: no such consent)."""
    with db.read() as s:
        return s.exec(select(Consent.case_id).where(Consent.id == consent_id)).first()


def withdraw(db: Database, consent_id: uuid.UUID, raw: dict,
             guard: Callable[[Consent], None] | None = None) -> ConsentRow:
    """Record a withdrawal (from its date on, not retroactively). The row is kept.
    `guard` sees the stored row first, inside the same transaction (the version check)."""
    with db.write() as s:
        c = s.get(Consent, consent_id)
        if c is None:
            raise NotFound(str(consent_id))
        if guard is not None:
            guard(c)
        data: WithdrawalInput = rules.check_withdrawal(raw, _facts(c))
        c.withdrawn_on = data.on
        c.withdrawal_channel = data.channel
        if data.note:
            c.note = (c.note + "\n" if c.note else "") + data.note
        s.flush()
        _sync_expiry(s, c)
        return _row(c, clock.today())


def record(db: Database, case_id: uuid.UUID, raw: dict,
           recorded_by: uuid.UUID | None = None) -> uuid.UUID:
    """Check and store one consent for a case (after the intake); InputError on bad fields."""
    from caseterm.core.validate import Errors
    from caseterm.models.case import Case
    from caseterm.models.client import Client

    with db.write() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFound(str(case_id))
        client = s.get(Client, case.client_id)
        e = Errors()
        data = rules.check_consent(raw, e, birth_date=client.birth_date if client else None)
        e.raise_if_any()
        return add(s, case_id, data, recorded_by).id  # type: ignore[arg-type]
