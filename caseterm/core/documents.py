"""Documents kept with a case: what kinds there are, how large one may be, and what a file
is, judged by its content (magic bytes), never by its name.

`check_document(name, data, raw)` returns a `DocumentInput` or raises `InputError` naming the
field (`file`, `title`, `kind`, `doc_date`). Accepted: PDF, PNG, JPEG, TIFF, office files
(OOXML .docx/.xlsx/.pptx and ODF .odt/.ods/.odp, both zip containers) and plain UTF-8 text.
Refused: empty files, files over the limit, executables and scripts (ELF, PE/MZ, Mach-O,
shebang), anything else unknown, and a file whose name says one type while its content is
another ("brief.pdf" holding a PNG).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from caseterm.core.validate import Errors, InputError, shorten
from caseterm.i18n import N_, _

MAX_BYTES = 20 * 1024 * 1024  # 20 MiB: a scanned multi-page letter fits, a video does not
FILE = "file"


class DocumentKind(StrEnum):
    signed_plan = "signed_plan"
    consent_form = "consent_form"
    letter = "letter"
    report = "report"
    other = "other"


KIND_LABELS = {
    "signed_plan": N_("signed plan"),
    "consent_form": N_("consent form"),
    "letter": N_("letter"),
    "report": N_("report"),
    "other": N_("other"),
}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, "other"))


def kind_options() -> list[tuple[str, str]]:
    return [(kind_label(k.value), k.value) for k in DocumentKind]


class MediaType(StrEnum):
    pdf = "application/pdf"
    png = "image/png"
    jpeg = "image/jpeg"
    tiff = "image/tiff"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    odt = "application/vnd.oasis.opendocument.text"
    ods = "application/vnd.oasis.opendocument.spreadsheet"
    odp = "application/vnd.oasis.opendocument.presentation"
    text = "text/plain"


# File name endings each type may carry (a name without an ending is accepted as is).
EXTENSIONS: dict[MediaType, tuple[str, ...]] = {
    MediaType.pdf: ("pdf",),
    MediaType.png: ("png",),
    MediaType.jpeg: ("jpg", "jpeg", "jpe"),
    MediaType.tiff: ("tif", "tiff"),
    MediaType.docx: ("docx", "docm", "dotx"),
    MediaType.xlsx: ("xlsx", "xlsm", "xltx"),
    MediaType.pptx: ("pptx",),
    MediaType.odt: ("odt",),
    MediaType.ods: ("ods",),
    MediaType.odp: ("odp",),
    MediaType.text: ("txt", "text", "csv", "md", "log"),
}
_EXECUTABLE = (b"\x7fELF", b"MZ", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe",
               b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
_ODF = {b"application/vnd.oasis.opendocument.text": MediaType.odt,
        b"application/vnd.oasis.opendocument.spreadsheet": MediaType.ods,
        b"application/vnd.oasis.opendocument.presentation": MediaType.odp}
_OOXML = {b"word/": MediaType.docx, b"xl/": MediaType.xlsx, b"ppt/": MediaType.pptx}


def is_executable(data: bytes) -> bool:
    return data.startswith(_EXECUTABLE)


def _zip_type(data: bytes) -> MediaType | None:
    """ODF names its type in the first (stored) member `mimetype`; OOXML has
    [Content_Types].xml and a word/, xl/ or ppt/ folder. Read from the zip's directory."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            if "mimetype" in names:
                kind = z.read("mimetype").strip()
                return _ODF.get(kind)
            if "[Content_Types].xml" in names:
                for prefix, media in _OOXML.items():
                    if any(n.encode().startswith(prefix) for n in names):
                        return media
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def sniff(data: bytes) -> MediaType | None:
    """The type by content, or None when it is none of the accepted ones."""
    if data.startswith(b"%PDF-"):
        return MediaType.pdf
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaType.png
    if data.startswith(b"\xff\xd8\xff"):
        return MediaType.jpeg
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return MediaType.tiff
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if is_executable(data):
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\n\r\t\f" for c in text):
        return None
    return MediaType.text


def extension(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[1].lower() if "." in base.strip(".") else ""


@dataclass(frozen=True)
class DocumentInput:
    title: str
    kind: DocumentKind
    doc_date: date | None
    filename: str
    media_type: MediaType
    size: int
    sha256: str


def check_file(name: str, data: bytes, *, limit: int = MAX_BYTES) -> tuple[MediaType, str]:
    """(type by content, SHA-256) of an acceptable file; InputError({"file": why}) otherwise."""
    if not data:
        raise InputError({FILE: _("The file is empty.")})
    if len(data) > limit:
        raise InputError({FILE: _("The file is larger than {n} MiB ({m} MiB); caseterm keeps "
                                  "files up to {n} MiB.").format(
                                      n=limit // (1024 * 1024),
                                      m=round(len(data) / (1024 * 1024), 1))})
    if is_executable(data):
        raise InputError({FILE: _("This is a program or a script; caseterm keeps no "
                                  "executable files.")})
    media = sniff(data)
    if media is None:
        raise InputError({FILE: _("caseterm keeps PDF, PNG, JPEG, TIFF, office documents "
                                  "(Word, Excel, PowerPoint, OpenDocument) and plain text; this "
                                  "file is none of them.")})
    ext = extension(name)
    if ext and ext not in EXTENSIONS[media]:
        raise InputError({FILE: _("The name says “.{ext}” but the content is {type}; check "
                                  "that this is the right file.").format(
                                      ext=shorten(ext, 12), type=media.value)})
    return media, hashlib.sha256(data).hexdigest()


def check_document(name: str, data: bytes, raw: dict, *, limit: int = MAX_BYTES
                   ) -> DocumentInput:
    e = Errors()
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    title = e.text("title", raw.get("title") or base, required=True, maximum=200)
    kind = e.choice("kind", raw.get("kind") or DocumentKind.other.value, DocumentKind)
    doc_date = e.date("doc_date", raw.get("doc_date"), not_future=True)
    try:
        media, digest = check_file(base, data, limit=limit)
    except InputError as exc:
        for k, v in exc.errors.items():
            e.add(k, v)
        media, digest = MediaType.text, ""
    e.raise_if_any()
    return DocumentInput(title=title, kind=e.valid(kind), doc_date=doc_date,
                         filename=shorten(base, 200), media_type=media, size=len(data),
                         sha256=digest)
