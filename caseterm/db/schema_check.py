"""`caseterm db check`: does the live schema match the models and the migration head?

Two comparisons, each difference one line:
- with the models (SQLModel metadata), through Alembic's autogenerate comparison: tables,
  columns and their types and nullability, indexes, unique constraints, foreign keys;
- on SQLite, with a reference database made by running every migration into a temporary file:
  every table, index, view and trigger by name, index and FTS definitions, CHECK constraints,
  and whether the full-text search index holds one entry per case.

A revision string that says "newest" is not enough: a database upgraded through edited
migrations carries the newest revision with an old schema (issue 11).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from caseterm.db import cipher
from caseterm.db.engine import Database
from caseterm.i18n import _

_CHECK = re.compile(r"CONSTRAINT\s+[\"'`]?(\w+)[\"'`]?\s+CHECK", re.I)
_WS = re.compile(r"\s+")


def differences(db: Database) -> list[str]:
    """Every difference between the live schema and what this version of caseterm expects."""
    found = _compare_models(db)
    if db.path is not None:
        named = " ".join(found) + " "
        found += [line for line, name in _compare_reference(db.path, db.key)
                  if name is None or (f" {name} " not in named and f".{name} " not in named)]
    return found


# -- against the models -------------------------------------------------------------------------

def _name(obj) -> str:
    return getattr(obj, "name", None) or "?"


def _describe_diff(diff) -> str | None:
    """One Alembic autogenerate diff as a line; None for diffs covered elsewhere."""
    if isinstance(diff, list):  # modify_* come grouped per column
        lines = [_describe_diff(d) for d in diff]
        return "; ".join(x for x in lines if x) or None
    kind = diff[0]
    if kind == "add_table":
        return _("missing table {table}").format(table=diff[1].name)
    if kind == "remove_table":
        return _("table {table} is not part of caseterm").format(table=diff[1].name)
    if kind == "add_column":
        return _("missing column {table}.{column}").format(table=diff[2], column=diff[3].name)
    if kind == "remove_column":
        return _("column {table}.{column} is not part of caseterm").format(
            table=diff[2], column=diff[3].name)
    if kind == "add_index":
        return _("missing index {index} on {table}").format(
            index=_name(diff[1]), table=diff[1].table.name)
    if kind == "remove_index":
        return _("index {index} on {table} is not part of caseterm").format(
            index=_name(diff[1]), table=diff[1].table.name)
    if kind in ("add_constraint", "add_fk"):
        return _("missing constraint {name} on {table}").format(
            name=_name(diff[1]), table=diff[1].table.name)
    if kind in ("remove_constraint", "remove_fk"):
        return _("constraint {name} on {table} is not part of caseterm").format(
            name=_name(diff[1]), table=diff[1].table.name)
    if kind == "modify_type":
        return _("column {table}.{column} has type {found}, expected {expected}").format(
            table=diff[2], column=diff[3], found=diff[5], expected=diff[6])
    if kind == "modify_nullable":
        return _("column {table}.{column}: NULL allowed is {found}, expected {expected}").format(
            table=diff[2], column=diff[3], found=diff[5], expected=diff[6])
    if kind == "modify_default":
        return None  # server defaults are not part of the models' contract
    return _("schema difference: {what}").format(what=kind)


def _compare_models(db: Database) -> list[str]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import caseterm.models  # noqa: F401  (registers every table)
    from caseterm.db.schema_filter import include_name

    def include(name, type_, parents):
        if type_ == "table" and name == "alembic_version":
            return False
        return include_name(name, type_, parents)

    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "include_name": include, "compare_type": True,
            "target_metadata": SQLModel.metadata})
        diffs = compare_metadata(ctx, SQLModel.metadata)
    lines = [_describe_diff(d) for d in diffs]
    return [line for line in lines if line]


# -- against a reference database made by the migrations (SQLite) -------------------------------

def _objects(con: cipher.dbapi.Connection) -> dict[tuple[str, str], str]:
    return {(t, n): _WS.sub(" ", sql or "").strip() for t, n, sql in con.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")}


def _reference() -> dict[tuple[str, str], str]:
    from caseterm.db import migrate

    with tempfile.TemporaryDirectory(prefix="caseterm-check-") as folder:
        ref = Database(str(Path(folder) / "reference.db"))
        try:
            migrate.upgrade(ref, make_backup=False)
        finally:
            ref.dispose()
        con = cipher.connect(Path(folder) / "reference.db")
        try:
            return _objects(con)
        finally:
            con.close()


_KIND = {"table": "table", "index": "index", "view": "view", "trigger": "trigger"}


def _compare_reference(path: Path, key: cipher.Key | None = None
                       ) -> list[tuple[str, str | None]]:
    """(line, name of the object) for each difference. The reference database holds no client
    data (only the schema) and lives in a temporary folder: it stays plain."""
    con = cipher.connect(path, key, readonly=True)
    try:
        live = _objects(con)
        fts_gap = _fts_gap(con, live)
    finally:
        con.close()
    want = _reference()
    found: list[tuple[str, str | None]] = []
    for key in sorted(want.keys() - live.keys()):
        found.append((_("missing {kind} {name}").format(kind=key[0], name=key[1]), key[1]))
    for key in sorted(live.keys() - want.keys()):
        if key[1] == "alembic_version":
            continue
        found.append((_("{kind} {name} is not part of caseterm").format(
            kind=key[0], name=key[1]), key[1]))
    for key in sorted(want.keys() & live.keys()):
        expected, actual = want[key], live[key]
        kind, name = key
        if kind == "table" and not expected.upper().startswith("CREATE VIRTUAL"):
            missing = set(_CHECK.findall(expected)) - set(_CHECK.findall(actual))
            for check in sorted(missing):
                found.append((_("missing CHECK constraint {check} on {table}").format(
                    check=check, table=name), check))
            continue
        if expected != actual:
            found.append((_("{kind} {name} is defined differently than caseterm expects").format(
                kind=kind, name=name), name))
    if fts_gap:
        found.append((fts_gap, None))
    return found


def _fts_gap(con: cipher.dbapi.Connection, live: dict) -> str | None:
    if ("table", "case_fts") not in live or ("table", "casefile") not in live:
        return None
    try:
        cases = con.execute("SELECT count(*) FROM casefile").fetchone()[0]
        indexed = con.execute("SELECT count(*) FROM case_fts").fetchone()[0]
    except cipher.Error as exc:
        return _("the search index case_fts cannot be read ({reason})").format(reason=exc)
    if cases != indexed:
        return _("the search index case_fts has {indexed} entries for {cases} cases").format(
            indexed=indexed, cases=cases)
    return None
