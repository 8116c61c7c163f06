"""Sync of changed cases between a laptop and the centre: time and peak memory.

    python bench/bench_sync.py                    # 1,000 changed cases, SQLite centre
    python bench/bench_sync.py --pg               # the centre on a throw-away PostgreSQL
    python bench/bench_sync.py --cases 200        # a quick look

A centre with N open cases of one worker is made, a laptop checked out from it (timed), then
every case is changed on the laptop (its title and a new contact note: 2 changes per case)
and on the centre (a new note: the laptop receives N notes). Measured: `caseterm sync`'s work
(push in batches of 500, then pull in batches of 500), through the service layer as the
command does, wall time and the peak of Python memory (tracemalloc) and the process's peak
resident size. Budget (issue 17): beat CommCare's ~1 s per 25 cases by 10x, i.e. 1,000 cases
in under 4 s. Results: stdout and bench/results/sync-<N>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _ctx(db, worker_id):
    from caseterm.core import clock
    from caseterm.db.repo import access
    from caseterm.models.worker import Worker
    from caseterm.services import Ctx

    with db.read() as s:
        actor = access.actor_for(s, s.get(Worker, worker_id), clock.today())
    return Ctx(db, actor)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--pg", action="store_true")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--trace", action="store_true",
                        help="also trace Python's peak memory (tracemalloc; doubles the CPU time)")
    args = parser.parse_args()

    from caseterm.core import clock
    from caseterm.core.inputs import check_case, check_client, check_note
    from caseterm.db.engine import Database, acting
    from caseterm.db.migrate import upgrade
    from caseterm.db.repo import workers
    from caseterm.db.repo.cases import add_case, add_client
    from caseterm.db.repo.notes import add_note
    from caseterm.models.case import Case
    from caseterm.services import sync

    clock.set_today(date(2026, 11, 23))
    tmp = Path(tempfile.mkdtemp(prefix="caseterm-bench-sync-"))
    cluster = None
    if args.pg:
        from tests.pg import PgCluster

        cluster = PgCluster()
        centre = Database(cluster.new_database())
    else:
        centre = Database(str(tmp / "centre.db"))
    upgrade(centre, make_backup=False)
    with centre.write() as s:
        anna = workers.add(s, username="anna", display_name="Anna Becker",
                           role="caseworker", team="Nord", office="Rathaus", land="NW").id
        admin = workers.add(s, username="admin", display_name="Admin", role="admin",
                            team="", office="", land="NW").id
        for i in range(args.cases):
            client = add_client(s, check_client({"first_name": f"Vorname{i}",
                                                 "last_name": f"Nachname{i % 397}",
                                                 "birth_date": f"19{50 + i % 50}-01-15"}))
            add_case(s, client.id, check_case({"legal_area": "sgb2", "phase": "intake"}), anna)
    admin_ctx = _ctx(centre, admin)
    sync.init_central(admin_ctx, "Zentrale")
    laptop = Database(str(tmp / "laptop.db"))
    upgrade(laptop, make_backup=False)
    t0 = time.perf_counter()
    summary = sync.checkout(admin_ctx, laptop, worker="anna", name="bench")
    checkout_s = time.perf_counter() - t0
    lap, cen = _ctx(laptop, anna), _ctx(centre, anna)
    with laptop.read() as s:
        ids = [c for c in s.exec(__import__("sqlmodel").select(Case.id))]
    for db, ctx, what in ((laptop, lap, "Laptop"), (centre, cen, "Zentrale")):
        with acting(ctx.actor), db.write() as s:
            for i, case_id in enumerate(ids):
                if what == "Laptop":
                    s.get(Case, case_id).title = f"Laptop {i}"
                s.flush()
        with acting(ctx.actor):
            for case_id in ids:
                add_note(db, case_id, check_note({"text": f"{what}: Gespräch"}), anna)
    unsent = sync.sync_status(lap).unsent
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.trace:
        tracemalloc.start()
    if "--profile" in sys.argv[1:]:
        import cProfile
        prof = cProfile.Profile()
        prof.enable()
    t0 = time.perf_counter()
    c0 = time.process_time()
    out = sync.collect_outgoing(lap)
    changes = out["changes"]
    sent = sync.ApplyResult()
    for start in range(0, len(changes), args.batch):
        part = changes[start:start + args.batch]
        sent.add(sync.apply_incoming(cen, {**out, "changes": part, "first": part[0]["seq"],
                                           "last": part[-1]["seq"]}))
    push_s = time.perf_counter() - t0
    got = sync.ApplyResult()
    device = sync.sync_status(lap).device_id
    while True:
        cs = sync.export_for_device(cen, device, sync.sync_status(lap).last_pulled,
                                    args.batch)
        got.add(sync.apply_incoming(lap, cs))
        if len(cs["changes"]) < args.batch:
            break
    total_s = time.perf_counter() - t0
    cpu_s = time.process_time() - c0
    if "--profile" in sys.argv[1:]:
        import pstats
        prof.disable()
        prof.dump_stats("/tmp/s5sync/prof.out")
        pstats.Stats(prof).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(45)
    peak = tracemalloc.get_traced_memory()[1] if args.trace else None
    tracemalloc.stop()
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "cases": args.cases, "centre": "postgresql" if args.pg else "sqlite",
        "checkout_s": round(checkout_s, 2), "checkout_rows": summary.rows,
        "changes_sent": unsent, "applied_at_centre": sent.applied,
        "changes_received": got.received - got.already,
        "push_s": round(push_s, 2), "pull_s": round(total_s - push_s, 2),
        "sync_s": round(total_s, 2), "sync_cpu_s": round(cpu_s, 2),
        "ms_per_case": round(1000 * total_s / args.cases, 2),
        "cpu_ms_per_case": round(1000 * cpu_s / args.cases, 2),
        "load_average": round(__import__("os").getloadavg()[0], 1),
        "python_peak_mb": round(peak / 2**20, 1) if peak is not None else None,
        "rss_peak_mb": round(rss1 / 1024, 1),
        "rss_before_mb": round(rss0 / 1024, 1),
        "budget_s": round(args.cases / 25 / 10, 1),
    }
    for k, v in result.items():
        print(f"{k:20} {v}")
    Path(args.out).mkdir(parents=True, exist_ok=True)
    name = f"sync-{args.cases}{'-pg' if args.pg else ''}.json"
    (Path(args.out) / name).write_text(json.dumps(result, indent=2) + "\n")
    centre.dispose()
    laptop.dispose()
    if cluster is not None:
        cluster.stop()
    _ = SimpleNamespace


if __name__ == "__main__":
    main()
