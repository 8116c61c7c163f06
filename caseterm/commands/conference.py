"""`caseterm conference …` (Fallkonferenz), `caseterm closure …` (evaluation, closure,
after-care, reopening) and `caseterm costs …` (costs of measures and referrals, personal
budgets): the CLI twins of the conference and closure screens."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, print_json
from caseterm.i18n import N_

conference_app = typer.Typer(help=N_("Case conferences (Fallkonferenz / Helferkonferenz)."),
                             no_args_is_help=True)
closure_app = typer.Typer(help=N_("Evaluation, closure, after-care and reopening of a case."),
                          no_args_is_help=True)
costs_app = typer.Typer(help=N_("Costs of measures and referrals; personal budgets."),
                        no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(conference_app, name="conference")
    app.add_typer(closure_app, name="closure")
    app.add_typer(costs_app, name="costs")


def _id(text: str, what: str = "id") -> uuid.UUID:
    from caseterm.i18n import _

    try:
        return uuid.UUID(text.strip())
    except ValueError:
        fail(_("{what}: not an id: {value}").format(what=what, value=text[:40]))


# -- conference ----------------------------------------------------------------------------
@conference_app.command("plan", help=N_(
    "Plan a conference on a case; prints its id."))
def plan(number: str,
         held_on: Annotated[str, typer.Option("--date", help=N_("DD.MM.YYYY"))],
         kind: Annotated[str, typer.Option("--kind", help=N_("fallkonferenz or helferkonferenz"))]
         = "fallkonferenz",
         title: Annotated[str, typer.Option("--title")] = "") -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import conference as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "conference")
    with door_errors():
        typer.echo(svc.plan(ctx, case_id, {"held_on": held_on, "kind": kind, "title": title}))


@conference_app.command("list", help=N_(
    "The case's conferences, newest first."))
def list_(number: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core.conference import kind_label
    from caseterm.i18n import fmt_date
    from caseterm.services import conference as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "conference")
    with door_errors():
        rows = svc.list_for_case(ctx, case_id)
    if as_json:
        print_json([{"id": str(i), "held_on": d, "kind": k, "status": s, "title": t}
                    for i, d, k, s, t in rows])
        return
    from caseterm.core.safe_text import one_line

    for i, d, k, s, t in rows:
        typer.echo(f"{i}  {fmt_date(d)}  {kind_label(k)} ({kind_label(s)})  {one_line(t)}")


@conference_app.command("invite", help=N_(
    "Invite a colleague (--worker) or an external participant (--external --name "
    "--org; the disclosure check must pass)."))
def invite(conference: str,
           worker: Annotated[str, typer.Option("--worker", help=N_("User name (internal)."))] = "",
           name: Annotated[str, typer.Option("--name")] = "",
           organisation: Annotated[str, typer.Option("--org")] = "",
           external: Annotated[bool, typer.Option("--external")] = False) -> None:
    from caseterm.services import conference as svc

    ctx = open_ctx()
    with door_errors():
        typer.echo(svc.invite(ctx, _id(conference), {
            "worker": worker, "name": name, "organisation": organisation,
            "external": external}))


@conference_app.command("agenda", help=N_(
    "The agenda drawn from the case."))
def agenda(conference: str) -> None:
    from caseterm.core.safe_text import clean
    from caseterm.services import conference as svc

    ctx = open_ctx()
    with door_errors():
        for line in svc.agenda(ctx, _id(conference)).lines():
            typer.echo(clean(line))


@conference_app.command("protocol", help=N_(
    "Record the protocol and attendance; the conference is then held."))
def protocol(conference: str,
             text: Annotated[str, typer.Option("--text", help=N_("The protocol."))],
             present: Annotated[str, typer.Option(
                 "--present", help=N_("Names of those present, comma-separated (the others "
                 "are recorded absent)."))] = "") -> None:
    from caseterm.services import conference as svc

    ctx = open_ctx()
    cid = _id(conference)
    names = {n.strip().casefold() for n in present.split(",") if n.strip()}
    with door_errors():
        row = svc.get(ctx, cid)
        svc.record_protocol(ctx, cid, text, {p.id: p.name.casefold() in names
                                             for p in row.participants})


@conference_app.command("decide", help=N_(
    "A decision with an owner and a date; it lands in the owner's queue."))
def decide(conference: str,
           text: Annotated[str, typer.Option("--text")],
           owner: Annotated[str, typer.Option("--owner", help=N_("User name of the owner."))] = "",
           due: Annotated[str, typer.Option("--due", help=N_("DD.MM.YYYY"))] = "",
           kind: Annotated[str, typer.Option("--kind", help=N_("measure, followup or referral"))]
           = "followup") -> None:
    from caseterm.services import conference as svc

    ctx = open_ctx()
    with door_errors():
        typer.echo(svc.decide(ctx, _id(conference), {"text": text, "owner": owner,
                                                     "due_date": due, "kind": kind}))


@conference_app.command("show", help=N_(
    "Participants, protocol and decisions."))
def show(conference: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from dataclasses import asdict

    from caseterm.core.conference import kind_label
    from caseterm.core.safe_text import clean, one_line
    from caseterm.i18n import _, fmt_date
    from caseterm.services import conference as svc

    ctx = open_ctx()
    with door_errors():
        row = svc.get(ctx, _id(conference))
    if as_json:
        print_json(asdict(row))
        return
    typer.echo(one_line(f"{row.case_number}  {kind_label(row.kind)}  {fmt_date(row.held_on)}"
                        f"  ({kind_label(row.status)})  {row.title}"))
    typer.echo(_("Participants"))
    for p in row.participants:
        typer.echo(one_line(f"  {p.name} {p.organisation}"))
    typer.echo(_("Protocol"))
    typer.echo(clean(row.protocol or "–"))
    typer.echo(_("Decisions"))
    for d in row.decisions:
        typer.echo(one_line(f"  {fmt_date(d.due_date)}  {d.owner}: {d.text} "
                            f"({kind_label(d.kind)})"))


@conference_app.command("pdf", help=N_(
    "The protocol as PDF."))
def pdf(conference: str, target: Path) -> None:
    from caseterm.services import conference as svc

    ctx = open_ctx()
    with door_errors():
        path = svc.export_protocol(ctx, _id(conference), target)
    from caseterm.commands.office import warn_logo

    warn_logo(ctx)
    typer.echo(path)


# -- closure -------------------------------------------------------------------------------
@closure_app.command("evaluation", help=N_(
    "Each goal's attainment and the GAS T-score at start and now."))
def evaluation(number: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from dataclasses import asdict

    from caseterm.commands.case import case_id_of
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import _
    from caseterm.services import closure as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "evaluation")
    with door_errors():
        ev = svc.evaluation(ctx, case_id)
    if as_json:
        print_json(asdict(ev))
        return
    typer.echo(_("GAS T-score: start {start}, now {final}").format(
        start=_t(ev.t_start), final=_t(ev.t_final)))
    for g in ev.goals:
        typer.echo(one_line(f"  {_lvl(g.start)} → {_lvl(g.final)}  {g.text}"))


def _t(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def _lvl(value) -> str:
    return "–" if value is None else f"{value:+d}"


@closure_app.command("close", help=N_(
    "Close the case with its evaluation (or the reason why there is none)."))
def close(number: str,
          reason: Annotated[str, typer.Option("--reason", help=N_("Closure reason, e.g. "
                                              "goals_achieved, client_withdrew, moved."))] = "",
          client_view: Annotated[str, typer.Option("--client-view", help=N_("The client's own "
                                                   "view, in her words."))] = "",
          no_evaluation: Annotated[str, typer.Option("--no-evaluation", help=N_("Why there is "
                                                     "no evaluation."))] = "",
          integrated_on: Annotated[str, typer.Option("--integrated-on", help=N_("SGB II: start "
                                                     "of work, DD.MM.YYYY."))] = "",
          note: Annotated[str, typer.Option("--note")] = "") -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import closure as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "closure")
    with door_errors():
        svc.close(ctx, case_id, {"closure_reason": reason, "client_view": client_view,
                                 "no_evaluation_reason": no_evaluation,
                                 "integrated_on": integrated_on, "note": note})


@closure_app.command("reopen", help=N_(
    "Reopen a closed case (back to intake); the closure stays in the history."))
def reopen(number: str, reason: Annotated[str, typer.Option("--reason")] = "") -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import closure as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "reopen")
    with door_errors():
        svc.reopen(ctx, case_id, reason)


@closure_app.command("aftercare", help=N_(
    "Record the after-care result: did the outcome last?"))
def aftercare(number: str,
              lasted: Annotated[bool, typer.Option("--lasted/--not-lasted")]) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import closure as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "aftercare")
    with door_errors():
        svc.record_aftercare(ctx, case_id, lasted)


@closure_app.command("history", help=N_(
    "Every closure of the case with its evaluation."))
def history(number: str) -> None:
    from dataclasses import asdict

    from caseterm.commands.case import case_id_of
    from caseterm.services import closure as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "closure")
    with door_errors():
        print_json([asdict(c) for c in svc.closures(ctx, case_id)])


@closure_app.command("aftercare-months", help=N_(
    "Show, or set (team lead, administrator), the months to the after-care check."))
def aftercare_months(area: Annotated[str | None, typer.Argument()] = None,
                     months: Annotated[int | None, typer.Argument()] = None) -> None:
    from caseterm.services import closure as svc

    ctx = open_ctx()
    with door_errors():
        if area is not None and months is not None:
            svc.set_aftercare_months(ctx, area, months)
        for k, v in svc.aftercare_months(ctx).items():
            typer.echo(f"{k}: {v}")


# -- costs ---------------------------------------------------------------------------------
@costs_app.command("set", help=N_(
    "Provider, cost bearer, legal basis, planned and actual cost of a measure or "
    "referral."))
def set_cost(bearer: Annotated[str, typer.Option("--bearer", help=N_("Cost bearer."))] = "",
             measure: Annotated[str, typer.Option("--measure", help=N_("Measure id."))] = "",
             referral: Annotated[str, typer.Option("--referral", help=N_("Referral id."))] = "",
             planned: Annotated[str, typer.Option("--planned", help=N_("EUR, e.g. 1250,00"))]
             = "",
             actual: Annotated[str, typer.Option("--actual", help=N_("EUR"))] = "",
             basis: Annotated[str, typer.Option("--basis", help=N_("Legal basis."))] = "",
             provider: Annotated[str, typer.Option("--provider")] = "",
             offering: Annotated[str, typer.Option("--offering", help=N_("Offering id of the "
                                                   "directory."))] = "") -> None:
    from caseterm.services import closure as svc

    ctx = open_ctx()
    with door_errors():
        svc.set_cost(ctx, {"cost_bearer": bearer, "planned": planned, "actual": actual,
                           "legal_basis": basis, "provider": provider,
                           "offering_id": offering},
                     goal_id=_id(measure, "--measure") if measure else None,
                     referral_id=_id(referral, "--referral") if referral else None)


@costs_app.command("list", help=N_(
    "The case's costs and personal budgets."))
def list_costs(number: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from dataclasses import asdict

    from caseterm.commands.case import case_id_of
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import fmt_date, fmt_money
    from caseterm.services import closure as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "cost")
    with door_errors():
        rows, budgets = svc.costs(ctx, case_id), svc.budgets(ctx, case_id)
    if as_json:
        print_json({"costs": [asdict(r) for r in rows], "budgets": [asdict(b) for b in budgets]})
        return
    for r in rows:
        typer.echo(one_line(f"{r.subject}: {r.cost_bearer} {r.legal_basis} "
                            f"{fmt_money(r.planned)} / {fmt_money(r.actual)} {r.provider}"))
    for b in budgets:
        typer.echo(one_line(f"{fmt_money(b.amount)} {fmt_date(b.period_from)}–"
                            f"{fmt_date(b.period_to)} {b.purpose}"))


@costs_app.command("budget", help=N_(
    "Record a personal budget (Persönliches Budget)."))
def budget(number: str,
           amount: Annotated[str, typer.Option("--amount", help=N_("EUR"))],
           period_from: Annotated[str, typer.Option("--from")],
           period_to: Annotated[str, typer.Option("--to")],
           purpose: Annotated[str, typer.Option("--purpose")],
           bearer: Annotated[str, typer.Option("--bearer")] = "") -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import closure as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "budget")
    with door_errors():
        typer.echo(svc.add_budget(ctx, case_id, {
            "amount": amount, "period_from": period_from, "period_to": period_to,
            "purpose": purpose, "cost_bearer": bearer}))
