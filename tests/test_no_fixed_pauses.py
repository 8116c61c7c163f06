"""The tests wait on conditions, never on fixed pauses (issue 12): no `pilot.pause(<seconds>)`,
`time.sleep` or `asyncio.sleep` outside the waiting helpers, and no assertion that cannot fail
(`... or True`)."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
PAUSE = re.compile(r"\bpause\(\s*[0-9.]|\btime\.sleep\(|\basyncio\.sleep\(")
ALWAYS_TRUE = re.compile(r"\bassert\b.*\bor\s+True\s*(#.*)?$")

# Where a sleep is not a test waiting: each with why.
ALLOWED = {
    # the poll step between two looks of the waiting helpers
    ("waiting.py", "time.sleep(step)"),
    ("waiting.py", "await asyncio.sleep(step)"),
    # a child process holds a lock (or lingers) so that the test can meet it: the child's
    # code, not the test's wait
    ("test_lock.py", '"time.sleep(30)"]'),
    ("test_storage_failures.py", '"time.sleep(60)"]'),
    ("test_storage_failures.py", "time.sleep(max(0.0, float(sys.argv[2])"),
    # the moment a process is killed is drawn at random on purpose (crash safety)
    ("test_privacy_kill.py", "time.sleep(rng.uniform(0.8, 3.0))"),
    ("test_sync_kill.py", "time.sleep(rng.uniform(0.3, 3.0))"),
    ("test_bundle_kill.py", "time.sleep((trial + rng.random()) / trials * duration)"),
    # SQLite's progress handler made slow on purpose: the start-up check must take a while
    ("test_quit_during_check.py", "time.sleep(0.002)"),
    # the child process's own poll for its condition (it cannot import tests.waiting)
    ("test_lean_path.py", "await p.pause(0.1)"),
}


def _hits(pattern: re.Pattern) -> list[str]:
    found = []
    for path in sorted(TESTS.glob("*.py")):
        if path.name == Path(__file__).name:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and not any(
                    path.name == name and snippet in line for name, snippet in ALLOWED):
                found.append(f"{path.name}:{n}: {line.strip()}")
    return found


def test_no_fixed_pauses_in_the_tests():
    hits = _hits(PAUSE)
    assert not hits, "wait on a condition (tests/waiting.py, conftest.wait_until):\n" + \
        "\n".join(hits)


def test_no_assertion_that_cannot_fail():
    hits = _hits(ALWAYS_TRUE)
    assert not hits, "\n".join(hits)


def test_the_checks_catch_what_they_look_for():
    assert PAUSE.search("await pilot.pause(0.4)") and PAUSE.search("time.sleep(1)")
    assert PAUSE.search("await asyncio.sleep(0.1)") and not PAUSE.search("await pilot.pause()")
    assert ALWAYS_TRUE.search('assert "x" in text or True')
    assert not ALWAYS_TRUE.search('assert a or b')
