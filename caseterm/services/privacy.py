"""Data protection through the door: disclosures checked against consents, the access report
(Art. 15 DSGVO, § 83 SGB X), restriction and legal hold (Art. 18 DSGVO), erasure (Art. 17
DSGVO, § 84 SGB X), the retention schedule and the record of processing (Art. 30 DSGVO).

Who may do which task is `core.access.may_privacy`: the data-protection officer office-wide,
a team lead for her team (access, restriction, hold), an administrator the register. Every
refusal is audited like any other; every task leaves its entry (an erasure a content-free one).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from caseterm.core import clock
from caseterm.core import disclosure as rules
from caseterm.core import retention as sched
from caseterm.core.access import CaseScope, Need, PrivacyAct, may_privacy
from caseterm.core.audit import record_label
from caseterm.core.consent import ConsentPurpose
from caseterm.core.field_labels import field_label
from caseterm.core.referrals import LegalException
from caseterm.core.register import DATA_CATEGORIES, MEASURES, SUBJECTS, purpose
from caseterm.core.validate import InputError
from caseterm.db.repo import access as access_repo
from caseterm.db.repo import consents as consents_repo
from caseterm.db.repo import privacy as repo
from caseterm.i18n import N_, _
from caseterm.services.door import AccessDenied, Ctx, NotFound, check_case, record

__all__ = ["DisclosureRefused", "access_report", "disclose", "erase_case", "erase_person",
           "hold", "register", "restrict", "retention_due", "retention_run"]

TASK_LABELS = {
    PrivacyAct.access: N_("an access report"),
    PrivacyAct.restrict: N_("a restriction"),
    PrivacyAct.hold: N_("a legal hold"),
    PrivacyAct.erase: N_("an erasure"),
    PrivacyAct.register: N_("the record of processing"),
}


class DisclosureRefused(AccessDenied):
    """No consent covers the disclosure and no legal basis was stated; nothing left."""


# -- consent controls what leaves -----------------------------------------------------------

def disclose(ctx: Ctx, case_id: uuid.UUID, recipient: str,
             purpose_: ConsentPurpose | str = ConsentPurpose.data_exchange, *,
             legal_basis: LegalException | str | None = None, reason: str = "",
             what: str = "export") -> rules.Verdict:
    """May the case's data go to `recipient`? Checks read access, then the consents on file
    (core.disclosure) or the stated legal basis; audits the disclosure with its basis, or
    audits the refusal and raises DisclosureRefused naming the missing consent. Every export
    that carries client data to someone else calls this before it writes a byte."""
    scope = check_case(ctx, case_id, Need.read, what)
    try:
        purpose_ = ConsentPurpose(purpose_)
    except ValueError:
        raise InputError({"purpose": _("Not a purpose: {value}").format(
            value=str(purpose_)[:40])}) from None
    try:
        exception = LegalException(legal_basis) if legal_basis else None
    except ValueError:
        raise InputError({"legal_basis": _("Not a legal basis: {value} (one of: {options})")
                          .format(value=str(legal_basis)[:40],
                                  options=", ".join(e.value for e in LegalException))}) from None
    if exception is not None and not reason.strip():
        raise InputError({"basis_reason": _("State why the law allows this disclosure "
                                            "without consent.")})
    consents = [c.facts for c in consents_repo.list_for_case(ctx.db, case_id)]
    verdict = rules.decide(consents, recipient, purpose_, clock.today(), exception, reason)
    detail: dict[str, Any] = {"what": what, "recipient": recipient.strip()[:200],
                              "purpose": purpose_.value}
    if not verdict.allowed:
        record(ctx, "refuse", "disclosure", case_id, case_id,
               {**detail, "reason": "no_consent"})
        raise DisclosureRefused(verdict.message, scope.case_number)
    detail["basis"] = verdict.basis
    if exception is not None:
        detail |= {"legal_basis": exception.value, "basis_reason": reason.strip()[:500]}
    record(ctx, "disclose", "disclosure", case_id, case_id, detail)
    return verdict


# -- who may ---------------------------------------------------------------------------------

def _refuse(ctx: Ctx, act: PrivacyAct, case_id: uuid.UUID | None, number: str = "") -> None:
    record(ctx, "refuse", "privacy", str(case_id or ""), case_id,
           {"what": act.value, "reason": "role"})
    raise AccessDenied(_("Your role does not allow {task}.").format(task=_(TASK_LABELS[act])),
                       number)


def _allow(ctx: Ctx, act: PrivacyAct,
           number: str | uuid.UUID | None = None) -> repo.CaseHead | None:
    if not may_privacy(ctx.actor, act):
        _refuse(ctx, act, None)
    if number is None:
        return None
    head = repo.case_by_number(ctx.db, str(number or "").strip())
    if head is None and isinstance(number, uuid.UUID):
        head = repo.case_by_id(ctx.db, number)
    if head is None:
        raise NotFound(_("No case with the number {number}.").format(
            number=str(number)[:40]))
    with ctx.db.read() as s:
        scope: CaseScope | None = access_repo.scope(s, head.id)
    if scope is None or not may_privacy(ctx.actor, act, scope):
        _refuse(ctx, act, head.id, head.case_number)
    return head


# -- access (Art. 15 DSGVO, § 83 SGB X) -------------------------------------------------------

THIRD = "[" + "…" + "]"
# Third parties' data redacted in an access report (Art. 15 (4) DSGVO, § 83 (1) SGB X with
# § 82a (1) Nr. 3): table -> fields.
THIRD_PARTY = {
    "household_member": ("name", "birth_date"),
    "network_person": ("name", "note"),
    "agreement_participant": ("name", "note"),
    "contact_note": ("participants",),
}


# Words of a third party's entry that are not names (kept, so the report stays readable).
NOT_NAMES = frozenset({
    "familie", "frau", "herr", "mutter", "vater", "oma", "opa", "tante", "onkel",
    "schwester", "bruder", "sohn", "tochter", "kind", "kinder", "freund", "freundin",
    "nachbar", "nachbarin", "kita", "schule", "verein", "gemeinde", "und", "der", "die",
    "das", "von", "zu", "dr", "mrs", "mr", "family", "mother", "father"})


def _third_party_words(areas_raw: dict[str, list[dict]], person: dict) -> list[str]:
    """Names of third parties known to caseterm (household, network, other participants,
    those who consented for the client): the whole names and their words, longest first,
    without the client's own names."""
    own = {str(person.get(k, "")).casefold() for k in ("first_name", "last_name")}
    own |= {w for v in list(own) for w in v.split()}
    names: set[str] = set()
    for table, fields in (("household_member", ("name",)), ("network_person", ("name",)),
                          ("agreement_participant", ("name",))):
        for row in areas_raw.get(table, []):
            for f in fields:
                names.add(str(row.get(f) or "").strip())
    for row in areas_raw.get("consent", []):
        if row.get("given_by") != "client":
            names.add(str(row.get("given_by_name") or "").strip())
    words: set[str] = set()
    for name in names:
        if len(name) >= 3 and name.casefold() not in own:
            words.add(name)
        for w in name.replace(",", " ").split():
            w = w.strip(".()")
            if len(w) >= 3 and w.casefold() not in own and w.casefold() not in NOT_NAMES:
                words.add(w)
    return sorted(words, key=lambda w: (-len(w), w))


