"""`caseterm goals …` and `caseterm gas CASE`: the CLI twins of the goal editor's SMART check,
the goal tree and the GAS T-score history."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, input_errors, open_ctx, print_json
from caseterm.commands.output import JsonOpt, PlainOpt, is_plain
from caseterm.i18n import N_

goals_app = typer.Typer(help=N_("Goals and measures of a case: list, add, edit, move, drop; "
                                 "the SMART(ER) check."), no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(goals_app, name="goal")
    app.add_typer(goals_app, name="goals", hidden=True)  # the older name keeps working
    app.command("gas", help=N_(
        "GAS T-score history of a case: T at the start and at every review, "
        "always with each goal's level."))(gas)


def find_goal(tree, key: str):
    """The goal of `tree` with this id (or its first 8 or more characters); exit 3 if none."""
    from caseterm.i18n import _

    key = key.strip().lower()
    found = [g for g in tree.goals if str(g.id) == key
             or (len(key) >= 8 and str(g.id).startswith(key))]
    if len(found) != 1:
        fail(_("No such goal."), 3)
    return found[0]


def _goal_columns():
    from caseterm.core import vocab
    from caseterm.core.columns import Column
    from caseterm.i18n import fmt_date

    return (
        Column("id", N_("Id"), lambda d: d["id"]),
        Column("depth", N_("Depth"), lambda d: d["depth"]),
        Column("level", N_("Level"), lambda d: d["level"], lambda d: vocab.label(d["_row"].level)),
        Column("text_client", N_("Goal"), lambda d: d["text_client"]),
        Column("due_date", N_("Due"), lambda d: d["due_date"],
               lambda d: fmt_date(d["_row"].due_date) if d["_row"].due_date else ""),
        Column("status", N_("Status"), lambda d: d["status"],
               lambda d: vocab.label(d["_row"].status)),
        Column("approval_state", N_("Approval"), lambda d: d["approval_state"],
               lambda d: vocab.label(d["_row"].approval_state) if d["_row"].needs_approval else ""),
        Column("smart", "SMART", lambda d: d["smart"],
               lambda d: f"{d['smart']['passed']}/{d['smart']['total']}" if d["smart"] else ""),
        Column("row_version", "row_version", lambda d: d["row_version"]),
    )


@goals_app.command("check", help=N_(
    "Check one goal sentence against SMART: specific, measurable, "
    "attractive, realistic, time-bound. Exit code 0 when every "
    "criterion passes, 2 otherwise."))
def check(
    text: Annotated[str, typer.Argument(help=N_("The goal sentence, in quotes."))],
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable result."))] = False,
) -> None:
    from caseterm.core import clock
    from caseterm.core.safe_text import clean
    from caseterm.core.smart import check_sentence

    result = check_sentence(clean(text, keep_newlines=False), clock.today())
    if as_json:
        data = result.as_dict()
        data["text"] = text
        print_json(data)
    else:
        from caseterm.i18n import _

        typer.echo(f"{_('SMART(ER) check')}: {result.passed}/{len(result.criteria)} "
                   f"({result.score} %)")
        for c in result.criteria:
            mark = "✓" if c.ok else "✗"
            typer.echo(f"{mark} {c.letter} {c.name}: {clean(c.explanation)}")
            for h in c.hints[1:]:
                typer.echo(f"      {clean(h.message)}")
    raise typer.Exit(0 if result.score == 100 else 2)


@goals_app.command("list", help=N_(
    "The goal tree of a case with the SMART(ER) score of each action "
    "goal and measure."))
def list_goals(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    as_json: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core import clock, vocab
    from caseterm.core.goals import GoalLevel, GoalStatus
    from caseterm.core.safe_text import one_line
    from caseterm.core.smart import CheckContext, check_fields
    from caseterm.i18n import fmt_date
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "goals")
    with door_errors():
        plan = goals_svc.plan_view(ctx, case_id)
    tree, view = plan.tree, plan.agreement
    review = view.latest.review_date if view else None
    out = []
    for g in tree.goals:
        d = g.as_dict()
        score = None
        if g.level in (GoalLevel.handlungsziel, GoalLevel.massnahme) and \
                g.status is not GoalStatus.dropped:
            last = tree.last_review(g.id)
            d["is_new"] = False
            r = check_fields(d, CheckContext(
                today=clock.today(), review_date=review,
                last_review=last.review_date if last else None,
                open_goals=tree.open_action_goals))
            score = {"passed": r.passed, "total": len(r.criteria), "hints": sorted(r.codes)}
        d["smart"] = score
        d["row_version"] = g.row_version  # for `goals edit --version`
        out.append(d)
    if as_json:
        print_json({"case_number": tree.case_number, "goals": out})
        return
    if not out:
        typer.echo("–")
        return
    if is_plain(plain):
        from caseterm.commands.output import emit

        rows = [d | {"depth": g.depth, "_row": g} for d, g in zip(out, tree.goals, strict=True)]
        emit(rows, _goal_columns(), as_json=False, plain=True)
        return
    for d, g in zip(out, tree.goals, strict=True):
        line = "  " * g.depth + f"[{vocab.label(g.level)}] {one_line(g.text_client)}"
        if g.due_date:
            line += f" → {fmt_date(g.due_date)}"
        line += f" ({vocab.label(g.status)})"
        if d["smart"]:
            line += f" SMART {d['smart']['passed']}/{d['smart']['total']}"
        typer.echo(line + f"  [{str(g.id)[:8]}]")


@goals_app.command("edit", help=N_(
    "Change a goal's words, indicator, target, due date or status."))
def edit(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    goal: Annotated[str, typer.Argument(help=N_("The goal's id (or its first 8 characters), "
                                        "from `goals list --json`."))],
    text: Annotated[str | None, typer.Option("--text", help=N_("In the client's words."))] = None,
    indicator: Annotated[str | None, typer.Option("--indicator")] = None,
    target: Annotated[str | None, typer.Option("--target")] = None,
    due: Annotated[str | None, typer.Option("--due", help=N_("DD.MM.YYYY or +2w."))] = None,
    status: Annotated[str | None, typer.Option(
        "--status", help=N_("draft, agreed, in_progress, achieved, partly_achieved, "
        "not_achieved, dropped, revised."))] = None,
    version: Annotated[int | None, typer.Option(
        "--version", help=N_("The row_version you read (`goals list --json`): if someone saved "
        "the goal since, nothing is changed and the exit code is 4."))] = None,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core.goals import check_goal
    from caseterm.i18n import fmt_date
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "goal")
    changes = {k: v for k, v in (("text_client", text), ("indicator", indicator),
                                 ("target", target), ("due_date", due), ("status", status))
               if v is not None}
    with door_errors():
        tree = goals_svc.tree(ctx, case_id)
        g = find_goal(tree, goal)
        raw = {**g.as_dict(), "resources": g.resources,
               "due_date": fmt_date(g.due_date) if g.due_date else "", **changes}
        data = check_goal({k: ("" if v is None else v) for k, v in raw.items()},
                          is_new=False, old_due=g.due_date)
        goals_svc.update_goal(ctx, g.id, data, base_version=version, fields=set(changes))
    typer.echo(str(g.id))


def gas(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    rho: Annotated[float | None, typer.Option(
        "--rho", help=N_("Assumed correlation between goals, 0–0.99 (default: stored or 0.3)."))]
    = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core import gas as gas_core
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import _, fmt_date, fmt_number
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "gas")
    if rho is None:
        rho = goals_svc.gas_rho(ctx)
    try:
        gas_core.check_rho(rho)
    except ValueError as exc:
        fail(str(exc))
    with door_errors():
        tree = goals_svc.tree(ctx, case_id)
    goals = goals_svc.gas_goals(tree)
    points = goals_svc.gas_history(tree, rho)
    if as_json:
        print_json({
            "case_number": tree.case_number, "rho": rho,
            "goals": [{"id": str(g.id), "text": g.label, "weight": g.weight,
                       "baseline_level": g.baseline_level} for g in goals],
            "points": [{"date": p.day.isoformat() if p.day else None,
                        "t": None if p.t is None else round(p.t, 2),
                        "levels": {str(k): v for k, v in p.levels.items()}} for p in points],
        })
        return
    if not goals:
        typer.echo(_("No GAS scales yet."))
        return
    rho_text = fmt_number(rho, 1 if round(rho, 1) == rho else 2)
    typer.echo(f"{tree.case_number} — GAS T (ρ = {rho_text})")
    for i, g in enumerate(goals, 1):
        typer.echo(f"  {i}. {one_line(g.label)}  (w={g.weight:g})")
    numbers = " ".join(f"{i:>3}" for i in range(1, len(goals) + 1))
    header = f"{_('Review day'):<12} {'T':>6}  " + numbers
    typer.echo(header)
    for p in points:
        day = _("start") if p.day is None else fmt_date(p.day)
        t = "–" if p.t is None else fmt_number(p.t)
        levels = " ".join(f"{_signed(p.levels.get(g.id)):>3}" for g in goals)
        typer.echo(f"{day:<12} {t:>6}  {levels}")
    if is_plain(plain):
        return  # the chart is drawing, not data
    chart = gas_core.text_chart([p.t for p in points], height=4)
    for row in chart:
        typer.echo("       │" + row)


def _signed(level):
    if level is None:
        return "–"
    return f"+{level}" if level > 0 else str(level)


@goals_app.command("rho", help=N_(
    "Show or store ρ for the GAS T-score (Kiresuk & Sherman; default "
    "0.3)."))
def rho_setting(
    value: Annotated[float | None, typer.Argument(
        help=N_("The assumed correlation between goals for the GAS T-score, 0–0.99; omit to "
        "show."))] = None,
) -> None:
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    if value is None:
        typer.echo(str(goals_svc.gas_rho(ctx)))
        return
    try:
        goals_svc.set_gas_rho(ctx, value)
    except ValueError as exc:
        fail(str(exc))
    typer.echo(str(value))


@goals_app.command("add", help=N_(
    "Add a goal or measure (same checks as the goal editor); prints its "
    "id."))
def add(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    text: Annotated[str, typer.Option("--text", help=N_("In the client's words."))],
    level: Annotated[str, typer.Option("--level", help=N_(
        "leitziel, rahmenziel, handlungsziel or massnahme."))] = "handlungsziel",
    parent: Annotated[str | None, typer.Option("--parent", help=N_(
        "The goal it belongs under (its id or first 8 characters)."))] = None,
    indicator: Annotated[str, typer.Option("--indicator")] = "",
    target: Annotated[str, typer.Option("--target")] = "",
    due: Annotated[str, typer.Option("--due", help=N_("DD.MM.YYYY or +2w."))] = "",
    responsible: Annotated[str, typer.Option("--responsible", help=N_(
        "A measure: client, worker, provider, network, other."))] = "",
    responsible_name: Annotated[str, typer.Option("--responsible-name")] = "",
    needs_approval: Annotated[bool, typer.Option(
        "--needs-approval", help=N_("A measure the team lead must approve."))] = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core.goals import check_goal
    from caseterm.core.validate import InputError
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "goal")
    try:
        data = check_goal({"level": level, "text_client": text, "indicator": indicator,
                           "target": target, "due_date": due, "responsible": responsible,
                           "responsible_name": responsible_name,
                           "needs_approval": needs_approval})
    except InputError as exc:
        input_errors(exc)
    with door_errors():
        parent_id = find_goal(goals_svc.tree(ctx, case_id), parent).id if parent else None
        gid = goals_svc.add_goal(ctx, case_id, data, parent_id=parent_id)
    typer.echo(str(gid))


@goals_app.command("move", help=N_(
    "Move a goal among its siblings, or in and out of the tree, as "
    "Alt+arrows do."))
def move(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    goal: Annotated[str, typer.Argument(help=N_("The goal's id (or its first 8 characters)."))],
    direction: Annotated[str, typer.Argument(help=N_(
        "up, down, in (under the goal above) or out (one level up)."))],
) -> None:
    from caseterm.i18n import _
    from caseterm.services import goals as goals_svc

    if direction not in ("up", "down", "in", "out"):
        fail(_("direction: one of up, down, in, out"))
    from caseterm.commands.case import case_id_of

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "goal")
    with door_errors():
        g = find_goal(goals_svc.tree(ctx, case_id), goal)
        if direction in ("up", "down"):
            moved = goals_svc.move(ctx, g.id, -1 if direction == "up" else 1)
        elif direction == "in":
            moved = goals_svc.indent(ctx, g.id)
        else:
            moved = goals_svc.outdent(ctx, g.id)
    if not moved:
        fail(_("The goal cannot move that way."))
    typer.echo("ok")


@goals_app.command("drop", help=N_(
    "Drop a goal and what lies under it (kept in the history with "
    "status dropped)."))
def drop(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    goal: Annotated[str, typer.Argument(help=N_("The goal's id (or its first 8 characters)."))],
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "goal")
    with door_errors():
        g = find_goal(goals_svc.tree(ctx, case_id), goal)
        n = goals_svc.drop(ctx, g.id)
    typer.echo(str(n))
