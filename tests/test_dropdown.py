"""A focused, closed dropdown answers a typed letter (issue 12, "fit for the desk").

Textual's Select let printable keys pass by when closed: "S" on the queue's legal-area
dropdown did nothing there and opened the case search. The app's Dropdown moves to the next
option starting with the letter, and a printable key never reaches the screen's keys."""

from __future__ import annotations

from textual.app import App, ComposeResult

from caseterm.widgets import dropdown
from caseterm.widgets.dropdown import Dropdown
from tests.conftest import make_app, wait_idle, wait_until

FRUIT = [("Apfel", "a"), ("Birne", "b"), ("Banane", "n"), ("Kirsche", "k"),
         ("SGB II", "s2"), ("SGB XII", "s12")]


class _One(App):
    def __init__(self, **kw) -> None:
        super().__init__()
        self.kw = kw

    def compose(self) -> ComposeResult:
        yield Dropdown(FRUIT, id="dd", **self.kw)


async def test_a_typed_letter_picks_the_next_option_with_it_round_the_list():
    app = _One(prompt="—")
    async with app.run_test() as pilot:
        dd = app.query_one("#dd", Dropdown)
        dd.focus()
        await pilot.pause()
        assert dd.value is Dropdown.NULL
        await pilot.press("b")
        assert dd.value == "b"
        await pilot.press("b")  # the same letter again: the next one with it
        assert dd.value == "n"
        await pilot.press("B")  # and round the list (case does not matter)
        assert dd.value == "b"
        await pilot.press("k")  # no option starts with "bk": the k starts afresh
        assert dd.value == "k"
        await pilot.press("q")  # nothing with q: the selection stays
        assert dd.value == "k"
        await pilot.press("x")  # no label starts with x: a word inside one does
        assert dd.value == "s12"
        assert not dd.expanded
        await pilot.press("space")  # Space still opens the list
        assert dd.expanded


def test_letters_typed_quickly_spell_a_prefix(monkeypatch):
    class Fake(Dropdown):
        # the picking itself, without an app: a Dropdown's options and value
        def __init__(self) -> None:
            self._options = [("—", Dropdown.NULL), *FRUIT]
            self.current = Dropdown.NULL
            self._typed, self._typed_at = "", 0.0

        @property
        def value(self):  # type: ignore[override]  # the picked value, kept plainly
            return self.current

        @value.setter
        def value(self, v) -> None:
            self.current = v

    clock = iter([10.0, 10.1, 10.2, 10.3, 10.4, 20.0])
    monkeypatch.setattr(dropdown.time, "monotonic", lambda: next(clock))
    dd = Fake()
    for ch in "sgb x":
        dd.pick(ch)
    assert dd.current == "s12"  # "sgb x" → SGB XII, not the first S
    dd.pick("s")  # after a pause a letter starts afresh: the next S round the list
    assert dd.current == "s2"


async def test_a_letter_on_the_queues_dropdown_picks_a_legal_area_and_opens_nothing(
        db, worker, make_case):
    from caseterm.screens.queue import QueueScreen

    make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        area = app.screen.query_one("#queue-area", Dropdown)
        area.focus()
        await wait_idle(pilot, app)
        await pilot.press("s")  # S is the queue's search key
        await wait_until(pilot, app, lambda: area.value == "sgb2")
        # the queue's letters (done, postpone, reassign, plan, open, intake, filter, absence)
        await pilot.press(*"dprnoifvkuh")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen), type(app.screen).__name__
        assert app.focused is area


async def test_a_letter_in_a_dialogs_dropdown_stays_there(db, worker, make_case):
    from caseterm.screens.dialogs import NoteDialog

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, app, lambda: isinstance(app.screen, NoteDialog))
        target = app.screen.query_one("#note-kind", Dropdown)
        target.focus()
        await wait_idle(pilot, app)
        labels = {v: str(p) for p, v in target._options if v != Dropdown.NULL}
        now = labels[target.value][0].lower()
        letter = next(t[0].lower() for t in labels.values() if t[0].lower() != now)
        await pilot.press(letter)  # another kind of contact, nothing else
        await wait_idle(pilot, app)
        assert isinstance(app.screen, NoteDialog)
        assert labels[target.value].lower().startswith(letter)
