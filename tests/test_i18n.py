"""Every visible string is translated into German, and the compiled catalogues are current."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

from caseterm import i18n

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_script"] = module
    spec.loader.exec_module(module)
    return module


def test_every_string_has_a_german_translation():
    missing = _script().missing()
    assert missing == [], f"{len(missing)} untranslated, run scripts/i18n.py missing"


def test_compiled_catalogues_are_current():
    assert _script().stale() == []


def test_switching_language_translates_and_formats_dates():
    i18n.set_language("de")
    assert i18n._("Save") == "Speichern"
    assert i18n.fmt_date(date(2026, 3, 2)) == "02.03.2026"
    i18n.set_language("en")
    assert i18n._("Save") == "Save"
    assert i18n.fmt_date(date(2026, 3, 2)) == "2026-03-02"
