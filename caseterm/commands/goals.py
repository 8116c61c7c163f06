"""`caseterm goals …` and `caseterm gas CASE`: the CLI twins of the goal editor's SMART check,
the goal tree and the GAS T-score history."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import fail, open_db, print_json

goals_app = typer.Typer(help="Goals: the SMART(ER) check and the goal tree of a case.",
                        no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(goals_app, name="goals")
    app.command("gas")(gas)


def _case_id(database, number: str):
    from caseterm.db.repo import cases

    case_id = cases.find_by_number(database, number)
    if case_id is None:
        fail(f"no case with number {number!r}")
    return case_id


@goals_app.command("check")
def check(
    text: Annotated[str, typer.Argument(help="The goal sentence, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable result.")] = False,
) -> None:
    """Check one goal sentence against SMART: specific, measurable, attractive, realistic,
    time-bound. Exit code 0 when every criterion passes, 2 otherwise."""
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


@goals_app.command("list")
def list_goals(
    number: Annotated[str, typer.Argument(help="Case number, e.g. JC-2026-00001.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The goal tree of a case with the SMART(ER) score of each action goal and measure."""
    from caseterm.core import clock
    from caseterm.core.goals import GoalLevel, GoalStatus, glabel
    from caseterm.core.safe_text import one_line
    from caseterm.core.smart import CheckContext, check_fields
    from caseterm.db.repo import agreements
    from caseterm.db.repo import goals as goals_repo
    from caseterm.i18n import fmt_date

    database = open_db()
    case_id = _case_id(database, number)
    tree = goals_repo.load_tree(database, case_id)
    view = agreements.view(database, case_id)
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
        out.append(d)
    if as_json:
        print_json({"case_number": tree.case_number, "goals": out})
        return
    if not out:
        typer.echo("–")
        return
    for d, g in zip(out, tree.goals, strict=True):
        line = "  " * g.depth + f"[{glabel(g.level)}] {one_line(g.text_client, 90)}"
        if g.due_date:
            line += f" → {fmt_date(g.due_date)}"
        line += f" ({glabel(g.status)})"
        if d["smart"]:
            line += f" SMART {d['smart']['passed']}/{d['smart']['total']}"
        typer.echo(line)


def gas(
    number: Annotated[str, typer.Argument(help="Case number, e.g. JC-2026-00001.")],
    rho: Annotated[float | None, typer.Option(
        "--rho", help="Assumed correlation between goals, 0–0.99 (default: stored or 0.3).")]
    = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """GAS T-score history of a case: T at the start and at every review, always with each
    goal's level."""
    from caseterm.core import gas as gas_core
    from caseterm.core.safe_text import one_line
    from caseterm.db.repo import goals as goals_repo
    from caseterm.db.repo import settings
    from caseterm.i18n import _, fmt_date, fmt_number

    database = open_db()
    case_id = _case_id(database, number)
    if rho is None:
        stored = settings.get(database, "gas_rho")
        rho = float(stored) if stored else gas_core.DEFAULT_RHO
    try:
        gas_core.check_rho(rho)
    except ValueError as exc:
        fail(str(exc))
    tree = goals_repo.load_tree(database, case_id)
    goals = goals_repo.gas_goals(tree)
    points = goals_repo.gas_history(tree, rho)
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
        typer.echo(f"  {i}. {one_line(g.label, 70)}  (w={g.weight:g})")
    numbers = " ".join(f"{i:>3}" for i in range(1, len(goals) + 1))
    header = f"{_('Review day'):<12} {'T':>6}  " + numbers
    typer.echo(header)
    for p in points:
        day = _("start") if p.day is None else fmt_date(p.day)
        t = "–" if p.t is None else fmt_number(p.t)
        levels = " ".join(f"{_signed(p.levels.get(g.id)):>3}" for g in goals)
        typer.echo(f"{day:<12} {t:>6}  {levels}")
    chart = gas_core.text_chart([p.t for p in points], height=4)
    for row in chart:
        typer.echo("       │" + row)


def _signed(level):
    if level is None:
        return "–"
    return f"+{level}" if level > 0 else str(level)


@goals_app.command("rho")
def rho_setting(
    value: Annotated[float | None, typer.Argument(
        help="The assumed correlation between goals for the GAS T-score, 0–0.99; omit to "
        "show.")] = None,
) -> None:
    """Show or store ρ for the GAS T-score (Kiresuk & Sherman; default 0.3)."""
    from caseterm.core import gas as gas_core
    from caseterm.db.repo import settings

    database = open_db()
    if value is None:
        typer.echo(settings.get(database, "gas_rho") or str(gas_core.DEFAULT_RHO))
        return
    try:
        gas_core.check_rho(value)
    except ValueError as exc:
        fail(str(exc))
    settings.set(database, "gas_rho", str(value))
    typer.echo(str(value))
