"""Intake: household members, the intake record (referral, urgency, indication check and
decision), presenting concerns by life domain, consents and the working agreement.

Also keeps `Client.name_key` and `Client.phonetic_key` in step with the names on every insert
and update, whoever writes the client.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Text,
    Uuid,
    event,
    inspect,
)
from sqlmodel import Field

from caseterm.core.consent import ConsentForm, GivenBy
from caseterm.core.indication import Alternative, ConcernDomain, Decision, ReferralSource, Urgency
from caseterm.core.names import match_key, phonetic_key
from caseterm.models.base import Record, enum_check, length_check
from caseterm.models.case import Case
from caseterm.models.client import Client

# -- the search index (SQLite FTS5 table `case_fts`, made by migration 0002) ---------------
# Kept in step here rather than by triggers: with PRAGMA trusted_schema=OFF SQLite refuses
# FTS5 writes from triggers. Every ORM write of a case or a client's names goes through these.

FTS_DOC = (
    "SELECT c.id, cl.first_name || ' ' || cl.last_name, "
    "c.case_number || ' ' || replace(c.case_number, '-', ''), "
    "CASE WHEN cl.birth_date IS NULL THEN '' ELSE "
    "substr(cl.birth_date, 9, 2) || substr(cl.birth_date, 6, 2) || "
    "substr(cl.birth_date, 1, 4) || ' ' || replace(substr(cl.birth_date, 1, 10), '-', '') "
    "END FROM casefile c JOIN client cl ON cl.id = c.client_id"
)
_has_fts: dict[int, bool] = {}


def fts_available(connection) -> bool:
    if connection.dialect.name != "sqlite":
        return False
    key = id(connection.engine.pool)
    if not _has_fts.get(key):
        found = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'case_fts'").first()
        if not found:
            return False
        _has_fts[key] = True
    return True


def _case_key(connection, case_id: uuid.UUID) -> str:
    return Uuid().bind_processor(connection.dialect)(case_id)  # type: ignore[misc]


def _insert_doc(connection, case_key: str, search_key: int) -> None:
    connection.exec_driver_sql(
        "INSERT INTO case_fts(rowid, case_id, names, number, birth) "
        + FTS_DOC.replace("SELECT c.id,", "SELECT c.search_key, c.id,") + " WHERE c.id = ?",
        (case_key,))


def refresh_case_doc(connection, case_id: uuid.UUID, search_key: int | None) -> None:
    if search_key is None or not fts_available(connection):
        return
    connection.exec_driver_sql("DELETE FROM case_fts WHERE rowid = ?", (search_key,))
    _insert_doc(connection, _case_key(connection, case_id), search_key)


@event.listens_for(Case, "before_insert")
def _case_search_key(_mapper, connection, target: Case) -> None:
    if target.search_key is None:
        last = connection.exec_driver_sql("SELECT max(search_key) FROM casefile").scalar()
        target.search_key = (last or 0) + 1


@event.listens_for(Case, "after_insert")
def _case_inserted(_mapper, connection, target: Case) -> None:
    if fts_available(connection) and target.search_key is not None:
        _insert_doc(connection, _case_key(connection, target.id), target.search_key)


@event.listens_for(Case, "after_update")
def _case_updated(_mapper, connection, target: Case) -> None:
    state = inspect(target)
    if state.attrs.case_number.history.has_changes() or \
            state.attrs.client_id.history.has_changes():
        refresh_case_doc(connection, target.id, target.search_key)


@event.listens_for(Case, "after_delete")
def _case_deleted(_mapper, connection, target: Case) -> None:
    if fts_available(connection) and target.search_key is not None:
        connection.exec_driver_sql("DELETE FROM case_fts WHERE rowid = ?",
                                   (target.search_key,))


@event.listens_for(Client, "after_update")
def _client_updated(_mapper, connection, target: Client) -> None:
    state = inspect(target)
    if not any(getattr(state.attrs, a).history.has_changes()
               for a in ("first_name", "last_name", "birth_date")):
        return
    if not fts_available(connection):
        return
    rows = connection.exec_driver_sql(
        "SELECT id, search_key FROM casefile WHERE client_id = ? AND search_key IS NOT NULL",
        (_case_key(connection, target.id),)).fetchall()
    for raw, key in rows:
        connection.exec_driver_sql("DELETE FROM case_fts WHERE rowid = ?", (key,))
        _insert_doc(connection, raw, key)


# The case list's order (child protection first, then case number), read by keyset pages.
Index("ix_casefile_cp_number", Case.__table__.c.child_protection, Case.__table__.c.case_number)
# Visibility: the cases a worker deputises.
Index("ix_casefile_deputy", Case.__table__.c.deputy_worker_id)


@event.listens_for(Client, "before_insert")
@event.listens_for(Client, "before_update")
def _client_keys(_mapper, _connection, target: Client) -> None:
    target.name_key = match_key(target.first_name or "", target.last_name or "")
    target.phonetic_key = phonetic_key(target.first_name or "", target.last_name or "")


class HouseholdMember(Record, table=True):
    """A person living with the client (for SGB II: whether in the Bedarfsgemeinschaft)."""

    __tablename__ = "household_member"
    __table_args__ = (length_check("name", 1, 200),)

    client_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("client.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    name: str = Field(sa_type=String(200), nullable=False)
    relation: str = Field(default="", sa_type=String(60), nullable=False)
    birth_date: date | None = Field(default=None, nullable=True)
    in_benefit_unit: bool = Field(default=False, nullable=False)


class IntakeRecord(Record, table=True):
    """One per case: how it came in and what the indication check found and decided."""

    __tablename__ = "intake_record"
    __table_args__ = (
        enum_check("referral_source", ReferralSource),
        enum_check("urgency", Urgency),
        enum_check("decision", Decision),
        enum_check("alternative", Alternative, nullable=True),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False,
                         unique=True)
    )
    referral_source: str = Field(default=ReferralSource.self.value, sa_type=String(24),
                                 nullable=False)
    referring_agency: str = Field(default="", sa_type=String(200), nullable=False)
    urgency: str = Field(default=Urgency.routine.value, sa_type=String(12), nullable=False)
    complex_need: bool = Field(default=False, nullable=False)
    many_actors: bool = Field(default=False, nullable=False)
    standard_path_fails: bool = Field(default=False, nullable=False)
    insufficient_own_resources: bool = Field(default=False, nullable=False)
    domain_count: int = Field(default=0, nullable=False)
    decision: str = Field(default=Decision.pending.value, sa_type=String(16), nullable=False)
    alternative: str | None = Field(default=None, sa_type=String(24), nullable=True)
    alternative_note: str = Field(default="", sa_type=Text, nullable=False)
    decided_on: date | None = Field(default=None, nullable=True)


class IntakeConcern(Record, table=True):
    """A presenting concern in one life domain."""

    __tablename__ = "intake_concern"
    __table_args__ = (
        enum_check("domain", ConcernDomain),
        CheckConstraint("length(text) >= 1", name="text_not_empty"),
        Index("ix_intake_concern_case_domain", "case_id", "domain", unique=True),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False)
    )
    domain: str = Field(sa_type=String(24), nullable=False)
    text: str = Field(sa_type=Text, nullable=False)


class Consent(Record, table=True):
    """An Einwilligung: who gave it, for what purposes and recipients, in which form, when,
    until when, and when it was withdrawn. Never deleted; a withdrawal only sets the date."""

    __tablename__ = "consent"
    __table_args__ = (
        enum_check("given_by", GivenBy),
        enum_check("form", ConsentForm),
        CheckConstraint("valid_until IS NULL OR valid_until >= given_on",
                        name="valid_after_given"),
        CheckConstraint("withdrawn_on IS NULL OR withdrawn_on >= given_on",
                        name="withdrawn_after_given"),
        Index("ix_consent_case", "case_id", "given_on"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False)
    )
    given_by: str = Field(default=GivenBy.client.value, sa_type=String(24), nullable=False)
    given_by_name: str = Field(default="", sa_type=String(200), nullable=False)
    # Purpose codes (core.consent.ConsentPurpose), comma-separated.
    purposes: str = Field(sa_type=String(200), nullable=False)
    # Named recipients, one a line.
    recipients: str = Field(default="", sa_type=Text, nullable=False)
    form: str = Field(default=ConsentForm.written.value, sa_type=String(16), nullable=False)
    information_given: bool = Field(default=True, nullable=False)
    given_on: date = Field(nullable=False)
    valid_until: date | None = Field(default=None, nullable=True)
    withdrawn_on: date | None = Field(default=None, nullable=True)
    withdrawal_channel: str = Field(default="", sa_type=String(60), nullable=False)
    note: str = Field(default="", sa_type=Text, nullable=False)
    recorded_by_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )


class WorkingAgreement(Record, table=True):
    """The Arbeitsbündnis: roles, what each side does, contact rules, data-protection
    information handed over, agreed on. A new agreement is a new row (history kept)."""

    __tablename__ = "working_agreement"
    __table_args__ = (Index("ix_working_agreement_case", "case_id", "agreed_on"),)

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False)
    )
    roles: str = Field(default="", sa_type=Text, nullable=False)
    client_tasks: str = Field(default="", sa_type=Text, nullable=False)
    worker_tasks: str = Field(default="", sa_type=Text, nullable=False)
    contact: str = Field(default="", sa_type=String(500), nullable=False)
    frequency: str = Field(default="", sa_type=String(200), nullable=False)
    privacy_info_on: date | None = Field(default=None, nullable=True)
    agreed_on: date = Field(nullable=False)
    worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
