"""A snapshot of EVERY screen and dialog of caseterm.screens, in German, at 80x24 and 120x40.

`SCREENS` names each Screen/ModalScreen subclass (as "<screen module>.<class>", so a module
that becomes a package keeps its key) with the steps that open it on the demo data. Each
snapshot first checks that the screen on top really is that class, so a changed key or a
renamed dialog fails instead of picturing something else. `test_every_screen_has_snapshots`
walks caseterm.screens and fails for a class without an entry here (or in `EXEMPT`, with the
reason) and for an entry without its two SVGs.

Update after an intended layout change with
`pytest tests/test_snapshots_all.py --snapshot-update` and LOOK at the SVGs in
tests/__snapshots__/test_snapshots_all/.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.screen import Screen

import caseterm.screens
from caseterm.db.engine import Database
from caseterm.db.repo import cases, workers
from tests.conftest import make_app
from tests.test_snapshots import _steady

SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]
SNAPSHOT_DIR = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
CASE = "SH-2026-00007"  # the demo case with goals, a network map, notes and consents

# Classes that cannot be pictured on their own, each with why.
EXEMPT = {
    # Abstract bases: never shown themselves, only their subclasses (all listed below).
    "base.BaseScreen": "abstract base of every screen",
    "base.BaseModal": "abstract base of every dialog",
    "dialogs.FormDialog": "abstract base of the form dialogs",
    "dialogs._Question": "abstract base of ConfirmDialog and QuestionDialog",
    "queue._QueueDialog": "abstract base of the queue's four dialogs",
    "record_edit._EditDialog": "abstract base of the two record dialogs",
    "referrals._Dialog": "abstract base of the referral dialogs",
    "resources._Dialog": "abstract base of the network dialogs",
}

# Pictured in another test file at both sizes, in German, because they need what the demo
# does not have (a built training lab): key -> the SVGs.
ELSEWHERE = {
    "lab_tasks.LabTasksScreen": [
        "test_lab_tui/test_snapshot_aufgaben_panel[size0].svg",
        "test_lab_tui/test_snapshot_aufgaben_panel[size1].svg"],
    # need a laptop replica with conflicts and duplicate candidates (tests/sync_fakes.py)
    "sync_conflicts.SyncConflictsScreen": [
        "test_snapshots_sync/test_conflict_review[size0].svg",
        "test_snapshots_sync/test_conflict_review[size1].svg"],
    "sync_duplicates.SyncDuplicatesScreen": [
        "test_snapshots_sync/test_duplicate_review[size0].svg",
        "test_snapshots_sync/test_duplicate_review[size1].svg"],
    "sync_held.SyncHeldScreen": [
        "test_snapshots_sync/test_held_changes[size0].svg",
        "test_snapshots_sync/test_held_changes[size1].svg"],
    # needs the steering screen's figures behind it (a team lead's office)
    "letterhead.LetterheadDialog": [
        "test_letterhead_tui/test_snapshot_letterhead[size0].svg",
        "test_letterhead_tui/test_snapshot_letterhead[size1].svg"],
}

Step = Callable[..., object]
# A first step naming who sits at the desk (else the demo's caseworker Sabine Krüger).
LEAD = "team_lead"
ADMIN = "admin"


# -- steps ------------------------------------------------------------------------------------
def _case_id(db, number: str = CASE):
    case_id = cases.find_by_number(db, number)
    assert case_id is not None, number
    return case_id


def case(number: str = CASE) -> Step:
    return lambda app, db: app.open_case(_case_id(db, number))


def dest(name: str, number: str | None = CASE) -> Step:
    return lambda app, db: app.open_destination(name, _case_id(db, number) if number else None)


def keys(*names: str) -> Step:
    async def press(app, db, pilot):
        await pilot.press(*names)
    return press


def act(action: str) -> Step:
    """Run an action of the screen on top (where the key depends on the focused pane)."""
    async def run(app, db):
        await app.screen.run_action(action)
    return run


def push(factory: Callable) -> Step:
    return lambda app, db: app.push_screen(factory(app, db))


def focus(selector: str) -> Step:
    return lambda app, db: app.screen.query_one(selector).focus()


def _conference(app, db):
    """A planned conference on the case (the demo has none)."""
    from datetime import timedelta

    from caseterm.core import clock
    from caseterm.services import conference

    conference.plan(app.ctx, _case_id(db), {
        "title": "Hilfeplangespräch", "held_on": (clock.today() + timedelta(days=7)).isoformat()})


def _closed() -> Step:
    """Close the demo case through the service, with its evaluation (the demo's closed cases
    carry no closure record, and after-care is asked only of a closed case)."""
    def close(app, db):
        from caseterm.services import closure

        closure.close(app.ctx, _case_id(db), {
            "closure_reason": "goals_achieved",
            "client_view": "Ich komme jetzt allein zurecht."})
    return close


# Each screen or dialog: the steps that open it (after the start, which shows the queue).
SCREENS: dict[str, list[Step]] = {
    # the start, lists and the case
    "queue.QueueScreen": [],
    "home.HomeScreen": [keys("escape")],
    "case_list.CaseListScreen": [dest("cases", None)],
    "case.CaseScreen": [case()],
    "intake.IntakeScreen": [dest("intake", None)],
    "intake.DuplicateDialog": [
        push(lambda app, db: _duplicate_dialog(app, db))],
    "intake_summary.IntakeSummaryDialog": [case(), keys("i")],
    "help.HelpScreen": [case(), keys("f1")],
    "profile.ProfileDialog": [lambda app, db: app.action_profile()],
    "dialogs.ConfirmDialog": [case(), keys("n"), keys(*"Hallo"), keys("escape")],
    "dialogs.NoteDialog": [case(), keys("n")],
    "dialogs.PhaseDialog": [case(), keys("p")],
    "dialogs.FollowUpDialog": [case(), keys("w")],
    "consents.ConsentsDialog": [case(), keys("e")],
    "consents.AddConsentDialog": [case(), keys("e"), keys("a")],
    "consents.WithdrawConsentDialog": [case(), keys("e"), keys("w")],
    "record_edit.ClientEditDialog": [case(), keys("c")],
    "record_edit.CaseEditDialog": [case(), keys("f")],
    "record_notes.RecordNotesScreen": [case(), keys("l")],
    "documents.DocumentsScreen": [case(), keys("d")],
    "documents.AddDocumentDialog": [case(), keys("d"), keys("a")],
    "documents.ExportDialog": [push(lambda app, db: _export_dialog(app, db))],
    "audit.AuditScreen": [case(), keys("h")],
    "conflict.ConflictDialog": [push(lambda app, db: _conflict_dialog())],
    # the queue's dialogs
    "queue.DoneDialog": [focus("DataTable"), keys("d")],
    "queue.PostponeDialog": [focus("DataTable"), keys("p")],
    "queue.ReassignDialog": [focus("DataTable"), keys("r")],
    "queue.PlanDialog": [focus("DataTable"), keys("n")],
    # assessment, goals, resources
    "assessment.AssessmentScreen": [dest("assessment")],
    "goals.GoalsScreen": [dest("goals")],
    "goals.GoalDialog": [dest("goals"), keys("a")],
    "goals.GasDialog": [dest("goals"), keys("2"), act("gas_levels")],
    "goals.ReviewDialog": [dest("goals"), keys("2"), act("review")],
    # the demo's plan is agreed (frozen): a new draft version first
    "goals.VersionDialog": [dest("goals"), keys("3"), act("new_version"), keys("ctrl+y"),
                            act("edit_version")],
    "goals.ParticipantDialog": [dest("goals"), keys("3"), act("new_version"), keys("ctrl+y"),
                                act("add_participant")],
    "goals.ApprovalDialog": [push(lambda app, db: _approval_dialog(app, db))],
    "goals.CompareDialog": [push(lambda app, db: _goals_compare(app, db))],
    "resources.ResourcesScreen": [dest("resources")],
    "resources.PersonDialog": [dest("resources"), act("add_person")],
    "resources.TieDialog": [dest("resources"), act("tie")],
    "resources.ResourceDialog": [dest("resources"), act("add_resource")],
    "resources.ResourceListDialog": [dest("resources"), act("manage_resources")],
    "resources.OfferingDialog": [dest("resources"), act("link_offering")],
    "resources.UnmetNeedDialog": [dest("resources"), act("unmet_need")],
    "resources.NetworkCompareDialog": [dest("resources"), act("compare")],
    "referrals.ReferralsScreen": [case(), keys("v")],
    "referrals.ReferralDialog": [case(), keys("v"), keys("a")],
    "referrals.OfferingPicker": [case(), keys("v"), keys("a"), keys("f6")],
    "referrals.ReferralStatusDialog": [case("SH-2026-00011"), keys("v"), focus("DataTable"),
                                       keys("s")],
    "services.ServicesScreen": [dest("services", None)],
    # conference and closure
    "conference.ConferenceScreen": [_conference, case(), keys("k")],
    "conference.PlanConferenceDialog": [case(), keys("k"), keys("n")],
    "conference.InviteDialog": [_conference, case(), keys("k"), keys("i")],
    "conference.ProtocolDialog": [_conference, case(), keys("k"), keys("o")],
    "conference.DecisionDialog": [_conference, case(), keys("k"), keys("d")],
    "closure.ClosureScreen": [case(), keys("x")],
    "closure.CloseDialog": [case(), keys("x"), keys("c")],
    "closure.ReopenDialog": [case("JC-2026-00064"), keys("x"), keys("r")],
    # after-care is asked only of a closed case: one is closed through the service first
    "dialogs.QuestionDialog": [_closed(), case(), keys("x"), keys("a")],
    # office: steering, people, team, workers, privacy
    "steering.SteeringScreen": [dest("steering", None)],
    "people.PeopleScreen": [dest("people", None)],
    "people_dialogs.AbsenceDialog": [dest("people", None), keys("a")],
    "people_dialogs.AnswerDialog": [push(lambda app, db: _answer_dialog(app, db))],
    "people_dialogs.HandoverDialog": [push(lambda app, db: _handover_dialog(app, db))],
    "people_dialogs.TextDialog": [push(lambda app, db: _text_dialog())],
    "team.TeamScreen": [LEAD, dest("team", None)],
    "team.TeamDecisionDialog": [LEAD, push(lambda app, db: _team_decision(app, db))],
    "team.TeamReassignDialog": [LEAD, dest("team", None), focus("#tm-caseload"), keys("m")],
    "workers.WorkersScreen": [ADMIN, dest("workers", None)],
    "workers.WorkerDialog": [ADMIN, dest("workers", None), keys("a")],
    "privacy_dialog.PrivacyActionDialog": [
        lambda app, db: _privacy_dialog(app, db)],
    # the training lab (its task list needs a built lab: pictured in tests/test_lab_tui.py)
    "lab_picker.LabPickScreen": [push(lambda app, db: _lab_picker())],
}


# -- dialogs opened with data (no key reaches them on the demo's start) ------------------------
def _duplicate_dialog(app, db):
    """The warning as the intake shows it for a person who is already on record."""
    from datetime import date

    from caseterm.screens.intake import DuplicateDialog
    from caseterm.services import intake, record

    client = record.state(app.ctx, _case_id(db)).client
    born = client.get("birth_date")
    found = intake.duplicates(app.ctx, client["first_name"], client["last_name"],
                              date.fromisoformat(str(born)) if born else None)
    assert found, "the demo client is not found as a duplicate of herself"
    return DuplicateDialog(found)


def _export_dialog(app, db):
    from caseterm.screens.documents import ExportDialog
    from caseterm.services import documents

    case_id = _case_id(db)
    documents.add(app.ctx, case_id, "brief.pdf", b"%PDF-1.4\nBrief\n%%EOF\n",
                  {"title": "Bescheid vom Sozialamt", "kind": "letter"})
    return ExportDialog(documents.list_for_case(app.ctx, case_id)[0])


def _conflict_dialog():
    from caseterm.screens.conflict import ConflictDialog
    from tests.test_door_goals import _sample_conflict

    return ConflictDialog(_sample_conflict(), text_fields=("strengths", "client_view"))


def _approval_dialog(app, db):
    from caseterm.screens.goals import ApprovalDialog
    from caseterm.services import goals

    tree = goals.tree(app.ctx, _case_id(db))
    return ApprovalDialog(tree.goals[-1])


def _goals_compare(app, db):
    from caseterm.screens.goals import CompareDialog
    from caseterm.services import goals

    goals.ensure_draft(app.ctx, _case_id(db))  # a second version beside the agreed one
    view = goals.agreement(app.ctx, _case_id(db))
    left, right = view.versions[1], view.versions[0]
    return CompareDialog(left, right, goals.version_content(app.ctx, left.id),
                         goals.version_content(app.ctx, right.id))


def _answer_dialog(app, db):
    import uuid
    from datetime import date

    from caseterm.core.referrals import ReferralStatus
    from caseterm.db.repo.people import IncomingReferral
    from caseterm.screens.people_dialogs import AnswerDialog

    return AnswerDialog(IncomingReferral(
        id=uuid.UUID(int=7), case_number="JC-2026-00087", client_name="Jonas Schmitt",
        sender="Petra Sander", sender_area="sgb2", purpose="Schuldnerberatung: Termin",
        contact="Telefon 0221 12345", status=ReferralStatus.sent, sent_on=date(2026, 11, 20),
        feedback_due=date(2026, 12, 4), consent_basis="Einwilligung vom 18.11.2026",
        legal_exception=None, exception_reason="", child_protection_concern=False))


def _handover_dialog(app, db):
    from caseterm.screens.people_dialogs import HandoverDialog

    return HandoverDialog(_case_id(db))


def _text_dialog():
    from rich.text import Text

    from caseterm.screens.people_dialogs import TextDialog

    return TextDialog("Umverteilt: 2 Fälle", Text("SH-2026-00007 → Ben Berger\n"
                                                 "SH-2026-00011 → Ben Berger"))


def _team_decision(app, db):
    from datetime import date

    from caseterm.db.repo.people import ApprovalRow
    from caseterm.screens.team import TeamDecisionDialog

    return TeamDecisionDialog(ApprovalRow(
        goal_id=_case_id(db), case_id=_case_id(db), case_number=CASE,
        client_name="Erika Muster", worker="Petra Sander", goal="Wohnung sichern",
        measure="Schuldnerberatung besuchen", provider="Caritas Schuldnerberatung",
        cost="120 €", due_date=date(2026, 12, 18)), True)


def _privacy_dialog(app, db):
    from caseterm.screens.privacy_dialog import open_dialog

    open_dialog(app, _case_id(db), "restrict")


def _lab_picker():
    from types import SimpleNamespace

    from caseterm.screens.lab_picker import LabPickScreen

    trainees = [SimpleNamespace(name=n, slug=n.lower()) for n in ("Anna", "Ben", "Cem")]
    return LabPickScreen(SimpleNamespace(name="kurs", trainees=trainees))


# -- the inventory ----------------------------------------------------------------------------
def screen_classes() -> dict[str, type]:
    """Every Screen subclass defined in caseterm.screens, keyed "<module>.<class>" by the
    module right below caseterm.screens (a module split into a package keeps its key)."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(caseterm.screens.__path__, "caseterm.screens."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, Screen)
                    and obj.__module__ == module.__name__):
                top = obj.__module__.split(".")[2]
                found[f"{top}.{name}"] = obj
    return found


