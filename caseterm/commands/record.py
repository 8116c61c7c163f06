"""`caseterm client edit|show`, `caseterm case edit|notes|search`: the CLI twin of editing
the record after the intake and of reading the whole record (services.record)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from caseterm.commands.case import case_app, case_id_of
from caseterm.commands.common import door_errors, fail, open_ctx, print_json
from caseterm.i18n import N_, _

client_app = typer.Typer(help=N_("The client of a case: show and edit master data, languages, "
                         "interpreter, household, district."), no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(client_app, name="client")


def _iso(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _state_json(st) -> dict:
    return {"case_number": st.case_number, "client_version": st.client_version,
            "case_version": st.case_version, "intake_version": st.intake_version,
            "client": {k: _iso(v) for k, v in st.client.items()},
            "case": {**st.case, "urgency": st.urgency},
            "household": [{"name": m.name, "relation": m.relation,
                           "birth_date": _iso(m.birth_date),
                           "in_benefit_unit": m.in_benefit_unit} for m in st.household]}


Correction = Annotated[bool, typer.Option(
    "--correction", help=N_("The change corrects a wrongly recorded fact (needs --reason)."))]
Reason = Annotated[str, typer.Option("--reason", help=N_("Why (required for a correction)."))]
BaseVersion = Annotated[int | None, typer.Option(
    "--base-version", help=N_("The version this edit starts from (client show --json); "
    "exit code 4 when someone else changed the same field since."))]


@client_app.command("show", help=N_(
        "The client's data as stored now, with the versions an edit starts from (by case "
        "number, or by the person's id: a person merged into another shows that one)."))
def client_show(number: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from caseterm.services import merged, record

    ctx = open_ctx()
    person_id, who = merged.parse_id(number), None
    with door_errors():
        if person_id is not None:  # a person's id: a merged-away one answers with the survivor
            who = merged.person(ctx, person_id)
        st = record.state(ctx, who.case_id if who and who.case_id else
                          case_id_of(ctx, number, what="record"))
    data = _state_json(st)
    if who is not None:
        data["merged_into"] = ({"id": str(who.person_id), "name": who.name,
                                "case_number": who.case_number} if who.merged else None)
    if as_json:
        print_json(data)
        return
    from caseterm.core.safe_text import one_line

    if who is not None and who.merged:
        typer.echo(one_line(who.note()))
    for section in ("client", "case"):
        for k, v in data[section].items():
            typer.echo(f"{k}: {one_line('' if v is None else str(v))}")
    for m in data["household"]:
        typer.echo("household: " + one_line("; ".join(
            [m["name"], m["relation"], m["birth_date"] or "", "BG" if m["in_benefit_unit"]
             else ""])))
    typer.echo(f"client_version: {st.client_version}")
    typer.echo(f"case_version: {st.case_version}")


@client_app.command("edit", help=N_(
        "Change the client's data; only the options given change. Checked as at the intake: a "
        "wrong field is named and nothing changes."))
def client_edit(
    number: str,
    first_name: Annotated[str | None, typer.Option("--first-name")] = None,
    last_name: Annotated[str | None, typer.Option("--last-name")] = None,
    birth_date: Annotated[str | None, typer.Option("--birth-date", help=N_("DD.MM.YYYY"))] = None,
    gender: Annotated[str | None, typer.Option(
        "--gender", help=N_(
            "Gender: not_stated, female, male, diverse"))] = None,
    languages: Annotated[str | None, typer.Option("--languages")] = None,
    interpreter: Annotated[bool | None, typer.Option(
        "--interpreter/--no-interpreter", help=N_("Is an interpreter needed?"))] = None,
    phone: Annotated[str | None, typer.Option("--phone")] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    address: Annotated[str | None, typer.Option("--address")] = None,
    district: Annotated[str | None, typer.Option("--district", help=N_("Sozialraum"))] = None,
    household: Annotated[list[str] | None, typer.Option(
        "--household", help=N_("A household member \"Name; relation; DD.MM.YYYY; BG\" "
        "(repeat for each; replaces the household)."))] = None,
    no_household: Annotated[bool, typer.Option(
        "--no-household", help=N_("The client lives alone: remove all members."))] = False,
    correction: Correction = False,
    reason: Reason = "",
    base_version: BaseVersion = None,
) -> None:
    from caseterm.services import record

    given = {"first_name": first_name, "last_name": last_name, "birth_date": birth_date,
             "gender": gender, "languages": languages, "interpreter_needed": interpreter,
             "phone": phone, "email": email, "address": address, "district": district}
    raw = {k: v for k, v in given.items() if v is not None}
    if not raw and household is None and not no_household:
        fail(_("client edit: nothing to change; give --first-name, --birth-date, … or "
               "--household"))
    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "client_edit")
    changed: dict = {}
    with door_errors():
        if household is not None or no_household:
            from caseterm.core.intake import check_household, parse_household_lines

            members = parse_household_lines("\n".join(household or []))[0]
            check_household(members)  # before anything is written
        if raw:
            changed = record.edit_client(ctx, case_id, raw, base_version=base_version,
                                         correction=correction, reason=reason)
        if household is not None or no_household:
            record.edit_household(ctx, case_id, members, correction=correction,
                                  reason=reason)
            changed["household"] = len(members)
    typer.echo(", ".join(sorted(changed)) or "-")


@case_app.command("edit", help=N_(
        "Change the case data (legal area, title, child-protection flag, urgency)."))
def case_edit(
    number: str,
    legal_area: Annotated[str | None, typer.Option(
        "--legal-area", help=N_(
            "Legal area: sgb2, sgb8, sgb12, integration, other"))] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    child_protection: Annotated[bool | None, typer.Option(
        "--child-protection/--no-child-protection")] = None,
    urgency: Annotated[str | None, typer.Option(
        "--urgency", help=N_(
            "Urgency: routine, soon, urgent, crisis"))] = None,
    correction: Correction = False,
    reason: Reason = "",
    base_version: BaseVersion = None,
) -> None:
    from caseterm.services import record

    given = {"legal_area": legal_area, "title": title, "child_protection": child_protection,
             "urgency": urgency}
    raw = {k: v for k, v in given.items() if v is not None}
    if not raw:
        fail(_("case edit: nothing to change; give --legal-area, --title, --child-protection "
               "or --urgency"))
    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "case_edit")
    with door_errors():
        changed = record.edit_case(ctx, case_id, raw, base_version=base_version,
                                   correction=correction, reason=reason)
    typer.echo(", ".join(sorted(changed)) or "-")


def note_json(n) -> dict:
    return {"id": str(n.id), "occurred_at": n.occurred_at.isoformat(), "kind": n.kind.value,
            "participants": n.participants, "author": n.author, "text": n.text}


@case_app.command("notes", help=N_(
        "The case's contact notes, newest first: the newest 20, or --all, or --since DATE. JSON: "
        "a list of {id, occurred_at, kind, participants, author, text}."))
def case_notes(
    number: str,
    show_all: Annotated[bool, typer.Option("--all", help=N_("Every note, not just the newest."))]
    = False,
    since: Annotated[str | None, typer.Option("--since", help=N_("From this date on."))] = None,
    until: Annotated[str | None, typer.Option("--until", help=N_("Up to this date."))] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help=N_("Kind of contact: conversation, phone, home_visit, letter, "
                          "email, case_conference "
        "(repeatable)"))] = None,
    author: Annotated[str | None, typer.Option("--author", help=N_("Part of a name."))] = None,
    limit: Annotated[int, typer.Option("--limit", help=N_("How many without --all."))] = 20,
    oldest_first: Annotated[bool, typer.Option("--oldest-first")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from caseterm.services import record

    if limit < 1 or limit > 100_000:
        fail(_("--limit: a whole number from 1 to 100000"))
    ctx = open_ctx()
    case_id = case_id_of(ctx, number, what="notes")
    with door_errors():
        authors = record.note_authors(ctx, case_id) if author else None
        flt = record.note_filter({"since": since, "until": until, "kinds": kind or [],
                                  "author": author}, authors)
        everything = show_all or since is not None or until is not None
        rows, after = [], None
        while True:
            page = record.notes(ctx, case_id, flt, after=after,
                                limit=1000 if everything else limit,
                                newest_first=not oldest_first)
            rows.extend(page)
            if not everything or len(page) < 1000:
                break
            after = (page[-1].occurred_at, page[-1].id)
    if as_json:
        print_json([note_json(n) for n in rows])
        return
    from caseterm.core.safe_text import clean, one_line
    from caseterm.core.vocab import label
    from caseterm.i18n import fmt_datetime

    for n in rows:
        head = [fmt_datetime(n.occurred_at), label(n.kind), one_line(n.author)]
        if n.participants:
            head.append(one_line(n.participants))
        typer.echo(" · ".join(p for p in head if p))
        for line in clean(n.text).splitlines() or [""]:
            typer.echo("  " + line)
        typer.echo("")


@case_app.command("search", help=N_(
        "Search the case's notes, goals, assessment and referrals. JSON: a list of {source, id, "
        "when, label, snippet}."))
def case_search(number: str, query: str,
                as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from caseterm.services import record

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, what="search")
    with door_errors():
        hits = record.search(ctx, case_id, query)
    if as_json:
        print_json([{"source": h.source, "id": str(h.record_id), "when": _iso(h.when),
                     "label": h.label, "snippet": h.snippet} for h in hits])
        return
    from caseterm.core.safe_text import one_line

    for h in hits:
        when = _iso(record.as_date(h.when)) or ""
        typer.echo(f"{record.source_label(h.source)}\t{when}\t{one_line(h.snippet)}")
