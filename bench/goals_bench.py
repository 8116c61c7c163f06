#!/usr/bin/env python3
"""Figures for the goal editor: SMART check per keystroke, GAS history, goal tree load,
plan PDF. Run from the repository root:

    python bench/goals_bench.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from caseterm.core import clock, gas, smart

TODAY = date(2026, 11, 23)
clock.set_today(TODAY)


def timed(fn, n: int) -> float:
    """Median milliseconds of n runs."""
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def main() -> None:
    sentence = "Bis 31.03.2027 habe ich 5 Bewerbungen für Ausbildungsplätze abgeschickt und " \
               "einen Deutschkurs begonnen, ich versuche regelmäßig mehr zu lernen."
    ctx = smart.CheckContext(today=TODAY, review_date=date(2027, 5, 1), open_goals=4)
    fields = {"level": "handlungsziel", "text_client": sentence, "due_date": "31.03.2027",
              "confidence": "7", "resources": "Schwester, Sprachcafé", "status": "draft"}
    print(f"SMART check, one long sentence (per keystroke): "
          f"{timed(lambda: smart.check_fields(fields, ctx), 2000):.3f} ms")

    import uuid
    goals = [gas.GasGoal(uuid.uuid4(), f"g{i}", (i % 9) + 1, -1) for i in range(50)]
    reviews = [gas.GasReview(goals[i % 50].id, date(2026, 1 + i // 40, 1 + i % 28), (i % 5) - 2)
               for i in range(400)]
    print(f"GAS history, 50 goals × 400 reviews: "
          f"{timed(lambda: gas.history(goals, reviews), 50):.2f} ms")

    from caseterm.core.goals import check_goal
    from caseterm.core.inputs import check_case, check_client
    from caseterm.db.engine import Database
    from caseterm.db.migrate import upgrade
    from caseterm.db.repo import agreements, cases, workers
    from caseterm.db.repo import goals as goals_repo

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(str(Path(tmp) / "b.db"))
        upgrade(db, make_backup=False)
        with db.write() as s:
            w = workers.add(s, username="b", display_name="Bench", role="caseworker")
            c = cases.add_client(s, check_client({"first_name": "Eva", "last_name": "Roth"}))
            case_id = cases.add_case(s, c.id, check_case({"legal_area": "sgb2"}), w.id).id
        t = time.perf_counter()
        for i in range(20):
            leit = goals_repo.add_goal(db, case_id, check_goal(
                {"level": "leitziel", "text_client": f"Leitziel {i}"}))
            for j in range(3):
                hz = goals_repo.add_goal(db, case_id, check_goal(
                    {"level": "handlungsziel", "text_client": f"Bis 31.03.2027 habe ich {j} "
                     "Bewerbungen abgeschickt.", "due_date": "31.03.2027"}), parent_id=leit)
                goals_repo.add_goal(db, case_id, check_goal(
                    {"level": "massnahme", "text_client": "Termin wahrnehmen",
                     "responsible": "client", "due_date": "15.12.2026"}), parent_id=hz)
        n = len(goals_repo.load_tree(db, case_id).goals)
        print(f"adding {n} goals and measures (each its own unit of work, follow-ups kept in "
              f"step): {(time.perf_counter() - t) * 1000 / n:.1f} ms per goal")
        print(f"goal tree load, {n} goals: "
              f"{timed(lambda: goals_repo.load_tree(db, case_id), 20):.1f} ms")
        v = agreements.ensure_draft(db, case_id)
        print(f"plan preview snapshot, {n} goals: "
              f"{timed(lambda: agreements.preview(db, case_id), 10):.1f} ms")
        from caseterm.export.plan_pdf import export_case
        from caseterm.services.goals import PlanData

        out = Path(tmp) / "plan.pdf"
        plan = PlanData(case_id, agreements.preview(db, case_id))
        print(f"plan PDF, {n} goals: "
              f"{timed(lambda: export_case(plan, out, lang='de'), 3):.0f} ms "
              f"({out.stat().st_size // 1024} KiB)")
        assert v
        db.dispose()


if __name__ == "__main__":
    main()
