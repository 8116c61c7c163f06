"""Generated follow-up texts are kept as a key plus data and shown in the reader's language
(issue 12): a German and an English worker see the same follow-up each in their own language,
in the service rows (TUI), the CLI's JSON and table, and the .ics; typed and older texts stay
as they were written."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.core import followup_text
from caseterm.core.inputs import FollowUpInput
from caseterm.db.repo import auto_followups as auto
from caseterm.db.repo import followups as followups_repo
from caseterm.i18n import fmt_date, set_language
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.office import AuditEntry
from caseterm.services import followups
from tests.conftest import ctx_for

DE = "Kein Kontakt seit 01.10.2026"
EN = "No contact since"


@pytest.fixture
def lang():
    yield set_language
    set_language("de")


@pytest.fixture
def quiet_case(db, make_case):
    """A case opened 1.10.2026 without any note: the no-contact follow-up is generated."""
    case = make_case("Jürgen", "Müller", legal_area="sgb2")
    with db.write() as s:
        s.get(Case, case).opened_on = date(2026, 10, 1)
    return case


def _texts(db, worker) -> list[str]:
    ctx = ctx_for(db, worker)
    return [r.next_step for r in followups.all_rows(ctx, followups.queue_filter(ctx))]


def test_a_german_and_an_english_reader_see_the_same_follow_up_in_their_language(
        db, worker, quiet_case, lang):
    lang("de")
    auto.refresh_cases(db, [quiet_case])  # written by a German-speaking process
    with db.read() as s:
        row = s.exec(select(FollowUp).where(FollowUp.source_type == auto.NO_CONTACT)).one()
        assert row.text_key == "no_contact"
        assert json.loads(row.text_data) == {"date": "2026-10-01"}
        assert row.next_step.startswith(DE)
        stored = row.next_step
    german = [t for t in _texts(db, worker) if t.startswith("Kein Kontakt")]
    assert german == [stored]
    lang("en")
    english = [t for t in _texts(db, worker) if t.startswith(EN)]
    assert english == [f"No contact since {fmt_date(date(2026, 10, 1))}: get in touch with "
                       "the client."]
    assert "01.10.2026" not in english[0]
    assert not any(t.startswith("Kein Kontakt") for t in _texts(db, worker))
    # the .ics (built from the same rows) speaks the reader's language too
    ctx = ctx_for(db, worker)
    (qrow,) = [r for r in followups.all_rows(ctx, followups.queue_filter(ctx))
               if r.kind.value == "no_contact"]
    ics = followups.calendar_text(qrow, with_names=True)
    assert EN in ics.summary and "Kein Kontakt" not in ics.summary


def test_a_refresh_in_the_other_language_changes_nothing(db, worker, quiet_case, lang):
    lang("de")
    auto.refresh_cases(db, [quiet_case])
    with db.read() as s:
        before = s.exec(select(FollowUp).where(FollowUp.source_type == auto.NO_CONTACT)).one()
        audited = len(s.exec(select(AuditEntry)).all())
        version, text = before.row_version, before.next_step
    lang("en")
    assert auto.refresh_cases(db, [quiet_case]) == 0
    with db.read() as s:
        after = s.exec(select(FollowUp).where(FollowUp.source_type == auto.NO_CONTACT)).one()
        assert after.row_version == version and after.next_step == text
        assert len(s.exec(select(AuditEntry)).all()) == audited


def test_typed_and_older_texts_are_shown_as_stored(db, worker, quiet_case, lang):
    lang("de")
    with db.write() as s:
        typed = followups_repo.add_in(s, quiet_case, FollowUpInput(
            due_date=date(2026, 12, 1), next_step="Rückruf Frau Schmitz"), worker.id)
        typed_id = typed.id
        # an automatic follow-up written before texts had keys: German text, no key
        s.add(FollowUp(case_id=quiet_case, due_date=date(2026, 12, 2), assignee_id=worker.id,
                       next_step="Rückmeldung von Tafel: Kontakt hergestellt, Hilfe begonnen?",
                       source_type="referral"))
    lang("en")
    texts = _texts(db, worker)
    assert "Rückruf Frau Schmitz" in texts
    assert "Rückmeldung von Tafel: Kontakt hergestellt, Hilfe begonnen?" in texts
    with db.read() as s:
        assert s.get(FollowUp, typed_id).text_key == ""


def test_literal_parts_stay_literal_and_broken_data_falls_back(lang):
    lang("en")
    gen = followup_text.make("consent_expiry", date=date(2027, 3, 31), suffix=" (Tafel {x})")
    assert gen.text.endswith(" (Tafel {x})") and gen.text.startswith("Consent ends on")
    lang("de")
    assert followup_text.render(gen.key, gen.data, "stored").startswith(
        "Einwilligung endet am 31.03.2027")
    assert followup_text.render("no_contact", "{not json", "stored") == "stored"
    assert followup_text.render("no_contact", "{}", "stored") == "stored"  # data missing
    assert followup_text.render("unknown_key", "{}", "stored") == "stored"
    assert followup_text.render("", "", "typed") == "typed"
    with pytest.raises(KeyError):
        followup_text.make("no_such_text")


def test_cli_shows_the_follow_up_in_the_language_asked_for(db, worker, quiet_case, tmp_path,
                                                          lang):
    lang("de")
    auto.refresh_cases(db, [quiet_case])
    db.dispose()

    def queue(language: str) -> str:
        out = CliRunner().invoke(app, ["--db", str(tmp_path / "test.db"), "--lang", language,
                                       "queue", "--json"],
                                 env={"CASETERM_WORKER": "anna", "COLUMNS": "220"})
        assert out.exit_code == 0, out.output
        (row,) = [r for r in json.loads(out.stdout) if r["kind"] == "no_contact"]
        return row["next_step"]

    assert queue("en").startswith(EN)
    assert queue("de").startswith(DE)
