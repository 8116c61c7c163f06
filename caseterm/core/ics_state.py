"""What changed in a person's calendar since her last .ics export: SEQUENCE numbers for events
whose content changed, and STATUS:CANCELLED events for follow-ups done or dropped since. Pure:
the state is a dict the service keeps in the database per person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Cancelled:
    id: str
    due: date
    sequence: int


@dataclass
class IcsPlan:
    sequence: dict[str, int] = field(default_factory=dict)  # follow-up id → SEQUENCE
    cancelled: list[Cancelled] = field(default_factory=list)
    state: dict[str, dict] = field(default_factory=dict)  # what to keep for the next export


def plan(previous: dict[str, dict], current: dict[str, tuple[str, date]],
         finished: set[str]) -> IcsPlan:
    """`previous`: id → {"seq", "fp", "due"} of the last export; `current`: id → (fingerprint,
    due date) of this export; `finished`: ids (from `previous`) now done or dropped. An event
    keeps its SEQUENCE while its fingerprint is the same and gets the next one when it
    changed; a finished one is sent once more as cancelled (with the next SEQUENCE) and then
    forgotten. Events that only left this export's filter stay in the state, untouched."""
    out = IcsPlan()
    for fid, (fp, due) in current.items():
        old = previous.get(fid)
        seq = 0 if old is None else int(old.get("seq", 0)) + (old.get("fp") != fp)
        out.sequence[fid] = seq
        out.state[fid] = {"seq": seq, "fp": fp, "due": due.isoformat()}
    for fid, old in previous.items():
        if fid in current:
            continue
        if fid in finished:
            out.cancelled.append(Cancelled(fid, date.fromisoformat(old["due"]),
                                           int(old.get("seq", 0)) + 1))
        else:
            out.state[fid] = old
    return out
