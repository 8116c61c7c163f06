"""Safe display of user-supplied text.

Client names, notes and anything typed or imported is shown *literally*: never parsed as
markup, and with terminal control sequences neutralised (reliability-security.md §5.1).
`clean()` is the one function every screen and every CLI printer passes such text through;
screens then wrap it in a `rich.text.Text` (see caseterm.widgets.safe) so no markup parser ever
sees it.
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (ESC ] P X ^ _ ... ST/BEL),
# and any other two-byte ESC sequence.
_ESC_SEQ = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                     # CSI
  | \x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|$)        # OSC, DCS, SOS, PM, APC up to a terminator
  | \x1b[ -/]*[0-~]?                             # other ESC sequences (incl. lone ESC)
  | [\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x1b\\|\x9c|$)  # 8-bit DCS/SOS/OSC/PM/APC strings
  | \x9b[0-?]*[ -/]*[@-~]?                       # 8-bit CSI
    """,
    re.VERBOSE | re.DOTALL,
)

# Bidi embedding/override/isolate controls and marks (Trojan Source, CVE-2021-42574).
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SINGLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f" + _BIDI + "\ud800-\udfff]"
)


_BREAKS = re.compile("\r\n|[\n\t\u2028\u2029]")


def clean(value: object, *, keep_newlines: bool = True) -> str:
    """Return `value` as text that is safe to put on a terminal.

    Escape sequences become one U+FFFD each; other C0 controls (except newline and tab), DEL,
    C1 controls, bidi controls and lone surrogates become U+FFFD. The result is NFC.
    Markup characters such as ``[`` are kept: they are harmless once the text is shown as a
    plain Text object.
    """
    if value is None:
        return ""
    text = str(value)
    text = _ESC_SEQ.sub(REPLACEMENT, text)
    text = _SINGLE.sub(REPLACEMENT, text)
    text = unicodedata.normalize("NFC", text)
    if not keep_newlines:
        # A single-line field (a name) never spans lines on screen or in an export, so a
        # "Meier\nEinwilligung: widerrufen" cannot fake a field line of its own.
        text = _BREAKS.sub(" ", text)
    return text


def one_line(value: object, limit: int | None = None) -> str:
    """`clean()` on a single line, optionally cut to `limit` characters with an ellipsis."""
    text = clean(value, keep_newlines=False)
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    return text


# What input may not hold (issue 11). `STORAGE_UNSAFE`: NUL (SQLite counts a string only up to
# it) and lone surrogates (not encodable as UTF-8) — refused everywhere. `CONTROL`: every C0
# control except tab, newline and carriage return, DEL, C1 and the bidi embedding, override and
# isolate controls — refused in files read by caseterm (caseterm.schemas). `LINE_BREAK`: what
# makes a single-line field (a name) span lines — refused there, neutralised by one_line().
STORAGE_UNSAFE = re.compile("[\x00\ud800-\udfff]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")
LINE_BREAK = re.compile("[\n\r\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def first_match(pattern: re.Pattern[str], text: str) -> int | None:
    """1-based position of the first character matching `pattern`, or None."""
    m = pattern.search(text)
    return m.start() + 1 if m else None


def normalize_input(value: str) -> str:
    """How typed text is stored: NFC, surrounding whitespace removed, nothing else changed."""
    return unicodedata.normalize("NFC", value).strip()