def _redact_text(value, words_re):
    if isinstance(value, str) and words_re is not None:
        return words_re.sub(THIRD, value)
    return value


def _plain(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def access_report(ctx: Ctx, number: str | uuid.UUID, *, withheld: list[str] | None = None) -> dict:
    """Everything stored about the person of case `number` (all her cases): the data by area,
    purposes and legal bases, recipients, sources, storage periods, what was redacted and
    what was withheld, with reasons. Audited as an export."""
    head = _allow(ctx, PrivacyAct.access, number)
    assert head is not None
    cases = repo.cases_of_client(ctx.db, head.client_id)
    case_ids = [c.id for c in cases]
    numbers = {c.id: c.case_number for c in cases}
    data = repo.rows_of_person(ctx.db, head.client_id)
    person = (data.pop("client", None) or [{}])[0]
    redacted: list[dict] = []
    given_by_others = 0
    areas: dict[str, dict] = {}
    import re

    words = _third_party_words(data, person)
    words_re = (re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)",
                           re.IGNORECASE) if words else None)
    for table, rows in data.items():
        fields = THIRD_PARTY.get(table, ())
        out_rows = []
        for row in rows:
            row = {k: _redact_text(_plain(v), words_re) for k, v in row.items()}
            if "case_id" in row:
                row["case_id"] = numbers.get(uuid.UUID(str(row["case_id"])), "")
            for f in fields:
                if row.get(f) not in (None, ""):
                    row[f] = THIRD
            if table == "consent" and row.get("given_by") != "client" and row.get(
                    "given_by_name"):
                row["given_by_name"] = THIRD
                given_by_others += 1
            out_rows.append(row)
        if fields:
            redacted.append({"area": table, "fields": list(fields)})
        keys = dict.fromkeys(k for row in out_rows for k in row)
        areas[table] = {"label": record_label(table), "rows": out_rows,
                        "fields": {k: field_label(k) for k in keys}}
    if given_by_others:
        redacted.append({"area": "consent", "fields": ["given_by_name"]})
    rules_ = sched.load_rules()
    case_list = []
    for c in cases:
        text, basis = purpose(c.legal_area)
        rule = sched.rule_for(rules_, c.legal_area)
        due = sched.due_on(rule, c.facts()) if rule else None
        case_list.append({
            "case_number": c.case_number, "legal_area": c.legal_area, "purpose": text,
            "legal_basis": basis, "closed_on": _plain(c.closed_on),
            "restricted": c.restricted_on is not None, "legal_hold": c.legal_hold,
            "storage": {"rule": rule.id if rule else "", "basis": rule.basis if rule else "",
                        "years": rule.years if rule else None,
                        "trigger": rule.trigger.value if rule else "",
                        "until": _plain(due) if due else _("runs from the trigger "
                                                           "(not reached yet)")}})
    recipients = []
    for row in areas.get("referral", {}).get("rows", []):
        recipients.append({"recipient": row.get("recipient", ""), "on": row.get("sent_on"),
                           "basis": row.get("consent_basis", ""), "via": "referral"})
    for e in repo.audit_of_cases(ctx.db, case_ids):
        if e.action == "disclose":
            recipients.append({"recipient": e.detail.get("recipient", ""),
                               "on": e.at.date().isoformat(), "basis": e.detail.get("basis", ""),
                               "via": e.detail.get("what", "")})
    sources = [{"source": _("the person herself (intake and contacts)")}]
    for row in areas.get("intake_record", {}).get("rows", []):
        for key in ("referral_source", "referring_agency"):
            if row.get(key):
                sources.append({"source": str(row[key]), "field": key})
    for row in areas.get("resource", {}).get("rows", []):
        if row.get("source"):
            sources.append({"source": str(row["source"]), "field": "resource"})
    refusals = [{"what": _("third parties' data (names, dates of birth, notes of household "
                           "members, network people, other participants; their names also "
                           "in free texts)"),
                 "reason": _("redacted to protect the third parties (Art. 15 (4) GDPR, "
                             "§ 83 (1) SGB X)")},
                {"what": _("free texts (notes, plans)"),
                 "reason": _("released as recorded, with the names above removed; the "
                             "data-protection officer checks them for other third parties' "
                             "data before handing out")}]
    for text in withheld or []:
        if text.strip():
            refusals.append({"what": text.strip()[:500], "reason": _("withheld (reason "
                                                                     "stated)")})
    report = {
        "kind": "access_report", "law": "Art. 15 GDPR, § 83 SGB X",
        "made_on": clock.today().isoformat(), "made_by": ctx.actor.display_name,
        "person": {k: _plain(v) for k, v in person.items()},
        "person_fields": {k: field_label(k) for k in person},
        "cases": case_list, "areas": areas, "recipients": recipients, "sources": sources,
        "redacted": redacted, "refusals": refusals,
        "rights": _("You may have wrong data corrected (Art. 16 GDPR), data erased or "
                    "restricted (Art. 17, 18 GDPR, § 84 SGB X), object (Art. 21 GDPR) and "
                    "complain to the supervisory authority (Art. 77 GDPR)."),
    }
    record(ctx, "export", "access_report", head.client_id, None,
           {"cases": len(cases), "areas": len(areas), "withheld": len(withheld or [])})
    return report