def _svg(key: str, size_id: str) -> Path:
    return SNAPSHOT_DIR / f"test_snapshot[{key}-{size_id}].svg"


def test_every_screen_has_snapshots():
    classes = screen_classes()
    missing = sorted(set(classes) - set(SCREENS) - set(EXEMPT) - set(ELSEWHERE))
    assert not missing, f"screens and dialogs without a snapshot test: {missing}"
    stale = sorted((set(SCREENS) | set(EXEMPT) | set(ELSEWHERE)) - set(classes))
    assert not stale, f"listed here but no such class in caseterm.screens: {stale}"
    both = sorted(set(SCREENS) & set(EXEMPT))
    assert not both, f"both pictured and exempt: {both}"
    no_svg = [f"{key} {size}" for key in SCREENS for size in SIZE_IDS
              if not _svg(key, size).is_file()]
    no_svg += [name for names in ELSEWHERE.values() for name in names
               if not (SNAPSHOT_DIR.parent / name).is_file()]
    assert not no_svg, f"snapshot tests without their SVG: {no_svg}"


def test_screen_class_names_are_unique():
    """Textual's CSS type selectors match by class name: two dialogs both called
    CompareDialog styled each other (goals and resources)."""
    by_name: dict[str, list[str]] = {}
    for key, cls in screen_classes().items():
        if key in EXEMPT:  # abstract bases: never on screen, no type selector of their own
            continue
        by_name.setdefault(cls.__name__, []).append(key)
    twins = {name: keys for name, keys in by_name.items() if len(keys) > 1}
    assert not twins, f"screen classes sharing a name (and so their CSS): {twins}"


