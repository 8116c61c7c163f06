"""Fit for the desk (issue 12): each defect of the newcomer walk has a test here that would
have caught it."""

from __future__ import annotations

from datetime import date

from caseterm.core.inputs import FollowUpInput
from caseterm.db.repo import followups
from caseterm.screens.queue import QueueScreen
from caseterm.widgets.paged_table import PagedTable
from tests.conftest import make_app, wait_idle


def screen_text(app) -> str:
    """The text on the screen as drawn: what a user sees, not what a widget holds."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_queue_shows_case_client_and_assignee_at_80x24(db, worker, make_case):
    case = make_case("Jürgen", "Müller")
    with db.write() as s:
        followups.add_in(s, case, FollowUpInput(due_date=date(2026, 11, 20),
                                                next_step="Unterlagen anfordern"), worker.id)
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        row = app.screen.query_one("#queue-table", PagedTable).current()
        text = screen_text(app)
        assert row.case_number in text
        assert "Müller, Jürgen" in text
        assert "Fall" in text and "Klient*in" in text and "Zuständig" in text
        assert "Anna Becker"[:10] in text


async def test_typing_fast_after_tab_lands_in_the_next_field(db, worker):
    from textual import events
    from textual.widgets import Input

    from caseterm.screens.intake import IntakeScreen

    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("i")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, IntakeScreen)
        # a burst: every key queued before the first is handled, as the terminal driver
        # does with keys that arrive together (pilot.press would wait after each key)
        for key in [*"Schmitt", "tab", *"Jonas", "tab", *"01.02.1990"]:
            char = key if len(key) == 1 else None
            name = {".": "full_stop"}.get(key, key)
            app.post_message(events.Key(name, char))
        await wait_idle(pilot, app)
        q = app.screen.query_one
        assert q("#in-last_name", Input).value == "Schmitt"
        assert q("#in-first_name", Input).value == "Jonas"
        assert q("#in-birth_date", Input).value == "01.02.1990"


def test_key_names_and_numbers_in_the_readers_language():
    from caseterm.i18n import fmt_number, set_language
    from caseterm.widgets.keys import key_label

    assert key_label("ctrl+s") == "Strg+S"
    assert key_label("ctrl+pagedown") == "Strg+Bild↓"
    assert key_label("escape") == "Esc" and key_label("f8") == "F8"
    assert fmt_number(40) == "40,0" and fmt_number(-0.001, 2) == "0,00"
    assert fmt_number(1234.5, sign=True) == "+1.234,5"
    set_language("en")
    assert key_label("ctrl+s") == "Ctrl+S" and key_label("shift+tab") == "Shift+Tab"
    assert fmt_number(40) == "40.0" and fmt_number(-0.001, 2) == "0.00"


async def test_textual_strings_are_german_in_german_mode(db, worker):
    from textual.command import CommandPalette
    from textual.widgets import Input

    from caseterm.screens.help import HelpScreen

    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        text = screen_text(app)
        assert "^p" not in text and "palette" not in text
        assert "Strg+P Befehle" in text.replace("  ", " ")
        await pilot.press("f1")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Focus Next" not in text and "Copy selected text" not in text
        assert "Strg+Q" in text
        await pilot.press("escape", "ctrl+p")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).placeholder == "Befehl suchen …"
        await pilot.press(*"Farbschema")
        await wait_idle(pilot, app)
        await pilot.pause()
        assert "Farbschema" in screen_text(app)


async def test_english_intake_has_an_english_date_placeholder(db, worker):
    from textual.widgets import Input

    from caseterm.i18n import set_language

    set_language("en")
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("i")
        await wait_idle(pilot, app)
        assert app.screen.query_one("#in-birth_date", Input).placeholder == "DD.MM.YYYY"


def _inside(widget, app) -> bool:
    """Drawn on the screen, not cut off."""
    region = widget.region
    return region.height > 0 and region.bottom <= app.size.height and region.right <= app.size.width


async def test_goal_editor_scrolls_with_save_in_view_and_keeps_resources(db, worker, make_case):
    import pytest
    from textual.widgets import Button, Input, Select

    from caseterm.core.goals import GoalLevel
    from caseterm.screens.goals import GoalDialog
    from caseterm.services import goals as goals_svc
    from tests.conftest import ctx_for

    cases = []
    for size in [(80, 24), (120, 40)]:
        case_id = make_case(phase="planning", legal_area="sgb2")
        cases.append(case_id)
        app = make_app(db, worker)
        async with app.run_test(size=size) as pilot:
            await wait_idle(pilot, app)
            app.open_destination("goals", case_id)
            await wait_idle(pilot, app)
            await pilot.press("a")
            await wait_idle(pilot, app)
            dialog = app.screen
            assert isinstance(dialog, GoalDialog), (size, screen_text(app))
            assert _inside(dialog.query_one("#save", Button), app), size
            dialog.query_one("#goal-level", Select).value = GoalLevel.massnahme.value
            await wait_idle(pilot, app)
            dialog.query_one("#goal-text", Input).value = f"Schuldnerberatung {size[0]}"
            dialog.query_one("#goal-responsible", Select).value = "client"
            for wid in ("#goal-resources", "#goal-cost", "#goal-approval"):
                field = dialog.query_one(wid)
                field.focus()
                await wait_idle(pilot, app)
                form = dialog.query_one("#goal-form")
                assert _inside(field, app), (wid, size)
                assert field.region.bottom <= form.region.bottom, (wid, size)
            dialog.query_one("#goal-resources", Input).focus()
            await pilot.press(*"Tante")
            assert _inside(dialog.query_one("#save", Button), app), size
            await pilot.press("ctrl+s")
            await wait_idle(pilot, app)
            if isinstance(app.screen, GoalDialog):
                pytest.fail(" ".join(str(w.render()) for w in app.screen.query(".form-error")))
    for case_id in cases:
        rows = goals_svc.tree(ctx_for(db, worker), case_id).goals
        assert [r.resources for r in rows] == ["Tante"]


async def test_escape_and_ctrl_q_ask_before_typed_text_is_lost(db, worker, make_case):
    from textual.widgets import TextArea

    from caseterm.screens.case import CaseScreen
    from caseterm.screens.dialogs import ConfirmDialog, NoteDialog
    from caseterm.screens.intake import IntakeScreen

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        # nothing typed: Escape just closes
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        # typed: Escape asks, No keeps the text
        await pilot.press("n")
        await wait_idle(pilot, app)
        await pilot.press(*"Hallo")
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one("#note-text", TextArea).text == "Hallo"
        # Ctrl+Q asks too
        await pilot.press("ctrl+q")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog) and app.is_running
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert app.screen.query_one("#note-text", TextArea).text == "Hallo"
        await pilot.press("escape")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+y")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        # a half-typed intake on Ctrl+Q
        await pilot.press("f4")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press(*"Schmitt")
        await pilot.press("ctrl+q")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog) and app.is_running
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, IntakeScreen)


async def test_gas_dialog_does_not_select_the_target(db, worker, make_case):
    from textual.widgets import Input

    from caseterm.core.goals import GoalLevel, check_goal
    from caseterm.screens.goals import GasDialog
    from caseterm.services import goals as goals_svc
    from tests.conftest import ctx_for

    case_id = make_case(phase="planning")
    ctx = ctx_for(db, worker)
    data = check_goal({"level": GoalLevel.handlungsziel.value, "text_client": "Ich zahle Miete",
                       "target": "Miete pünktlich", "indicator": "Kontoauszug",
                       "due_date": "31.12.2026"}, is_new=True)
    goals_svc.add_goal(ctx, case_id, data)
    goal = goals_svc.tree(ctx, case_id).goals[0]
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(GasDialog(goal, {}))
        await wait_idle(pilot, app)
        await pilot.press(*"abc")
        target = app.screen.query_one("#gas-level-2", Input)
        assert target.value == "Miete pünktlich"
        assert app.screen.query_one("#gas-level-4", Input).value == "abc"


async def test_assessment_and_case_list_at_80x24(db, worker, make_case):
    from textual.widgets import TextArea

    from caseterm.screens.assessment import AssessmentScreen
    from caseterm.screens.case_list import CaseListScreen

    case_id = make_case(phase="assessment")
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("f5")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseListScreen)
        for wid in ("#cl-cp", "#cl-overdue"):
            box = app.screen.query_one(wid)
            # a checkbox on one line, its label whole (it wrapped letter by letter)
            assert box.region.height <= 3 and box.region.width >= len(str(box.label)) + 4
            assert box.region.right <= 80
        app.open_destination("assessment", case_id)
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AssessmentScreen)
        area = app.screen.query_one("#as-strengths", TextArea)
        assert area.region.width >= 36, area.region
        # typing screen: a bare letter beside a field triggers nothing
        app.screen.query_one("#as-domains").focus()
        await pilot.press(*"crn")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AssessmentScreen)


async def test_first_start_hints_and_f5_back_to_a_fresh_search(db, worker, make_case):
    from textual.widgets import Input

    from caseterm.screens.case import CaseScreen
    from caseterm.screens.case_list import CaseListScreen

    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        assert "Mit I die erste Aufnahme beginnen" in screen_text(app)
        await pilot.press("f5")
        await wait_idle(pilot, app)
        assert "Mit F4 die erste Aufnahme beginnen" in screen_text(app)
        make_case("Jürgen", "Meier")
        await pilot.press(*"Meier")
        await wait_idle(pilot, app)
        for _ in range(50):
            await wait_idle(pilot, app)
            if app.screen.query_one("#cl-table").row_count:
                break
        app.screen.query_one("#cl-table").focus()
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("f5")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseListScreen)
        search = app.screen.query_one("#cl-search", Input)
        assert search.has_focus
        await pilot.press(*"Kaya")
        assert search.value == "Kaya"


async def test_referral_dialog_picks_an_offering_from_the_directory(db, worker, make_case,
                                                                   tmp_path):
    import json

    from textual.widgets import Input, Select

    from caseterm.db.repo import services
    from caseterm.screens.referrals import OfferingPicker, ReferralDialog

    path = tmp_path / "dir.json"
    path.write_text(json.dumps({"providers": [{"name": "Caritas", "offerings": [
        {"title": "Schuldnerberatung", "category": "debt_counselling",
         "contact": "Frau Ay"}]}]}), encoding="utf-8")
    services.import_directory(db, path)
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(ReferralDialog(case_id))
        await wait_idle(pilot, app)
        await pilot.press("f6")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, OfferingPicker)
        await pilot.press(*"Schuld")
        await wait_idle(pilot, app)
        await pilot.press("enter", "enter")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReferralDialog)
        assert app.screen.query_one("#ref-recipient", Input).value == "Schuldnerberatung – Caritas"
        assert app.screen.query_one("#ref-contact", Input).value == "Frau Ay"
        assert app.screen.query_one("#ref-target", Select).value == "offering"


async def test_intake_household_and_concerns_are_carried_forward(db, worker):
    from textual.widgets import Static

    from caseterm.core.intake import check_intake
    from caseterm.services import intake as intake_svc
    from caseterm.services import network as net_svc
    from tests.conftest import ctx_for
    from tests.test_intake_repo import INDICATED, _raw

    ctx = ctx_for(db, worker)
    saved = intake_svc.save(ctx, check_intake(_raw(indication=INDICATED, household=[
        {"name": "Lea", "relation": "Tochter"}, {"name": "Tom", "relation": "Partner"}])))
    case_id = saved.case_id
    view = net_svc.open_map(ctx, case_id)
    assert {(p.name, p.role) for p in view.data.people} >= {("Lea", "Tochter"),
                                                             ("Tom", "Partner")}
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("assessment", case_id)
        await wait_idle(pilot, app)
        table = app.screen.query_one("#as-domains")
        table.move_cursor(row=[str(k.value) for k in table.rows].index("wohnen"))
        await wait_idle(pilot, app)
        title = str(app.screen.query_one("#as-domain-title", Static).render())
        assert "Anliegen bei der Aufnahme: Räumungsklage" in title
        await pilot.press("escape")
        await wait_idle(pilot, app)
        app.open_destination("goals", case_id)
        await wait_idle(pilot, app)
        side = str(app.screen.query_one("#goal-concerns", Static).render())
        assert "Räumungsklage" in side and "Schulden" in side


async def test_user_keymap_and_theme_from_the_config_file(db, worker, make_case):
    import os
    from pathlib import Path

    from caseterm import userconfig
    from caseterm.screens.intake import IntakeScreen

    path = Path(os.environ["CASETERM_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "caseterm-high-contrast"\n\n[keys]\n'
                    '"intake.next_section" = "f10"\n', encoding="utf-8")
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        assert app.theme == "caseterm-high-contrast"
        await pilot.press("i")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, IntakeScreen)
        assert app.screen.current_section() == 1
        await pilot.press("f10")
        await wait_idle(pilot, app)
        assert app.screen.current_section() == 2
        app.theme = "textual-light"
        await wait_idle(pilot, app)
    assert userconfig.load().theme == "textual-light"


async def test_half_typed_intake_is_kept_as_a_draft_and_offered_again(db, worker):
    from textual.widgets import Input, TextArea

    from caseterm.screens.dialogs import ConfirmDialog, QuestionDialog
    from caseterm.screens.intake import IntakeScreen
    from caseterm.services import drafts
    from tests.conftest import ctx_for

    ctx = ctx_for(db, worker)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("i")
        await wait_idle(pilot, app)
        await pilot.press(*"Schmitt", "tab", *"Jonas")
        app.screen.query_one("#in-household", TextArea).text = "Lea; Tochter"
        await wait_idle(pilot, app)
        await pilot.press("ctrl+q")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("ctrl+y")
        await wait_idle(pilot, app)
    # the terminal is closed: what was typed is in the database
    kept = drafts.intake_draft(ctx)
    assert kept["in-last_name"] == "Schmitt" and kept["in-first_name"] == "Jonas"

    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        assert any("Entwurf" in n.message for n in app._notifications)
        await pilot.press("i")
        await wait_idle(pilot, app)
        # the question may come while she types: letters do not answer it, Escape keeps
        # the draft for later
        assert isinstance(app.screen, QuestionDialog)
        await pilot.press(*"nein", "escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, IntakeScreen)
        assert drafts.intake_draft(ctx)["in-last_name"] == "Schmitt"
        await pilot.press("escape")
        await wait_idle(pilot, app)
        await pilot.press("i")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QuestionDialog)
        await pilot.press("ctrl+y")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, IntakeScreen)
        assert app.screen.query_one("#in-last_name", Input).value == "Schmitt"
        assert app.screen.query_one("#in-household", TextArea).text == "Lea; Tochter"
        # discarded on purpose: the draft goes
        await pilot.press("escape")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+y")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, IntakeScreen)
    assert drafts.intake_draft(ctx) is None


async def test_section_jumps_with_f_keys_and_ctrl_page_keys(db, worker):
    from caseterm.screens.intake import IntakeScreen

    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("i")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press("f8", "ctrl+pagedown")
        await wait_idle(pilot, app)
        assert app.screen.current_section() == 3
        await pilot.press("ctrl+pageup")
        await wait_idle(pilot, app)
        assert app.screen.current_section() == 2
        await pilot.press("f7")
        await wait_idle(pilot, app)
        assert app.screen.current_section() == 1