def write_access_report(ctx: Ctx, number: str | uuid.UUID, target, *, lang: str = "de",
                        withheld: list[str] | None = None) -> tuple[Any, Any]:
    """The access report as PDF and JSON files in the folder `target`; returns both paths."""
    from pathlib import Path

    from caseterm.export.access_pdf import render, write_json

    report = access_report(ctx, number, withheld=withheld)
    folder = Path(target)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stem = f"auskunft-{report['cases'][0]['case_number']}-{clock.today().isoformat()}"
    pdf = render(report, folder / f"{stem}.pdf", lang=lang)
    js = write_json(report, folder / f"{stem}.json")
    return pdf, js


# -- restriction and legal hold ---------------------------------------------------------------

def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InputError({"reason": _("State the reason (it is kept with the record).")})
    if len(reason) > 500:
        raise InputError({"reason": _("At most 500 characters.")})
    return reason


def restrict(ctx: Ctx, number: str, reason: str = "", *, lift: bool = False) -> None:
    """Restrict a case (Sperrung): kept, hidden from normal work; or lift the restriction."""
    head = _allow(ctx, PrivacyAct.restrict, number)
    assert head is not None
    # lifting needs no reason from the CLI; one given (the TUI asks for it) is kept
    reason = _reason(reason) if not lift or (reason or "").strip() else ""
    with ctx.acting():
        repo.set_restriction(ctx.db, head.id, None if lift else clock.today(), reason)


