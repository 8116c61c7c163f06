"""The access report speaks plain language (issue 15, second pass): every stored field has a
label in German and English, dates read as dates, and the retention reasons come in the
reader's language. The PDF is read back with pypdf."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from caseterm.core import retention as sched
from caseterm.core.field_labels import FIELD_LABELS, field_label
from caseterm.db.repo import privacy as privacy_repo
from caseterm.db.repo import workers as workers_repo
from caseterm.i18n import set_language
from caseterm.services import privacy
from tests.conftest import ctx_for

pypdf = pytest.importorskip("pypdf")


def _report(db, tmp_path, lang):
    from caseterm.db.demo import load_demo

    load_demo(db)
    with db.write() as s:
        dora = workers_repo.add(s, username="dora", display_name="Dora DSB", role="dpo",
                                team="", office="Rathaus", land="NW")
        dora = SimpleNamespace(id=dora.id)
    set_language(lang)
    pdf, js = privacy.write_access_report(ctx_for(db, dora), "IM-2026-00027", tmp_path,
                                          lang=lang)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages)
    return text, json.loads(js.read_text(encoding="utf-8"))


def _stored_fields(report) -> set[str]:
    keys = set(report["person"])
    for area in report["areas"].values():
        for row in area["rows"]:
            keys |= set(row)
    return keys


@pytest.mark.parametrize("lang", ["de", "en"])
def test_access_pdf_shows_no_raw_field_names(db, tmp_path, lang):
    text, report = _report(db, tmp_path, lang)
    keys = {k for k in _stored_fields(report) if "_" in k}
    assert {"created_at", "occurred_at", "birth_date", "first_name"} <= keys
    flat = " ".join(text.split())
    raw = sorted(k for k in keys if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", flat))
    assert raw == [], raw
    # dates as dates: no ISO time stamps, German dates in the German report
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", flat)
    if lang == "de":
        assert "Geburtsdatum" in flat and "Erfasst am" in flat
        assert re.search(r"\b\d\d\.\d\d\.\d{4}\b", flat)
        assert "Keine bundesweite Frist" in flat  # the retention reason in German
    else:
        assert "Date of birth" in flat and "Recorded on" in flat
        assert "No national figure" in flat
    # the JSON keeps the keys and says what they mean, in the reader's language
    assert report["person_fields"]["birth_date"] == field_label("birth_date")
    assert all(area["fields"] for area in report["areas"].values())


def test_every_stored_column_has_a_label(db):
    """A column added later without a label fails here (the PDF would fall back to words)."""
    import uuid

    tables = privacy_repo._tables()
    conds = privacy_repo.owned_conditions([uuid.uuid4()], [uuid.uuid4()])
    missing = sorted(
        f"{name}.{c.name}" for name in [*conds, "client"] for c in tables[name].c
        if c.name not in privacy_repo.INTERNAL
        and not (c.name.endswith("_id") and c.name != "case_id")
        and c.name not in FIELD_LABELS)
    assert missing == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_label_is_translated(lang):
    set_language(lang)
    for key in FIELD_LABELS:
        label = field_label(key)
        assert label and "_" not in label, key
    set_language("de")
    assert field_label("occurred_at") != "occurred_at"
    assert field_label("some_new_column") == "Some new column"


def test_retention_reason_in_the_readers_language():
    rules = sched.load_rules()
    assert all(r.basis_de and r.basis_en for r in rules)
    set_language("en")
    en = [r.basis for r in rules]
    set_language("de")
    de = [r.basis for r in rules]
    assert all(a != b for a, b in zip(en, de, strict=True))
    assert "Jahre" in de[0] and "years" in en[0]
