"""`caseterm assessment …`: the CLI twin of the assessment screen (show, set one life domain,
mark complete). Nothing is written by reading; the first saved domain starts the assessment."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, input_errors, open_ctx
from caseterm.commands.output import JsonOpt, PlainOpt, emit, is_plain
from caseterm.core.columns import Column
from caseterm.i18n import N_

assessment_app = typer.Typer(help=N_("The assessment of a case: show, set a life domain, "
                                     "mark complete."), no_args_is_help=True)

FIELDS = ("strengths", "problems", "client_view", "worker_view")


def register(app: typer.Typer) -> None:
    app.add_typer(assessment_app, name="assessment")


def _columns(scheme):
    from caseterm.core.vocab import label

    def title(e):
        d = scheme.domain(e[0])
        return d.title if d else e[0]

    return (
        Column("domain_id", N_("Domain"), lambda e: e[0], table=False),
        Column("title", N_("Life domain"), title),
        Column("rating", N_("Rating"), lambda e: e[1].rating,
               lambda e: scheme.scale_label(e[1].rating)),
        Column("urgency", N_("Urgency"), lambda e: e[1].urgency.value,
               lambda e: label(e[1].urgency)),
        Column("strengths", N_("Strengths"), lambda e: e[1].strengths),
        Column("problems", N_("Problems"), lambda e: e[1].problems),
        Column("client_view", N_("Client's view"), lambda e: e[1].client_view),
        Column("worker_view", N_("Professional view"), lambda e: e[1].worker_view),
        Column("row_version", "row_version", lambda e: e[2], table=False),
    )


def _current(view):
    return next((r for r in view.rows if r.id == view.chosen), None)


@assessment_app.command("show", help=N_(
    "The current assessment of a case: every life domain of its scheme."))
def show(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    as_json: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core.schemes import DomainEntry, get_scheme
    from caseterm.i18n import _, fmt_date
    from caseterm.services import assessment as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "assessment")
    with door_errors():
        view = svc.view(ctx, case_id)
    cur = _current(view)
    scheme = get_scheme(cur.scheme_id) if cur else get_scheme()
    entries = [(d.id, (cur.entries.get(d.id) if cur else None) or DomainEntry(d.id),
                (cur.versions.get(d.id, 0) if cur else 0)) for d in scheme.domains]
    head = {"case_number": view.case_number, "id": str(cur.id) if cur else None,
            "scheme": scheme.id, "assessed_on": cur.assessed_on.isoformat() if cur else None,
            "completed_on": cur.completed_on.isoformat() if cur and cur.completed_on else None}
    if not as_json:
        state = (_("none yet") if cur is None else
                 _("complete since {date}").format(date=fmt_date(cur.completed_on))
                 if cur.completed_on else _("open since {date}").format(
                     date=fmt_date(cur.assessed_on)))
        # a title, not a record: on stderr in --plain, so stdout is the header and the rows
        typer.echo(f"{view.case_number}: {scheme.title} ({state})", err=is_plain(plain))
    emit(entries, _columns(scheme), as_json=as_json, plain=plain,
         wrap=lambda data: head | {"domains": data})


@assessment_app.command("set", help=N_(
    "Save one life domain; only the options given change, the other "
    "fields keep their stored values. Starts the assessment when none "
    "is open."))
def set_(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    domain: Annotated[str, typer.Argument(help=N_("The life domain's id (assessment show)."))],
    strengths: Annotated[str | None, typer.Option("--strengths")] = None,
    problems: Annotated[str | None, typer.Option("--problems")] = None,
    client_view: Annotated[str | None, typer.Option("--client-view")] = None,
    worker_view: Annotated[str | None, typer.Option("--worker-view")] = None,
    urgency: Annotated[str | None, typer.Option("--urgency", help=N_(
        "none, low, medium, high."))] = None,
    rating: Annotated[str | None, typer.Option("--rating", help=N_(
        "On the scheme's scale; an empty text clears it."))] = None,
    version: Annotated[int | None, typer.Option("--version", help=N_(
        "The domain's row_version you read (assessment show --json): a change by someone "
        "else to the same field since then is refused with exit code 4."))] = None,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core.schemes import DomainEntry, check_domain_entry, get_scheme
    from caseterm.core.validate import InputError
    from caseterm.i18n import _
    from caseterm.services import assessment as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "assessment")
    given = {k: v for k, v in (("strengths", strengths), ("problems", problems),
                               ("client_view", client_view), ("worker_view", worker_view),
                               ("urgency", urgency), ("rating", rating)) if v is not None}
    if not given:
        fail(_("Nothing to change: give at least one of --strengths, --problems, "
                "--client-view, --worker-view, --urgency, --rating."))
    with door_errors():
        view = svc.view(ctx, case_id)
    cur = _current(view)
    if cur is not None and cur.complete:
        cur = None  # complete: kept as it was; the change starts a new assessment
    scheme = get_scheme(cur.scheme_id) if cur else get_scheme()
    stored = (cur.entries.get(domain) if cur else None) or DomainEntry(domain)
    raw = svc.entry_values(stored) | given | {"domain_id": domain}
    try:
        entry = check_domain_entry(raw, scheme)
    except InputError as exc:
        input_errors(exc)
    stored_version = cur.versions.get(domain, 0) if cur else 0
    with door_errors():
        # Without --version: only the fields given change (the stored entry is the base).
        # With a stale --version we do not know what was read: every field set is checked.
        svc.save_entry(ctx, case_id, cur.id if cur else None, entry,
                       base_version=stored_version if version is None else version,
                       base=stored if version is None or version == stored_version else None)
    typer.echo("ok")


@assessment_app.command("complete", help=N_(
    "Mark the open assessment complete (strengths recorded, every "
    "domain looked at)."))
def complete(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.i18n import _
    from caseterm.services import assessment as svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "assessment")
    with door_errors():
        view = svc.view(ctx, case_id)
        cur = _current(view)
        if cur is None:
            fail(_("Nothing is recorded yet: save a life domain first."))
        day = svc.complete(ctx, cur.id)
    typer.echo(day.isoformat())
