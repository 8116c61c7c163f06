"""Issue 14 item 5: a whole case from intake to closure through the CLI alone, checked against
what the services (and so the screens) report; exit codes; refusals outside the caseload and
against a stale version change nothing."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from caseterm.cli import app
from tests.conftest import ctx_for

INTAKE = {
    "client": {"first_name": "Petra", "last_name": "Schulz", "birth_date": "02.03.1985"},
    "case": {"legal_area": "sgb2"},
    "referral": {"concerns": {"wohnen": "Räumungsklage", "wirtschaftlich": "Schulden",
                              "gesundheitlich": "Depression"}},
    "indication": {"criteria": ["complex_need", "many_actors", "standard_path_fails",
                                "insufficient_own_resources"], "decision": "indicated"},
    "consents": [{"purposes": ["case_management"], "given_on": "20.11.2026",
                  "information_given": True}],
    "agreement": {"roles": "Koordination", "agreed_on": "heute"},
}


def cli(db, *args, who="anna", code=0):
    result = CliRunner().invoke(app, ["--db", str(db.path), "--lang", "en", *args],
                                env={"CASETERM_WORKER": who})
    assert result.exit_code == code, (args, result.exit_code, result.output)
    return result


def as_json(result):
    return json.loads(result.stdout)


@pytest.mark.slow
def test_a_whole_case_from_intake_to_closure_through_the_cli(db, worker, tmp_path):
    from caseterm.services import assessment, cases, consents, followups, goals, referrals

    file = tmp_path / "intake.json"
    file.write_text(json.dumps(INTAKE), encoding="utf-8")
    saved = as_json(cli(db, "intake", "--from", str(file), "--confirm-new", "--json"))
    number = saved["case_number"]
    assert saved["phase"] == "assessment"  # the intake moves the case on

    # consent for passing data to the debt counselling
    cid = cli(db, "consent", "record", number, "--purposes", "data_exchange",
              "--recipients", "Schuldnerberatung Caritas", "--given-on", "23.11.2026",
              "--informed").stdout.strip()

    # assessment: every life domain, strengths first, then complete
    shown = as_json(cli(db, "assessment", "show", number, "--json"))
    assert shown["id"] is None  # reading wrote nothing
    for d in shown["domains"]:
        cli(db, "assessment", "set", number, d["domain_id"], "--strengths", "Motiviert",
            "--rating", "3")
    cli(db, "assessment", "complete", number)
    cli(db, "case", "phase", number, "planning", "--reason", "Assessment complete")

    # goals and a measure, the plan agreed
    gid = cli(db, "goal", "add", number, "--text",
              "Bis 31.03.2027 habe ich 5 Bewerbungen abgeschickt.",
              "--due", "31.03.2027").stdout.strip()
    mid = cli(db, "goal", "add", number, "--level", "massnahme", "--parent", gid[:8],
              "--text", "Termin bei der Schuldnerberatung", "--responsible", "client"
              ).stdout.strip()
    cli(db, "plan", "version", number, "--review", "15.02.2027",
        "--duties-client", "Bewerbungen schreiben")
    cli(db, "plan", "participant", number, "Petra Schulz", "--role", "client",
        "--how", "signature")
    cli(db, "plan", "agree", number)
    cli(db, "case", "phase", number, "linking", "--reason", "Plan agreed")

    # follow-ups: add, postpone, done (the outcome becomes a note)
    fid = cli(db, "followup", "add", number, "--due", "+1w", "--step", "Anrufen").stdout.strip()
    cli(db, "followup", "postpone", fid, "--preset", "week", "--reason", "Krank")
    cli(db, "followup", "done", fid, "--outcome", "Telefonat geführt, alles gut")

    # referral with feedback
    rid = cli(db, "referral", "add", number, "--to", "Schuldnerberatung Caritas",
              "--purpose", "Schulden ordnen").stdout.strip()
    cli(db, "referral", "status", rid, "contact_made")
    cli(db, "referral", "feedback", rid, "--text", "Erstgespräch hat stattgefunden")

    for target in ("monitoring", "evaluation"):
        cli(db, "case", "phase", number, target, "--reason", "weiter")
    cli(db, "case", "phase", number, "closure", "--closure-reason", "goals_achieved",
        "--reason", "Ziele erreicht", "--yes")

    # the same state as the services (and so the screens) report
    ctx = ctx_for(db, worker)
    case_id = cases.find(ctx, number)
    over = cases.overview(ctx, case_id)
    assert over.case.phase.value == "closure"
    assert any("Telefonat geführt" in n.text for n in over.notes)
    view = assessment.view(ctx, case_id)
    assert [r.complete for r in view.rows] == [True]
    plan = goals.agreement(ctx, case_id)
    assert plan.latest.status.value == "agreed" and plan.latest.review_date.isoformat() \
        == "2027-02-15"
    tree = goals.tree(ctx, case_id)
    assert {str(g.id) for g in tree.goals} == {gid, mid}
    assert all(g.status.value != "draft" for g in tree.goals)
    ref = referrals.get(ctx, __import__("uuid").UUID(rid))
    assert ref.status.value == "feedback_received"
    assert ref.feedback == "Erstgespräch hat stattgefunden"
    assert str(consents.list_for_case(ctx, case_id)[0].id) == cid
    done = [f for f in followups.for_case(ctx, case_id, include_done=True) if str(f.id) == fid]
    assert done[0].status.value == "done" and done[0].postpone_count == 1

    # and the CLI's own reads say the same
    listed = as_json(cli(db, "referral", "list", number, "--json"))
    assert listed[0]["status"] == "feedback_received"
    assert [h["status"] for h in listed[0]["history"]][-1] == "feedback_received"
    assert as_json(cli(db, "plan", "show", number, "--json"))["versions"][0]["status"] \
        == "agreed"
    rows = cli(db, "plan", "diff", number, "--json")
    assert as_json(rows)["right"] == 1
    # every write is in the audit trail, by the person who ran the command
    from caseterm.db.repo import audit as audit_repo

    entries = audit_repo.for_case(db, case_id, limit=2000)
    written = {e.entity for e in entries if e.action in ("create", "update")
               and e.actor_name == "Anna Becker"}
    assert {"follow_up", "consent", "referral", "goal", "assessment_domain"} <= written, written


def test_bad_input_names_the_field_and_changes_nothing(db, worker, make_case):
    from caseterm.services import followups

    case_id = make_case(phase="assessment")
    ctx = ctx_for(db, worker)
    from caseterm.services import cases

    number = cases.number_of(ctx, case_id)
    bad = cli(db, "followup", "add", number, "--due", "31.02.2027", "--step", "x", code=1)
    assert "due_date" in bad.stderr
    empty = cli(db, "followup", "add", number, "--due", "+1w", "--step", "", code=1)
    assert "next_step" in empty.stderr
    assert followups.for_case(ctx, case_id) == []
    fid = cli(db, "followup", "add", number, "--due", "+1w", "--step", "x").stdout.strip()
    no_outcome = cli(db, "followup", "done", fid, code=1)
    assert "outcome" in no_outcome.stderr
    assert cli(db, "followup", "postpone", fid, "--to", "01.12.2026", code=1).stderr \
        .startswith("reason")
    assert cli(db, "followup", "done", "not-an-id", "--outcome", "x", code=1)
    assert cli(db, "assessment", "set", number, "wohnen", "--rating", "9", code=1).stderr \
        .startswith("rating")
    assert cli(db, "consent", "record", number, "--purposes", "case_management",
               "--given-on", "23.11.2026", code=1).stderr.startswith(
                   "consent_information_given")
    assert cli(db, "referral", "add", number, "--to", "Nobody", code=1).stderr \
        .startswith("consent")
    assert cli(db, "goal", "add", number, "--level", "massnahme", "--text", "x",
               code=1).stderr.startswith("responsible")
    rows = followups.for_case(ctx, case_id)
    assert len(rows) == 1 and rows[0].status.value == "open" and rows[0].postpone_count == 0
    from caseterm.services import assessment, consents, goals, referrals

    assert assessment.view(ctx, case_id).rows == []
    assert consents.list_for_case(ctx, case_id) == []
    assert referrals.list_for_case(ctx, case_id) == []
    assert goals.tree(ctx, case_id).goals == []
    # usage errors are exit 2 (Click), unknown cases 3
    cli(db, "followup", "add", number, code=2)
    cli(db, "followup", "list", "JC-2026-99999", code=3)


@pytest.fixture
def two(db, worker, make_case):
    """Anna's case and Ben's case (another team): Anna may not write Ben's."""
    from caseterm.db.repo import workers

    with db.write() as s:
        ben = workers.add(s, username="ben", display_name="Ben Roth", role="caseworker",
                          team="Team Süd", office="Rathaus", land="NW")
    ben_row = workers.by_username(db, "ben")
    ctx = ctx_for(db, worker)
    from caseterm.services import cases

    mine = make_case(phase="assessment")
    theirs = make_case(first="Olga", last="Berg", phase="assessment", lead=ben.id)
    return {"ctx": ctx, "mine": cases.number_of(ctx, mine), "mine_id": mine,
            "theirs_id": theirs, "ben": ben_row,
            "theirs": cases.number_of(ctx_for(db, ben_row), theirs)}


