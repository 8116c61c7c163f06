#!/usr/bin/env python3
"""Translation catalogues: find missing German strings, compile, check.

Source strings in the code are English (`_("…")`, `N_("…")`, `ngettext("…", "…", n)`);
German lives in caseterm/locale/de/LC_MESSAGES/<area>.po, one file per area of the app.

    python scripts/i18n.py missing [PATHS…]   # print untranslated msgids as .po entries
    python scripts/i18n.py compile            # .po → .mo for every catalogue
    python scripts/i18n.py check              # exit 1 if anything is missing or stale

Needs babel (in the test extras).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "caseterm"
LOCALE = PACKAGE / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "NP_": ((1, "c"), 2)}
CONTEXT_SEP = "\x04"  # a msgid with a context is keyed "context\x04msgid", as in a .mo


def key_of(message, context=None):
    """The lookup key of a message: msgid, (singular, plural), or "context\x04msgid"."""
    key = message if isinstance(message, str) else tuple(message)
    if context:
        key = f"{context}{CONTEXT_SEP}{key}" if isinstance(key, str) else \
            tuple(f"{context}{CONTEXT_SEP}{k}" for k in key)
    return key


def extract(paths: list[Path] | None = None) -> dict[object, list[str]]:
    """msgid (str, or (singular, plural)) -> places where it is used."""
    found: dict[object, list[str]] = {}
    files = paths or sorted(PACKAGE.rglob("*.py"))
    for file in files:
        if "migrations" in file.parts:
            continue
        for lineno, message, _comments, context in extract_from_file(
            "python", str(file), keywords=KEYWORDS
        ):
            key = key_of(message, context)
            found.setdefault(key, []).append(f"{file.relative_to(ROOT)}:{lineno}")
    return found


def catalogues(lang: str = "de"):
    folder = LOCALE / lang / "LC_MESSAGES"
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as fh:
            yield po, read_po(fh, locale=lang)


def translated(lang: str = "de") -> dict[object, object]:
    out: dict[object, object] = {}
    for _po, cat in catalogues(lang):
        for msg in cat:
            if not msg.id:
                continue
            key = key_of(msg.id, msg.context)
            if isinstance(msg.string, str):
                ok = bool(msg.string)
            else:
                ok = all(msg.string)
            if ok and not msg.fuzzy:
                out[key] = msg.string
    return out


def missing(paths: list[Path] | None = None, lang: str = "de") -> list[tuple[object, list[str]]]:
    have = translated(lang)
    return [(k, where) for k, where in extract(paths).items() if k not in have]


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def cmd_missing(args: list[str]) -> int:
    paths = [Path(a).resolve() for a in args] or None
    for key, where in missing(paths):
        print(f"#: {' '.join(where[:3])}")
        first = key[0] if isinstance(key, tuple) else key
        if CONTEXT_SEP in first:
            print(f"msgctxt {_po_quote(first.split(CONTEXT_SEP)[0])}")
            key = tuple(k.split(CONTEXT_SEP, 1)[1] for k in key) if isinstance(key, tuple) \
                else key.split(CONTEXT_SEP, 1)[1]
        if isinstance(key, tuple):
            print(f"msgid {_po_quote(key[0])}\nmsgid_plural {_po_quote(key[1])}")
            print('msgstr[0] ""\nmsgstr[1] ""\n')
        else:
            print(f"msgid {_po_quote(key)}\nmsgstr \"\"\n")
    return 0


def _mo_bytes(cat) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, cat)
    return buf.getvalue()


def cmd_compile(_args: list[str]) -> int:
    for lang_dir in sorted(p for p in LOCALE.iterdir() if p.is_dir()):
        for po, cat in catalogues(lang_dir.name):
            po.with_suffix(".mo").write_bytes(_mo_bytes(cat))
            print(f"compiled {po.relative_to(ROOT)}")
    return 0


def stale() -> list[str]:
    problems = []
    for lang_dir in sorted(p for p in LOCALE.iterdir() if p.is_dir()):
        for po, cat in catalogues(lang_dir.name):
            mo = po.with_suffix(".mo")
            if not mo.exists():
                problems.append(f"{mo.relative_to(ROOT)} missing: run scripts/i18n.py compile")
                continue
            with mo.open("rb") as fh:
                compiled = read_mo(fh)
            want = {key_of(m.id, m.context): m.string
                    for m in cat if m.id and m.string and not m.fuzzy}
            have = {key_of(m.id, m.context): m.string
                    for m in compiled if m.id}
            if {k: (tuple(v) if isinstance(v, list | tuple) else v) for k, v in want.items()} != \
               {k: (tuple(v) if isinstance(v, list | tuple) else v) for k, v in have.items()}:
                problems.append(f"{mo.relative_to(ROOT)} is stale: run scripts/i18n.py compile")
    return problems


def cmd_check(_args: list[str]) -> int:
    problems = [f"untranslated: {k!r} ({', '.join(w[:2])})" for k, w in missing()]
    problems += stale()
    for p in problems:
        print(p)
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    commands = {"missing": cmd_missing, "compile": cmd_compile, "check": cmd_check}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
