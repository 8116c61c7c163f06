"""One column definition per list (issue 12): the TUI table and the CLI table of the same list
show the same columns under the same labels, and `--plain`/`--json` carry the definition's
data columns. Fails when a screen or a command defines its columns on its own again."""

from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable
from typer.testing import CliRunner

from caseterm.cli import app as cli_app
from caseterm.core.columns import Column, cli_columns, data_columns, table_columns
from caseterm.core.lists import LISTS
from tests.conftest import ctx_for, make_app, wait_until
from tests.sync_fakes import FakeSync, conflict, duplicate


def _labels(cols) -> list[str]:
    return [c.heading() for c in cols]


# -- the definitions themselves -------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_names_each_column_once(name):
    cols = LISTS[name]
    keys = [c.key for c in cols]
    assert len(keys) == len(set(keys)), keys
    assert table_columns(cols), "a list shows at least one column"
    assert all(c.table or c.data or c.handle for c in cols)


def test_a_cell_is_literal_one_line_and_cut_only_in_a_table():
    class Row:
        text = "[bold]Frau Schmitz[/bold]\n\x1b[31mzweite Zeile " + "x" * 80

    col = Column("text", "Note", lambda r: r.text, width=20)
    (text, _style), = col.cell(Row())
    assert len(text) == 20 and text.endswith("…") and "\n" not in text and "\x1b" not in text
    assert text.startswith("[bold]Frau")  # shown literally, never as markup
    assert len(col.shown(Row())) > 80  # plain lines and CSV are never cut


# -- the TUI and the CLI read the same definition --------------------------------------------

@pytest.fixture
def desk(db, worker, make_case, monkeypatch):
    """A case with a follow-up, a note, a referral and a measure waiting for approval; Lena
    leads Anna's team; the sync review lists come from the fakes."""
    from caseterm.core.goals import check_goal
    from caseterm.core.inputs import check_followup, check_note
    from caseterm.db.repo import workers
    from caseterm.services import cases, consents, followups, goals, referrals

    case_id = make_case(first="Jana", last="Meier", phase="planning")
    ctx = ctx_for(db, worker)
    followups.add(ctx, case_id, check_followup({"due_date": "heute", "next_step": "Anrufen"}))
    cases.add_note(ctx, case_id, check_note({"text": "Gespräch", "kind": "conversation"}))
    consents.record(ctx, case_id, {"purposes": "data_exchange", "recipients": "Caritas",
                                   "given_on": "23.11.2026", "information_given": True})
    referrals.create(ctx, case_id, {"recipient": "Caritas", "purpose": "Schuldnerberatung"})
    gid = goals.add_goal(ctx, case_id, check_goal({"text_client": "Schulden ordnen",
                                                   "due_date": "+8w"}))
    goals.add_goal(ctx, case_id, check_goal({
        "level": "massnahme", "text_client": "Schuldnerberatung", "responsible": "provider",
        "responsible_name": "Caritas", "needs_approval": True}), parent_id=gid)
    with db.write() as s:
        workers.add(s, username="lena", display_name="Lena Lang", role="team_lead",
                    team="Team Nord", office="Rathaus", land="NW")
    _fake_sync(monkeypatch, case_id)
    return {"case_id": case_id, "number": cases.number_of(ctx, case_id)}


def _fake_sync(monkeypatch, case_id) -> None:
    FakeSync(conflicts=[conflict(1, case_id)], duplicates=[duplicate(1)]).install(monkeypatch)


def _screens(case_id):
    from caseterm.screens.audit import AuditScreen
    from caseterm.screens.case import CaseScreen
    from caseterm.screens.case_list import CaseListScreen
    from caseterm.screens.queue import QueueScreen
    from caseterm.screens.record_notes import RecordNotesScreen
    from caseterm.screens.referrals import ReferralsScreen
    from caseterm.screens.sync_conflicts import SyncConflictsScreen
    from caseterm.screens.sync_duplicates import SyncDuplicatesScreen
    from caseterm.screens.team import TeamScreen

    return {
        "queue": (QueueScreen, "#queue-table"),
        "cases": (CaseListScreen, "#cl-table"),
        "followups": (lambda: CaseScreen(case_id), "#case-followups"),
        "referrals": (lambda: ReferralsScreen(case_id), "#ref-table"),
        "notes": (lambda: RecordNotesScreen(case_id), "PagedTable"),
        "audit": (lambda: AuditScreen(case_id), "#audit-table"),
        "caseload": (TeamScreen, "#tm-caseload"),
        "team_approvals": (TeamScreen, "#tm-approvals"),
        "conflicts": (SyncConflictsScreen, "#sc-table"),
        "duplicates": (SyncDuplicatesScreen, "#sd-table"),
    }


