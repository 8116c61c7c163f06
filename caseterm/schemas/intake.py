"""The intake file (`caseterm intake --from FILE.json`, shape in core.intake's docstring and the
README). The schema checks form only; core.intake.check_intake applies the rules, with the
precise per-field limits. Field names in messages are the ones the intake screen uses
(`last_name`, `consent_information_given`, `consent2_given_on`, …) followed by the JSON path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from caseterm.core.intake import IntakeInput, check_intake, consent_prefix
from caseterm.schemas.base import DateText, FileModel, Flag, Text, read_json, validate

MAX_BYTES = 1024 * 1024
# Generous caps against oversized input; the exact limits are core's (e.g. a name: 100).
LINE = Text(1000)
LONG = Text(20000, multiline=True)


class ClientFile(FileModel):
    first_name: LINE | None = None
    last_name: LINE | None = None
    birth_date: DateText | None = None
    gender: LINE | None = None
    languages: LINE | None = None
    interpreter_needed: Flag | None = None
    phone: LINE | None = None
    email: LINE | None = None
    address: Text(1000, multiline=True) | None = None
    district: LINE | None = None


class MemberFile(FileModel):
    name: LINE | None = None
    relation: LINE | None = None
    birth_date: DateText | None = None
    in_benefit_unit: Flag | None = None


class CaseFile(FileModel):
    legal_area: LINE | None = None
    title: LINE | None = None
    child_protection: Flag | None = None
    opened_on: DateText | None = None


class ReferralFile(FileModel):
    source: LINE | None = None
    agency: LINE | None = None
    urgency: LINE | None = None
    concerns: Annotated[dict[LINE, LONG], Field(max_length=30)] | None = None


class IndicationFile(FileModel):
    criteria: (Annotated[list[LINE], Field(max_length=30)]
               | Annotated[dict[LINE, Flag], Field(max_length=30)] | None) = None
    decision: LINE | None = None
    alternative: LINE | None = None
    alternative_note: LONG | None = None


class ConsentFile(FileModel):
    given_by: LINE | None = None
    given_by_name: LINE | None = None
    purposes: Annotated[list[LINE], Field(max_length=20)] | LINE | None = None
    recipients: Annotated[list[LINE], Field(max_length=50)] | LONG | None = None
    form: LINE | None = None
    information_given: Flag | None = None
    given_on: DateText | None = None
    valid_until: DateText | None = None
    note: LONG | None = None


class AgreementFile(FileModel):
    roles: LONG | None = None
    client_tasks: LONG | None = None
    worker_tasks: LONG | None = None
    contact: LINE | None = None
    frequency: LINE | None = None
    privacy_info_on: DateText | None = None
    agreed_on: DateText | None = None


class IntakeFile(FileModel):
    client: ClientFile | None = None
    household: Annotated[list[MemberFile], Field(max_length=30)] | None = None
    case: CaseFile | None = None
    referral: ReferralFile | None = None
    indication: IndicationFile | None = None
    consents: Annotated[list[ConsentFile], Field(max_length=10)] | None = None
    agreement: AgreementFile | None = None


_SECTION = {"client": "", "case": "", "indication": "", "agreement": "agreement_"}
_REFERRAL = {"source": "referral_source", "agency": "referring_agency", "urgency": "urgency"}


def field_name(loc: tuple) -> str:
    """The screen's flat field name for a JSON path of the intake file."""
    if not loc:
        return "file"
    head, rest = loc[0], loc[1:]
    if head in _SECTION and rest and isinstance(rest[0], str):
        return _SECTION[head] + rest[0]
    if head == "referral" and rest:
        if rest[0] == "concerns" and len(rest) > 1 and isinstance(rest[1], str):
            return f"concern_{rest[1]}"
        return _REFERRAL.get(str(rest[0]), str(rest[0]))
    if head == "consents" and len(rest) >= 2 and isinstance(rest[0], int):
        return consent_prefix(rest[0]) + str(rest[1])
    if head == "consents" and len(rest) == 1 and isinstance(rest[0], int):
        return consent_prefix(rest[0]).rstrip("_")
    return str(head)


def parse_intake(data: object) -> dict:
    """The file's content, checked for form, as the dict core.intake.check_intake reads.
    InputError names every field of the wrong form."""
    model = validate(IntakeFile, data, field_name)
    return model.model_dump(exclude_none=True)


def check_intake_data(data: object) -> IntakeInput:
    """Form (schema) and rules (core) of an intake given as parsed JSON."""
    return check_intake(parse_intake(data))


def read_intake(path: Path) -> IntakeInput:
    """Read, check and convert an intake file; InputError on any problem, nothing written."""
    return check_intake_data(read_json(path, max_bytes=MAX_BYTES))
