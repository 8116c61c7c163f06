"""Issue 19: appointment times. A follow-up may have a time of day (0016_times), set in the TUI's
follow-up dialog or the CLI (`followup add --time`, `followup time`); the .ics export then has
DTSTART with that time in Europe/Berlin, while an item without a time stays all day."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import ics
import pytest
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.core.inputs import check_followup, parse_time
from caseterm.core.validate import InputError
from caseterm.db.repo import audit as audit_repo
from caseterm.db.repo import workers as workers_repo
from caseterm.models.followup import FollowUp
from caseterm.services import AccessDenied
from caseterm.services import followups as svc
from tests.conftest import ctx_for
from tests.test_ics_consent import calendar_consent


@pytest.mark.parametrize("raw,expected", [("9:30", time(9, 30)), ("09.30", time(9, 30)),
                                          ("14", time(14, 0)), ("14 Uhr", time(14, 0)),
                                          ("", None), (None, None), ("23:59", time(23, 59))])
def test_parse_time(raw, expected):
    assert parse_time(raw) == expected


@pytest.mark.parametrize("raw", ["24:00", "9:60", "halb zehn", "9:3", "-1"])
def test_bad_time_is_refused_at_the_field(raw):
    with pytest.raises(InputError) as err:
        check_followup({"due_date": "01.12.2026", "next_step": "Termin", "due_time": raw})
    assert set(err.value.errors) == {"due_time"}


def _time_of(db, fid):
    with db.read() as s:
        return s.get(FollowUp, fid).due_time


def test_cli_add_with_time_exports_a_timed_event_and_all_day_stays(
        db, worker, make_case, tmp_path, monkeypatch):
    case = make_case("Jürgen", "Müller")
    calendar_consent(db, worker, case)
    db.dispose()
    monkeypatch.setenv("CASETERM_WORKER", "anna")
    base = ["--db", str(tmp_path / "test.db")]
    r = CliRunner().invoke(app, [*base, "followup", "add", "JC-2026-00001", "--due",
                                 "01.12.2026", "--step", "Gespräch", "--kind", "termin",
                                 "--time", "9:30"])
    assert r.exit_code == 0, r.output
    timed = r.output.strip().splitlines()[-1]
    r = CliRunner().invoke(app, [*base, "followup", "add", "JC-2026-00001", "--due",
                                 "02.12.2026", "--step", "Nachweise"])
    assert r.exit_code == 0, r.output
    allday = r.output.strip().splitlines()[-1]
    out = tmp_path / "q.ics"
    r = CliRunner().invoke(app, [*base, "queue", "--ics", str(out)])
    assert r.exit_code == 0, r.output
    raw = out.read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Berlin:20261201T093000" in raw
    assert "BEGIN:VTIMEZONE" in raw and "TZID:Europe/Berlin" in raw
    events = {e.uid: e for e in ics.Calendar(raw).events}
    e = events[f"{timed}@caseterm"]
    assert not e.all_day
    assert e.begin.datetime == datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert events[f"{allday}@caseterm"].all_day

    # the time is changed from the CLI; the export's SEQUENCE goes up
    seq = _sequence(raw, timed)
    r = CliRunner().invoke(app, [*base, "followup", "time", timed, "14:15"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, [*base, "queue", "--ics", str(out)])
    raw = out.read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Berlin:20261201T141500" in raw
    assert _sequence(raw, timed) == seq + 1
    # a bad time: message at the field, exit 1, nothing changed
    r = CliRunner().invoke(app, [*base, "followup", "time", timed, "25:00"])
    assert r.exit_code == 1 and "due_time" in r.output
    # back to all day
    r = CliRunner().invoke(app, [*base, "followup", "time", timed, ""])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, [*base, "queue", "--ics", str(out)])
    events = {e.uid: e for e in ics.Calendar(out.read_text(encoding="utf-8")).events}
    assert events[f"{timed}@caseterm"].all_day


def _sequence(raw: str, uid: str) -> int:
    block = raw.split(f"UID:{uid}@caseterm")[1].split("END:VEVENT")[0]
    return int(block.split("SEQUENCE:")[1].split()[0])


def test_set_time_through_the_door_is_audited_and_refused_outside_scope(db, worker, make_case):
    from caseterm.core.inputs import FollowUpInput

    case = make_case("Jürgen", "Müller")
    fid = svc.add(ctx_for(db, worker), case, FollowUpInput(date(2026, 12, 1), "Termin"))
    svc.set_time(ctx_for(db, worker), fid, "10:00")
    assert _time_of(db, fid) == time(10, 0)
    assert any("due_time" in str(e) for e in audit_repo.for_case(db, case))
    with pytest.raises(InputError):
        svc.set_time(ctx_for(db, worker), fid, "10:99")
    assert _time_of(db, fid) == time(10, 0)
    with db.write() as s:
        workers_repo.add(s, username="olaf", display_name="Olaf Kern", role="caseworker")
    olaf = next(w for w in workers_repo.list_all(db) if w.username == "olaf")
    with pytest.raises(AccessDenied):
        svc.set_time(ctx_for(db, olaf), fid, "11:00")
    assert _time_of(db, fid) == time(10, 0)