def test_writes_outside_the_caseload_exit_3_change_nothing_and_are_audited(db, two):
    from caseterm.services import followups, goals

    ben_ctx = ctx_for(db, two["ben"])
    fid = followups.add(ben_ctx, two["theirs_id"], __import__(
        "caseterm.core.inputs", fromlist=["check_followup"]).check_followup(
            {"due_date": "+1w", "next_step": "Bens Termin"}))
    theirs = two["theirs"]
    for args in (["followup", "add", theirs, "--due", "+1w", "--step", "x"],
                 ["followup", "done", str(fid), "--outcome", "x"],
                 ["followup", "postpone", str(fid), "--preset", "week", "--reason", "x"],
                 ["followup", "reassign", str(fid), "anna"],
                 ["followup", "chain", str(fid), "--every", "5"],
                 ["consent", "record", theirs, "--purposes", "case_management",
                  "--given-on", "23.11.2026", "--informed"],
                 ["referral", "add", theirs, "--to", "X"],
                 ["assessment", "set", theirs, "wohnen", "--strengths", "x"],
                 ["assessment", "show", theirs],
                 ["goal", "add", theirs, "--text", "x"],
                 ["plan", "version", theirs, "--review", "15.02.2027"],
                 ["plan", "agree", theirs],
                 ["followup", "list", theirs, "--json"],
                 ["referral", "list", theirs, "--plain"],
                 ["approval", "list", theirs]):
        result = cli(db, *args, code=3)
        assert "Traceback" not in result.output
    row = followups.for_case(ben_ctx, two["theirs_id"])[0]
    assert row.assignee == "Ben Roth" and row.postpone_count == 0 and row.row_version == 1
    assert goals.tree(ben_ctx, two["theirs_id"]).goals == []
    from caseterm.db.repo import audit as audit_repo

    refusals = [e for e in audit_repo.latest(db, limit=500) if e.action == "refuse"]
    assert len(refusals) >= 10


