"""The per-user file cache of public holidays (caseterm/holiday_cache.py)."""

from __future__ import annotations

import importlib.metadata
import json
from datetime import date

import pytest

from caseterm import holiday_cache
from caseterm.core import workdays as w


@pytest.fixture
def folder(monkeypatch, tmp_path):
    monkeypatch.setenv("CASETERM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CASETERM_NO_HOLIDAY_CACHE", raising=False)
    holiday_cache.install()
    yield tmp_path / "data" / "cache"
    w.use_store(None)


def test_holidays_are_cached_on_disk_named_by_the_library_version(folder):
    days = w._holidays("SN", False, False, 2031)
    installed = importlib.metadata.version("holidays")
    path = folder / f"holidays-{installed}-DE-SN-public-2031.json"
    text = path.read_text(encoding="utf-8")
    assert '"2031-11-19": "Buß- und Bettag"' in text  # readable UTF-8
    assert json.loads(text) == {d.isoformat(): n for d, n in days.items()}


def test_a_corrupt_cache_file_is_recomputed_and_rewritten(folder):
    installed = importlib.metadata.version("holidays")
    path = folder / f"holidays-{installed}-DE-HB-public-2033.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert w._holidays("HB", False, False, 2033)[date(2033, 12, 25)] == "Erster Weihnachtstag"
    assert json.loads(path.read_text(encoding="utf-8"))["2033-12-25"] == "Erster Weihnachtstag"


def test_no_cache_when_switched_off(folder, monkeypatch):
    monkeypatch.setenv("CASETERM_NO_HOLIDAY_CACHE", "1")
    holiday_cache.install()
    assert w._holidays("HB", False, False, 2034)[date(2034, 12, 25)] == "Erster Weihnachtstag"
    assert not folder.exists()
