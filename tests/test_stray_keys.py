"""A stray sentence writes nothing (issue 12, "fit for the desk").

On the screens where bare letters are keys (lists: the queue, the case, goals, the network
map, conferences, closure, consents, documents, …) a sentence typed while the focus is not in
a field ("Frau Schmitz kommt morgen…") may open dialogs, but it must never change data: every
destructive or committing action asks first, and the question is not answered by a letter
that can be typed (a "j" or "y" later in the same sentence). Checked on the demo data: the
audit trail (every write goes through the door and is audited) has no new entry.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from caseterm.db.repo import workers
from tests.conftest import make_app, wait_idle
from tests.test_snapshots_all import (  # noqa: F401  (demo_copy is a fixture)
    ADMIN,
    LEAD,
    SCREENS,
    _run,
    _worker_with_role,
    demo_copy,
    keys,
)

# every letter, in both cases, a space, digits, Del and Enter: what a slip of the hands sends
SENTENCE = "the quick brown fox jumps over the lazy dog. JA YES, 1 2 3 "
assert set(SENTENCE.lower()) >= set("abcdefghijklmnopqrstuvwxyz")
NAMES = {" ": "space", ".": "full_stop", ",": "comma"}
STRAY = [NAMES.get(c, c) for c in SENTENCE] + ["delete", *"xjy", "enter", *"jy"]

# the screens where letters are keys, opened as the snapshot inventory opens them
LETTER_SCREENS = [
    "queue.QueueScreen", "home.HomeScreen", "case.CaseScreen", "goals.GoalsScreen",
    "resources.ResourcesScreen", "resources.ResourceListDialog", "referrals.ReferralsScreen",
    "consents.ConsentsDialog", "documents.DocumentsScreen", "conference.ConferenceScreen",
    "closure.ClosureScreen", "people.PeopleScreen", "team.TeamScreen",
    "workers.WorkersScreen", "audit.AuditScreen", "services.ServicesScreen",
    "intake_summary.IntakeSummaryDialog",
]
EXTRA = {
    # the goal tree's other tabs, with their own letters
    "goals.GoalsScreen@gas": ["goals.GoalsScreen", keys("2")],
    "goals.GoalsScreen@agreement": ["goals.GoalsScreen", keys("3")],
    # a closed case: R reopens, A records the after-care check
    "closure.ClosureScreen@closed": None,
}


# What a stray key may do: the door records a refused look ("t" for the team lead's desk by a
# caseworker), and Space cycles a resource's status in the resource list (nothing is lost:
# the next Space goes on to the next status, and the list shows it at once).
HARMLESS = {("refuse", "worker"), ("update", "resource")}


def _audit(db, key: str) -> list[tuple[str, str]]:
    with db.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text(
            "SELECT action, entity FROM audit_entry ORDER BY seq"))]
    allowed = HARMLESS if key == "resources.ResourceListDialog" else {("refuse", "worker")}
    return [r for r in rows if r not in allowed]


def _steps(key: str) -> list:
    if key == "closure.ClosureScreen@closed":
        return SCREENS["closure.ReopenDialog"][:-1]  # the closed case's closure screen
    if key in EXTRA:
        base, *more = EXTRA[key]
        return [*SCREENS[base], *more]
    return list(SCREENS[key])


@pytest.mark.slow
@pytest.mark.parametrize("key", LETTER_SCREENS + list(EXTRA))
async def test_a_stray_sentence_changes_no_data(demo_copy, key):  # noqa: F811
    db = demo_copy
    steps = _steps(key)
    who = workers.current(db)
    if steps and steps[0] in (LEAD, ADMIN):
        who = _worker_with_role(db, steps[0])
        steps = steps[1:]
    app = make_app(db, who, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        for step in steps:
            await _run(step, app, db, pilot)
            await wait_idle(pilot, app)
        expected = key.split("@")[0].split(".")[1]
        assert type(app.screen).__name__ == expected, (key, app.screen)
        before = _audit(db, key)
        for name in STRAY:
            await pilot.press(name)
        await wait_idle(pilot, app)
        written = _audit(db, key)[len(before):]
        assert not written, f"{key}: a stray sentence wrote {written}"