def test_a_stale_version_exits_4_and_changes_nothing(db, worker, two):
    from caseterm.services import followups

    ctx, number = two["ctx"], two["mine"]
    fid = cli(db, "followup", "add", number, "--due", "+1w", "--step", "x").stdout.strip()
    [row] = as_json(cli(db, "followup", "list", number, "--json"))
    read_version = row["row_version"]
    cli(db, "followup", "postpone", fid, "--preset", "week", "--reason", "first",
        "--version", str(read_version))
    after = followups.for_case(ctx, two["mine_id"])[0]
    stale = cli(db, "followup", "postpone", fid, "--preset", "month", "--reason", "again",
                "--version", str(read_version), code=4)
    assert "Traceback" not in stale.output
    cli(db, "followup", "reassign", fid, "ben", "--version", str(read_version), code=4)
    now = followups.for_case(ctx, two["mine_id"])[0]
    assert (now.due_date, now.assignee, now.row_version) == (after.due_date, after.assignee,
                                                             after.row_version)
    # assessment domain: someone saved the field since the version read
    cli(db, "assessment", "set", number, "wohnen", "--strengths", "A")
    v = next(d for d in as_json(cli(db, "assessment", "show", number, "--json"))["domains"]
             if d["domain_id"] == "wohnen")["row_version"]
    cli(db, "assessment", "set", number, "wohnen", "--strengths", "B", "--version", str(v))
    cli(db, "assessment", "set", number, "wohnen", "--strengths", "C", "--version", str(v),
        code=4)
    shown = as_json(cli(db, "assessment", "show", number, "--json"))
    assert next(d for d in shown["domains"] if d["domain_id"] == "wohnen")["strengths"] == "B"
    # goal edit (existing command) and referral status
    gid = cli(db, "goal", "add", number, "--text", "Bis 31.03.2027 5 Bewerbungen").stdout \
        .strip()
    cli(db, "goal", "edit", number, gid, "--target", "5", "--version", "1")
    cli(db, "goal", "edit", number, gid, "--target", "6", "--version", "1", code=4)
    # a consent withdrawal against a stale version
    cid = cli(db, "consent", "record", number, "--purposes", "data_exchange", "--recipients",
              "Caritas", "--given-on", "23.11.2026", "--informed").stdout.strip()
    [c] = as_json(cli(db, "consent", "list", number, "--json"))
    from caseterm.services import consents, referrals

    consents.withdraw(ctx, __import__("uuid").UUID(cid), {"withdrawn_on": "23.11.2026",
                                                          "channel": "Brief"})
    cli(db, "consent", "withdraw", cid, "--channel", "E-Mail", "--version",
        str(c["row_version"]), code=4)
    assert consents.list_for_case(ctx, two["mine_id"])[0].withdrawal_channel == "Brief"
    # a referral status against a stale version
    rid = cli(db, "referral", "add", number, "--to", "X", "--legal-ground", "sgb_x_69",
              "--reason", "Eigene Aufgabe").stdout.strip()
    [r] = as_json(cli(db, "referral", "list", number, "--json"))
    cli(db, "referral", "status", rid, "contact_made")
    cli(db, "referral", "status", rid, "declined", "--version", str(r["row_version"]), code=4)
    assert referrals.list_for_case(ctx, two["mine_id"])[0].status.value == "contact_made"


