"""Typer's option conversion without pydantic (caseterm/commands/lean_typer.py): the same values
and the same refusals as Typer's own conversion, and pydantic only when a value needs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from caseterm.commands import lean_typer

ROOT = Path(__file__).resolve().parent.parent

lean_typer.install()


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def show(
        name: Annotated[str | None, typer.Option("--name")] = None,
        limit: Annotated[int, typer.Option("--limit")] = 7,
        part: Annotated[float, typer.Option("--part", max=1.0)] = 0.5,
        plain: Annotated[bool, typer.Option("--plain", envvar="LEAN_TYPER_PLAIN")] = False,
        where: Annotated[Path | None, typer.Option("--where")] = None,
        tags: Annotated[list[str] | None, typer.Option("--tag")] = None,
    ) -> None:
        typer.echo(json.dumps({"name": name, "limit": limit, "part": part, "plain": plain,
                               "where": str(where) if where else None, "tags": tags}))

    return app


def _run(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(_app(), list(args), env=env)
    return result.exit_code, (json.loads(result.stdout) if result.exit_code == 0 else None)


def test_values_that_need_no_conversion_come_through_unchanged():
    code, out = _run()
    assert code == 0
    assert out == {"name": None, "limit": 7, "part": 0.5, "plain": False, "where": None,
                   "tags": None}
    assert _run("--name", "Gespräch")[1]["name"] == "Gespräch"
    assert _run("--name", "")[1]["name"] == ""


@pytest.mark.parametrize(("word", "value"), [("1", True), ("yes", True), (" TRUE ", True),
                                             ("on", True), ("0", False), ("no", False),
                                             ("off", False), ("", False)])
def test_a_flag_from_its_environment_variable(word, value):
    assert _run(env={"LEAN_TYPER_PLAIN": word})[1]["plain"] is value


def test_values_that_need_converting_still_go_through_typer():
    assert _run("--limit", "12")[1]["limit"] == 12
    assert _run("--part", "0.25")[1]["part"] == 0.25
    assert _run("--where", "a/b")[1]["where"] == "a/b"
    assert _run("--tag", "x", "--tag", "y")[1]["tags"] == ["x", "y"]


@pytest.mark.parametrize("args", [("--limit", "x"), ("--part", "2"), ("--part", "half")])
def test_wrong_values_are_refused_as_before(args):
    assert _run(*args)[0] == 2


def test_a_wrong_word_for_a_flag_is_refused():
    assert _run(env={"LEAN_TYPER_PLAIN": "maybe"})[0] == 2


_CHILD = """
import json, sys
from caseterm.commands import lean_typer
lean_typer.install()
import typer
from typing import Annotated
app = typer.Typer()
@app.command()
def show(name: Annotated[str | None, typer.Option("--name")] = None,
         limit: Annotated[int, typer.Option("--limit")] = 7) -> None:
    print(json.dumps([name, limit, "pydantic" in sys.modules]))
app(sys.argv[1:], standalone_mode=False)
"""


@pytest.mark.parametrize(("args", "pydantic"), [([], False), (["--name", "x"], False),
                                                 (["--limit", "3"], True)])
def test_pydantic_is_imported_only_for_a_value_that_needs_converting(args, pydantic):
    proc = subprocess.run([sys.executable, "-c", _CHILD, *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=60, env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1])[2] is pydantic
