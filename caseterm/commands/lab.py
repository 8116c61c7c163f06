"""`caseterm lab …` (training labs) and `caseterm serve --lab NAME` (browser mode)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from caseterm.commands.common import fail, print_json
from caseterm.i18n import N_, _

lab_app = typer.Typer(help=N_("Training labs: one isolated workspace per trainee (fictional "
                                 "data)."),
                      no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(lab_app, name="lab")
    app.command("serve", help=N_(
        "Serve a lab in the browser (textual-serve): each session asks which trainee it is "
        "and opens her own workspace."))(serve)


def _guard():
    from contextlib import contextmanager

    from caseterm.services.lab import LabDataRefused, LabError, ScenarioError

    @contextmanager
    def guard():
        try:
            yield
        except (LabError, LabDataRefused, ScenarioError) as exc:
            fail(str(exc))
        except FileNotFoundError as exc:
            from caseterm.i18n import _

            fail(_("There is no scenario pack “{name}”. Packs: {packs}").format(
                name=str(exc)[:60], packs=", ".join(_packs())))

    return guard()


def _packs() -> list[str]:
    from caseterm.schemas.scenario import available_packs

    return available_packs()


@lab_app.command("create", help=N_(
        "Create a lab: one workspace per trainee from a scenario pack, all or nothing."))
def create(
    name: Annotated[str, typer.Argument(help=N_("Name of the lab (letters, digits, - and _)."))],
    pack: Annotated[str, typer.Option("--pack", help=N_("Scenario pack (data/scenarios)."))] =
    "kurs-18-tage",
    start: Annotated[str, typer.Option("--start", help=N_("First course day, YYYY-MM-DD."))] = "",
    trainees: Annotated[int | None, typer.Option("--trainees", help=N_("Number of trainees."))] =
    None,
    names: Annotated[str | None, typer.Option("--names", help=N_("Trainee names, a,b,c."))] = None,
) -> None:
    from rich.progress import Progress

    from caseterm.i18n import _
    from caseterm.services import lab

    with _guard():
        who = lab.trainee_names(trainees if trainees is not None or names else 20, names)
        day = lab.parse_start(start) if start else None
        if day is None:
            fail(_("--start is needed: the first course day, YYYY-MM-DD."))
        with Progress(transient=True) as bar:
            task = bar.add_task(_("Creating workspaces"), total=len(who) + 1)
            meta = lab.create_lab(name, pack, day, who,
                                  progress=lambda done, total: bar.update(task, completed=done))
    typer.echo(_("Lab {name}: {n} workspaces from pack {pack}, course starts {start}.").format(
        name=meta.name, n=len(meta.trainees), pack=meta.pack, start=meta.start))


@lab_app.command("list", help=N_(
        "The labs on this machine."))
def list_(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from caseterm.services import lab

    labs = lab.list_labs()
    rows = [{"name": m.name, "pack": m.pack, "start": m.start, "today": m.today,
             "course_day": lab.course_day(m), "trainees": len(m.trainees)} for m in labs]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['name']}\t{r['pack']}\t{r['today']} "
                   + _("(day {day})").format(day=r["course_day"]) + f"\t{r['trainees']}")


@lab_app.command("advance", help=N_(
        "Move the lab's simulated today for all trainees; scheduled events arrive."))
def advance(
    name: Annotated[str, typer.Argument()],
    days: Annotated[int, typer.Option("--days", help=N_("Days to move today forward."))] = 1,
) -> None:
    from caseterm.i18n import _
    from caseterm.services import lab

    with _guard():
        meta, n = lab.advance(name, days)
    typer.echo(_("Lab {name}: today is {today} (course day {day}); {n} events delivered.")
               .format(name=name, today=meta.today, day=lab.course_day(meta), n=n))


@lab_app.command("reset", help=N_(
        "Reset one trainee's workspace or all, to the start of the course day or the course."))
def reset(
    name: Annotated[str, typer.Argument()],
    trainee: Annotated[str | None, typer.Option("--trainee", help=N_("Only this trainee."))] = None,
    to: Annotated[str, typer.Option("--to", help=N_("day (start of today) or course."))] = "day",
    yes: Annotated[bool, typer.Option("--yes", help=N_("Do not ask."))] = False,
) -> None:
    from caseterm.i18n import _
    from caseterm.services import lab

    if not yes and sys.stdin.isatty() and not typer.confirm(
            _("Reset {who} to the start of the {to}? Work since then is lost.").format(
                who=trainee or _("all trainees"), to=to), default=False):
        raise typer.Exit(1)
    with _guard():
        done = lab.reset(name, trainee, to)
    typer.echo(_("Reset: {names}").format(names=", ".join(done)))


@lab_app.command("delete", help=N_(
        "Delete a lab and all its workspaces."))
def delete(
    name: Annotated[str, typer.Argument()],
    yes: Annotated[bool, typer.Option("--yes", help=N_("Do not ask."))] = False,
) -> None:
    from caseterm.i18n import _
    from caseterm.services import lab

    with _guard():
        lab.read_meta(name)
        if not yes and not typer.confirm(_("Delete lab {name} and every workspace in it?")
                                         .format(name=name), default=False):
            raise typer.Exit(1)
        lab.delete(name)
    typer.echo(_("Lab {name} deleted.").format(name=name))


@lab_app.command("status", help=N_(
        "Each trainee's progress per task, SMART scores with hints, overdue, gate violations."))
def status(
    name: Annotated[str, typer.Argument()],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_csv: Annotated[bool, typer.Option("--csv")] = False,
    trainee: Annotated[str | None, typer.Option("--trainee")] = None,
) -> None:
    import csv
    from dataclasses import asdict

    from caseterm.services import lab

    with _guard():
        meta, rows = lab.status(name, trainee=trainee)
    if as_json:
        print_json({"lab": meta.name, "pack": meta.pack, "today": meta.today,
                    "course_day": lab.course_day(meta),
                    "trainees": [{"trainee": s.trainee, "done": s.done, "tasks": len(s.tasks),
                                  "overdue": s.overdue, "gate_violations": s.gate_violations,
                                  "goals": s.goals,
                                  "task_results": [asdict(t) for t in s.tasks]}
                                 for s in rows]})
        return
    if as_csv:
        flat = lab.status_rows(rows)
        writer = csv.DictWriter(sys.stdout, fieldnames=list(flat[0]) if flat else ["trainee"])
        writer.writeheader()
        writer.writerows(flat)
        return
    from caseterm.core.safe_text import one_line

    typer.echo(_("{name} · {today} · day {day}").format(name=meta.name, today=meta.today,
                                                         day=lab.course_day(meta)))
    for s in rows:
        typer.echo(one_line(_("{trainee}: {done}/{tasks} tasks, overdue {overdue}, gate "
                              "violations {gates}").format(
            trainee=s.trainee, done=s.done, tasks=len(s.tasks), overdue=s.overdue,
            gates=s.gate_violations), 200))
        for t in s.tasks:
            mark = "x" if t.done else ("!" if t.gate_violation else " ")
            typer.echo(one_line(f"  [{mark}] {t.scenario}/{t.task}: "
                                f"{t.hints[0] if t.hints else ''}", 200))


def serve(
    lab_name: Annotated[str, typer.Option("--lab", help=N_("The lab to serve."))],
    host: Annotated[str, typer.Option("--host", help=N_("Address to bind."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help=N_("Needed for any address other than 127.0.0.1/localhost."))]
    = False,
) -> None:
    import shlex

    from caseterm.i18n import _
    from caseterm.services import lab

    with _guard():
        lab.read_meta(lab_name)
    if host not in ("127.0.0.1", "localhost", "::1") and not allow_remote:
        fail(_("Serving on {host} makes the lab reachable from other machines, without a "
               "password. Add --allow-remote if you really mean it (README “Training labs”)."
               ).format(host=host))
    from caseterm.lab_serve import serve_in_browser

    command = " ".join(shlex.quote(p) for p in (
        sys.executable, "-m", "caseterm", "lab", "open", lab_name))
    public = f"http://{host}:{port}"
    typer.echo(_("Serving lab {lab} on {url} (Ctrl+C to stop)").format(lab=lab_name,
                                                                         url=public), err=True)
    serve_in_browser(command, host, port, f"caseterm lab {lab_name}", public)

