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


def verify(entries: Iterable[EntryFacts], head_seq: int, head_hash: str) -> list[Problem]:
    """Every place where the chain is broken, in order; empty when it is intact."""
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
        if entry_hash(e) != e.hash:
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
