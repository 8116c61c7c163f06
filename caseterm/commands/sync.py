"""`caseterm sync …`: a district-office laptop and the central office.

`caseterm sync` (no subcommand) on a laptop sends its changes to the centre and takes what is
new there, in batches (each batch one transaction on each side: interrupted at any point, the
next run finishes the job, nothing twice). The subcommands set up the centre, check a laptop
out, and list and decide conflicts and cross-site duplicate candidates."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from caseterm.commands.common import (
    EXIT_CONFLICT,
    EXIT_INVALID,
    EXIT_NO_ACCESS,
    door_errors,
    fail,
    open_ctx,
    print_json,
)
from caseterm.commands.output import PlainOpt
from caseterm.i18n import N_

sync_app = typer.Typer(help=N_(
    "Sync a district-office laptop with the central office: without a subcommand, send this "
    "laptop's changes and take the centre's."), invoke_without_command=True)

BATCH = 500


def register(app: typer.Typer) -> None:
    app.add_typer(sync_app, name="sync")


def _errors():
    """door_errors plus a change set that cannot be applied (exit 1, nothing applied)."""
    from contextlib import contextmanager

    from caseterm.services.sync import ChangeSetError

    @contextmanager
    def guard():
        with door_errors():
            try:
                yield
            except ChangeSetError as exc:
                fail(exc.message, EXIT_INVALID)

    return guard()


@sync_app.callback()
def run(
    typer_ctx: typer.Context,
    central: Annotated[str | None, typer.Option(
        "--central", help=N_("Address of the central database (default: the one this "
                             "laptop was checked out from)."))] = None,
    batch: Annotated[int, typer.Option("--batch", min=1, max=100_000, help=N_(
        "Changes per transaction."))] = BATCH,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    if typer_ctx.invoked_subcommand is not None:
        return
    from caseterm.i18n import _
    from caseterm.services import sync

    local = open_ctx()
    with _errors():
        status = sync.sync_status(local)
        if status.role != "replica":
            fail(_("This database is not a checked-out laptop; nothing to sync. (caseterm sync "
                   "checkout makes one.)"), EXIT_INVALID)
        url = central or status.central_url
        from caseterm.services.sync_lock import SyncBusy, exclusive

        try:
            with exclusive(local, "sync"):
                from caseterm.commands.sync_run import open_central, send_and_take

                centre = open_central(url)
                sent, got = send_and_take(local, centre, status.device_id, batch)
        except SyncBusy as exc:
            fail(str(exc), EXIT_CONFLICT)
        after = sync.sync_status(local)
    if as_json:
        print_json({"sent": vars(sent), "received": vars(got), "unsent": after.unsent,
                    "open_conflicts": after.open_conflicts,
                    "open_duplicates": after.open_duplicates})
        return
    typer.echo(_("Sent: {n} changes ({applied} applied, {same} already the same, {conflicts} "
                 "conflicts).").format(n=sent.received, applied=sent.applied, same=sent.same,
                                       conflicts=sent.conflicts))
    typer.echo(_("Received: {n} changes and {rows} records of newly assigned cases "
                 "({conflicts} conflicts).").format(n=got.received - got.already,
                                                    rows=got.rows, conflicts=got.conflicts))
    for message in sent.refused + got.refused:
        typer.echo(message, err=True)
    from caseterm.commands.bundle import held_lines

    for line in held_lines(sent):
        typer.echo(line)
    if sent.duplicates:
        typer.echo(_("Possible duplicates found at the centre: {n}.").format(
            n=sent.duplicates))
    typer.echo(_("Open conflicts: {c}; duplicate candidates: {d}.").format(
        c=after.open_conflicts, d=after.open_duplicates))


@sync_app.command("init-central", help=N_(
    "Make this database (PostgreSQL) the central office that laptops sync with "
    "(administrator)."))
def init_central(
    name: Annotated[str, typer.Option("--name", help=N_("A name for the centre."))] = "",
) -> None:
    from caseterm.i18n import _
    from caseterm.services import sync

    ctx = open_ctx()
    with _errors():
        device = sync.init_central(ctx, name)
    if ctx.db.is_sqlite:
        typer.echo(_("Note: the centre should be a PostgreSQL server; a SQLite file serves "
                     "one office desk only."), err=True)
    typer.echo(_("This database is the sync centre (device {device}).").format(device=device))


@sync_app.command("checkout", help=N_(
    "Create an encrypted laptop database with the open cases of a worker or an office, from "
    "the centre. Shows what goes with the laptop."))
def checkout(
    central: Annotated[str, typer.Option("--central", help=N_(
        "Address of the central database."))],
    to: Annotated[str | None, typer.Option("--to", help=N_(
        "The new laptop database file."))] = None,
    worker: Annotated[str | None, typer.Option("--worker", help=N_(
        "The user name whose cases go with the laptop."))] = None,
    office: Annotated[str | None, typer.Option("--office", help=N_(
        "The office whose workers' cases go with the laptop."))] = None,
    name: Annotated[str, typer.Option("--name", help=N_("A name for the laptop."))] = "",
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_(
        "Only show what would go with the laptop."))] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from caseterm import config
    from caseterm.commands.common import create_db
    from caseterm.i18n import _
    from caseterm.services import sync

    if bool(worker) == bool(office):
        fail(_("Name either --worker or --office."), EXIT_INVALID)
    if not dry_run and not to:
        fail(_("Name the new laptop database with --to PATH."), EXIT_INVALID)
    from caseterm.commands.sync_run import open_central

    centre = open_central(central)
    replica = None
    if not dry_run:
        url = config.to_url(to)
        path = config.sqlite_path(url)
        if path is None:
            fail(_("A laptop database is a SQLite file; give a file path."), EXIT_INVALID)
        if path.exists() and path.stat().st_size > 0:
            fail(_("{path} exists already; check out into a new file.").format(path=path),
                 EXIT_INVALID)
        replica = create_db(url)
    with _errors():
        summary = sync.checkout(centre, replica, worker=worker, office=office,
                                name=name or (to or ""))
    if replica is not None:  # the laptop's device keys, made inside the new file (bundles)
        from caseterm.commands.device import checkout_keys

        checkout_keys(centre, replica, name or (to or ""), worker)
    if as_json:
        print_json(vars(summary))
        return
    if dry_run:
        typer.echo(_("Would go with the laptop: {cases} cases of {clients} people.").format(
            cases=summary.cases, clients=summary.clients))
    else:
        typer.echo(_("Checked out to {path}: {cases} cases of {clients} people ({rows} "
                     "records); device {device}.").format(
                         path=to, cases=summary.cases, clients=summary.clients,
                         rows=summary.rows, device=summary.device_id))
    for number in summary.case_numbers:
        typer.echo(f"  {number}")
    typer.echo(_("Duplicate check only (name keys and birth dates): {n} other people.").format(
        n=summary.index_people))


@sync_app.command("status", help=N_(
    "This database's sync role, unsent changes, the last sync, open conflicts."))
def status(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from caseterm.i18n import _
    from caseterm.services import sync

    ctx = open_ctx()
    with _errors():
        st = sync.sync_status(ctx)
    if as_json:
        print_json(vars(st))
        return
    roles = {"none": _("not part of a sync"), "central": _("central office"),
             "replica": _("checked-out laptop")}
    typer.echo(_("Role: {role}").format(role=roles.get(st.role, st.role)))
    if st.role == "none":
        return
    typer.echo(_("Unsent changes: {n}").format(n=st.unsent))
    if st.role == "replica":
        when = st.last_sync_at.strftime("%Y-%m-%d %H:%M") if st.last_sync_at else "—"
        typer.echo(_("Last sync: {when} ({days} days ago)").format(
            when=when, days=st.days_since if st.days_since is not None else "—"))
        if st.stale:
            typer.echo(_("Warning: not synced for more than {n} days.").format(
                n=st.stale_days))
    typer.echo(_("Open conflicts: {c}; duplicate candidates: {d}.").format(
        c=st.open_conflicts, d=st.open_duplicates))


@sync_app.command("stale-days", help=N_(
    "After how many days without a sync the laptop warns."))
def stale_days(days: Annotated[int, typer.Argument()]) -> None:
    from caseterm.i18n import _
    from caseterm.services import sync

    ctx = open_ctx()
    with _errors():
        sync.set_stale_days(ctx, days)
    typer.echo(_("The laptop warns after {n} days without a sync.").format(n=days))


@sync_app.command("conflicts", help=N_(
    "Open conflicts of your cases: both values side by side, with who changed them and when."))
def conflicts(
    case_number: Annotated[str | None, typer.Option("--case", help=N_("Case number."))] = None,
    include_decided: Annotated[bool, typer.Option("--all", help=N_(
        "Decided ones as well."))] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.core.access import Need
    from caseterm.services import sync

    ctx = open_ctx()
    with _errors():
        case_id = None
        if case_number:
            from caseterm.commands.case import case_id_of

            case_id = case_id_of(ctx, case_number, Need.read, "sync_conflicts")
        rows = sync.list_conflicts(ctx, case_id, include_decided)
    from caseterm.commands.output import emit
    from caseterm.core.lists import CONFLICTS

    emit(rows, CONFLICTS, as_json=as_json, plain=plain, title=N_("Sync conflicts"),
         empty=N_("No open conflicts."))


def _pick(ids: list, given: str, what: str):
    from caseterm.i18n import _

    found = [i for i in ids if str(i).startswith(given.strip().lower())] if given else []
    if len(found) != 1:
        fail(_("No single {what} starts with {given}.").format(what=what, given=given),
             EXIT_NO_ACCESS)
    return found[0]


@sync_app.command("resolve", help=N_(
    "Decide a conflict: keep the value kept so far (local), take the other one (remote), or "
    "a combined value."))
def resolve(
    conflict: Annotated[str, typer.Argument(help=N_("The conflict's id (or its start)."))],
    keep: Annotated[str, typer.Option("--keep", help=N_("local, remote or combined."))],
    value: Annotated[str | None, typer.Option("--value", help=N_(
        "The combined value (text, or JSON)."))] = None,
    expected_version: Annotated[int | None, typer.Option("--expected-version")] = None,
) -> None:
    from caseterm.i18n import _
    from caseterm.services import sync

    ctx = open_ctx()
    with _errors():
        rows = sync.list_conflicts(ctx, include_decided=True)
        cid = _pick([r.id for r in rows], conflict, _("conflict"))
        combined = None
        if value is not None:
            try:
                combined = json.loads(value)
            except ValueError:
                combined = value
        sync.resolve_conflict(ctx, cid, keep, combined, expected_version)
    typer.echo(_("Decided; the decision goes to the other side with the next sync."))


@sync_app.command("duplicates", help=N_(
    "People who may have been created twice at different sites (found at sync)."))
def duplicates(
    include_decided: Annotated[bool, typer.Option("--all")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.services import sync

    ctx = open_ctx()
    with _errors():
        rows = sync.list_duplicates(ctx, include_decided)
    from caseterm.commands.output import emit
    from caseterm.core.lists import DUPLICATES

    emit(rows, DUPLICATES, as_json=as_json, plain=plain, title=N_("Possible duplicates"),
         empty=N_("No duplicate candidates."))


@sync_app.command("decide", help=N_(
    "Decide a duplicate candidate: merge (the second person's cases move to the first, both "
    "histories are kept) or different (two people)."))
def decide(
    candidate: Annotated[str, typer.Argument(help=N_("The candidate's id (or its start)."))],
    choice: Annotated[str, typer.Argument(help=N_("merge or different"))],
    expected_version: Annotated[int | None, typer.Option("--expected-version")] = None,
) -> None:
    from caseterm.i18n import _
    from caseterm.services import sync

    ctx = open_ctx()
    with _errors():
        rows = sync.list_duplicates(ctx, include_decided=True)
        did = _pick([r.id for r in rows], candidate, _("duplicate candidate"))
        sync.decide_duplicate(ctx, did, choice, expected_version)
    typer.echo(_("Decided."))
