"""The audit trail's hash chain (pure): how an entry is hashed and how a chain is verified.

Each entry's hash covers its own fields and the hash of the entry before, and entries are
numbered 1, 2, 3, … without gaps. So changing an entry breaks its hash, deleting one leaves a
gap, and inserting one breaks the chain or the numbering. `verify()` names the first entry
where that happens and counts the others.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from caseterm.core.safe_text import one_line
from caseterm.i18n import N_, _

GENESIS = ""


@dataclass(frozen=True)
class EntryFacts:
    seq: int
    at: str  # ISO 8601, UTC
    actor_id: str
    actor_name: str
    action: str
    entity: str
    record_id: str
    case_id: str
    detail: str
    prev_hash: str
    hash: str = ""


def entry_hash(e: EntryFacts) -> str:
    payload = json.dumps(
        [e.seq, e.at, e.actor_id, e.actor_name, e.action, e.entity, e.record_id, e.case_id,
         e.detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((e.prev_hash + "\n" + payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # "changed" | "missing" | "inserted" | "chain" (the one before was replaced) | "head"
    detail: str = ""


# -- redaction after an erasure (Art. 17 DSGVO: the trail keeps the fact, not the content) ----
#
# An erasure replaces the `detail` of the entries about the erased records by a marker
# '{"redacted":<seq of the erasure entry>}' and changes nothing else (the database's triggers
# refuse any other change). The erasure entry, itself hashed into the chain, lists for each
# redacted entry the digest of everything that stays (`skeleton_digest`). `verify()` accepts a
# redacted entry when its stored hash still links the chain and its skeleton matches the digest
# the erasure recorded; a content change without an erasure, or a change of who, when or what,
# is still found.

REDACTED_PREFIX = '{"redacted":'


def redaction_marker(erasure_seq: int) -> str:
    return REDACTED_PREFIX + str(int(erasure_seq)) + "}"


def is_redacted(detail: str) -> bool:
    return (detail or "").startswith(REDACTED_PREFIX)


def skeleton_digest(e: EntryFacts) -> str:
    payload = json.dumps([e.seq, e.at, e.actor_id, e.actor_name, e.action, e.entity,
                          e.record_id, e.case_id, e.prev_hash, e.hash], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def verify(entries: Iterable[EntryFacts], head_seq: int, head_hash: str,
           redactions: dict[int, str] | None = None) -> list[Problem]:
    """Every place where the chain is broken, in order; empty when it is intact.
    `redactions`: seq -> skeleton digest, as recorded by erasure entries."""
    problems: list[Problem] = []
    expected_seq = 1
    prev_hash = GENESIS
    last_seq, last_hash = 0, GENESIS
    for e in entries:
        if e.seq != expected_seq:
            if e.seq > expected_seq:
                for missing in range(expected_seq, min(e.seq, expected_seq + 50)):
                    problems.append(Problem(missing, "missing"))
            else:
                problems.append(Problem(e.seq, "inserted"))
        if is_redacted(e.detail):
            if (redactions or {}).get(e.seq) != skeleton_digest(e):
                problems.append(Problem(e.seq, "changed"))
            elif e.prev_hash != prev_hash and e.seq == expected_seq:
                problems.append(Problem(e.seq, "chain"))
        elif entry_hash(e) != e.hash:
            problems.append(Problem(e.seq, "changed"))
        elif e.prev_hash != prev_hash and e.seq == expected_seq:
            problems.append(Problem(e.seq, "chain"))
        prev_hash = e.hash
        expected_seq = e.seq + 1
        last_seq, last_hash = e.seq, e.hash
    if head_seq != last_seq or head_hash != last_hash:
        if head_seq > last_seq:
            for missing in range(last_seq + 1, min(head_seq, last_seq + 50) + 1):
                problems.append(Problem(missing, "missing"))
        else:
            problems.append(Problem(last_seq, "inserted" if last_seq > head_seq else "head"))
    return problems


# -- how an entry reads (the audit screen and `caseterm audit show`) ----------------------

# What a row of each table is, in the reader's words (the table name stays in the CLI's JSON).
RECORDS = {
    "casefile": N_("case"), "phase_change": N_("phase change"), "client": N_("person"),
    "contact_note": N_("contact note"), "follow_up": N_("follow-up"),
    "follow_up_postponement": N_("postponement"), "follow_up_plan": N_("follow-up series"),
    "consent": N_("consent"), "intake_record": N_("intake"),
    "intake_concern": N_("concern at intake"), "household_member": N_("household member"),
    "working_agreement": N_("working agreement"), "assessment": N_("assessment"),
    "assessment_domain": N_("assessment: life domain"), "network_map": N_("network map"),
    "network_person": N_("network: person"), "network_tie": N_("network: tie"),
    "resource": N_("resource"), "goal": N_("goal"), "gas_level": N_("GAS level"),
    "gas_review": N_("GAS review"), "agreement": N_("plan"),
    "agreement_version": N_("plan version"), "agreement_participant": N_("plan: participant"),
    "referral": N_("referral"), "referral_event": N_("referral: status"),
    "unmet_need": N_("unmet need"), "worker": N_("worker"), "absence": N_("absence"),
    "case_share": N_("shared case"), "case_handover": N_("hand-over"),
    "service_provider": N_("provider"),
    "service_offering": N_("offering"),
    "document": N_("document"),
    # sync (Außenstelle und Zentrale)
    "sync_conflict": N_("sync conflict"), "sync_duplicate": N_("duplicate candidate"),
    "sync_peer_case": N_("case on a laptop"), "sync_peer": N_("laptop (device)"),
    "sync_change": N_("sync of changes"), "sync_state": N_("sync settings"),
}


def record_label(entity: str) -> str:
    return _(RECORDS[entity]) if entity in RECORDS else entity


def summary(detail: dict) -> str:
    """One line for an entry's details: up to four changed fields, content first."""
    fields = detail.get("fields") if isinstance(detail, dict) else None
    if fields and detail.get("correction"):
        # A wrongly recorded fact set right: marked as such, with the reason given.
        reason = one_line(str(detail.get("reason") or ""))[:60]
        head = _("Correction") + (f" ({reason})" if reason else "")
        return head + ": " + summary({"fields": fields})
    if fields:
        # What a reader looks for first: the content, not the keys and time stamps that tie
        # rows together; a new value alone when there was none before.
        def rank(k: str):
            return (k == "id" or k.endswith("_id"), k.endswith(("_at", "_on")),
                    -len(str(fields[k][1])), k)

        parts = []
        for k in sorted(fields, key=rank)[:4]:
            old, new = fields[k]
            new_text = one_line(str(new))[:40] if new is not None else "—"
            parts.append(f"{k}: {new_text}" if old is None else
                         f"{k}: {one_line(str(old))[:30]} → {new_text}")
        return "; ".join(parts)
    if isinstance(detail, dict) and detail:
        return one_line(", ".join(f"{k}={v}" for k, v in detail.items()))[:100]
    return ""
