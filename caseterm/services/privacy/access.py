"""The access report (Art. 15 DSGVO, § 83 SGB X): everything stored on a person, third
parties' words withheld, as data and as a PDF."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from caseterm.core import clock
from caseterm.core import retention as sched
from caseterm.core.access import PrivacyAct
from caseterm.core.audit import record_label
from caseterm.core.field_labels import field_label
from caseterm.core.register import purpose
from caseterm.db.repo import privacy as repo
from caseterm.i18n import _
from caseterm.services.door import Ctx, record
from caseterm.services.privacy.gate import _allow

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