# -- the pictures -----------------------------------------------------------------------------
_TEMPLATE: dict[str, Path] = {}


def _demo_template(tmp_path_factory) -> Path:
    """The demo data once per test process; each snapshot works on a copy."""
    if "path" not in _TEMPLATE:
        from caseterm.db.demo import load_demo
        from caseterm.services import followups
        from tests.conftest import ctx_for

        path = tmp_path_factory.mktemp("demo-template") / "demo.db"
        db = Database(str(path))
        load_demo(db)
        followups.refresh(ctx_for(db, workers.current(db)))
        db.dispose()
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


@pytest.fixture
def demo_copy(tmp_path, tmp_path_factory, monkeypatch):
    from caseterm.db.repo import audit_log

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    # the audit trail shows when things happened: a fixed moment, not the run's
    monkeypatch.setattr(audit_log, "utcnow", lambda: datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template(tmp_path_factory), path)
    db = Database(str(path))
    yield db
    db.dispose()
    monkeypatch.delenv("TZ")
    time.tzset()


def _worker_with_role(db, role: str):
    """The demo's first worker with this role; the demo has no administrator: one is made."""
    rows = [w for w in workers.list_all(db) if w.role.value == role]
    if not rows:
        with db.write() as s:
            workers.add(s, username="aadmin", display_name="Ada Admin", role=role,
                        team="IT", office="Sozialrathaus Nordstadt", land="NW")
        rows = [w for w in workers.list_all(db) if w.role.value == role]
    return rows[0]


async def _run(step: Step, app, db, pilot) -> None:
    params = inspect.signature(step).parameters
    result = step(app, db, pilot) if len(params) == 3 else step(app, db)
    if isinstance(result, Awaitable):
        await result


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("key", sorted(SCREENS))
def test_snapshot(snap_compare, demo_copy, key, size):
    db = demo_copy
    expected = key.split(".")[1]
    steps = SCREENS[key]
    who = workers.current(db)
    if steps and steps[0] in (LEAD, ADMIN):
        who = _worker_with_role(db, steps[0])
        steps = steps[1:]

    async def open_it(pilot):
        await _steady(pilot)
        for step in steps:
            await _run(step, pilot.app, db, pilot)
            await _steady(pilot)
        shown = type(pilot.app.screen).__name__
        said = [str(n.message) for n in pilot.app._notifications]
        assert shown == expected, f"{key}: the screen on top is {shown}; notices: {said}"

    app = make_app(db, who, demo=True)
    assert snap_compare(app, terminal_size=size, run_before=open_it)