def hold(ctx: Ctx, number: str, reason: str = "", *, release: bool = False) -> None:
    """Put a legal hold on a case (no erasure while it lasts), or release it."""
    head = _allow(ctx, PrivacyAct.hold, number)
    assert head is not None
    reason = _reason(reason) if not release or (reason or "").strip() else ""
    with ctx.acting():
        repo.set_hold(ctx.db, head.id, not release, reason)


# -- erasure ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ErasureResult:
    case_numbers: list[str]
    rows: int
    redacted: int
    backups: list[str]


def _may_erase(ctx: Ctx, c: repo.CaseHead, before_period_end: bool,
               rules_: list[sched.Rule]) -> None:
    if c.legal_hold:
        record(ctx, "refuse", "privacy", c.id, c.id, {"what": "erase", "reason": "legal_hold"})
        raise AccessDenied(_("Case {number} is under a legal hold ({reason}): it cannot be "
                             "erased while the hold lasts.").format(
                                 number=c.case_number, reason=c.legal_hold_reason),
                           c.case_number)
    rule = sched.rule_for(rules_, c.legal_area)
    due = sched.due_on(rule, c.facts()) if rule else None
    if rule and (due is None or due > clock.today()) and not before_period_end:
        record(ctx, "refuse", "privacy", c.id, c.id, {"what": "erase", "reason": "retention"})
        until = due.strftime("%d.%m.%Y") if due else _("a date not reached yet")
        raise AccessDenied(_("Case {number} must be kept until {until} ({basis}). Restrict it "
                             "instead, or erase it before the end of the period with a "
                             "reason (e.g. it was stored unlawfully).").format(
                                 number=c.case_number, until=until, basis=rule.basis),
                           c.case_number)


def _erase(ctx: Ctx, cases: list[repo.CaseHead], client_ids: list[uuid.UUID], reason: str,
           kind: str, *, finish: bool = True) -> ErasureResult:
    fact = {"entity": "casefile" if kind == "case" else "client",
            "record_id": str(cases[0].id if kind == "case" else client_ids[0]),
            "kind": kind, "cases": [c.case_number for c in cases], "reason": reason}
    done = repo.erase(ctx.db, ctx.actor, [c.id for c in cases], client_ids, fact,
                      finish=finish)
    return ErasureResult([c.case_number for c in cases], done.rows, done.redacted,
                         done.backups)


def erase_case(ctx: Ctx, number: str, reason: str, *,
               before_period_end: bool = False) -> ErasureResult:
    """Erase one case for good (with the person, when it was her only case). Refused under a
    legal hold, and while the retention period runs unless `before_period_end`."""
    head = _allow(ctx, PrivacyAct.erase, number)
    assert head is not None
    reason = _reason(reason)
    _may_erase(ctx, head, before_period_end, sched.load_rules())
    others = [c for c in repo.cases_of_client(ctx.db, head.client_id) if c.id != head.id]
    return _erase(ctx, [head], [] if others else [head.client_id], reason, "case")


