"""Where one can go: the screens reachable from keys and the command palette.

Each entry names its screen by module path, imported only when opened; an entry whose module
is not installed is left out. Case screens (`per_case=True`) take the case id.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from functools import cache

from caseterm.i18n import N_


@dataclass(frozen=True)
class Destination:
    id: str
    title: str  # msgid, translate with _()
    help: str  # msgid
    target: str  # "module:Class"
    per_case: bool = False
    optional_case: bool = False  # takes the open case if there is one, else shows all

    @property
    def module(self) -> str:
        return self.target.split(":", 1)[0]

    def load(self):
        module, cls = self.target.split(":", 1)
        return getattr(importlib.import_module(module), cls)


DESTINATIONS: tuple[Destination, ...] = (
    Destination("home", N_("Home"), N_("My open cases and what is due"),
                "caseterm.screens.home:HomeScreen"),
    Destination("queue", N_("Follow-up queue"), N_("Everything due, overdue first"),
                "caseterm.screens.queue:QueueScreen"),
    Destination("intake", N_("New intake"), N_("New client and case in minutes"),
                "caseterm.screens.intake:IntakeScreen"),
    Destination("cases", N_("Case list and search"), N_("All cases, filters, search as you type"),
                "caseterm.screens.case_list:CaseListScreen"),
    Destination("services", N_("Service directory"),
                N_("Providers and offerings of the Sozialraum"),
                "caseterm.screens.services:ServicesScreen"),
    Destination("assessment", N_("Assessment"), N_("Life domains, strengths first"),
                "caseterm.screens.assessment:AssessmentScreen", per_case=True),
    Destination("resources", N_("Resource mapping"), N_("Network map and resources"),
                "caseterm.screens.resources:ResourcesScreen", per_case=True),
    Destination("goals", N_("Goals and plan"), N_("SMART goals, GAS, the agreement"),
                "caseterm.screens.goals:GoalsScreen", per_case=True),
    Destination("conference", N_("Case conferences"),
                N_("Fallkonferenz: participants, protocol, decisions"),
                "caseterm.screens.conference:ConferenceScreen", per_case=True),
    Destination("closure", N_("Evaluation and closure"),
                N_("Goal attainment, GAS, closure, after-care, costs"),
                "caseterm.screens.closure:ClosureScreen", per_case=True),
    Destination("steering", N_("Steering figures"),
                N_("Caseload, outcomes, providers, gaps, costs"),
                "caseterm.screens.steering:SteeringScreen"),
    Destination("workers", N_("Workers and roles"), N_("Who works here; add workers, set roles"),
                "caseterm.screens.workers:WorkersScreen"),
    Destination("people", N_("Absence and hand-overs"),
                N_("Deputy, referrals to answer, hand-overs to accept"),
                "caseterm.screens.people:PeopleScreen"),
    Destination("team", N_("Team lead's desk"),
                N_("Caseload per worker, approvals, reassignment"),
                "caseterm.screens.team:TeamScreen"),
    Destination("handover", N_("Hand the case over"),
                N_("To another worker or office, with a note"),
                "caseterm.screens.people_dialogs:HandoverDialog", per_case=True),
    Destination("sync_conflicts", N_("Sync conflicts"),
                N_("Decide fields changed at the centre and on a laptop"),
                "caseterm.screens.sync_conflicts:SyncConflictsScreen", optional_case=True),
    Destination("sync_duplicates", N_("Possible duplicates"),
                N_("People found twice at sync: merge or different people"),
                "caseterm.screens.sync_duplicates:SyncDuplicatesScreen"),
    Destination("sync_held", N_("Held changes"),
                N_("Arrived but waiting: for missing earlier changes, or for their case"),
                "caseterm.screens.sync_held:SyncHeldScreen"),
    Destination("audit", N_("Audit trail"), N_("Who opened, changed or exported what"),
                "caseterm.screens.audit:AuditScreen", optional_case=True),
)


@cache
def available() -> tuple[Destination, ...]:
    return tuple(d for d in DESTINATIONS if importlib.util.find_spec(d.module) is not None)


def get(dest_id: str) -> Destination | None:
    return next((d for d in available() if d.id == dest_id), None)
