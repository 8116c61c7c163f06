"""The moving part of `caseterm sync` (split from commands/sync.py): open the centre with the
same person asking, then send this laptop's changes and take the centre's, in batches with a
progress bar; a broken connection is a clear message (every batch is whole or not there)."""

from __future__ import annotations

import typer

from caseterm.commands.common import EXIT_INVALID, EXIT_NO_ACCESS, fail


def open_central(url: str):
    """The central database with the same person asking; a clear message when it cannot be
    reached (nothing has been changed then)."""
    from caseterm.i18n import _
    from caseterm.services import IdentityError
    from caseterm.services.identity import context

    if not url:
        fail(_("No central address is known; give --central URL."), EXIT_INVALID)
    try:
        from caseterm.commands.common import open_db

        db = open_db(url)
        ctx = context(db)
    except IdentityError as exc:
        fail(exc.message, EXIT_NO_ACCESS)
    except typer.Exit:
        raise
    except Exception as exc:
        from caseterm.commands.common import database_error

        fail(_("The central office cannot be reached ({why}). Nothing was changed; try again "
               "when the network (VPN) is up.").format(why=database_error(exc)), EXIT_INVALID)
    if ctx is None:
        fail(_("You are not a worker at the centre."), EXIT_NO_ACCESS)
    return ctx


def send_and_take(local, centre, device_id: str, batch: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from caseterm.i18n import _
    from caseterm.services import sync

    sent, got = sync.ApplyResult(), sync.ApplyResult()
    out = sync.collect_outgoing(local)
    changes = out["changes"]
    console = Console(stderr=True)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=console, transient=True) as progress:
            task = progress.add_task(_("sending"), total=len(changes))
            for start in range(0, len(changes), batch):
                part = changes[start:start + batch]
                piece = {**out, "changes": part, "first": part[0]["seq"],
                         "last": part[-1]["seq"]}
                sent.add(sync.apply_incoming(centre, piece))
                progress.advance(task, len(part))
            task = progress.add_task(_("receiving"), total=None)
            while True:
                since = sync.pull_position(local)[1]
                cs = sync.export_for_device(centre, device_id, since, batch)
                got.add(sync.apply_incoming(local, cs))
                progress.advance(task, len(cs["changes"]))
                if len(cs["changes"]) < batch:
                    break
    except (OSError, ConnectionError) as exc:
        fail(_("The connection to the centre broke off ({why}). Every batch is whole or not "
               "there at all; run caseterm sync again to finish.").format(why=exc),
             EXIT_INVALID)
    except Exception as exc:
        if type(exc).__module__.startswith(("sqlalchemy", "psycopg")):
            from caseterm.commands.common import database_error

            fail(_("The connection to the centre broke off ({why}). Every batch is whole or "
                   "not there at all; run caseterm sync again to finish.").format(
                       why=database_error(exc)), EXIT_INVALID)
        raise
    return sent, got
