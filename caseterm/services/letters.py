"""Letters through the door (issue 19): a consent form to sign and an invitation letter (to a
case conference or an appointment), in the shared page layout with the office's letterhead,
in German or English. Reading the case needs read access; every letter written is audited as
an export of the case (what, which language, the file name)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from caseterm.core.access import Need
from caseterm.core.consent import ConsentPurpose
from caseterm.core.validate import InputError
from caseterm.i18n import _, language
from caseterm.services.door import Ctx, NotFound, check_case, record

if TYPE_CHECKING:
    from caseterm.export.paper import Letterhead

__all__ = ["consent_form", "invitation"]


def _lang(lang: str | None) -> str:
    from caseterm.export.letters import LANGUAGES

    value = (lang or language() or "de").strip().lower()[:2]
    if value not in LANGUAGES:
        raise InputError({"lang": _("“{value}” is not allowed here; choose one of: "
                                    "{allowed}.").format(value=str(lang)[:20],
                                                         allowed=", ".join(LANGUAGES))})
    return value


def _target(target: Path, stem: str) -> Path:
    target = Path(target).expanduser()
    if target.is_dir() or not target.suffix:
        target.mkdir(parents=True, exist_ok=True)
        return target / f"{stem}.pdf"
    return target


def _case(ctx: Ctx, case_id: uuid.UUID):
    from caseterm.db.repo import cases as cases_repo

    check_case(ctx, case_id, Need.read, "letter")
    return cases_repo.overview(ctx.db, case_id, notes=0, followups=0).case


def _office(ctx: Ctx, lang: str) -> tuple[str, Letterhead]:
    from caseterm.services.paperwork import letterhead

    head = letterhead(ctx)
    return head.name or ("unsere Stelle" if lang == "de" else "our office"), head


def consent_form(ctx: Ctx, case_id: uuid.UUID, target: Path, *,
                 consent_id: uuid.UUID | None = None, purposes: list[str] | None = None,
                 recipients: list[str] | None = None, lang: str | None = None) -> Path:
    """The consent form to sign: a recorded consent's purposes and recipients (its copy, no
    draft mark; a withdrawn one marked so), or a form prepared with the given purposes and
    recipients before the consent is recorded (marked as a draft on every page)."""
    from caseterm.export.letters import ConsentFormData, write_consent_form
    from caseterm.services import consents

    lang = _lang(lang)
    detail = _case(ctx, case_id)
    office, head = _office(ctx, lang)
    name = f"{detail.first_name} {detail.last_name}"
    if consent_id is not None:
        row = next((r for r in consents.list_for_case(ctx, case_id) if r.id == consent_id),
                   None)
        if row is None:
            raise NotFound(_("No consent with the id {id}.").format(id=str(consent_id)[:40]))
        data = ConsentFormData(detail.case_number, name, office, detail.lead_worker,
                               tuple(p.value for p in row.purposes), tuple(row.recipients),
                               given_by_name=row.given_by_name, valid_until=row.valid_until,
                               recorded=True, withdrawn_on=row.withdrawn_on, note=row.note,
                               information_given=row.information_given)
    else:
        chosen = []
        for p in purposes or [ConsentPurpose.case_management.value]:
            try:
                chosen.append(ConsentPurpose(p.strip()).value)
            except ValueError:
                raise InputError({"purposes": _("“{value}” is not allowed here; choose one "
                                                "of: {allowed}.").format(
                    value=p[:40], allowed=", ".join(c.value for c in ConsentPurpose))}) \
                    from None
        people = [r.strip() for r in recipients or [] if r.strip()]
        if any(len(r) > 200 for r in people):
            raise InputError({"recipients": _("At most {n} characters.").format(n=200)})
        data = ConsentFormData(detail.case_number, name, office, detail.lead_worker,
                               tuple(chosen), tuple(people))
    path = write_consent_form(data, _target(target, f"einwilligung-{detail.case_number}"),
                              lang=lang, letterhead=head)
    record(ctx, "export", "consent", consent_id or case_id, case_id,
           {"format": "pdf", "what": "consent_form", "lang": lang, "file": path.name,
            "recorded": data.recorded})
    return path


def invitation(ctx: Ctx, case_id: uuid.UUID, target: Path, *,
               conference_id: uuid.UUID | None = None, followup_id: uuid.UUID | None = None,
               lang: str | None = None, place: str = "") -> Path:
    """An invitation letter to the client: to a planned case conference (with who will be
    there) or to an appointment (a follow-up; with its time of day if it has one)."""
    from caseterm.export.letters import InvitationData, write_invitation

    if (conference_id is None) == (followup_id is None):
        raise InputError({"what": _("Name a case conference or an appointment (one of "
                                    "them).")})
    lang = _lang(lang)
    detail = _case(ctx, case_id)
    office, head = _office(ctx, lang)
    name = f"{detail.first_name} {detail.last_name}"
    if conference_id is not None:
        from caseterm.core.conference import ConferenceStatus
        from caseterm.services import conference as conf_svc

        row = conf_svc.get(ctx, conference_id)
        if row.case_id != case_id:
            raise NotFound(_("This case conference belongs to another case."))
        if row.status != ConferenceStatus.planned:
            raise InputError({"conference": _("This case conference has already been held; "
                                              "there is nothing to invite to.")})
        who = tuple(f"{p.name} ({p.organisation})" if p.organisation else p.name
                    for p in row.participants)
        data = InvitationData(detail.case_number, name, office, detail.lead_worker, row.kind,
                              row.held_on, None, place, row.title, who,
                              detail.interpreter_needed)
        subject: uuid.UUID = conference_id
    else:
        assert followup_id is not None  # one of the two, checked above
        from caseterm.db.repo import queue as queue_repo

        fu = queue_repo.appointment(ctx.db, followup_id)
        if fu is None or fu[0] != case_id:
            raise NotFound(_("This follow-up no longer exists."))
        _cid, day, at, step, status = fu
        if status != "open":
            raise InputError({"followup": _("This appointment is done or dropped; there is "
                                            "nothing to invite to.")})
        data = InvitationData(detail.case_number, name, office, detail.lead_worker,
                              "appointment", day, at, place, step, (),
                              detail.interpreter_needed)
        subject = followup_id
    path = write_invitation(data, _target(target, f"einladung-{detail.case_number}"),
                            lang=lang, letterhead=head)
    record(ctx, "export", "invitation", subject, case_id,
           {"format": "pdf", "what": "invitation", "lang": lang, "file": path.name})
    return path
