"""One definition per command (caseterm/widgets/registry.py): the bindings of the converted
screens come from the registry only, and the footer, the command palette and the F1 help show
the same key and title for every registered command, also with the person's own keymap."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from caseterm.i18n import _
from caseterm.screens.help import HelpScreen
from caseterm.widgets.registry import BY_ID, COMMANDS, bindings, commands, shown
from tests.conftest import make_app, wait_idle

CASETERM = Path(__file__).resolve().parent.parent / "caseterm"
# every module that may declare keys: all screens and dialogs, the widgets, the app
KEYED = sorted([*(CASETERM / "screens").rglob("*.py"), *(CASETERM / "widgets").rglob("*.py"),
                CASETERM / "app.py"])
KEYED.remove(CASETERM / "widgets" / "registry.py")


def _ui_classes() -> list[type]:
    """Every screen, dialog, widget and app class defined in caseterm/screens and widgets."""
    found: list[type] = []
    for path in KEYED:
        rel = path.relative_to(CASETERM.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if (isinstance(obj, type) and issubclass(obj, DOMNode)
                    and obj.__module__ == module.__name__):
                found.append(obj)
    return found


UI_CLASSES = _ui_classes()


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


@pytest.mark.parametrize("path", KEYED, ids=lambda p: str(p.relative_to(CASETERM)))
def test_no_module_declares_a_binding_outside_the_registry(path):
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


def test_the_walk_finds_the_screens_and_dialogs():
    names = {c.__name__ for c in UI_CLASSES}
    assert {"SteeringScreen", "FormDialog", "ConfirmDialog", "NoteDialog", "HelpScreen",
            "AssessmentScreen", "NetworkMap", "CasetermApp"} <= names
    assert len([c for c in UI_CLASSES if issubclass(c, Screen)]) > 50


@pytest.mark.parametrize("cls", UI_CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_class_binds_registry_commands_only(cls):
    """Whatever a class binds itself is a registry entry, unchanged (keys, action, title,
    footer flag, priority); a screen or dialog lists the scope of each command it binds in
    COMMAND_SCOPES, so that its F1 help and the palette show it."""
    own = cls.__dict__.get("BINDINGS", [])
    keys = [k for b in own for k in b.key.split(",")]
    assert len(keys) == len(set(keys)), f"{cls.__name__}: two commands on one key"
    for binding in own:
        assert isinstance(binding, Binding), (cls, binding)
        assert binding.id in BY_ID, f"{cls.__name__}: {binding.key} is not in the registry"
        made = BY_ID[binding.id].binding()
        assert (binding.key, binding.action, binding.description, binding.show,
                binding.priority) == (made.key, made.action, made.description, made.show,
                                      made.priority), cls
    if issubclass(cls, Screen):
        ours = [b for bs in cls._merge_bindings().key_to_bindings.values() for b in bs
                if b.id in BY_ID]
        for binding in ours:
            assert BY_ID[binding.id].scope in getattr(cls, "COMMAND_SCOPES", ()), \
                f"{cls.__name__} binds {binding.id} but its F1 and palette do not show it"


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
    has_footer = bool(app.screen.query(FooterKey))
    active_ids = {a.binding.id for a in screen.active_bindings.values()}
    for item in items:
        assert (item.title, _("Key: {key}").format(key=item.key)) in palette, item
        if has_footer and item.command.show and item.command.id in active_ids:
            assert footer.get(item.title) == item.key, (item, footer)
    # F1
    await pilot.press("f1")
    await wait_idle(pilot, app)
    assert isinstance(app.screen, HelpScreen)
    rows = _help_rows(app)
    for item in items:
        assert (item.key, item.title) in rows, item
    await pilot.press("escape")
    await wait_idle(pilot, app)
    assert app.screen is screen
    return len(items)


async def test_footer_palette_and_f1_agree_for_every_registered_command(db, worker,
                                                                        make_case):
    case_id = make_case()
    app = make_app(db, worker)
    seen: set[str] = set()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        for dest, case in (("queue", None), ("home", None), ("intake", None),
                           ("case", case_id), ("goals", case_id), ("resources", case_id)):
            if dest == "case":
                app.open_case(case_id)
            else:
                app.open_destination(dest, case)
            await wait_idle(pilot, app)
            await _check_screen(pilot, app)
            seen.update(i.command.id for i in shown(app.screen))
            if dest == "goals":  # the other tabs' keys, focused
                for tab in ("2", "3"):
                    await pilot.press(tab)
                    await wait_idle(pilot, app)
                    await _check_screen(pilot, app)
            app.pop_screen() if dest not in ("queue", "home") else None
            await wait_idle(pilot, app)
    screens = {"queue", "home", "intake", "case", "goals", "goals.tree", "goals.gas",
               "goals.agreement", "resources"}
    expected = {c.id for c in COMMANDS if c.scope in screens}
    assert expected <= seen, expected - seen


async def test_own_keymap_moves_the_key_in_footer_palette_and_f1(db, worker, make_case):
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.set_keymap({"queue.done": "ctrl+d"})
        await wait_idle(pilot, app)
        done = next(i for i in shown(app.screen) if i.command.id == "queue.done")
        assert done.key == "Strg+D"
        assert _footer(app)[done.title] == "Strg+D"
        await _check_screen(pilot, app)


async def test_moved_screens_and_dialogs_show_the_registry_keys(db, worker, make_case):
    """The screens and dialogs moved into the registry: footer, palette and F1 agree with it."""
    from caseterm.screens.dialogs import ConfirmDialog

    case_id = make_case()
    app = make_app(db, worker)
    seen: set[str] = set()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        for dest in ("cases", "services", "steering", "assessment", "conference", "closure",
                     "audit", "people", "sync_conflicts", "sync_duplicates"):
            before = app.screen
            app.open_destination(dest, case_id)
            await wait_idle(pilot, app)
            assert app.screen is not before, dest
            await _check_screen(pilot, app)
            seen.update(i.command.id for i in shown(app.screen))
            app.pop_screen()
            await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        # the record's screens, and a form dialog (the shared Save / Cancel)
        for key in ("d", "e", "v", "l", "n"):
            case_screen = app.screen
            await pilot.press(key)
            await wait_idle(pilot, app)
            assert app.screen is not case_screen, key
            await _check_screen(pilot, app)
            seen.update(i.command.id for i in shown(app.screen))
            app.pop_screen()
            await wait_idle(pilot, app)
        app.push_screen(ConfirmDialog("?"))
        await wait_idle(pilot, app)
        await _check_screen(pilot, app)
        seen.update(i.command.id for i in shown(app.screen))
    scopes = {"case_list", "services", "steering", "assessment", "conference", "closure",
              "audit", "people", "sync_conflicts", "sync_duplicates", "documents", "consents",
              "referrals", "record_notes", "dialog", "confirm"}
    expected = {c.id for c in COMMANDS if c.scope in scopes}
    assert expected <= seen, expected - seen


async def test_a_moved_key_is_remapped_from_the_config_file(db, worker, make_case):
    """[keys] in the person's config file reaches the shared dialog keys: F10 saves a note,
    Ctrl+S no longer does, and the footer and F1 say F10."""
    from textual.widgets import Button, TextArea

    from caseterm import userconfig
    from caseterm.db.repo import notes as notes_repo
    from caseterm.screens.case import CaseScreen
    from caseterm.screens.dialogs import NoteDialog

    path = userconfig.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"dialog.save" = "f10"\n', encoding="utf-8")
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, NoteDialog)
        save = next(i for i in shown(app.screen) if i.command.id == "dialog.save")
        assert save.key == "F10"
        assert str(app.screen.query_one("#save", Button).label) == "Speichern (F10)"
        await _check_screen(pilot, app)
        app.screen.query_one("#note-text", TextArea).text = "Per F10 gespeichert."
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, NoteDialog)  # Ctrl+S is no longer the save key
        await pilot.press("f10")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
    assert [n.text for n in notes_repo.list_notes(db, case_id)] == ["Per F10 gespeichert."]


def test_docs_keys_md_is_current():
    import sys

    root = CASETERM.parent
    sys.path.insert(0, str(root / "scripts"))
    try:
        import keys_reference
    finally:
        sys.path.pop(0)
    text = keys_reference.render()
    current = (root / "docs" / "keys.md").read_text(encoding="utf-8")
    assert current == text, "docs/keys.md is stale: run python scripts/keys_reference.py"
    for cmd in COMMANDS:
        assert f"`{cmd.id}`" in current


@pytest.mark.parametrize("scope", ["assessment", "intake", "dialog", "referral",
                                   "referrals.picker", "record_notes", "case_list"])
def test_typing_screens_use_no_key_that_can_be_typed(scope):
    """Where people type, an action key is an F-key, Ctrl+… or Escape: a letter, digit or
    sign that lands beside a field fires nothing."""
    printable = {"space", "slash", "greater_than_sign", "less_than_sign", "question_mark",
                 "left_square_bracket", "right_square_bracket"}
    for cmd in commands(scope):
        for key in cmd.keys.split(","):
            assert not (len(key) == 1 or key in printable), (cmd.id, key)
            assert key.startswith(("f", "ctrl+")) or key in {"escape", "enter"}, (cmd.id, key)
