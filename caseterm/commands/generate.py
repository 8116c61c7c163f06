"""`caseterm generate`: a realistic, deterministic fictional dataset for load tests and training.

    caseterm generate --clients 100000 --seed 7 --db /tmp/big.db

Refuses to write into a database that already holds cases unless `--append` is given (the
generated office never mixes with real data by accident).
"""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import fail, state
from caseterm.i18n import N_, _


def register(app: typer.Typer) -> None:
    app.command("generate", help=N_(
        "Fill a database with fictional workers, clients, cases, follow-ups "
        "and notes."))(generate)


def generate(
    clients: Annotated[int, typer.Option("--clients", "-n", min=1, max=5_000_000,
                                         help=N_("Number of clients to generate."))] = 1000,
    seed: Annotated[int, typer.Option("--seed", "-s",
                                      help=N_("Random seed: the same seed gives the same data.")
                                      )] = 1,
    db: Annotated[str | None, typer.Option(
        "--db", help=N_("Target database (file path or URL); default: the global --db."))] = None,
    append: Annotated[bool, typer.Option(
        "--append", help=N_("Add to a database that already contains cases."))] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("No progress bar."))] = False,
) -> None:
    import time

    from rich import progress as rp
    from rich.console import Console

    from caseterm import config
    from caseterm.db.engine import Database
    from caseterm.db.generate import GeneratorError, NoProgress, count_cases
    from caseterm.db.generate import generate as run

    url = config.to_url(db or state.db)
    database = Database(url)
    if not append and count_cases_safe(database, count_cases):
        fail(_("The database already contains cases; use --append to add to them "
               "({url}).").format(url=url))
    console = Console(stderr=True)
    started = time.perf_counter()
    try:
        if quiet:
            ctx = run(database, clients, seed, append=append, progress=NoProgress())
        else:
            columns = (rp.TextColumn("{task.description:<15}"), rp.BarColumn(),
                       rp.MofNCompleteColumn(), rp.TimeElapsedColumn())
            with rp.Progress(*columns, console=console, transient=False) as bar:
                ctx = run(database, clients, seed, append=append, progress=_Bar(bar))
    except GeneratorError as exc:
        fail(str(exc))
    finally:
        database.dispose()
    counts = ", ".join(f"{n} {table}" for table, n in ctx["counts"].items())
    console.print(f"{counts} in {time.perf_counter() - started:.1f} s → {url}",
                  markup=False, highlight=False)


def count_cases_safe(database, count_cases) -> int:
    """Cases in the database; 0 when it has no schema yet."""
    from caseterm.db.migrate import current_revision

    if current_revision(database) is None:
        return 0
    try:
        return count_cases(database)
    except Exception:
        return 0


class _Bar:
    """Adapts a Rich Progress to the generator's progress protocol."""

    def __init__(self, progress) -> None:
        self.progress = progress
        self.task = None

    def start(self, label: str, total: int) -> None:
        self.task = self.progress.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)
