"""Case conferences (Fallkonferenz / Helferkonferenz) through the door: plan one, invite
internal and external participants (the disclosure check runs for external ones), the agenda
drawn from the case, the protocol with attendance and decisions; each decision becomes a
follow-up in its owner's queue (a measure decision also a measure in the plan).

Reading needs read access to the case, everything else write access; every write is audited
field by field (ctx.acting), the protocol PDF as an export."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from caseterm.core.access import Need
from caseterm.core.conference import (
    ConferenceStatus,
    check_conference,
    check_decision,
    check_participant,
)
from caseterm.core.referrals import ReferralStatus
from caseterm.core.validate import InputError
from caseterm.db.repo import conference as repo
from caseterm.db.repo import workers as workers_repo
from caseterm.db.repo.conference import ConferenceRow, DecisionRow, ParticipantRow
from caseterm.i18n import _
from caseterm.services.door import Ctx, NotFound, check_case, record

__all__ = ["Agenda", "ConferenceRow", "DecisionRow", "ParticipantRow"]


def _case_of(ctx: Ctx, conference_id: uuid.UUID, need: Need) -> uuid.UUID:
    case_id = repo.case_of(ctx.db, conference_id)
    if case_id is None:
        raise NotFound(_("This conference no longer exists."))
    check_case(ctx, case_id, need, "conference")
    return case_id


def plan(ctx: Ctx, case_id: uuid.UUID, raw: dict) -> uuid.UUID:
    """A new conference on the case (InputError naming the field; nothing saved then)."""
    check_case(ctx, case_id, Need.write, "conference")
    data = check_conference(raw)
    with ctx.acting():
        return repo.create(ctx.db, case_id, data, ctx.actor.id)


def list_for_case(ctx: Ctx, case_id: uuid.UUID):
    check_case(ctx, case_id, Need.read, "conference")
    return repo.list_for_case(ctx.db, case_id)


def get(ctx: Ctx, conference_id: uuid.UUID) -> ConferenceRow:
    _case_of(ctx, conference_id, Need.read)
    row = repo.get(ctx.db, conference_id)
    if row is None:
        raise NotFound(_("This conference no longer exists."))
    return row


# -- the disclosure check for external participants ----------------------------------------
def external_disclosure_check(ctx: Ctx, case_id: uuid.UUID, recipient: str) -> tuple[bool, str]:
    """Whether case data may be disclosed to an external participant: the one disclosure rule
    of the data-protection service (services.privacy.disclose, purpose "case conference"),
    which also audits the disclosure or its refusal."""
    from caseterm.core.consent import ConsentPurpose
    from caseterm.services import privacy

    try:
        privacy.disclose(ctx, case_id, recipient, ConsentPurpose.case_conference,
                         what="conference")
    except privacy.DisclosureRefused:
        return False, _("No valid consent of the client names {recipient}: record the consent "
                        "(release from confidentiality) before inviting them.").format(
                            recipient=recipient)
    return True, _("A valid consent names {recipient}.").format(recipient=recipient)


def invite(ctx: Ctx, conference_id: uuid.UUID, raw: dict) -> uuid.UUID:
    """Invite an internal participant (a worker by user name) or an external one (name and
    organisation; the disclosure check must pass, else InputError at `organisation`)."""
    case_id = _case_of(ctx, conference_id, Need.write)
    data = check_participant(raw)
    worker_id = None
    name = data.name
    note = ""
    if not data.external:
        if data.worker:
            w = workers_repo.by_username(ctx.db, data.worker)
            if w is None:
                raise InputError({"worker": _("No worker {name}.").format(
                    name=repr(data.worker[:64]))})
            worker_id, name = w.id, name or w.display_name
        ok = True
    else:
        ok, note = external_disclosure_check(ctx, case_id, data.organisation or data.name)
        if not ok:
            record(ctx, "refuse", "conference", conference_id, case_id,
                   {"what": "invite_external", "reason": "no_disclosure_basis"})
            raise InputError({"organisation": note})
    with ctx.acting():
        return repo.add_participant(ctx.db, conference_id, name=name,
                                    organisation=data.organisation, external=data.external,
                                    worker_id=worker_id, disclosure_ok=ok,
                                    disclosure_note=note)


@dataclass(frozen=True)
class Agenda:
    open_goals: list[str]
    open_referrals: list[tuple[str, ReferralStatus | None, date]]
    network: list[str]
    last_assessment: str

    def lines(self) -> list[str]:
        from caseterm.core.vocab import label
        from caseterm.i18n import fmt_date

        out = [_("Open goals:")] + [f"  - {g}" for g in self.open_goals or ["–"]]
        out += [_("Open referrals:")] + [
            f"  - {r} ({label(s) if s else ''}, {fmt_date(d)})"
            for r, s, d in self.open_referrals] + (["  - –"] if not self.open_referrals else [])
        out += [_("Network map:")] + [f"  - {n}" for n in self.network or ["–"]]
        out += [_("Last assessment:"), f"  - {self.last_assessment or '–'}"]
        return out


def agenda(ctx: Ctx, conference_id: uuid.UUID) -> Agenda:
    """The agenda drawn from the case: open goals, open referrals, the network map, the last
    assessment."""
    case_id = _case_of(ctx, conference_id, Need.read)
    facts = repo.agenda_facts(ctx.db, case_id)
    network: list[str] = []
    from caseterm.services import network as net

    try:
        data = net.version_of(ctx, case_id, None)
        network = [f"{p.name} ({p.role})" if p.role else p.name for p in data.people][:12]
    except NotFound:
        network = []
    from caseterm.i18n import fmt_date
    from caseterm.services import assessment as assessment_svc

    view = assessment_svc.view(ctx, case_id)
    last = ""
    done = [r for r in view.rows if r.completed_on is not None]
    if done:
        a = done[-1]
        urgent = [e.domain_id for e in a.entries.values() if e.problems]
        last = _("{date}, problems in: {domains}").format(
            date=fmt_date(a.completed_on), domains=", ".join(urgent) or "–")
    refs: list[tuple[str, ReferralStatus | None, date]] = []
    for recipient, status, sent_on in facts["referrals"]:
        try:
            refs.append((recipient, ReferralStatus(status), sent_on))
        except ValueError:
            refs.append((recipient, None, sent_on))
    return Agenda(facts["goals"], refs, network, last)


def record_protocol(ctx: Ctx, conference_id: uuid.UUID, protocol: str,
                    attended: dict[uuid.UUID, bool]) -> None:
    """The protocol text and who attended; the conference is then held."""
    _case_of(ctx, conference_id, Need.write)
    from caseterm.core.validate import Errors

    e = Errors()
    text = e.text("protocol", protocol, required=True, maximum=20_000)
    e.raise_if_any()
    with ctx.acting():
        repo.set_attendance(ctx.db, conference_id, attended)
        repo.record_protocol(ctx.db, conference_id, text)


def decide(ctx: Ctx, conference_id: uuid.UUID, raw: dict) -> uuid.UUID:
    """One decision with an owner and a date; it lands in the owner's queue. Without an
    owner or a date: InputError at the field, nothing saved."""
    case_id = _case_of(ctx, conference_id, Need.write)
    data = check_decision(raw)
    owner = workers_repo.by_username(ctx.db, data.owner)
    if owner is None:
        raise InputError({"owner": _("No worker {name}.").format(name=repr(data.owner[:64]))})
    del case_id
    with ctx.acting():
        return repo.add_decision(ctx.db, conference_id, data, owner.id, ctx.actor.id,
                                 owner.display_name)


def owners(ctx: Ctx) -> list[tuple[str, str]]:
    """Who can own a decision: (display name, user name) of the active workers."""
    return [(w.display_name, w.username) for w in workers_repo.list_all(ctx.db)
            if getattr(w, "active", True)]


def export_protocol(ctx: Ctx, conference_id: uuid.UUID, target: Path, *,
                    draft: bool = False) -> Path:
    """The protocol as PDF (audited as an export of the case)."""
    row = get(ctx, conference_id)
    from caseterm.export.protocol_pdf import write_protocol

    items = agenda(ctx, conference_id).lines()
    from caseterm.services.paperwork import letterhead

    path = write_protocol(row, items, target, draft=draft or row.status != ConferenceStatus.held,
                          letterhead=letterhead(ctx))
    record(ctx, "export", "conference", conference_id, row.case_id,
           {"format": "pdf", "external": sum(p.external for p in row.participants)})
    return path