def _cli_args(number):
    """The command printing each list, and who asks."""
    return {
        "queue": (["queue"], "anna"),
        "cases": (["cases", "search"], "anna"),
        "followups": (["followup", "list", number], "anna"),
        "referrals": (["referral", "list", number], "anna"),
        "notes": (None, "anna"),  # on the terminal `case show` prints notes as text
        "audit": (["case", "history", number], "anna"),
        "caseload": (["team", "caseload"], "lena"),
        "team_approvals": (["team", "approvals"], "lena"),
        "conflicts": (["sync", "conflicts"], "anna"),
        "duplicates": (["sync", "duplicates"], "anna"),
    }


async def _tui_columns(db, worker, case_id) -> dict[str, tuple[list[str], list[str]]]:
    """Each list's DataTable as the screen builds it: (labels, keys)."""
    app = make_app(db, worker)
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        for name, (make, selector) in _screens(case_id).items():
            await app.push_screen(make())

            def ready(sel=selector):
                tables = app.screen.query(sel)
                return bool(tables) and bool(tables.first(DataTable).columns)

            await wait_until(pilot, app, ready)
            table = app.screen.query(selector).first(DataTable)
            out[name] = ([str(c.label) for c in table.columns.values()],
                         [str(k.value) for k in table.columns])
            app.pop_screen()
    return out


def _cli_table(monkeypatch, db, args, who) -> list[str]:
    """The headings of the Rich table a command draws on a terminal."""
    from caseterm.commands import output

    drawn: list = []
    real = output.rich_table

    def spy(rows, cols, title=""):
        table = real(rows, cols, title)
        drawn.append([str(c.header) for c in table.columns])
        return table

    monkeypatch.setattr(output, "rich_table", spy)
    monkeypatch.setattr(output, "is_plain", lambda plain: plain)
    result = CliRunner().invoke(cli_app, ["--db", str(db.path), "--lang", "de", *args],
                                env={"CASETERM_WORKER": who, "COLUMNS": "200"})
    assert result.exit_code == 0, (args, result.output)
    assert len(drawn) == 1, (args, result.output[:400])
    return drawn[0]


def _cli(db, args, who, *extra) -> str:
    result = CliRunner().invoke(cli_app, ["--db", str(db.path), "--lang", "de", *args, *extra],
                                env={"CASETERM_WORKER": who})
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


async def test_the_tui_and_the_cli_show_the_same_columns(db, worker, desk, monkeypatch):
    tui = await _tui_columns(db, worker, desk["case_id"])
    assert set(tui) == set(LISTS)
    for name, (args, who) in _cli_args(desk["number"]).items():
        cols = LISTS[name]
        labels, keys = tui[name]
        # the screen: the definition's table columns, translated, with their keys
        assert labels == _labels(table_columns(cols)), name
        assert keys == [c.key for c in table_columns(cols)], name
        assert "Fall" in labels or "Wiedervorlage" not in labels  # German, not msgids
        if args is None:
            continue
        # the terminal table: the same columns and labels, after the id a command takes back
        handles = [c.heading() for c in cli_columns(cols) if not c.table]
        assert _cli_table(monkeypatch, db, args, who) == handles + labels, name
        monkeypatch.undo()
        _fake_sync(monkeypatch, desk["case_id"])
        # --plain: the definition's data columns, one header line
        header = _cli(db, args, who, "--plain").splitlines()[0].split("\t")
        assert header == _labels(data_columns(cols)), name


@pytest.mark.parametrize("name, args", [
    ("queue", ["queue"]), ("cases", ["cases", "search"]),
    ("followups", ["followup", "list", "{n}"]), ("referrals", ["referral", "list", "{n}"]),
    ("audit", ["case", "history", "{n}"]), ("conflicts", ["sync", "conflicts"]),
    ("duplicates", ["sync", "duplicates"]),
])
def test_json_keys_are_the_definitions_data_columns(db, desk, name, args):
    data = json.loads(_cli(db, [a.format(n=desk["number"]) for a in args], "anna", "--json"))
    assert data, name
    keys = {c.key for c in data_columns(LISTS[name])}
    assert keys <= set(data[0]), (name, keys - set(data[0]))
    doc = (__import__("pathlib").Path(__file__).parent.parent / "docs" / "cli-json.md"
           ).read_text(encoding="utf-8")
    assert f"`{' '.join(args[:2])}" in doc, name
    for key in keys:
        assert f"`{key}`" in doc, (name, key)


def test_team_lists_as_json_keep_their_keys(db, desk):
    load = json.loads(_cli(db, ["team", "caseload"], "lena", "--json"))
    assert {"worker", "open_cases", "by_phase", "by_legal_area", "child_protection",
            "overdue", "postponed", "absent_until", "deputy"} <= set(load[0])
    appr = json.loads(_cli(db, ["team", "approvals"], "lena", "--json"))
    assert {"id", "case_number", "client", "worker", "goal", "measure", "provider", "cost",
            "due"} <= set(appr[0])
    assert appr[0]["measure"] == "Schuldnerberatung"


def test_outside_the_team_the_lists_are_refused(db, desk):
    result = CliRunner().invoke(cli_app, ["--db", str(db.path), "team", "caseload", "--plain"],
                                env={"CASETERM_WORKER": "anna"})
    assert result.exit_code == 3, result.output
