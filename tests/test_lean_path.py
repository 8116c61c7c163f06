"""The lean read path (issue 18): what a quick command imports, the Core tables it reads, the
incremental refresh of the automatic follow-ups, and the CLI building only the command it runs.

The import checks run the real command in a child process and compare sets of module names,
never times: they fail when e.g. `caseterm queue` starts importing Textual or the model
classes again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from caseterm.core import clock
from caseterm.core.inputs import FollowUpInput
from caseterm.db import tables
from caseterm.services import followups
from tests.conftest import ctx_for

ROOT = Path(__file__).resolve().parent.parent

# Never on the path of `caseterm queue` (after its first refresh of the day) or --version.
# pydantic: Typer converts option values with it only when they need converting (lean_typer).
HEAVY = {"caseterm.models", "sqlmodel", "textual", "alembic", "caseterm.screens",
         "caseterm.app", "faker", "fpdf", "pypdf", "icalendar", "pydantic", "pydantic_core"}
# --version: the CLI frame only, no database layer at all.
NO_DATABASE = HEAVY | {"sqlalchemy", "caseterm.db.engine", "caseterm.services"}

_CHILD = """
import json, sys
out = sys.argv.pop(1)
sys.argv[0] = "caseterm"
from caseterm.cli import main
try:
    main()
except SystemExit:
    pass
with open(out, "w") as f:
    json.dump(sorted(sys.modules), f)
"""


def _modules(tmp_path: Path, *args: str, worker: str = "anna") -> tuple[set[str], str]:
    out = tmp_path / "modules.json"
    env = {**os.environ, "CASETERM_WORKER": worker, "CASETERM_TODAY": "2026-11-23",
           "CASETERM_LANG": "en"}
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(out), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert out.exists(), proc.stderr
    return set(json.loads(out.read_text())), proc.stdout


def _loaded(modules: set[str], names: set[str]) -> set[str]:
    return {m for m in modules for n in names if m == n or m.startswith(n + ".")}


@pytest.mark.slow
def test_queue_command_imports_no_model_classes_textual_or_rich_table(db, worker, make_case,
                                                                      tmp_path):
    case_id = make_case()
    followups.add(ctx_for(db, worker), case_id, FollowUpInput(
        due_date=date(2026, 11, 20), next_step="Unterlagen prüfen"))
    path = str(db.path)
    first, _ = _modules(tmp_path, "--db", path, "queue")  # refreshes the automatic ones
    assert "caseterm.models" in first  # a refresh that writes uses the models
    modules, stdout = _modules(tmp_path, "--db", path, "queue")
    assert "Unterlagen prüfen" in stdout
    assert _loaded(modules, HEAVY) == set()
    assert _loaded(modules, {"sqlalchemy.orm"}) == set()  # reads on a Core connection (CoreRead)
    assert "rich.table" not in modules  # plain lines when stdout is not a terminal
    modules, stdout = _modules(tmp_path, "--db", path, "queue", "--json")  # audited export
    assert json.loads(stdout)[0]["next_step"] == "Unterlagen prüfen"
    assert _loaded(modules, HEAVY) == set()


@pytest.mark.slow
def test_version_imports_no_database_layer(tmp_path):
    modules, stdout = _modules(tmp_path, "--version")
    assert stdout.startswith("caseterm ")
    assert _loaded(modules, NO_DATABASE) == set()


def test_lean_tables_match_the_models():
    """Every column the lean path reads exists in the models with the same Python type."""
    from sqlmodel import SQLModel

    import caseterm.models  # noqa: F401 - fills the metadata

    def python_type(sql_type):
        return getattr(sql_type, "impl", sql_type).python_type  # a TypeDecorator: its base

    for lean in tables.ALL:
        model = SQLModel.metadata.tables[lean.name]
        for column in lean.columns:
            assert column.name in model.c, f"{lean.name}.{column.name}"
            assert python_type(column.type) is python_type(model.c[column.name].type), \
                f"{lean.name}.{column.name}"


def _lead(db):
    from caseterm.db.repo import workers

    with db.write() as s:
        lead = workers.add(s, username="lena", display_name="Lena Lang", role="team_lead",
                           team="Team Nord", office="Rathaus", land="NW")
    return ctx_for(db, lead)


def test_refresh_is_skipped_until_something_it_reads_changes(db, worker, make_case,
                                                             monkeypatch):
    from caseterm.db.repo import auto_followups

    ctx = ctx_for(db, worker)
    case_id = make_case()
    calls = []
    real = auto_followups.refresh_for_worker

    def counting(database, worker_id):
        calls.append(worker_id)
        return real(database, worker_id)

    monkeypatch.setattr(auto_followups, "refresh_for_worker", counting)
    followups.refresh(ctx)
    followups.refresh(ctx)
    assert len(calls) == 1  # nothing changed: skipped
    followups.add(ctx, case_id, FollowUpInput(due_date=date(2026, 12, 1), next_step="Anruf"))
    followups.refresh(ctx)
    assert len(calls) == 2  # a write through the door (audited) since the last one
    followups.export(ctx, followups.queue_filter(ctx), "json")  # an audited read
    followups.refresh(ctx)
    assert len(calls) == 2  # reads change nothing the refresh reads
    followups.set_no_contact_weeks(_lead(db), "sgb2", 3)
    followups.refresh(ctx)
    assert len(calls) == 3  # the office's setting changed
    clock.set_today(date(2026, 11, 24))
    followups.refresh(ctx)
    assert len(calls) == 4  # a new day


def test_refresh_after_a_skip_still_brings_a_no_contact_follow_up(db, worker, make_case):
    """The skip does not hide a change: a new rule made through the door is applied."""
    ctx, lead = ctx_for(db, worker), _lead(db)
    make_case()
    followups.set_no_contact_weeks(lead, "sgb2", 0)
    followups.refresh(ctx)
    before = [r for r in followups.all_rows(ctx, followups.queue_filter(ctx))
              if r.kind.value == "no_contact"]
    followups.set_no_contact_weeks(lead, "sgb2", 1)
    followups.refresh(ctx)
    after = [r for r in followups.all_rows(ctx, followups.queue_filter(ctx))
             if r.kind.value == "no_contact"]
    assert before == [] and len(after) == 1


@pytest.mark.slow
def test_cli_builds_the_command_it_runs_and_help_still_lists_all(tmp_path):
    env = {**os.environ, "CASETERM_LANG": "en"}
    run = [sys.executable, "-m", "caseterm"]
    helped = subprocess.run([*run, "--help"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert "queue" in helped.stdout and "worker" in helped.stdout
    one = subprocess.run([*run, "--db", str(tmp_path / "x.db"), "queue", "--help"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert one.returncode == 0 and "--today-only" in one.stdout
    wrong = subprocess.run([*run, "--db", str(tmp_path / "x.db"), "queu"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and "queu" in wrong.stderr


def test_main_builds_one_command_and_leaves_the_whole_tree_for_the_next_caller(monkeypatch,
                                                                               capsys):
    from caseterm import cli

    before = len(cli.app.registered_commands), len(cli.app.registered_groups)
    monkeypatch.setattr(sys, "argv", ["caseterm", "--lang", "en", "queue", "--help"])
    with pytest.raises(SystemExit):
        cli.main()
    assert "--today-only" in capsys.readouterr().out
    assert (len(cli.app.registered_commands), len(cli.app.registered_groups)) == before


# The TUI's start (`caseterm --db FILE`) until the queue is painted and its background work
# (automatic follow-ups, inbox line, notices, draft check, sync bar) has finished.
_TUI_CHILD = """
import json, sys
out = sys.argv.pop(1)
sys.argv[0] = "caseterm"
from caseterm import app as app_mod

