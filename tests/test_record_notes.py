"""Issue 14 item 2: every note reachable (pages, filters), the search within a record with
safe highlighting, `caseterm case notes`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from caseterm.core import clock
from caseterm.core.validate import InputError
from caseterm.core.vocab import NoteKind
from caseterm.db.repo import workers as workers_repo
from caseterm.models.note import ContactNote
from caseterm.services import AccessDenied, record
from caseterm.services import cases as cases_service
from tests.conftest import ctx_for


def _notes(db, case_id, author_id, n, start=None):
    start = start or datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    kinds = list(NoteKind)
    with db.write() as s:
        for i in range(n):
            s.add(ContactNote(case_id=case_id, occurred_at=start + timedelta(hours=i),
                              kind=kinds[i % len(kinds)].value, text=f"Notiz {i:04d}",
                              author_id=author_id))


def test_every_note_is_reachable_page_by_page(db, worker, make_case):
    case_id = make_case()
    _notes(db, case_id, worker.id, 450)
    ctx = ctx_for(db, worker)
    seen, after = [], None
    while page := record.notes(ctx, case_id, after=after, limit=100):
        seen.extend(page)
        after = (page[-1].occurred_at, page[-1].id)
    assert len(seen) == 450 == record.count_notes(ctx, case_id)
    assert seen[0].text == "Notiz 0449" and seen[-1].text == "Notiz 0000"
    assert len({n.id for n in seen}) == 450


def test_filters_kind_author_date(db, worker, make_case):
    case_id = make_case()
    with db.write() as s:
        ben = workers_repo.add(s, username="ben", display_name="Ben Kaya", role="caseworker",
                               team="Team Nord")
        ben_id = ben.id
    _notes(db, case_id, worker.id, 12)
    _notes(db, case_id, ben_id, 3, start=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    ctx = ctx_for(db, worker)
    authors = record.note_authors(ctx, case_id)
    assert [name for _id, name in authors] == ["Anna Becker", "Ben Kaya"]
    flt = record.note_filter({"author": "kaya"}, authors)
    assert [n.author for n in record.notes(ctx, case_id, flt)] == ["Ben Kaya"] * 3
    flt = record.note_filter({"kinds": ["phone"]})
    assert {n.kind for n in record.notes(ctx, case_id, flt)} == {NoteKind.phone}
    flt = record.note_filter({"since": "01.03.2026"})
    assert record.count_notes(ctx, case_id, flt) == 3
    flt = record.note_filter({"until": "01.01.2026"})
    assert record.count_notes(ctx, case_id, flt) == 12
    for raw, field in (({"since": "32.01.2026"}, "since"), ({"kinds": ["fax"]}, "kind"),
                       ({"since": "02.01.2026", "until": "01.01.2026"}, "until")):
        with pytest.raises(InputError) as exc:
            record.note_filter(raw)
        assert field in exc.value.errors


def test_search_covers_notes_goals_assessment_referrals(db, worker, make_case):
    from caseterm.core.goals import check_goal
    from caseterm.core.schemes import DomainEntry
    from caseterm.services import assessment
    from caseterm.services import goals as goals_service

    case_id = make_case()
    ctx = ctx_for(db, worker)
    _notes(db, case_id, worker.id, 3)
    with db.write() as s:
        s.add(ContactNote(case_id=case_id, occurred_at=clock.now(), kind="phone",
                          text="Rückruf wegen [bold]Schuldnerberatung[/bold] \x1b[31m"))
    goals_service.add_goal(ctx, case_id, check_goal({"text_client": "Termin bei der "
                                                     "SCHULDNERBERATUNG wahrnehmen"}))
    assessment.save_entry(ctx, case_id, None, DomainEntry("wirtschaftlich",
                                                          problems="Schulden, keine "
                                                          "Schuldnerberatung bisher"))
    hits = record.search(ctx, case_id, "schuldnerberatung")
    assert {h.source for h in hits} == {"note", "goal", "assessment"}
    for h in hits:
        assert "\x1b" not in h.snippet
        for a, b in h.spans:
            assert h.snippet[a:b].casefold() == "schuldnerberatung"
    with pytest.raises(InputError) as exc:
        record.search(ctx, case_id, "x")
    assert "query" in exc.value.errors


def test_highlight_is_literal():
    from caseterm.screens.record_notes import highlighted

    text = highlighted("[b]Müller[/b] und müller", ((3, 9), (18, 24)))
    assert text.plain == "[b]Müller[/b] und müller"
    assert [text.plain[s.start:s.end] for s in text.spans] == ["Müller", "müller"]


def test_notes_outside_the_caseload_are_refused(db, worker, make_case):
    case_id = make_case()
    with db.write() as s:
        workers_repo.add(s, username="ben", display_name="Ben Kaya", role="caseworker",
                         team="Team Süd")
    ben = ctx_for(db, {w.username: w for w in workers_repo.list_all(db)}["ben"])
    for call in (lambda: record.notes(ben, case_id), lambda: record.search(ben, case_id, "ab")):
        with pytest.raises(AccessDenied):
            call()


def test_cli_case_notes(db, worker, make_case):
    case_id = make_case()
    _notes(db, case_id, worker.id, 30)
    number = cases_service.number_of(ctx_for(db, worker), case_id)

    def run(*args, who="anna"):
        from caseterm.cli import app

        return CliRunner().invoke(app, ["--db", str(db.path), *args],
                                  env={"CASETERM_WORKER": who})

    newest = json.loads(run("case", "notes", number, "--json").stdout)
    assert len(newest) == 20 and newest[0]["text"] == "Notiz 0029"
    assert set(newest[0]) == {"id", "occurred_at", "kind", "participants", "author", "text"}
    assert len(json.loads(run("case", "notes", number, "--all", "--json").stdout)) == 30
    since = json.loads(run("case", "notes", number, "--since", "02.01.2026", "--json").stdout)
    assert [n["text"] for n in since][-1] == "Notiz 0015"
    plain = run("case", "notes", number, "--all", "--kind", "letter")
    assert plain.exit_code == 0 and "Notiz 0003" in plain.stdout and "Notiz 0004" not in \
        plain.stdout
    bad = run("case", "notes", number, "--since", "gestern?")
    assert bad.exit_code == 1 and "since:" in bad.stderr
    found = run("case", "search", number, "Notiz 0007")
    assert found.exit_code == 0 and "Notiz 0007" in found.stdout
