"""One translation per meaning: every .po file of the German folder (also catalogues added
later) is read; a msgid (with its context) may be translated in one catalogue only, every
msgstr must be what the app shows for its msgid, every msgid must be used in the code, and no
msgstr may contain a banned variant of docs/house-style.md."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from caseterm import i18n

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "caseterm" / "locale" / "de" / "LC_MESSAGES"
HOUSE_STYLE = ROOT / "docs" / "house-style.md"


def _script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_script"] = module
    spec.loader.exec_module(module)
    return module


def _entries():
    """(catalogue, key, msgstr) for every translated entry of every .po file."""
    from babel.messages.pofile import read_po

    script = _script()
    out = []
    for po in sorted(FOLDER.glob("*.po")):
        with po.open("rb") as fh:
            cat = read_po(fh, locale="de")
        for m in cat:
            if m.id and m.string:
                out.append((po.name, script.key_of(m.id, m.context), m.string))
    return out


def banned_variants() -> list[tuple[re.Pattern, str]]:
    """The rows of the house style's "Banned variants" table: (pattern, use instead)."""
    text = HOUSE_STYLE.read_text(encoding="utf-8")
    section = text.split("## 4. Banned variants", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        m = re.match(r"\|\s*`(.+?)`\s*\|\s*(.+?)\s*\|\s*$", line)
        if m:
            rows.append((re.compile(m.group(1).replace("\\|", "|")), m.group(2)))
    return rows


def test_the_folder_has_the_catalogues():
    assert len(list(FOLDER.glob("*.po"))) >= 6


def test_no_msgid_is_translated_in_two_catalogues():
    where: dict[object, list[str]] = {}
    for po, key, _string in _entries():
        where.setdefault(key, []).append(po)
    twice = {k: v for k, v in where.items() if len(v) > 1}
    assert twice == {}, f"{len(twice)} msgids in more than one catalogue (use pgettext): {twice}"


def test_every_msgstr_is_what_the_app_shows():
    """No msgstr is shadowed by another catalogue of the chain."""
    i18n.set_language("de")
    dead = []
    for po, key, string in _entries():
        if isinstance(key, tuple):
            shown = [i18n.ngettext(key[0], key[1], n) for n in (1, 2)]
            if "\x04" in key[0]:
                continue  # no context plurals in use
            if shown != list(string):
                dead.append((po, key))
        elif i18n._(key) != string:
            dead.append((po, key))
    assert dead == []


def test_every_msgid_is_used_in_the_code():
    used = _script().extract()
    unused = [(po, key) for po, key, _s in _entries() if key not in used]
    assert unused == [], f"msgstr never reachable (msgid not in the code): {unused}"


def test_the_banned_variants_are_read_from_the_house_style():
    rows = banned_variants()
    assert len(rows) >= 10
    patterns = [p for p, _ in rows]
    assert any(p.search("Ziel in den Worten der Klient*in") for p in patterns)
    assert not any(p.search("Klient*innen und Fachkräfte") for p in patterns)
    assert any(p.search("von der Teamleitung bewilligt") for p in patterns)


def test_no_banned_variant_in_any_catalogue():
    rows = banned_variants()
    found = []
    for po, key, string in _entries():
        for text in ([string] if isinstance(string, str) else list(string)):
            for pattern, instead in rows:
                if pattern.search(text):
                    found.append(f"{po} {key!r}: {pattern.pattern!r} → {instead}")
    assert found == []


def test_no_banned_variant_on_the_printed_plan():
    from caseterm.export.plan_pdf import TEXTS

    found = [(k, p.pattern) for k, v in TEXTS["de"].items() for p, _ in banned_variants()
             if p.search(v)]
    assert found == []


@pytest.mark.parametrize(("ctx", "msgid", "german"), [
    ("phase", "Intake", "Klärung"),
    ("support", "none", "keine"),
    ("working agreement", "Agreed on", "Vereinbart am"),
])
def test_contexts_give_the_word_of_their_meaning(ctx, msgid, german):
    i18n.set_language("de")
    assert i18n.pgettext(ctx, msgid) == german
    assert i18n._(i18n.NP_(ctx, msgid)) == german
    assert i18n._(msgid) != german
    i18n.set_language("en")
    assert i18n._(i18n.NP_(ctx, msgid)) == msgid
    i18n.set_language("de")


def test_numbers_have_the_decimal_comma_in_german():
    i18n.set_language("de")
    assert i18n.fmt_number(33.0) == "33,0"
    assert i18n.fmt_number(-0.004, 2) == "0,00"
    assert i18n.fmt_number(-0.04, 1, sign=True) == "0,0"
    assert i18n.fmt_number(2.5, sign=True) == "+2,5"
    assert i18n.fmt_number(1234.5) == "1.234,5"
    assert i18n.fmt_number(100, 0, unit="%") == "100 %"
    i18n.set_language("en")
    assert i18n.fmt_number(1234.5) == "1,234.5"
    assert i18n.fmt_number(-0.001, 2) == "0.00"
    i18n.set_language("de")


def test_legal_terms_come_from_the_data_file_and_are_checked():
    import json

    from caseterm.core.legal_terms import LegalTermsError, parse_plan_terms, terms_for

    data = json.loads((ROOT / "data" / "legal" / "plan_types.json").read_text(encoding="utf-8"))
    table = parse_plan_terms(data)
    assert terms_for(table, "kooperationsplan").legal_basis == "§ 15 SGB II"
    assert terms_for(table, "hilfeplan").legal_basis == "§ 36 SGB VIII"
    assert terms_for(table, "vereinbarung_sgb12").legal_basis == "§ 12 Abs. 2 SGB XII"
    assert terms_for(table, "gesamtplan_sgb12").legal_basis == "§ 68 Abs. 1 SGB XII"
    assert terms_for(table, "foerderplan").name == "Förderplan"
    assert "kein Bescheid" in terms_for(table, "kooperationsplan").notice
    assert terms_for(table, "unknown", "fr").name == "Zielvereinbarung"
    with pytest.raises(LegalTermsError, match="notice"):
        parse_plan_terms({"de": {"generic": {"name": "x", "legal_basis": "", "office": ""}}})
