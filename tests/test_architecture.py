"""The rules and data layers stay free of the UI; the CLI's start-up path stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "caseterm"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(folder: str):
    return sorted((PACKAGE / folder).rglob("*.py"))


def test_core_imports_no_ui_and_no_database():
    for path in _modules("core"):
        bad = {n for n in _imports(path)
               if n.split(".")[0] in {"textual", "sqlalchemy", "sqlmodel", "alembic"}
               or n.startswith(("caseterm.db", "caseterm.screens", "caseterm.widgets",
                                "caseterm.models", "caseterm.app"))}
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_db_and_models_import_no_ui():
    for folder in ("db", "models"):
        for path in _modules(folder):
            bad = {n for n in _imports(path)
                   if n.split(".")[0] == "textual"
                   or n.startswith(("caseterm.screens", "caseterm.widgets", "caseterm.app"))}
            assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_cli_start_imports_neither_textual_nor_alembic():
    code = (
        "import sys, caseterm.cli; "
        "bad = [m for m in ('textual', 'alembic', 'fpdf', 'faker') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


def test_every_dropdown_of_the_app_answers_a_typed_letter():
    """A closed Textual Select lets a typed letter pass on to the screen's keys ("S" on the
    legal-area dropdown opened the search); the app's dropdowns are Dropdowns
    (caseterm/widgets/dropdown.py), which pick the next option with the letter."""
    import re

    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).as_posix() == "widgets/dropdown.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?<![\w.])Select\(", line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert offenders == []


def test_every_table_of_the_app_is_measured_before_it_is_painted():
    """A plain DataTable painted between filling and its Idle shows rows cut to the header
    widths (the snapshot flakes under load); the app's tables are MeasuredTables."""
    import re

    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?<![\w.])DataTable\(", line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert offenders == []