run = app_mod.CasetermApp.run

def headless(self, *args, **kwargs):
    async def pilot(p):
        app = p.app
        for _ in range(600):  # until the condition holds (at most ~60 s)
            await p.pause(0.1)
            if (type(app.screen).__name__ == "QueueScreen"
                    and not any(w.is_running for w in app.workers)):
                break
        with open(out, "w") as f:
            json.dump({"screen": type(app.screen).__name__, "modules": sorted(sys.modules)}, f)
        app.exit()
    return run(self, headless=True, size=(120, 40), auto_pilot=pilot)

app_mod.CasetermApp.run = headless
from caseterm.cli import main
try:
    main()
except SystemExit:
    pass
"""
# Screens other than the start screen load when first opened (caseterm.navigation).
OTHER_SCREENS = {"caseterm.screens.case", "caseterm.screens.home", "caseterm.screens.intake",
                 "caseterm.screens.case_list", "caseterm.screens.goals",
                 "caseterm.screens.steering", "caseterm.screens.people"}


@pytest.mark.slow
def test_tui_start_imports_the_start_screen_only_and_no_model_classes(db, worker, make_case,
                                                                      tmp_path):
    case_id = make_case()
    followups.add(ctx_for(db, worker), case_id, FollowUpInput(
        due_date=date(2026, 11, 20), next_step="Unterlagen prüfen"))
    out = tmp_path / "tui.json"
    env = {**os.environ, "CASETERM_WORKER": worker.username, "CASETERM_TODAY": "2026-11-23",
           "CASETERM_LANG": "en", "CASETERM_CONFIG": str(tmp_path / "c.toml")}
    for _start in range(2):  # the first start of the day refreshes the automatic follow-ups
        out.unlink(missing_ok=True)  # (a write, with the models), as `caseterm queue` does
        proc = subprocess.run([sys.executable, "-c", _TUI_CHILD, str(out), "--db",
                               str(db.path)], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=180)
        assert out.exists(), proc.stderr[-2000:]
    found = json.loads(out.read_text())
    modules = set(found["modules"])
    assert found["screen"] == "QueueScreen"
    assert {"textual", "caseterm.app", "caseterm.screens.queue", "sqlalchemy"} <= modules
    lean = {"caseterm.models", "sqlmodel", "alembic", "faker", "fpdf", "pypdf", "icalendar",
            "pydantic", "sqlalchemy.orm"}
    assert _loaded(modules, lean) == set()
    assert _loaded(modules, OTHER_SCREENS) == set()
