"""The passphrase dialog at start (caseterm.screens.unlock) and the NOT ENCRYPTED marker."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseterm.db import cipher
from caseterm.screens.unlock import UnlockApp
from tests.conftest import make_app

SIZES = [(80, 24), (120, 40)]
PASS = "correct horse battery"


def _problem_for(path: Path):
    from caseterm.commands.common import passphrase_problem

    return lambda text: passphrase_problem(path, False, text)


@pytest.fixture
def encrypted(tmp_path) -> Path:
    from caseterm.db.engine import Database
    from caseterm.db.migrate import upgrade

    path = tmp_path / "e.db"
    db = Database(str(path), cipher.new_key(PASS))
    upgrade(db, make_backup=False)
    db.dispose()
    return path


def _state(app):
    """What a submission changes: the focus, the fields marked invalid, the typed values, or
    the app has ended."""
    from textual.widgets import Input

    if not app.is_running or app.return_value is not None:
        return None
    return (getattr(app.focused, "id", None),
            tuple(sorted(str(f.id) for f in app.query(".-invalid"))),
            tuple(i.value for i in app.query(Input)))


async def _type_and_submit(pilot, text: str, field: str = "#unlock-pass") -> None:
    """Type, press Enter and wait until the submission has been handled (under load the
    Submitted message and the check's worker take several rounds; a fixed pause was flaky)."""
    from tests.waiting import await_for

    app = pilot.app
    app.query_one(field).value = text
    app.query_one(field).focus()
    await pilot.pause()
    before = _state(app)
    await pilot.press("enter")

    async def handled() -> bool:
        if app.is_running:
            await pilot.pause()
        return _state(app) != before and not getattr(app, "busy", False)

    await await_for(handled, timeout=15, what="the passphrase submission")


async def test_wrong_then_right_passphrase(encrypted):
    before = encrypted.read_bytes()
    app = UnlockApp(encrypted, False, _problem_for(encrypted))
    async with app.run_test() as pilot:
        await _type_and_submit(pilot, "not the one!")
        assert app.is_running
        error = app.query_one("#field-passphrase")
        assert error.has_class("-invalid")
        assert "öffnet die Datenbank" in str(error.query_one(".form-error").render())
        assert app.query_one("#unlock-pass").value == ""
        await _type_and_submit(pilot, PASS)
    assert app.return_value == PASS
    assert encrypted.read_bytes() == before


async def test_escape_opens_nothing(encrypted):
    app = UnlockApp(encrypted, False, _problem_for(encrypted))
    async with app.run_test() as pilot:
        await pilot.press("escape")
    assert app.return_value is None


async def test_a_new_passphrase_is_asked_twice_and_must_be_long_enough(tmp_path):
    from caseterm.commands.common import passphrase_problem

    path = tmp_path / "new.db"
    app = UnlockApp(path, True, lambda text: passphrase_problem(path, True, text))
    async with app.run_test() as pilot:
        await _type_and_submit(pilot, "short")
        assert app.focused.id == "unlock-again"
        await _type_and_submit(pilot, "short", "#unlock-again")
        assert "mindestens 8 Zeichen" in str(
            app.query_one("#field-passphrase .form-error").render())
        app.query_one("#unlock-pass").value = PASS
        await _type_and_submit(pilot, PASS + "x", "#unlock-again")
        assert app.query_one("#field-again").has_class("-invalid")
        assert app.is_running
        app.query_one("#unlock-pass").value = PASS
        await _type_and_submit(pilot, PASS, "#unlock-again")
    assert app.return_value == PASS
    assert not path.exists()


@pytest.mark.parametrize("size", SIZES)
def test_unlock_dialog_snapshot(snap_compare, size):
    shown = Path("/home/anna/.local/share/caseterm/caseterm.db")
    app = UnlockApp(shown, False,
                    lambda text: None if text == PASS else str(cipher.WrongPassphrase(shown)))

    async def wrong(pilot):
        from textual.widgets import Input

        for field in pilot.app.query(Input):
            field.cursor_blink = False  # the cursor's blink phase would differ per run
        await _type_and_submit(pilot, "not the one!")

    assert snap_compare(app, terminal_size=size, run_before=wrong)


@pytest.mark.parametrize("lang,label", [("de", "UNVERSCHLÜSSELT"), ("en", "NOT ENCRYPTED")])
async def test_a_plain_file_is_marked_in_the_title_bar(db, worker, lang, label):
    from caseterm.i18n import set_language

    set_language(lang)
    app = make_app(db, worker, unencrypted=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.sub_title.startswith(label)
    app = make_app(db, worker)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "ENCRYPTED" not in app.sub_title and "VERSCHL" not in app.sub_title
