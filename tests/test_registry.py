"""One definition per command (caseterm/widgets/registry.py): the bindings of the converted
screens come from the registry only, and the footer, the command palette and the F1 help show
the same key and title for every registered command, also with the person's own keymap."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from caseterm.i18n import _
from caseterm.screens.help import HelpScreen
from caseterm.widgets.registry import BY_ID, COMMANDS, bindings, commands, shown
from tests.conftest import make_app, settle

CASETERM = Path(__file__).resolve().parent.parent / "caseterm"
CONVERTED = sorted(
    [p for pkg in ("goals", "resources", "intake", "queue")
     for p in (CASETERM / "screens" / pkg).glob("*.py")]
    + [CASETERM / "screens" / "home.py", CASETERM / "screens" / "case.py",
       CASETERM / "widgets" / "goal_tree.py"])


def test_ids_are_unique_and_scoped():
    assert len(BY_ID) == len(COMMANDS)
    for cmd in COMMANDS:
        assert cmd.id.count(".") >= 1 and cmd.title, cmd
        assert cmd.binding().id == cmd.id


def test_keys_do_not_clash_within_a_scope():
    for scope in {c.scope for c in COMMANDS}:
        keys = [k for c in commands(scope) for k in c.keys.split(",")]
        assert len(keys) == len(set(keys)), scope


def test_unknown_scope_is_an_error():
    with pytest.raises(KeyError):
        bindings("no-such-screen")


@pytest.mark.parametrize("path", CONVERTED, ids=lambda p: str(p.relative_to(CASETERM)))
def test_converted_modules_declare_no_binding_outside_the_registry(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and getattr(n.func, "id", getattr(n.func, "attr", "")) == "Binding"]
    assert calls == [], f"{path.name} makes its own Binding at line {calls[0].lineno}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "BINDINGS"
                                                for t in node.targets):
            value = node.value
            assert isinstance(value, ast.Call) and getattr(value.func, "id", "") == "bindings", \
                f"{path.name}:{node.lineno} BINDINGS not from the registry"


def _footer(app) -> dict[str, str]:
    return {k.description: k.key_display for k in app.screen.query(FooterKey)
            if k.description}


def _help_rows(app) -> set[tuple[str, str]]:
    table = app.screen.query_one(DataTable)
    return {(str(table.get_row_at(i)[0]), str(table.get_row_at(i)[1]))
            for i in range(table.row_count)}


async def _check_screen(pilot, app) -> int:
    screen = app.screen
    items = list(shown(screen))
    assert items, f"{type(screen).__name__} shows no registered command"
    # the palette
    palette = {(c.title, c.help) for c in app.get_system_commands(screen)}
    # the footer (what it shows now: the screen's and the focused pane's keys)
    footer = _footer(app)
    active_ids = {a.binding.id for a in screen.active_bindings.values()}
    for item in items:
        assert (item.title, _("Key: {key}").format(key=item.key)) in palette, item
        if item.command.show and item.command.id in active_ids:
            assert footer.get(item.title) == item.key, (item, footer)
    # F1
    await pilot.press("f1")
    await settle(pilot, app)
    assert isinstance(app.screen, HelpScreen)
    rows = _help_rows(app)
    for item in items:
        assert (item.key, item.title) in rows, item
    await pilot.press("escape")
    await settle(pilot, app)
    assert app.screen is screen
    return len(items)


async def test_footer_palette_and_f1_agree_for_every_registered_command(db, worker,
                                                                        make_case):
    case_id = make_case()
    app = make_app(db, worker)
    seen: set[str] = set()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        for dest, case in (("queue", None), ("home", None), ("intake", None),
                           ("case", case_id), ("goals", case_id), ("resources", case_id)):
            if dest == "case":
                app.open_case(case_id)
            else:
                app.open_destination(dest, case)
            await settle(pilot, app)
            await _check_screen(pilot, app)
            seen.update(i.command.id for i in shown(app.screen))
            if dest == "goals":  # the other tabs' keys, focused
                for tab in ("2", "3"):
                    await pilot.press(tab)
                    await settle(pilot, app)
                    await _check_screen(pilot, app)
            app.pop_screen() if dest not in ("queue", "home") else None
            await settle(pilot, app)
    screens = {"queue", "home", "intake", "case", "goals", "goals.tree", "goals.gas",
               "goals.agreement", "resources"}
    expected = {c.id for c in COMMANDS if c.scope in screens}
    assert expected <= seen, expected - seen


async def test_own_keymap_moves_the_key_in_footer_palette_and_f1(db, worker, make_case):
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.set_keymap({"queue.done": "ctrl+d"})
        await settle(pilot, app)
        done = next(i for i in shown(app.screen) if i.command.id == "queue.done")
        assert done.key == "Strg+D"
        assert _footer(app)[done.title] == "Strg+D"
        await _check_screen(pilot, app)
