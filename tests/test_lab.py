"""Training labs: packs load and are validated, lab create is all or nothing, lab and real data
never mix, simulated time delivers events once, status and the CLI."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.schemas.scenario import ScenarioError, available_packs, load_pack, scenarios_dir
from caseterm.services import lab

START = date(2027, 3, 1)  # a Monday
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["--lang", "en", *args], catch_exceptions=False)


@pytest.fixture(autouse=True)
def _english():
    from caseterm.i18n import set_language

    set_language("en")  # the assertions read the English messages (German: test_i18n)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("labs")
    from caseterm.core import clock

    clock.set_today(START)
    lab.create_lab("kurs", "kurs-18-tage", START, ["Anna", "Ben"], root=root)
    return root


@pytest.fixture
def labs(built, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the built lab under this test's data folder."""
    root = tmp_path / "userdata" / "labs"
    shutil.copytree(built, root)
    return root


# -- packs ---------------------------------------------------------------------------------
def test_every_pack_loads_and_the_course_has_18_days_in_module_order():
    names = available_packs()
    assert len(names) == 9
    for name in names:
        assert load_pack(name).scenarios
    course = load_pack("kurs-18-tage")
    assert course.days == 18
    assert [s.pack for s in course.scenarios] == [
        "auftakt", "case-management", "loesungsorientiert", "netzwerke", "zeitmanagement",
        "zielvereinbarung", "praxistraining", "coaching"]
    days = [s.day for s in course.scenarios]
    assert days == sorted(days) and days[0] == 1 and days[-1] <= 18
    checks = {t.check for s in course.scenarios for t in s.scenario.tasks}
    for wanted in ("assessment_before_planning", "smart_goals", "child_protection_referral",
                   "postponements_have_reason", "consent_covers_referrals"):
        assert wanted in checks


def _broken(tmp_path, text: str) -> str:
    folder = tmp_path / "packs"
    folder.mkdir(exist_ok=True)
    (folder / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_pack("bad", folder)
    return str(exc.value)


def test_a_broken_pack_names_file_line_and_field(tmp_path):
    good = (scenarios_dir() / "01-auftakt.toml").read_text(encoding="utf-8")
    bad = good.replace('check = "working_agreement"', 'check = "no_such_check"')
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if "no_such_check" in t)
    message = _broken(tmp_path, bad)
    assert f"bad.toml:{line}:" in message and "scenarios.0.tasks.1.check" in message
    assert "unknown check" in message
    # a missing field: the table's header line
    message = _broken(tmp_path, good.replace('text_en = "Write a contact note on the first '
                                             'meeting."\n', ""))
    assert "scenarios.0.tasks.0.text_en" in message and "bad.toml:" in message
    # TOML syntax: the line
    message = _broken(tmp_path, good.replace("days = 2", "days = = 2"))
    assert "bad.toml:9" in message
    # an intake that does not pass the intake rules
    message = _broken(tmp_path, good.replace('legal_area = "sgb2"', 'legal_area = "sgb99"'))
    assert "start" in message and "legal_area" in message
    # an event after the pack's last day
    message = _broken(tmp_path, good.replace("day = 2\nkind", "day = 9\nkind"))
    assert "after the pack's last day" in message


# -- create --------------------------------------------------------------------------------
def test_create_makes_marked_workspaces_with_the_scenario_cases(labs):
    meta = lab.read_meta("kurs", labs)
    assert [t.name for t in meta.trainees] == ["Anna", "Ben"] and meta.today == "2027-03-01"
    from caseterm.db import lab as store

    for t in meta.trainees:
        for kind in ("ws", "start", "day"):
            path = store.workspace(meta, t, kind, labs)
            assert store.lab_marker_of(path) == {"lab": "kurs", "trainee": t.name}
        cases = json.loads(store.read_setting_file(store.workspace(meta, t, "ws", labs),
                                                   store.CASES))
        assert len(cases) == 8
    assert not any(p.name.startswith(".") for p in labs.iterdir())


