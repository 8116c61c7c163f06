"""Changes held at the centre until the record they belong to arrives (db/repo/sync_held.py):
what waits, and for what. Administrators and team leads see every held change (no case
content: the table, the record's id, the author, what is missing); a caseworker those of the
cases she may read.

`overview` is what the held-changes screen (screens/sync_held.py) shows: those changes, and
the change sets and bundles held because earlier changes of their device have not arrived
(a gap in the device's numbers), each as a `HeldItem`."""

from __future__ import annotations

from caseterm.core.sync_facts import HeldItem
from caseterm.core.vocab import Role
from caseterm.db.repo.sync_held import HeldChange
from caseterm.services.door import Ctx

__all__ = ["HeldChange", "HeldItem", "list_held", "overview"]


def list_held(ctx: Ctx) -> list[HeldChange]:
    from caseterm.core import clock
    from caseterm.db.repo import access
    from caseterm.db.repo import sync_held as repo

    if ctx.actor.role in (Role.admin, Role.team_lead):
        return repo.listing(ctx.db, None)
    return repo.listing(ctx.db, access.visible_cases(ctx.actor, clock.today()))


def overview(ctx: Ctx) -> list[HeldItem]:
    """Everything held here, oldest gap first: bundles and change sets waiting for a
    device's earlier changes (no case content, so everyone sees them), then the single
    changes waiting for their case or person (as `list_held`)."""
    from caseterm.db.repo import sync_held as repo
    from caseterm.services import bundle_ledger

    out: list[HeldItem] = []
    for b in bundle_ledger.held(ctx):
        out.append(HeldItem("gap", b.sender_name, b.seq_from, b.seq_to, tuple(b.missing), "",
                            None, "", "", "", None, b.received_at))
    for _source, name, first, last, since, missing in repo.inbox_gaps(ctx.db):
        out.append(HeldItem("gap", name, first, last, tuple(missing), "", None, "", "", "",
                            None, since))
    for c in list_held(ctx):
        out.append(HeldItem("record", c.device, c.seq, c.seq, (), c.entity, c.record_id,
                            c.case_number, c.author, c.parent_entity, c.parent_id,
                            c.held_at))
    return out
