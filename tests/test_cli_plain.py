"""Issue 14 item 5: `--plain` output of every read command — one record per line, never cut,
no box drawing — checked with a 200-character name; the JSON of the same lists."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from caseterm.cli import app
from tests.conftest import ctx_for

FIRST = "Anna-" + "Lena" * 23 + "x"  # 98 characters, the most a name field takes is 100
LAST = "Großmann-" + "Wortmann" * 11 + "ab"  # 99
LONG = ("Schuldnerberatung der Caritas im Sozialraum Nord, Termin mit Frau Özdemir-Krause "
        "wegen Mietschulden, Stromschulden und einer offenen Forderung des Jobcenters, "
        "bitte Unterlagen mitbringen: Kontoauszüge")  # 200
BOX = re.compile("[\u2500-\u257f]")


def cli(db, *args, who="anna"):
    result = CliRunner().invoke(app, ["--db", str(db.path), "--lang", "en", *args],
                                env={"CASETERM_WORKER": who})
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


@pytest.fixture
def full_case(db, worker, make_case):
    """A case with a 200-character client name and 200-character texts everywhere."""
    from caseterm.core.goals import check_goal
    from caseterm.core.inputs import check_followup
    from caseterm.core.schemes import DomainEntry
    from caseterm.db.repo import agreements
    from caseterm.services import assessment, cases, consents, followups, goals, referrals

    assert len(LONG) == 200 and len(f"{LAST}, {FIRST}") > 198
    case_id = make_case(first=FIRST, last=LAST, phase="planning")
    ctx = ctx_for(db, worker)
    followups.add(ctx, case_id, check_followup({"due_date": "heute", "next_step": LONG}))
    consents.record(ctx, case_id, {"purposes": "data_exchange", "recipients": LONG,
                                   "given_on": "23.11.2026", "information_given": True})
    referrals.create(ctx, case_id, {"recipient": LONG, "purpose": LONG})
    assessment.save_entry(ctx, case_id, None, DomainEntry("wohnen", strengths=LONG))
    gid = goals.add_goal(ctx, case_id, check_goal({"text_client": LONG, "due_date": "+8w"}))
    goals.add_goal(ctx, case_id, check_goal({
        "level": "massnahme", "text_client": LONG, "responsible": "provider",
        "responsible_name": "Caritas", "needs_approval": True}), parent_id=gid)
    agreements.ensure_draft(db, case_id)
    return cases.number_of(ctx, case_id)


READS = [
    (["case", "show"], (LONG, FIRST, LAST)),
    (["case", "history"], ()),
    (["cases", "search", "Großmann"], (FIRST, LAST)),
    (["consent", "list"], (LONG,)),
    (["goal", "list"], (LONG,)),
    (["plan", "show"], ()),
    (["plan", "diff"], (LONG,)),
    (["queue"], (LONG, FIRST, LAST)),
    (["followup", "list"], (LONG,)),
    (["referral", "list"], (LONG,)),
    (["assessment", "show"], (LONG,)),
    (["approval", "list"], (LONG, FIRST, LAST)),
    (["audit", "show"], ()),
    (["worker", "list"], ()),
    (["absence", "list"], ()),
    (["gas"], ()),
    (["services", "search"], ()),
]


@pytest.mark.parametrize("args, texts", READS, ids=[" ".join(a) for a, _t in READS])
def test_plain_output_is_never_cut(db, full_case, args, texts):
    takes_case = args[0] not in ("queue", "worker", "absence", "services") and args[:2] \
        not in (["cases", "search"], ["audit", "show"])
    full = [*args, full_case] if takes_case else list(args)
    if args[:2] in (["audit", "show"], ["approval", "list"]):
        full = [*args, full_case]
    for extra in ([], ["--plain"]):
        out = cli(db, *full, *extra)
        for text in texts:
            assert text in out, (args, text[:30], out[:500])
        assert not BOX.search(out), (args, out[:500])
        assert "…" not in out, (args, out[:500])


def test_plain_is_one_record_per_line_with_a_header(db, full_case):
    lines = cli(db, "followup", "list", full_case, "--plain").splitlines()
    assert lines[0].split("\t")[:4] == ["Id", "Due", "Late", "Kind"]
    assert len(lines) == 3  # the one added and the referral's feedback follow-up
    assert {line.count("\t") for line in lines} == {lines[0].count("\t")}
    # a tab or a line break inside a value cannot split a record
    from caseterm.commands.output import plain_cell

    assert plain_cell("a\tb\nc\x1b[31m") == "a b c\ufffd"


@pytest.mark.parametrize("args, keys", [
    (["followup", "list"], {"id", "due_date", "kind", "next_step", "assignee", "priority",
                            "status", "postpone_count", "case_number", "row_version"}),
    (["referral", "list"], {"id", "status", "recipient", "feedback_due", "history",
                            "row_version"}),
    (["consent", "list"], {"id", "status", "purposes", "recipients", "given_on",
                           "row_version"}),
    (["approval", "list"], {"goal_id", "case_number", "client", "text_client",
                            "row_version"}),
])
def test_json_lists_have_the_documented_keys(db, full_case, args, keys):
    data = json.loads(cli(db, *args, full_case, "--json"))
    assert isinstance(data, list) and data
    assert keys <= set(data[0]), set(data[0])
    doc = (__import__("pathlib").Path(__file__).parent.parent / "docs" / "cli-json.md"
           ).read_text(encoding="utf-8")
    assert f"`{' '.join(args)}" in doc
    for key in keys:
        assert f"`{key}`" in doc, key


def test_assessment_show_json_is_one_object(db, full_case):
    data = json.loads(cli(db, "assessment", "show", full_case, "--json"))
    assert set(data) == {"case_number", "id", "scheme", "assessed_on", "completed_on",
                         "domains"}
    wohnen = next(d for d in data["domains"] if d["domain_id"] == "wohnen")
    assert wohnen["strengths"] == LONG and wohnen["row_version"] >= 1
