"""The service directory file (`caseterm services import FILE`, shape in core.directory's
docstring). Form only; core.directory.parse_directory applies the rules (a provider needs a
name, the category must be known, …). Field names in messages are JSON paths such as
`providers[2].offerings[0].waiting_weeks`, as core names them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StrictInt

from caseterm.core.directory import OfferingInput, ProviderInput, parse_directory
from caseterm.schemas.base import FileModel, Text, json_path, read_json, validate

MAX_BYTES = 8 * 1024 * 1024
LINE = Text(1000)
LONG = Text(20000, multiline=True)


class OfferingFile(FileModel):
    title: LINE | None = None
    category: LINE | None = None
    provider: LINE | None = None
    district: LINE | None = None
    cost_bearer: LINE | None = None
    languages: LINE | None = None
    waiting_weeks: Annotated[StrictInt, Field(ge=0, le=260)] | None = None
    contact: LINE | None = None
    notes: LONG | None = None


class ProviderFile(FileModel):
    name: LINE | None = None
    district: LINE | None = None
    address: Text(1000, multiline=True) | None = None
    phone: LINE | None = None
    email: LINE | None = None
    website: LINE | None = None
    notes: LONG | None = None
    offerings: Annotated[list[OfferingFile], Field(max_length=2000)] | None = None


class DirectoryFile(FileModel):
    area: LINE | None = None
    about: LONG | None = None
    districts: Annotated[list[LINE], Field(max_length=500)] | None = None
    providers: Annotated[list[ProviderFile], Field(max_length=20000)]
    offerings: Annotated[list[OfferingFile], Field(max_length=20000)] | None = None


def parse_directory_data(data: object) -> list[tuple[ProviderInput, list[OfferingInput]]]:
    """Form (schema) and rules (core) of a directory given as parsed JSON."""
    model = validate(DirectoryFile, data, json_path)
    return parse_directory(model.model_dump(exclude_none=True))


def read_directory(path: Path) -> dict:
    """A directory file, checked for form (InputError otherwise), as the dict
    db.repo.services.import_directory_in takes."""
    data = read_json(path, max_bytes=MAX_BYTES)
    model = validate(DirectoryFile, data, json_path)
    return model.model_dump(exclude_none=True)
