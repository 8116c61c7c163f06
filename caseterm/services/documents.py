"""Documents of a case through the door: add (checked by content, size-limited, SHA-256),
list, read back (checksum verified; audited as an export), remove.

The bytes live in the database with the case (table document_blob), so a backup, the access
rules, encryption at rest and the erasure of the case cover them. Reading a document's bytes
is an export of social data: it needs read access to the case and is written to the audit
trail."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from caseterm.core.access import Need
from caseterm.core.documents import MAX_BYTES, DocumentInput, check_document
from caseterm.core.validate import InputError, shorten
from caseterm.db.repo import record as repo
from caseterm.db.repo.record import DocumentRow
from caseterm.i18n import _
from caseterm.services.door import Ctx, NotFound, check_case, record

__all__ = ["MAX_BYTES", "DocumentInput", "DocumentRow"]


class ChecksumError(RuntimeError):
    """The stored bytes no longer match the checksum taken when the file was added."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_file(path: Path, *, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes for `add`, at most `limit` + 1 (so that too large is recognised without
    reading a huge file whole). InputError({"file": why}) when it cannot be read."""
    path = Path(path)
    try:
        if path.is_dir():
            raise InputError({"file": _("{path} is a folder, not a file.").format(
                path=shorten(str(path)))})
        with path.open("rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise InputError({"file": _("Cannot read {path}: {reason}.").format(
            path=shorten(str(path)), reason=shorten(exc.strerror or str(exc)))}) from None


def add(ctx: Ctx, case_id: uuid.UUID, filename: str, data: bytes, raw: dict, *,
        agreement_version_id: uuid.UUID | None = None) -> uuid.UUID:
    """Keep a file with the case. `raw`: title, kind, doc_date (as typed). Refused with
    InputError (field `file`, `title`, `kind`, `doc_date`) when empty, too large, an
    executable, of no accepted type or not what its name says; nothing is written then."""
    check_case(ctx, case_id, Need.write, "document")
    doc = check_document(filename, data, raw)
    with ctx.acting():
        try:
            return repo.add_document(ctx.db, case_id, doc, data, ctx.actor.id,
                                     agreement_version_id)
        except LookupError:
            raise NotFound(_("No such plan version in this case.")) from None


def list_for_case(ctx: Ctx, case_id: uuid.UUID) -> list[DocumentRow]:
    check_case(ctx, case_id, Need.read, "documents")
    return repo.documents(ctx.db, case_id)


def agreement_versions(ctx: Ctx, case_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """The case's plan versions a signed plan can be attached to."""
    check_case(ctx, case_id, Need.read, "documents")
    return repo.agreement_versions(ctx.db, case_id)


def _case_of(ctx: Ctx, document_id: uuid.UUID) -> uuid.UUID:
    case_id = repo.document_case(ctx.db, document_id)
    if case_id is None:
        raise NotFound(_("No such document."))
    return case_id


def get(ctx: Ctx, document_id: uuid.UUID, *, purpose: str = "export"
        ) -> tuple[DocumentRow, bytes]:
    """The document and its bytes, checksum verified; the read is audited (`purpose`:
    export or open)."""
    case_id = _case_of(ctx, document_id)
    check_case(ctx, case_id, Need.read, "document")
    found = repo.document_data(ctx.db, document_id)
    if found is None:
        raise NotFound(_("No such document."))
    row, data = found
    if hashlib.sha256(data).hexdigest() != row.sha256 or len(data) != row.size:
        raise ChecksumError(_("The stored document “{title}” no longer matches its checksum; "
                              "it was not handed out. Restore it from a backup.").format(
                                  title=shorten(row.title)))
    record(ctx, "export", "document", document_id, case_id,
           {"purpose": purpose, "sha256": row.sha256})
    return row, data


def find(ctx: Ctx, case_id: uuid.UUID, ref: str) -> uuid.UUID:
    """A document of the case by its id or the start of it (as `doc list` shows it)."""
    ref = (ref or "").strip().lower()
    rows = list_for_case(ctx, case_id)
    found = [r.id for r in rows if len(ref) >= 6 and str(r.id).startswith(ref)]
    if len(found) != 1:
        raise NotFound(_("No single document of this case starts with “{ref}”.").format(
            ref=shorten(ref, 40)))
    return found[0]

