"""Snapshots of the record's screens at 80×24 and 120×40, in German, on the demo: editing the
client and the case data, all contact notes, the documents of a case.

Update after an intended layout change with `pytest tests/test_snapshots_record.py
--snapshot-update` and look at the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import pytest

from caseterm.db.repo import cases, workers
from tests.conftest import make_app
from tests.test_snapshots_office import SIZES, _steady, demo  # noqa: F401

PDF = b"%PDF-1.4\nBrief\n%%EOF\n"


def _opened(db, keys: tuple[str, ...], before=None):
    case_id = cases.find_by_number(db, "SH-2026-00007")

    async def run_before(pilot):
        await _steady(pilot)
        if before is not None:
            before(pilot.app, case_id)
        pilot.app.open_case(case_id)
        await _steady(pilot)
        for key in keys:
            await pilot.press(key)
            await _steady(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_edit_client(snap_compare, demo, size):  # noqa: F811
    app = make_app(demo, workers.current(demo))
    assert snap_compare(app, terminal_size=size, run_before=_opened(demo, ("c",)))


@pytest.mark.parametrize("size", SIZES)
def test_edit_case_data(snap_compare, demo, size):  # noqa: F811
    app = make_app(demo, workers.current(demo))
    assert snap_compare(app, terminal_size=size, run_before=_opened(demo, ("f",)))


@pytest.mark.parametrize("size", SIZES)
def test_all_notes(snap_compare, demo, size):  # noqa: F811
    app = make_app(demo, workers.current(demo))
    assert snap_compare(app, terminal_size=size, run_before=_opened(demo, ("l",)))


@pytest.mark.parametrize("size", SIZES)
def test_documents(snap_compare, demo, size):  # noqa: F811
    from sqlalchemy import text

    from caseterm.services import documents

    def add(app, case_id):
        documents.add(app.ctx, case_id, "brief.pdf", PDF,
                      {"title": "Brief der Vermieterin", "kind": "letter",
                       "doc_date": "20.11.2026"})
        with demo.write() as s:
            s.exec(text("UPDATE document SET created_at = '2026-11-23 09:30:00.000000'"))

    app = make_app(demo, workers.current(demo))
    assert snap_compare(app, terminal_size=size, run_before=_opened(demo, ("d",), add))
