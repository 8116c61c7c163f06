"""Sync below the door: change sets out and in, the centre's merge, check-out, conflicts and
duplicate candidates. The rules are core/merge.py; the change log is written by
db/repo/sync_capture.py. See services/sync.py for the shape of a change set.

Every apply is one transaction: a change set is taken whole or not at all, and taking it
again changes nothing (change ids and (device, seq) are unique; the centre remembers the last
sequence number taken from each device, a laptop the last server version it pulled).

The modules: changeset (format, state row, the laptop's outgoing set), batch (one apply's
working set and the write of one change), inbox (change sets held until a gap is filled),
incoming (apply), centre and replica (the two sides of an apply), export (what goes to a
laptop), devices (init-central, checkout), state (status), review (conflicts, duplicates)."""

from __future__ import annotations

from caseterm.db.repo.sync.batch import Batch, _accepts, _here, _make_room, _write
from caseterm.db.repo.sync.centre import (
    _apply_centre,
    _centre_one,
    _conflict,
    _find_duplicates,
    _free_number,
    _missing_parent,
)
from caseterm.db.repo.sync.changeset import (
    CHANGE_COLS,
    FORMAT,
    NS,
    SCHEMA,
    VERSION,
    ChangeSetError,
    _require_role,
    _set_state,
    _state,
    _uuid,
    change_dict,
    change_row,
    check_changeset,
    collect_outgoing,
    envelope,
    model_of,
)
from caseterm.db.repo.sync.devices import _fill_replica, _insert_rows, checkout, init_central
from caseterm.db.repo.sync.export import (
    _case_rows,
    _peer_workers,
    _plan,
    _routes,
    _scope_cases,
    export_for_device,
)
from caseterm.db.repo.sync.inbox import _gaps, _hold, _next_held
from caseterm.db.repo.sync.incoming import apply_incoming
from caseterm.db.repo.sync.replica import _apply_replica, _replica_one
from caseterm.db.repo.sync.review import (
    _hlc_time,
    conflict_case,
    conflicts,
    decide_dup,
    duplicate_cases,
    duplicates,
    resolve,
)
from caseterm.db.repo.sync.state import (
    is_role,
    pull_position,
    record_unsent,
    set_stale_days,
    status,
)

__all__ = [
    "CHANGE_COLS",
    "FORMAT",
    "NS",
    "SCHEMA",
    "VERSION",
    "Batch",
    "ChangeSetError",
    "_accepts",
    "_apply_centre",
    "_apply_replica",
    "_case_rows",
    "_centre_one",
    "_conflict",
    "_fill_replica",
    "_find_duplicates",
    "_free_number",
    "_gaps",
    "_here",
    "_hlc_time",
    "_hold",
    "_insert_rows",
    "_make_room",
    "_missing_parent",
    "_next_held",
    "_peer_workers",
    "_plan",
    "_replica_one",
    "_require_role",
    "_routes",
    "_scope_cases",
    "_set_state",
    "_state",
    "_uuid",
    "_write",
    "apply_incoming",
    "change_dict",
    "change_row",
    "check_changeset",
    "checkout",
    "collect_outgoing",
    "conflict_case",
    "conflicts",
    "decide_dup",
    "duplicate_cases",
    "duplicates",
    "envelope",
    "export_for_device",
    "init_central",
    "is_role",
    "model_of",
    "pull_position",
    "record_unsent",
    "resolve",
    "set_stale_days",
    "status",
]
