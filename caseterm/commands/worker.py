"""`caseterm worker …`: who works with this installation (name, role, team, office, Land)."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import fail, open_db, print_json

worker_app = typer.Typer(help="Workers: list, add, choose who you are.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(worker_app, name="worker")


@worker_app.command("list")
def list_workers(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """All workers; the current one is marked with *."""
    from dataclasses import asdict

    from caseterm.db.repo import workers

    database = open_db()
    me = workers.current(database)
    rows = workers.list_all(database)
    if as_json:
        print_json([asdict(r) | {"current": r.id == me.id} for r in rows])
        return
    from caseterm.core.safe_text import one_line

    for r in rows:
        mark = "*" if r.id == me.id else " "
        typer.echo(f"{mark} {one_line(r.username):<16} {one_line(r.display_name):<28} "
                   f"{r.role.value:<11} {r.land.value} {one_line(r.team)}")


@worker_app.command("add")
def add(
    username: str,
    name: Annotated[str, typer.Option("--name", help="Display name")],
    role: Annotated[str, typer.Option("--role")] = "caseworker",
    team: Annotated[str, typer.Option("--team")] = "",
    office: Annotated[str, typer.Option("--office")] = "",
    land: Annotated[str, typer.Option("--land", help="Bundesland code, e.g. NW, BY, SN")] = "NW",
    catholic: Annotated[bool, typer.Option("--catholic-municipality")] = False,
    augsburg: Annotated[bool, typer.Option("--augsburg")] = False,
    use: Annotated[bool, typer.Option("--use", help="Make this the current worker")] = False,
) -> None:
    """Add a worker (and optionally make them the current one)."""
    from sqlalchemy.exc import IntegrityError

    from caseterm.core.validate import Errors
    from caseterm.core.vocab import Bundesland, Role
    from caseterm.db.repo import settings, workers

    e = Errors()
    fields = {
        "username": e.text("username", username, required=True, maximum=64),
        "display_name": e.name("name", name),
        "role": (e.choice("role", role, Role) or Role.caseworker).value,
        "team": e.text("team", team, maximum=120),
        "office": e.text("office", office, maximum=120),
        "land": (e.choice("land", land.upper(), Bundesland) or Bundesland.NW).value,
        "catholic_municipality": catholic,
        "augsburg": augsburg,
    }
    if e:
        fail("\n".join(f"{k}: {v}" for k, v in e.errors.items()))
    database = open_db()
    try:
        with database.write() as s:
            w = workers.add(s, **fields)
            if use:
                settings.put(s, settings.CURRENT_WORKER, str(w.id))
    except IntegrityError:
        fail(f"username {username!r} exists already")
    typer.echo("ok")


@worker_app.command("use")
def use(username: str) -> None:
    """Act as this worker from now on."""
    from caseterm.db.repo import workers

    if workers.use(open_db(), username) is None:
        fail(f"no worker {username!r}; see `caseterm worker list`")
    typer.echo("ok")