def test_approval_list_and_decide_by_the_team_lead(db, worker, make_case):
    from caseterm.db.repo import workers
    from caseterm.services import cases, goals

    with db.write() as s:
        workers.add(s, username="lena", display_name="Lena Lang", role="team_lead",
                    team="Team Nord", office="Rathaus", land="NW")
    case_id = make_case(phase="planning")
    number = cases.number_of(ctx_for(db, worker), case_id)
    gid = cli(db, "goal", "add", number, "--text", "Bis 31.03.2027 eine Wohnung finden",
              "--due", "31.03.2027").stdout.strip()
    mid = cli(db, "goal", "add", number, "--level", "massnahme", "--parent", gid,
              "--text", "Mietkaution als Darlehen", "--responsible", "worker",
              "--needs-approval").stdout.strip()
    listed = as_json(cli(db, "approval", "list", "--json", who="lena"))
    assert [r["goal_id"] for r in listed] == [mid]
    # the caseworker may not decide: refused with the rule's message, nothing changed
    refused = cli(db, "approval", "decide", mid, "approve", code=1)
    assert "team lead" in refused.stderr
    cli(db, "approval", "decide", mid, "maybe", who="lena", code=1)
    cli(db, "approval", "decide", mid, "approve", who="lena")
    state = {str(g.id): g.approval_state.value for g in goals.tree(ctx_for(db, worker),
                                                                    case_id).goals}
    assert state[mid] == "approved"
    assert as_json(cli(db, "approval", "list", number, "--json", who="lena")) == []
    empty = cli(db, "approval", "list", who="lena")  # plain (not a terminal): header only
    assert empty.stdout.startswith("Id\tCase") and len(empty.stdout.splitlines()) == 1
    assert "Nothing waits for approval." in empty.stderr
