"""docs/cli.md is generated from the commands (scripts/cli_reference.py) and must be current;
help and usage errors in German and English; shell completion on; exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from caseterm.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_docs_cli_md_is_current():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import cli_reference
    finally:
        sys.path.pop(0)
    text = cli_reference.render()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == text, "docs/cli.md is stale: run python scripts/cli_reference.py"
    # every command of the issue is in it
    for name in ("followup add", "followup done", "followup postpone", "followup reassign",
                 "followup chain", "consent record", "consent withdraw", "referral add",
                 "referral status", "referral feedback", "assessment show", "assessment set",
                 "assessment complete", "goal add", "goal edit", "goal move", "goal drop",
                 "goal check", "plan agree", "plan version", "plan diff", "approval list",
                 "approval decide"):
        assert f"`caseterm {name}`" in current, name
    assert "--install-completion" in current
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/cli.md" in readme and "docs/cli-json.md" in readme


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_help_in_german_and_english():
    de = run("--lang", "de", "followup", "--help")
    assert de.exit_code == 0
    assert "Aufruf: caseterm followup" in de.output
    assert "Wiedervorlagen eines Falls" in de.output
    assert "Optionen:" in de.output and "Befehle:" in de.output
    assert "Diese Hilfe zeigen und beenden." in de.output
    en = run("--lang", "en", "followup", "--help")
    assert "Usage: caseterm followup" in en.output and "Commands:" in en.output
    assert "Follow-ups (Wiedervorlagen) of a case" in en.output
    option = run("--lang", "de", "followup", "add", "--help").output
    assert "Fällig am: TT.MM.JJJJ" in option and "[erforderlich]" in option
    top = run("--lang", "de", "--help").output
    assert "Fallmanagement im Terminal" in top and "--install-completion" in top


def test_usage_errors_in_german_exit_2():
    missing = run("--lang", "de", "followup", "add")
    assert missing.exit_code == 2
    assert "Fehler: Argument „number“ fehlt." in missing.output
    assert "Hilfe: „caseterm followup add --help“." in missing.output
    option = run("--lang", "de", "followup", "add", "JC-2026-00001")
    assert option.exit_code == 2 and "Option „--due“ fehlt." in option.output
    unknown = run("--lang", "de", "followup", "list", "X", "--nope")
    assert unknown.exit_code == 2 and "Diese Option gibt es nicht: --nope" in unknown.output
    command = run("--lang", "de", "followupp")
    assert command.exit_code == 2 and "Diesen Befehl gibt es nicht" in command.output
    english = run("--lang", "en", "followup", "add")
    assert "Error: Missing argument 'number'." in english.output
    number = run("--lang", "de", "plan", "diff", "X", "eins")
    assert number.exit_code == 2 and "Ungültiger Wert für left: Keine ganze Zahl." in number.output


def test_the_stored_language_applies_to_help(tmp_path, monkeypatch):
    monkeypatch.setenv("CASETERM_CONFIG", str(tmp_path / "c.toml"))
    assert run("lang", "en").exit_code == 0
    from caseterm.commands.common import state

    state.lang = None
    assert "Usage: caseterm goal" in run("goal", "--help").output


def test_completion_is_switched_on():
    top = run("--help").output
    assert "--install-completion" in top and "--show-completion" in top


def test_the_cli_start_path_stays_light():
    code = ("import sys, caseterm.cli; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'sqlalchemy', "
            "'sqlmodel', 'alembic')]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
