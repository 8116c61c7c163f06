"""`caseterm queue --ics`: the file is parsed back by an independent parser (`ics`)."""

from __future__ import annotations

from datetime import date

import ics
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.core.inputs import FollowUpInput
from caseterm.core.vocab import FollowUpKind
from caseterm.db.repo import followups
from tests.test_ics_consent import calendar_consent


def _fu(db, case_id, due, assignee, text, kind=FollowUpKind.wiedervorlage):
    with db.write() as s:
        return followups.add_in(s, case_id, FollowUpInput(due_date=due, next_step=text,
                                                          kind=kind), assignee).id


def test_ics_parsed_back(db, worker, make_case, tmp_path):
    case = make_case("Jürgen", "Müller")
    calendar_consent(db, worker, case)
    frist = _fu(db, case, date(2026, 11, 20), worker.id, "Widerspruchsfrist prüfen",
                FollowUpKind.frist)
    wv = _fu(db, case, date(2026, 12, 1), worker.id, "Bewerbungen; Nachweise, \"Kurs\"")
    db.dispose()
    out = tmp_path / "wv.ics"
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "test.db"), "queue", "--ics",
                                      str(out)])
    assert result.exit_code == 0, result.output
    calendar = ics.Calendar(out.read_text(encoding="utf-8"))
    events = {e.uid: e for e in calendar.events}
    # ours, plus the automatic ones the queue keeps in step ("no contact", "phase stalled")
    assert {f"{frist}@caseterm", f"{wv}@caseterm"} <= set(events)
    assert len(events) == 4
    e = events[f"{frist}@caseterm"]
    assert e.all_day and e.begin.date() == date(2026, 11, 20)
    assert e.name.startswith("§ ") and "Gesetzliche Frist" in e.name
    # without --with-names: case number and kind only, the free-text next step left out
    assert "Widerspruchsfrist prüfen" not in e.name
    assert "Müller" not in e.name and "Müller" not in (e.description or "")  # pseudonymised
    assert len(e.alarms) == 1
    w = events[f"{wv}@caseterm"]
    assert w.begin.date() == date(2026, 12, 1)
    named = tmp_path / "named.ics"
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "test.db"), "queue", "--ics",
                                      str(named), "--with-names"])
    assert result.exit_code == 0, result.output
    w = {e.uid: e for e in ics.Calendar(named.read_text(encoding="utf-8")).events}[
        f"{wv}@caseterm"]
    assert 'Bewerbungen; Nachweise, "Kurs"' in w.name  # escaping survives the round trip


def test_ics_with_names_and_bad_path(db, worker, make_case, tmp_path):
    case = make_case("Jürgen", "Müller")
    _fu(db, case, date(2026, 11, 24), worker.id, "Anruf")
    calendar_consent(db, worker, case)  # names go to the calendar's provider only with it
    db.dispose()
    runner = CliRunner()
    out = tmp_path / "named.ics"
    result = runner.invoke(app, ["--db", str(tmp_path / "test.db"), "queue", "--ics",
                                 str(out), "--with-names"])
    assert result.exit_code == 0
    events = ics.Calendar(out.read_text(encoding="utf-8")).events
    assert all("Müller" in e.name for e in events)
    bad = runner.invoke(app, ["--db", str(tmp_path / "test.db"), "queue", "--ics",
                              str(tmp_path / "missing" / "x.ics")])
    assert bad.exit_code == 1 and "cannot write" in bad.output


def test_queue_cli_json_and_filters(db, worker, make_case, tmp_path):
    import json

    case = make_case()
    _fu(db, case, date(2026, 11, 20), worker.id, "überfällig")
    _fu(db, case, date(2026, 11, 23), worker.id, "heute")
    _fu(db, case, date(2026, 12, 10), worker.id, "später")
    db.dispose()
    runner = CliRunner()
    base = ["--db", str(tmp_path / "test.db"), "queue", "--json", "--kind", "wiedervorlage"]
    rows = json.loads(runner.invoke(app, base).output)
    assert [r["next_step"] for r in rows] == ["überfällig", "heute", "später"]
    assert rows[0]["days_late"] == 3 and rows[0]["section"] == "overdue"
    assert len(json.loads(runner.invoke(app, [*base, "--overdue"]).output)) == 1
    assert len(json.loads(runner.invoke(app, [*base, "--today-only"]).output)) == 2
    everything = json.loads(runner.invoke(app, base[:-2]).output)
    assert {r["kind"] for r in everything} == {"wiedervorlage", "no_contact", "stalled_phase"}
    table = runner.invoke(app, ["--db", str(tmp_path / "test.db"), "queue"],
                          env={"COLUMNS": "220"})
    assert table.exit_code == 0 and "überfällig" in table.output
    nobody = runner.invoke(app, [*base, "--worker", "nobody"])
    assert nobody.exit_code == 3 and "nobody" in nobody.output  # not found: a clear message


def test_no_contact_weeks_from_the_cli(db, worker, tmp_path):
    from caseterm.db.repo import workers

    with db.write() as s:
        workers.add(s, username="lead", display_name="Lea Lang", role="team_lead",
                    team="Team Nord")
    db.dispose()
    runner = CliRunner()
    base = ["--db", str(tmp_path / "test.db"), "no-contact"]
    out = runner.invoke(app, [*base, "sgb8", "3"], env={"CASETERM_WORKER": "lead"})
    assert out.exit_code == 0 and "sgb8         3" in out.output
    # a caseworker reads the setting but cannot change it
    refused = runner.invoke(app, [*base, "sgb8", "5"], env={"CASETERM_WORKER": "anna"})
    assert refused.exit_code == 3
    assert "sgb8         3" in runner.invoke(app, base, env={"CASETERM_WORKER": "anna"}).output
    assert runner.invoke(app, [*base, "sgb8", "-1"]).exit_code != 0
    assert runner.invoke(app, [*base, "nope", "3"]).exit_code == 1
