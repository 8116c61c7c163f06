"""Agreements (Kooperationsplan, Hilfeplan, …) and their versions.

An agreed version is never changed: its content is a JSON snapshot of the goal tree, the
participants and the duties taken when it was agreed. A change starts a new draft version
(`ensure_draft`); agreeing it supersedes the previous one. The review date of the agreed
version keeps one follow-up in step (source_type "agreement").
"""

from __future__ import annotations

from caseterm.db.repo.agreements.agreeing import SOURCE, agree, agree_in
from caseterm.db.repo.agreements.content import (
    agreed_content,
    changes_since_agreed,
    preview,
    snapshot_in,
    version_content,
)
from caseterm.db.repo.agreements.draft import (
    add_participant,
    ensure_draft,
    ensure_draft_in,
    remove_participant,
    set_type,
    update_participant,
    update_version,
)
from caseterm.db.repo.agreements.view import (
    AgreementView,
    ParticipantRow,
    VersionRow,
    case_of_participant,
    case_of_version,
    client_languages,
    has_agreed,
    view,
    view_in,
)

__all__ = [
    "SOURCE",
    "AgreementView",
    "ParticipantRow",
    "VersionRow",
    "add_participant",
    "agree",
    "agree_in",
    "agreed_content",
    "case_of_participant",
    "case_of_version",
    "changes_since_agreed",
    "client_languages",
    "ensure_draft",
    "ensure_draft_in",
    "has_agreed",
    "preview",
    "remove_participant",
    "set_type",
    "snapshot_in",
    "update_participant",
    "update_version",
    "version_content",
    "view",
    "view_in",
]
