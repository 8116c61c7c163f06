"""The record's screens from the keyboard: edit the client and the case from the case screen
(messages at the field, nothing saved on a wrong value), all notes, documents."""

from __future__ import annotations

from textual.widgets import Input

from caseterm.services import record
from tests.conftest import ctx_for, make_app, wait_idle


async def _open_case(app, pilot, case_id):
    app.open_case(case_id)
    await wait_idle(pilot, app)


async def test_edit_client_from_the_case_screen(db, worker, make_case):
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await _open_case(app, pilot, case_id)
        await pilot.press("c")
        await wait_idle(pilot, app)
        assert type(app.screen).__name__ == "ClientEditDialog"
        app.screen.query_one("#client-email", Input).value = "ohne-at"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen.query_one("#field-email").has_class("-invalid")
        assert record.state(ctx_for(db, worker), case_id).client["email"] == ""
        app.screen.query_one("#client-email", Input).value = "j.mueller@example.org"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert type(app.screen).__name__ == "CaseScreen"
    assert record.state(ctx_for(db, worker), case_id).client["email"] == "j.mueller@example.org"


async def test_a_correction_without_a_reason_stays_open(db, worker, make_case):
    from textual.widgets import Checkbox

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await _open_case(app, pilot, case_id)
        await pilot.press("f")
        await wait_idle(pilot, app)
        assert type(app.screen).__name__ == "CaseEditDialog"
        app.screen.query_one("#case-title", Input).value = "Wohnungssicherung"
        app.screen.query_one("#edit-correction", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen.query_one("#field-reason").has_class("-invalid")
        assert record.state(ctx_for(db, worker), case_id).case["title"] == ""
        app.screen.query_one("#edit-reason", Input).value = "Titel falsch übernommen"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert type(app.screen).__name__ == "CaseScreen"
    entry = next(e for e in record_history(db, worker, case_id) if e.entity == "casefile")
    assert entry.detail["correction"] and entry.detail["reason"] == "Titel falsch übernommen"


def record_history(db, worker, case_id):
    from caseterm.services import cases

    return cases.history(ctx_for(db, worker), case_id)


async def test_all_notes_filter_and_search(db, worker, make_case):
    from caseterm.core.inputs import check_note
    from caseterm.services import cases
    from caseterm.widgets.paged_table import PagedTable

    case_id = make_case()
    ctx = ctx_for(db, worker)
    for i in range(30):
        cases.add_note(ctx, case_id, check_note({"text": f"Notiz {i}", "kind":
                                                 "phone" if i % 3 == 0 else "letter"}))
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await _open_case(app, pilot, case_id)
        await pilot.press("l")
        await wait_idle(pilot, app)
        table = app.screen.query_one(PagedTable)
        assert table.row_count == 30
        app.screen.query_one("#notes-since", Input).value = "99.99.2026"
        app.screen.query_one("#notes-since", Input).focus()
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert "Von (Datum)" in str(app.screen.query_one("#notes-status").render())
        assert table.row_count == 30  # unchanged
        app.screen.query_one("#notes-since", Input).value = ""
        app.screen.query_one("#notes-kind").value = "phone"
        await wait_idle(pilot, app)
        assert table.row_count == 10
        await pilot.press("ctrl+f")
        await pilot.press(*"Notiz 27", "enter")
        await wait_idle(pilot, app)
        assert app.screen.has_class("-searching")
        assert app.screen.hits and app.screen.hits[0].snippet == "Notiz 27"
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert not app.screen.has_class("-searching")
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert type(app.screen).__name__ == "CaseScreen"


async def test_documents_screen_refuses_a_mislabelled_file(db, worker, make_case, tmp_path):
    from caseterm.services import documents

    case_id = make_case()
    fake = tmp_path / "brief.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
    good = tmp_path / "plan.pdf"
    good.write_bytes(b"%PDF-1.4\nx\n%%EOF\n")
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await _open_case(app, pilot, case_id)
        await pilot.press("d")
        await wait_idle(pilot, app)
        await pilot.press("a")
        await wait_idle(pilot, app)
        assert type(app.screen).__name__ == "AddDocumentDialog"
        app.screen.query_one("#doc-path", Input).value = str(fake)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen.query_one("#field-file").has_class("-invalid")
        assert documents.list_for_case(ctx_for(db, worker), case_id) == []
        app.screen.query_one("#doc-path", Input).value = str(good)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert type(app.screen).__name__ == "DocumentsScreen"
        assert app.screen.query_one("#docs-table").row_count == 1
    [row] = documents.list_for_case(ctx_for(db, worker), case_id)
    assert row.title == "plan.pdf" and row.size == len(good.read_bytes())