def erase_person(ctx: Ctx, number: str, reason: str, *,
                 before_period_end: bool = False) -> ErasureResult:
    """Erase the person of case `number` with all her cases; refused when any case may not
    be erased (nothing is erased then)."""
    head = _allow(ctx, PrivacyAct.erase, number)
    assert head is not None
    reason = _reason(reason)
    cases = repo.cases_of_client(ctx.db, head.client_id)
    rules_ = sched.load_rules()
    for c in cases:
        _may_erase(ctx, c, before_period_end, rules_)
    return _erase(ctx, cases, [head.client_id], reason, "person")


# -- retention --------------------------------------------------------------------------------

def retention_due(ctx: Ctx, *, today: date | None = None) -> list[sched.Due]:
    """What the schedule makes due today, and why (the dry run)."""
    _allow(ctx, PrivacyAct.erase)
    facts = [h.facts() for h in repo.all_case_facts(ctx.db)]
    return sched.evaluate(sched.load_rules(), facts, today or clock.today())


def due_count(ctx: Ctx) -> int:
    """How many retention actions are due (0 for anyone who may not run them): the DPO's
    reminder in the queue."""
    if not may_privacy(ctx.actor, PrivacyAct.erase):
        return 0
    facts = [h.facts() for h in repo.all_case_facts(ctx.db)]
    return sum(1 for d in sched.evaluate(sched.load_rules(), facts, clock.today())
               if not d.held)


@dataclass(frozen=True)
class RunStep:
    case_number: str
    action: str  # delete | restrict
    rule: str
    done: bool
    note: str = ""


def retention_run(ctx: Ctx) -> list[RunStep]:
    """Do what is due: erase or restrict as each rule says; a case under legal hold is refused
    and stays. Run by the role allowed to erase: that is the approval, and it is audited."""
    steps: list[RunStep] = []
    erased = False
    for d in retention_due(ctx):
        number = d.facts.case_number
        if d.held:
            record(ctx, "refuse", "privacy", d.facts.case_id, d.facts.case_id,
                   {"what": "retention", "rule": d.rule.id, "reason": "legal_hold"})
            steps.append(RunStep(number, d.action.value, d.rule.id, False,
                                 _("legal hold: not deleted")))
            continue
        if d.action is sched.Action.restrict:
            with ctx.acting():
                repo.set_restriction(ctx.db, d.facts.case_id, clock.today(),
                                     _("retention rule {rule}").format(rule=d.rule.id))
        else:
            head = repo.case_by_number(ctx.db, number)
            assert head is not None
            others = [c for c in repo.cases_of_client(ctx.db, head.client_id)
                      if c.id != head.id]
            _erase(ctx, [head], [] if others else [head.client_id],
                   f"retention:{d.rule.id}", "case", finish=False)
            erased = True
        steps.append(RunStep(number, d.action.value, d.rule.id, True))
    if erased:  # one VACUUM and one pass over the backups for the whole run
        repo.finish_erasures(ctx.db, ctx.actor)
    return steps


# -- record of processing (Art. 30) ---------------------------------------------------------

def register(ctx: Ctx) -> dict:
    _allow(ctx, PrivacyAct.register)
    f = repo.register_facts(ctx.db)
    rules_ = sched.load_rules()
    activities = []
    for area, count in sorted(f.cases_by_area.items()):
        text, basis = purpose(area)
        rule = sched.rule_for(rules_, area)
        activities.append({
            "legal_area": area, "cases": count, "purpose": text, "legal_basis": basis,
            "deletion": (f"{rule.years} {_('years')} / {rule.trigger.value} / "
                         f"{rule.action.value}: {rule.basis}") if rule else ""})
    out = {
        "kind": "record_of_processing", "law": "Art. 30 (1) GDPR",
        "made_on": clock.today().isoformat(),
        "controller": [{"office": o, "land": land} for o, land in f.offices if o],
        "data_protection_officers": f.dpos, "staff_by_role": f.roles,
        "activities": activities,
        "data_subjects": [_(s) for s in SUBJECTS],
        "data_categories": [_(c) for c in DATA_CATEGORIES],
        "recipients": [_("service providers of the directory ({n}), only with consent or "
                         "legal basis").format(n=f.providers),
                       _("other social agencies (§ 69 SGB X), family court (§ 8a SGB VIII)")],
        "third_countries": _("none"),
        "measures": [_(m) for m in MEASURES],
        "database": f.database, "restricted_cases": f.restricted, "cases_on_hold": f.held,
    }
    record(ctx, "export", "privacy_register", "", None, {"activities": len(activities)})
    return out


