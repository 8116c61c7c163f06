"""The TUI side of `caseterm lab`: open a workspace, the trainer's overview (Textual, so kept
out of caseterm.commands; registered by caseterm.cli)."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.i18n import N_


def register(lab_app: typer.Typer) -> None:
    lab_app.command("open", help=N_(
        "Open a trainee's workspace in the TUI (without --trainee: each session asks who)."
    ))(open_)
    lab_app.command("overview", help=N_(
        "The trainer's overview in the TUI: progress, SMART scores, drill-in, export."))(overview)


def open_(
    name: Annotated[str, typer.Argument()],
    trainee: Annotated[str | None, typer.Option("--trainee", help=N_("Whose workspace."))] = None,
    read_only: Annotated[bool, typer.Option(
        "--read-only", help=N_("Trainer's look into a copy: nothing is kept."))] = False,
) -> None:
    from caseterm.commands.lab import _guard
    from caseterm.services import lab

    with _guard():
        meta = lab.read_meta(name)
        if trainee is None:
            from caseterm.app import CasetermApp

            CasetermApp(None, None, lab_pick=meta).run()
            return
        run_workspace(name, trainee, read_only=read_only)


def run_workspace(name: str, trainee: str, *, read_only: bool = False) -> None:
    from caseterm.cli import run_tui
    from caseterm.services import lab

    if read_only:
        with lab.read_only_copy(name, trainee) as (db, _ctx, info):
            run_tui(db, lab=info)
        return
    db, _ctx, info = lab.open_workspace(name, trainee)
    run_tui(db, lab=info)


def overview(name: Annotated[str, typer.Argument()]) -> None:
    from caseterm.commands.lab import _guard
    from caseterm.services import lab

    with _guard():
        lab.read_meta(name)
        from caseterm.screens.lab_overview import run_overview

        while True:
            chosen = run_overview(name)
            if chosen is None:
                return
            run_workspace(name, chosen, read_only=True)
