"""Exports are cleaned like the screens (issue 11): the hostile names of the suite reach no
.ics, no plan PDF, no --json output and no fpdf2 warning as raw control characters."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from caseterm.core.inputs import FollowUpInput
from caseterm.core.vocab import FollowUpKind
from caseterm.db.repo import agreements, followups
from caseterm.export.plan_pdf import render
from tests.conftest import TODAY
from tests.test_hostile_names import HOSTILE
from tests.test_ics_consent import calendar_consent
from tests.test_plan_pdf import _plan, _text

NAMES = [*HOSTILE, "Mei\x9b31mer", "Line1\nLine2\tTab", "\x1b]8;;https://x\x1b\\Link"]
# raw bytes a terminal acts on: ESC, BEL, C1 (as UTF-8), bidi controls, NUL
RAW = re.compile(rb"\x1b|\x07|\x00|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def _case(db, make_case, name, **kw):
    """A case whose client has `name` as stored by an older build or another tool (today's
    input checks refuse a line break in a name; the display must cope anyway)."""
    from sqlmodel import select

    from caseterm.models.client import Client

    case_id = make_case(last="Platzhalter", **kw)
    with db.write() as s:
        client = s.exec(select(Client).where(Client.last_name == "Platzhalter")).one()
        client.last_name = name
    return case_id


def _cli(db, *args):
    from caseterm.cli import app

    return CliRunner().invoke(app, ["--db", db.url, *args])


@pytest.mark.parametrize("name", NAMES)
def test_ics_with_names_carries_no_control_characters(db, worker, make_case, tmp_path, name):
    case_id = _case(db, make_case, name, first="Eva")
    calendar_consent(db, worker, case_id)
    followups.add(db, case_id, FollowUpInput(due_date=TODAY + timedelta(days=1),
                                             next_step=f"Anruf {name}",
                                             kind=FollowUpKind.frist), worker.id)
    out = tmp_path / "q.ics"
    r = _cli(db, "queue", "--ics", str(out), "--with-names")
    assert r.exit_code == 0, r.output
    data = out.read_bytes()
    assert not RAW.search(data), RAW.search(data)
    unfolded = data.replace(b"\r\n ", b"")
    assert b"Eva" in unfolded
    # no line of the calendar is split by a newline inside the name
    assert all(line[:1] != b"L" or b":" in line for line in unfolded.split(b"\r\n"))
    if name.startswith("["):
        assert name.encode() in unfolded


@pytest.mark.parametrize("name", NAMES)
def test_plan_pdf_text_and_warnings_are_clean(db, worker, make_case, tmp_path, capfd, caplog,
                                              name):
    case_id, _vid = _plan(db, make_case, first="Eva", last="Platzhalter")
    content = agreements.preview(db, case_id)
    content["client_name"] = f"Eva {name}"
    for p in content["participants"]:
        p["name"] = p["name"].replace("Platzhalter", name)
    content["goals"][0]["text_client"] = f"Ziel {name}"
    content["duties_client"] = f"Pflicht {name}"
    path = render(content, tmp_path / "plan.pdf", lang="de")
    text = _text(path)
    assert not RAW.search(text.encode("utf-8", "surrogatepass"))
    assert "]0;" not in text and "]8;" not in text and "[2J" not in text
    assert "Eva" in text and "Ziel" in text
    captured = capfd.readouterr()
    logged = "".join(r.getMessage() for r in caplog.records)
    for stream in (captured.out, captured.err, logged):
        assert not RAW.search(stream.encode("utf-8", "surrogatepass"))
    if name.startswith("["):
        assert name in text


@pytest.mark.parametrize("name", NAMES)
def test_json_outputs_escape_c1_and_bidi_but_round_trip(db, worker, make_case, name):
    case_id = _case(db, make_case, name, first="Eva")
    followups.add(db, case_id, FollowUpInput(due_date=TODAY, next_step=name), worker.id)
    for args in (["case", "show", "JC-2026-00001", "--json"], ["cases", "search", "--json"],
                 ["queue", "--json"], ["consent", "list", "JC-2026-00001", "--json"]):
        r = _cli(db, *args)
        assert r.exit_code == 0, (args, r.output)
        assert not RAW.search(r.stdout_bytes), (args, RAW.search(r.stdout_bytes))
        json.loads(r.stdout)  # still valid JSON
    shown = json.loads(_cli(db, "case", "show", "JC-2026-00001", "--json").stdout)
    assert shown["case"]["last_name"] == name  # the stored name, exactly


@pytest.mark.parametrize("args", [
    ["plan", "show", "JC-2026-00001", "--json"],
    ["network", "show", "JC-2026-00001", "--json"],
    ["case", "show", "JC-2026-00099", "--json"],
    ["case", "show", "%", "--json"],
])
def test_json_commands_print_json_on_error(db, worker, make_case, args):
    make_case()
    r = _cli(db, *args)
    assert r.exit_code in (1, 3)  # invalid input, or not found
    out = json.loads(r.stdout)
    assert out["status"] == "error" and out["error"]


def test_a_name_with_a_newline_is_one_line_on_the_case_screen():
    from caseterm.core.safe_text import one_line
    from caseterm.widgets.safe import safe

    assert "\n" not in one_line("Meier\nEinwilligung: widerrufen")
    assert "\n" not in safe("Meier\u2028Einwilligung: widerrufen").plain


async def test_a_newline_in_a_stored_name_cannot_fake_a_field_line_on_the_case_screen(
        db, worker, make_case):
    from textual.widgets import Static

    from tests.conftest import make_app, wait_idle

    case_id = _case(db, make_case, "Meier\nEinwilligung: widerrufen", first="Eva")
    app = make_app(db, worker)
    async with app.run_test(size=(150, 45)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        facts = app.screen.query_one("#case-facts-body", Static).render()
        lines = str(facts).splitlines()
    consent_lines = [line for line in lines if line.startswith("Einwilligung:")]
    assert consent_lines == ["Einwilligung: fehlt"], lines  # only the real one
    assert any("Meier Einwilligung: widerrufen" in line for line in lines), lines
