#!/usr/bin/env python3
"""What the one door costs: the same read below the door (repository) and through it (service:
access check, audit entry), alternated A B A B, with the paired ratio per call.

    caseterm --db /tmp/100k.db generate -n 100000 -q
    python bench/bench_door.py /tmp/100k.db [--pairs 25] [--today 2026-12-01]

Measured on a copy: opening a case writes an audit entry each time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--pairs", type=int, default=25)
    parser.add_argument("--today", default="2026-12-01")
    args = parser.parse_args()

    from caseterm.core import clock

    clock.set_today(date.fromisoformat(args.today))
    from caseterm.db import search as search_mod
    from caseterm.db.engine import Database
    from caseterm.db.migrate import ensure_current
    from caseterm.db.repo import cases as repo
    from caseterm.services import cases
    from caseterm.services.identity import context

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "door.db"
        shutil.copyfile(args.db, copy)
        db = Database(str(copy))
        ensure_current(db)
        ctx = context(db)
        assert ctx is not None, "the database has no default worker (caseterm generate sets one)"
        me = ctx.actor.id
        mine = repo.list_for_workers(db, [me], me, limit=1)
        assert mine, "the current worker has no open case"
        case_id = mine[0].id
        flt = search_mod.CaseFilter(text="Müll")

        def search_below():
            with db.read() as s:
                return search_mod.search_cases(s, ctx.actor, flt, limit=50)

        pairs = {
            "open a case": (lambda: repo.overview(db, case_id),
                            lambda: cases.open_record(ctx, case_id)),
            "my open cases": (lambda: repo.list_for_workers(db, [me], me),
                              lambda: cases.my_cases(ctx)),
            "search 'Müll'": (search_below, lambda: cases.search(ctx, flt)),
        }
        for name, (below, door) in pairs.items():
            below(), door()
            a, b, ratio = [], [], []
            for _ in range(args.pairs):
                t = time.perf_counter()
                below()
                x = time.perf_counter() - t
                t = time.perf_counter()
                door()
                y = time.perf_counter() - t
                a.append(x * 1000)
                b.append(y * 1000)
                ratio.append(y / x)
            print(f"{name:16s} below the door {statistics.median(a):6.1f} ms   through it "
                  f"{statistics.median(b):6.1f} ms   paired ratio {statistics.median(ratio):.2f}")
        db.dispose()


if __name__ == "__main__":
    main()
