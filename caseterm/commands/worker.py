"""`caseterm worker …`: who works with this installation (name, role, team, office, Land),
and `caseterm absence …`: away from … to …, with a deputy."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, open_db, print_json
from caseterm.commands.output import PlainOpt, is_plain
from caseterm.i18n import N_

worker_app = typer.Typer(help=N_("Workers: list, add, roles, choose who you are."),
                         no_args_is_help=True)
absence_app = typer.Typer(help=N_("Absences with a deputy (Vertretung): set, list, end."),
                          no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(worker_app, name="worker")
    app.add_typer(absence_app, name="absence")


def _me_or_none(database):
    from caseterm.services import IdentityError
    from caseterm.services.identity import resolve

    try:
        return resolve(database)
    except IdentityError:
        return None


@worker_app.command("list", help=N_(
        "All workers; you are marked with *."))
def list_workers(as_json: Annotated[bool, typer.Option("--json")] = False,
                 plain: PlainOpt = False) -> None:
    from dataclasses import asdict

    from caseterm.services import workers

    database = open_db()
    me = _me_or_none(database)
    rows = workers.list_workers(database)
    my_id = me.id if me else None
    if as_json:
        print_json([asdict(r) | {"current": r.id == my_id} for r in rows])
        return
    if is_plain(plain):
        from caseterm.commands.output import emit
        from caseterm.core.columns import Column

        emit(rows, (Column("current", "*", lambda r: "*" if r.id == my_id else ""),
                    Column("username", "username", lambda r: r.username),
                    Column("display_name", "display_name", lambda r: r.display_name),
                    Column("role", "role", lambda r: r.role.value),
                    Column("land", "land", lambda r: r.land.value),
                    Column("team", "team", lambda r: r.team)), as_json=False, plain=True)
        return
    from caseterm.core.safe_text import one_line

    for r in rows:
        mark = "*" if r.id == my_id else " "
        typer.echo(f"{mark} {one_line(r.username):<16} {one_line(r.display_name):<28} "
                   f"{r.role.value:<11} {r.land.value} {one_line(r.team)}")


@worker_app.command("add", help=N_(
        "Add a worker (administrator or team lead; anyone while the office has neither)."))
def add(
    username: str,
    name: Annotated[str, typer.Option("--name", help=N_("Display name"))],
    role: Annotated[str, typer.Option("--role", help=N_("Role: caseworker, team_lead, trainer, "
                                      "admin, "
                                      "dpo"))] = "caseworker",
    team: Annotated[str, typer.Option("--team", help=N_("Team name."))] = "",
    office: Annotated[str, typer.Option("--office", help=N_("Office (Dienststelle)."))] = "",
    land: Annotated[str, typer.Option("--land", help=N_("Bundesland code, e.g. NW, BY, SN"))] \
        = "NW",
    catholic: Annotated[bool, typer.Option("--catholic-municipality", help=N_(
        "Office in a mainly Catholic municipality (extra public holidays)."))] = False,
    augsburg: Annotated[bool, typer.Option("--augsburg", help=N_(
        "Office in Augsburg (Peace Festival holiday)."))] = False,
    db_role: Annotated[str, typer.Option("--db-role", help=N_("PostgreSQL role of this person"))]
    = "",
    use: Annotated[bool, typer.Option("--use", help=N_("Act as this worker from now on (stored "
                                      "in your own config file; SQLite only)"))] = False,
) -> None:
    from caseterm.core.inputs import check_worker
    from caseterm.core.validate import InputError
    from caseterm.services import workers

    try:
        fields = check_worker({
            "username": username, "display_name": name, "role": role, "team": team,
            "office": office, "land": land, "catholic_municipality": catholic,
            "augsburg": augsburg, "db_role": db_role})
    except InputError as exc:
        fail("\n".join(f"{k}: {v}" for k, v in exc.errors.items()))
    database = open_db()
    with door_errors():
        workers.add(database, _me_or_none(database), fields)
        if use:
            workers.use(database, fields["username"])
    typer.echo("ok")


@worker_app.command("use", help=N_(
        "Act as this worker from now on (your own config file; one-person SQLite files)."))
def use(username: str) -> None:
    from caseterm.services import workers

    with door_errors():
        workers.use(open_db(), username)
    typer.echo("ok")


@worker_app.command("role", help=N_(
        "Change a worker's role (administrator or team lead)."))
def set_role(
    username: str,
    role: Annotated[str, typer.Argument(help=N_(
        "The new role: caseworker, team_lead, trainer, admin, dpo"))],
    db_role: Annotated[str | None, typer.Option("--db-role")] = None,
) -> None:
    from caseterm.core.vocab import Role
    from caseterm.services import workers

    try:
        wanted = Role(role)
    except ValueError:
        from caseterm.i18n import _

        fail(_("role: one of {roles}").format(roles=", ".join(r.value for r in Role)))
    ctx = open_ctx()
    with door_errors():
        workers.set_role(ctx, username, wanted, db_role)
    typer.echo("ok")


@worker_app.command("whoami", help=N_(
        "Who you are in this database, and why (config file, database role or login)."))
def whoami(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    ctx = open_ctx()
    from caseterm.core.safe_text import one_line
    from caseterm.core.vocab import label

    a = ctx.actor
    if as_json:
        print_json({"id": str(a.id), "username": a.username, "display_name": a.display_name,
                    "role": a.role.value})
        return
    typer.echo(f"{one_line(a.username)} ({one_line(a.display_name)}), {label(a.role)}")


def _date(value: str, field: str):
    from caseterm.core.dates import DateFormatError, parse_date

    try:
        return parse_date(value)
    except DateFormatError as exc:
        fail(f"{field}: {exc}")


@absence_app.command("set", help=N_(
        "Set an absence: meanwhile the deputy sees the absent worker's cases and queue."))
def absence_set(
    starts: Annotated[str, typer.Argument(help=N_("First day away (DD.MM.YYYY, heute, +3, …)"))],
    ends: Annotated[str, typer.Argument(help=N_("Last day away"))],
    deputy: Annotated[str, typer.Option("--deputy", help=N_("User name of the deputy"))],
    worker: Annotated[str | None, typer.Option("--worker", help=N_("Whose absence (team lead); "
                                               "default: yours"))] = None,
    note: Annotated[str, typer.Option("--note", help=N_("A note on the absence."))] = "",
) -> None:
    from caseterm.i18n import fmt_date
    from caseterm.services import workers

    ctx = open_ctx()
    with door_errors():
        row = workers.set_absence(ctx, worker, deputy, _date(starts, "starts"),
                                  _date(ends, "ends"), note)
    typer.echo(f"{row.worker}: {fmt_date(row.starts_on)} – {fmt_date(row.ends_on)} → "
               f"{row.deputy}  ({row.id})")


@absence_app.command("list", help=N_(
        "Absences now and ahead."))
def absence_list(
    all_: Annotated[bool, typer.Option("--all", help=N_("Past absences too"))] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import fmt_date
    from caseterm.services import workers

    rows = workers.absences(open_ctx(), current_only=not all_)
    if as_json:
        print_json([{"id": str(r.id), "worker": r.worker, "deputy": r.deputy,
                     "starts_on": r.starts_on.isoformat(), "ends_on": r.ends_on.isoformat(),
                     "note": r.note} for r in rows])
        return
    if is_plain(plain):
        from caseterm.commands.output import emit
        from caseterm.core.columns import Column

        emit(rows, (Column("id", "id", lambda r: str(r.id)),
                    Column("worker", "worker", lambda r: r.worker),
                    Column("starts_on", "starts_on", lambda r: r.starts_on.isoformat()),
                    Column("ends_on", "ends_on", lambda r: r.ends_on.isoformat()),
                    Column("deputy", "deputy", lambda r: r.deputy),
                    Column("note", "note", lambda r: r.note)), as_json=False, plain=True)
        return
    if not rows:
        from caseterm.i18n import _

        typer.echo(_("No absences now or ahead (all of them: --all)."))
    for r in rows:
        typer.echo(f"{r.id}  {one_line(r.worker):<24} {fmt_date(r.starts_on)} – "
                   f"{fmt_date(r.ends_on)}  → {one_line(r.deputy)}")


@absence_app.command("end", help=N_(
        "End an absence now (back early)."))
def absence_end(absence_id: str) -> None:
    import uuid

    from caseterm.services import workers

    try:
        key = uuid.UUID(absence_id)
    except ValueError:
        from caseterm.i18n import _

        fail(_("absence id: not an id; see 'caseterm absence list'"))
    with door_errors():
        workers.end_absence(open_ctx(), key)
    typer.echo("ok")
