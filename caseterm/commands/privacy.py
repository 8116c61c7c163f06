"""`caseterm privacy …`: data protection (Datenschutz) — access report, restriction, legal
hold, erasure, retention schedule, record of processing. The CLI twin of the TUI's actions;
all through services.privacy (the door)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, open_ctx, print_json
from caseterm.i18n import N_

privacy_app = typer.Typer(help=N_("Data protection: access, erasure, restriction, retention, "
                                  "register."), no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(privacy_app, name="privacy")


# Options of every export that can leave the office (plan PDF, network map): the recipient and,
# where no consent covers it, the legal basis with its reason (services.privacy.disclose).
To = Annotated[str, typer.Option(
    "--to", help=N_("Recipient outside this office (checked against the consents on file)."))]
Basis = Annotated[str | None, typer.Option(
    "--legal-basis", help=N_("Legal basis instead of a consent: child_protection (§ 8a SGB VIII), "
    "sgb_x_69, sgb_x_68, other."))]
BasisReason = Annotated[str, typer.Option("--basis-reason", help=N_("Why the legal basis "
                                                                 "applies."))]

Number = Annotated[str, typer.Argument(help=N_("Case number of the person, e.g. JC-2026-00001."))]
Reason = Annotated[str, typer.Option("--reason", help=N_("Why (kept with the record; no names)."))]


@privacy_app.command(
    "access",
    help=N_("Everything stored about the person (Art. 15 GDPR, § 83 SGB X), as PDF and "
    "JSON; third parties' data redacted."))
def access(
    number: Number,
    out: Annotated[Path, typer.Option("--out", help=N_("Folder for the PDF and the JSON."))]
    = Path("."),
    withhold: Annotated[list[str] | None, typer.Option(
        "--withhold", help=N_("A part withheld, with its reason (§ 83 SGB X); repeatable."))]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the JSON instead of "
                                                         "writing files."))] = False,
) -> None:
    from caseterm.i18n import language
    from caseterm.services import privacy

    ctx = open_ctx()
    with door_errors():
        if as_json:
            print_json(privacy.access_report(ctx, number, withheld=withhold or []))
            return
        pdf, js = privacy.write_access_report(ctx, number, out, lang=language(),
                                              withheld=withhold or [])
    typer.echo(f"pdf: {pdf}")
    typer.echo(f"json: {js}")


@privacy_app.command(
    "restrict",
    help=N_("Restrict a case (Sperrung, Art. 18 GDPR, § 84 SGB X): kept, hidden from "
    "normal work."))
def restrict(number: Number, reason: Reason = "",
             lift: Annotated[bool, typer.Option("--lift", help=N_("Lift the restriction."))]
             = False) -> None:
    from caseterm.i18n import _
    from caseterm.services import privacy

    ctx = open_ctx()
    with door_errors():
        privacy.restrict(ctx, number, reason, lift=lift)
    typer.echo(_("Restriction lifted.") if lift else _("Case restricted."))


@privacy_app.command(
    "hold",
    help=N_("Put a legal hold on a case: nothing erases it while the hold lasts."))
def hold(number: Number, reason: Reason = "",
         release: Annotated[bool, typer.Option("--release", help=N_("End the hold."))] = False
         ) -> None:
    from caseterm.i18n import _
    from caseterm.services import privacy

    ctx = open_ctx()
    with door_errors():
        privacy.hold(ctx, number, reason, release=release)
    typer.echo(_("Legal hold released.") if release else _("Legal hold set."))


@privacy_app.command(
    "erase",
    help=N_("Erase a case (or --person) for good, from the database file, its WAL and the"
    " backups caseterm made; the audit trail keeps the fact, not the content."))
def erase(
    number: Number, reason: Reason = "",
    person: Annotated[bool, typer.Option("--person", help=N_("Erase the person with all her "
                                                          "cases."))] = False,
    early: Annotated[bool, typer.Option(
        "--before-period-end", help=N_("Erase although the retention period still runs "
        "(e.g. stored unlawfully; give the reason)."))] = False,
    yes: Annotated[bool, typer.Option("--yes", help=N_("Do not ask."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON."))] = False,
) -> None:
    from caseterm.i18n import _
    from caseterm.services import privacy

    ctx = open_ctx()
    if not yes and not typer.confirm(_("Erase for good? This cannot be undone."),
                                     default=False):
        raise typer.Exit(1)
    with door_errors():
        fn = privacy.erase_person if person else privacy.erase_case
        done = fn(ctx, number, reason, before_period_end=early)
    if as_json:
        print_json({"erased": done.case_numbers, "rows": done.rows,
                    "audit_redacted": done.redacted, "backups": done.backups})
        return
    typer.echo(_("Erased: {cases} ({rows} records; {redacted} audit entries redacted; "
                 "{backups} backups cleaned).").format(
                     cases=", ".join(done.case_numbers), rows=done.rows,
                     redacted=done.redacted, backups=len(done.backups)))


@privacy_app.command(
    "retention",
    help=N_("The retention schedule: what is due and why (--dry-run), or do it (--run, by"
    " the data-protection officer: that is the approval)."))
def retention(
    dry_run: Annotated[bool, typer.Option("--dry-run/--run", help=N_("List what is due "
                                          "(default), or do it."))] = True,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON."))] = False,
) -> None:
    from caseterm.i18n import _
    from caseterm.services import privacy

    ctx = open_ctx()
    with door_errors():
        if dry_run:
            due = privacy.retention_due(ctx)
            rows = [{"case_number": d.facts.case_number, "action": d.action.value,
                     "rule": d.rule.id, "trigger": d.rule.trigger.value,
                     "trigger_on": d.trigger_on.isoformat(), "due_on": d.due_on.isoformat(),
                     "legal_hold": d.held, "basis": d.rule.basis} for d in due]
            if as_json:
                print_json(rows)
                return
            if not rows:
                typer.echo(_("Nothing is due."))
            for r in rows:
                held = " " + _("(legal hold: will not be deleted)") if r["legal_hold"] else ""
                typer.echo(f"{r['case_number']}  {r['action']}  {r['due_on']}  "
                           f"{r['rule']} ({r['trigger']} {r['trigger_on']}): "
                           f"{r['basis']}{held}")
            return
        steps = privacy.retention_run(ctx)
    rows = [{"case_number": s.case_number, "action": s.action, "rule": s.rule,
             "done": s.done, "note": s.note} for s in steps]
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo(_("Nothing is due."))
    for r in rows:
        mark = _("done") if r["done"] else _("refused")
        typer.echo(f"{r['case_number']}  {r['action']}  {mark}  {r['rule']} {r['note']}")


@privacy_app.command(
    "register",
    help=N_("The record of processing activities (Art. 30 GDPR), filled in from the "
    "configuration: a starting document for the office's register."))
def register_(as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON."))]
              = False) -> None:
    from caseterm.services import privacy

    ctx = open_ctx()
    with door_errors():
        data = privacy.register(ctx)
    if as_json:
        print_json(data)
        return
    typer.echo(_register_text(data))


def _register_text(d: dict) -> str:
    from caseterm.i18n import _

    lines = [_("Record of processing activities (Art. 30 (1) GDPR)"), d["made_on"], ""]
    lines.append(_("Controller") + ":")
    lines += [f"  {c['office']} ({c['land']})" for c in d["controller"]] or ["  —"]
    lines.append(_("Data-protection officer") + ": " + (", ".join(
        d["data_protection_officers"]) or "—"))
    lines.append("")
    lines.append(_("Processing activities") + ":")
    for a in d["activities"]:
        lines += [f"  {a['legal_area']} ({a['cases']})", f"    {a['purpose']}",
                  f"    {a['legal_basis']}", f"    {a['deletion']}"]
    for key, title in (("data_subjects", _("Categories of persons")),
                       ("data_categories", _("Categories of data")),
                       ("recipients", _("Recipients")),
                       ("measures", _("Technical and organisational measures"))):
        lines.append("")
        lines.append(title + ":")
        lines += [f"  - {x}" for x in d[key]]
    lines.append("")
    lines.append(_("Transfers to third countries") + ": " + d["third_countries"])
    return "\n".join(lines)