@pytest.mark.parametrize("args, message", [
    (["--trainees", "0"], "1 to 100"),
    (["--trainees", "500"], "1 to 100"),
    (["--trainees", "2", "--start", "2027-02-30"], "YYYY-MM-DD"),
    (["--trainees", "2", "--start", "März"], "YYYY-MM-DD"),
    (["--names", "a,,b"], "empty"),
    (["--trainees", "2", "--pack", "nope"], "no scenario pack"),
])
def test_create_refuses_bad_input_and_leaves_nothing(args, message, tmp_path):
    argv = ["lab", "create", "k2", *args]
    if "--start" not in args:
        argv += ["--start", "2027-03-01"]
    result = run(*argv)
    assert result.exit_code == 1 and message in result.stderr.replace("\n", " ")
    root = tmp_path / "userdata" / "labs"
    assert not root.exists() or not any(root.iterdir())


def test_create_refuses_an_existing_name_and_an_unwritable_folder(labs, tmp_path, monkeypatch):
    result = run("lab", "create", "kurs", "--trainees", "2", "--start", "2027-03-01")
    assert result.exit_code == 1 and "exists already" in result.stderr
    assert lab.read_meta("kurs", labs).trainees[0].name == "Anna"
    blocker = tmp_path / "a-file"  # (tests run as root too: a file in the way, not a mode)
    blocker.write_text("x")
    monkeypatch.setenv("CASETERM_DATA_DIR", str(blocker / "sub"))
    result = run("lab", "create", "k3", "--trainees", "2", "--start", "2027-03-01")
    assert result.exit_code == 1 and "cannot be written" in result.stderr
    assert blocker.read_text() == "x"


def test_create_is_atomic_on_an_error_midway(tmp_path, monkeypatch):
    from caseterm.db import lab as store

    calls = []

    def boom(src, dest):
        calls.append(dest)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        shutil.copyfile(src, dest)

    monkeypatch.setattr(store, "copy_closed", boom)
    with pytest.raises(OSError):
        lab.create_lab("k4", "auftakt", START, ["a", "b", "c"])
    root = tmp_path / "userdata" / "labs"
    assert list(root.iterdir()) == []


# -- isolation ------------------------------------------------------------------------------
def test_a_lab_workspace_is_refused_as_real_data_and_real_data_in_lab_mode(labs, db, worker):
    from caseterm.db import lab as store
    from caseterm.db.target import open_database

    meta = lab.read_meta("kurs", labs)
    ws = store.workspace(meta, meta.trainees[0], "ws", labs)
    before = ws.read_bytes()
    with pytest.raises(store.LabDataRefused, match="training-lab workspace"):
        open_database(f"sqlite:///{ws}", may_create=False)
    assert ws.read_bytes() == before
    result = run("--db", str(ws), "cases", "search")
    assert result.exit_code == 1 and "lab open kurs" in result.stderr
    # the reverse: a real database is never opened in lab mode
    with pytest.raises(store.LabDataRefused, match="not a training-lab workspace"):
        open_database(f"sqlite:///{db.path}", may_create=False, lab=True)


# -- time and events ------------------------------------------------------------------------
def _notes(labs, trainee: str) -> list[str]:
    import sqlite3

    from caseterm.db import lab as store

    meta = lab.read_meta("kurs", labs)
    con = sqlite3.connect(store.workspace(meta, meta.trainee(trainee), "ws", labs))
    try:
        return [r[0] for r in con.execute("SELECT text FROM contact_note")]
    finally:
        con.close()


