"""The one door: every read and write of client data goes through these functions.

Each call takes a `Ctx` (the database and who is asking) and returns plain data. The door
checks what the actor may see (core/access.py), checks the version a change started from,
and leaves an entry in the audit trail (db/repo/audit.py). Screens, widgets, CLI commands and
exports call the door; none of them opens a session or imports the models (import-linter
contracts in pyproject.toml).

One module per area of the method: identity, cases, intake, consents, assessment, network,
goals, followups (queue), referrals, directory, workers, audit.
"""

from __future__ import annotations

from caseterm.services.door import (
    AccessDenied,
    Conflict,
    Ctx,
    FieldConflict,
    IdentityError,
    NotFound,
)

__all__ = ["AccessDenied", "Conflict", "Ctx", "FieldConflict", "IdentityError", "NotFound"]
