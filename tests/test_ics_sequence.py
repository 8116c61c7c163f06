"""Issue 19: the .ics export raises SEQUENCE for changed events and sends STATUS:CANCELLED for
follow-ups done or dropped since the person's last export (parsed back with icalendar)."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.core.ics_state import plan
from caseterm.models.followup import FollowUp
from tests.test_ics import _fu


def _export(tmp_path, name):
    out = tmp_path / name
    res = CliRunner().invoke(app, ["--db", str(tmp_path / "test.db"), "queue", "--ics",
                                   str(out)])
    assert res.exit_code == 0, res.output
    cal = Calendar.from_ical(out.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_sequence_and_cancelled_across_exports(db, worker, make_case, tmp_path, monkeypatch):
    from caseterm.db.repo import followups

    monkeypatch.setenv("CASETERM_WORKER", "anna")
    case = make_case("Jürgen", "Müller")
    a = _fu(db, case, date(2026, 12, 10), worker.id, "Bewerbungen prüfen")
    b = _fu(db, case, date(2026, 12, 11), worker.id, "Kurs anmelden")
    first = _export(tmp_path, "1.ics")
    assert first[f"{a}@caseterm"]["sequence"] == 0 and first[f"{b}@caseterm"]["sequence"] == 0
    assert str(first[f"{a}@caseterm"]["status"]) == "CONFIRMED"
    with db.write() as s:
        s.get(FollowUp, a).due_date = date(2026, 12, 17)
    followups.complete(db, b, worker.id)
    second = _export(tmp_path, "2.ics")
    ea, eb = second[f"{a}@caseterm"], second[f"{b}@caseterm"]
    assert ea["sequence"] == 1 and ea.decoded("dtstart") == date(2026, 12, 17)
    assert str(eb["status"]) == "CANCELLED" and eb["sequence"] == 1
    assert eb.decoded("dtstart") == date(2026, 12, 11)
    third = _export(tmp_path, "3.ics")
    assert third[f"{a}@caseterm"]["sequence"] == 1  # unchanged: same SEQUENCE
    assert f"{b}@caseterm" not in third  # cancelled once, then forgotten


def test_plan_keeps_events_that_only_left_the_filter():
    prev = {"x": {"seq": 2, "fp": "f", "due": "2026-12-01"},
            "y": {"seq": 0, "fp": "g", "due": "2026-12-02"}}
    out = plan(prev, {}, finished={"y"})
    assert out.state == {"x": prev["x"]}
    assert [(c.id, c.sequence) for c in out.cancelled] == [("y", 1)]
    out = plan(prev, {"x": ("f", date(2026, 12, 1))}, finished=set())
    assert out.sequence == {"x": 2}
    out = plan(prev, {"x": ("changed", date(2026, 12, 1))}, finished=set())
    assert out.sequence == {"x": 3}