def test_advance_delivers_events_once_and_never_twice_after_reset(labs):
    from caseterm.i18n import set_language

    set_language("de")  # events arrive in the language of whoever moves the time
    answer = "Frau Weber ruft an"
    assert not any(answer in n for n in _notes(labs, "Anna"))
    meta, n = lab.advance("kurs", 1, root=labs)  # Tuesday: course day 2
    assert meta.today == "2027-03-02" and lab.course_day(meta) == 2 and n == 2
    assert sum(answer in t for t in _notes(labs, "Anna")) == 1
    meta, n = lab.advance("kurs", 1, root=labs)
    assert n == 0 and sum(answer in t for t in _notes(labs, "Anna")) == 1
    lab.reset("kurs", "Anna", "day", root=labs)
    lab.advance("kurs", 1, root=labs)
    assert sum(answer in t for t in _notes(labs, "Anna")) == 1
    lab.reset("kurs", None, "course", root=labs)
    assert sum(answer in t for t in _notes(labs, "Anna")) == 1
    assert sum(answer in t for t in _notes(labs, "Ben")) == 1
    # time is the lab's, not the process's: a new reader sees the same day
    assert lab.read_meta("kurs", labs).today == "2027-03-04"


def test_a_child_protection_concern_arrives_on_its_day_and_is_checked(labs):
    meta, _n = lab.advance("kurs", 20, root=labs)  # 2027-03-21: course day 15
    assert lab.course_day(meta) == 15
    _meta, rows = lab.status("kurs", root=labs, trainee="Anna")
    task = next(t for t in rows[0].tasks if t.check == "child_protection_referral")
    assert not task.done and "2027-03-21" in task.hints[0]


def test_reset_discards_work_and_status_sees_the_trainees_own_work(labs):
    from caseterm.core.inputs import NoteInput
    from caseterm.core.vocab import NoteKind
    from caseterm.services import cases

    db, ctx, info = lab.open_workspace("kurs", "Anna", root=labs)
    try:
        assert info.trainee == "Anna" and info.today == START
        number = json.loads(__import__("caseterm.db.repo.settings", fromlist=["get"]).get(
            db, "lab.cases"))["auftakt-weber"]
        case_id = cases.find(ctx, number)
        cases.add_note(ctx, case_id, NoteInput(kind=NoteKind.conversation,
                                               text="Erstgespräch geführt"))
    finally:
        db.dispose()
    _meta, rows = lab.status("kurs", root=labs)
    by = {s.trainee: {t.task: t.done for t in s.tasks} for s in rows}
    assert by["Anna"]["gespraech"] is True and by["Ben"]["gespraech"] is False
    lab.reset("kurs", "Anna", "day", root=labs)
    _meta, rows = lab.status("kurs", root=labs, trainee="Anna")
    assert {t.task: t.done for t in rows[0].tasks}["gespraech"] is False


# -- CLI -----------------------------------------------------------------------------------
def test_cli_list_status_advance_delete(labs, tmp_path):
    result = run("lab", "list", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["trainees"] == 2
    result = run("lab", "advance", "kurs", "--days", "0")
    assert result.exit_code == 1 and "--days" in result.stderr
    result = run("lab", "advance", "kurs", "--days", "7")
    assert result.exit_code == 0 and "2027-03-08" in result.stdout
    result = run("lab", "status", "kurs", "--json")
    data = json.loads(result.stdout)
    assert data["course_day"] == 6 and {t["trainee"] for t in data["trainees"]} == {"Anna",
                                                                                    "Ben"}
    result = run("lab", "status", "kurs", "--csv")
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("trainee,day,scenario,task") and len(lines) > 4
    result = run("lab", "status", "nope")
    assert result.exit_code == 1 and "no lab named nope" in result.stderr
    result = run("lab", "reset", "kurs", "--trainee", "Zora", "--yes")
    assert result.exit_code == 1 and "no trainee" in result.stderr
    result = run("lab", "delete", "kurs", "--yes")
    assert result.exit_code == 0 and not (labs / "kurs").exists()


def test_messages_are_german_too(tmp_path):
    result = runner.invoke(app, ["--lang", "de", "lab", "create", "k9", "--trainees", "0",
                                 "--start", "2027-03-01"])
    assert result.exit_code == 1 and "Ein Labor hat 1 bis 100 Teilnehmende" in result.stderr


def test_serve_refuses_another_address_without_the_explicit_option(labs):
    result = run("serve", "--lab", "kurs", "--host", "0.0.0.0")
    assert result.exit_code == 1 and "--allow-remote" in result.stderr
    result = run("serve", "--lab", "nope")
    assert result.exit_code == 1
