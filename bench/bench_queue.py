#!/usr/bin/env python3
"""Benchmark: the follow-up queue with 300,000 follow-ups.

Builds (once, cached in the given folder) an office of 60 workers in 6 teams (each with a
team lead, every worker with a deputy), 15,000 cases and 300,000 follow-ups (about a fifth
open, the rest done or cancelled — the history a busy office collects). Then measures:

- a queue page (200 rows) for one worker (mine, with items escalated to me), deep keyset
  pages, my team, one given worker with filters, the team lead's escalated items;
- the section counts shown above the queue;
- refreshing the automatic follow-ups of one worker's cases (run when the queue opens);
- `caseterm queue` as a whole process (start-up included): table, --json, --ics.

Prints a table and writes JSON (bench/results/queue.json unless --out is given).

    python bench/bench_queue.py [--dir /tmp/bench-queue] [--rows 300000] [--out file.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)
WORKERS = 60
TEAM_SIZE = 10
CASES_PER_WORKER = 250
AREAS = ("sgb2", "sgb8", "sgb12", "integration")
KINDS = ("wiedervorlage",) * 6 + ("frist", "termin", "review", "measure", "referral")


def build(path: Path, rows: int) -> None:
    from sqlalchemy import insert, update

    from caseterm.core import clock
    from caseterm.db.engine import Database
    from caseterm.db.migrate import upgrade
    from caseterm.db.repo import settings
    from caseterm.models.case import Case
    from caseterm.models.client import Client
    from caseterm.models.followup import FollowUp
    from caseterm.models.worker import Worker

    clock.set_today(TODAY)
    rnd = random.Random(7)
    db = Database(str(path))
    upgrade(db, make_backup=False)
    now = datetime.now(UTC)
    base = {"created_at": now, "updated_at": now, "row_version": 1}
    workers = []
    for i in range(WORKERS):
        team = i // TEAM_SIZE
        workers.append({**base, "id": uuid.uuid4(), "username": f"w{i:02d}",
                        "display_name": f"Fachkraft {i:02d}", "role": "caseworker",
                        "team": f"Team {team}", "office": "Rathaus", "land": "NW",
                        "catholic_municipality": False, "augsburg": False, "active": True,
                        "deputy_id": None, "team_lead_id": None})
    for i, w in enumerate(workers):
        team = i // TEAM_SIZE
        lead = workers[team * TEAM_SIZE]
        w["role"] = "team_lead" if w is lead else "caseworker"
        w["team_lead_id"] = None if w is lead else lead["id"]
        w["deputy_id"] = workers[team * TEAM_SIZE + (i + 1) % TEAM_SIZE]["id"]
    clients, cases = [], []
    n = 0
    for w in workers:
        for _ in range(CASES_PER_WORKER):
            n += 1
            cid = uuid.uuid4()
            clients.append({**base, "id": cid, "first_name": f"Vorname{n}",
                            "last_name": f"Nachname{n}", "name_key": f"nachname{n} vorname{n}",
                            "birth_date": date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                            "gender": "", "languages": "", "interpreter_needed": False,
                            "phone": "", "email": "", "address": "", "district": ""})
            area = AREAS[n % 4]
            cases.append({**base, "id": uuid.uuid4(), "case_number": f"FM-{n:06d}",
                          "client_id": cid, "legal_area": area, "title": "",
                          "lead_worker_id": w["id"], "deputy_worker_id": w["deputy_id"],
                          "phase": "monitoring", "phase_since": now - timedelta(days=30),
                          "opened_on": TODAY - timedelta(days=200 + n % 300),
                          "closed_on": None, "closure_reason": None,
                          "child_protection": area == "sgb8" and n % 25 == 0})
    followups = []
    for i in range(rows):
        case = cases[i % len(cases)]
        r = rnd.random()
        status = "open" if r < 0.22 else ("cancelled" if r < 0.25 else "done")
        offset = rnd.randint(-40, 60) if status == "open" else rnd.randint(-700, -1)
        followups.append({**base, "id": uuid.uuid4(), "case_id": case["id"],
                          "kind": rnd.choice(KINDS), "due_date": TODAY + timedelta(days=offset),
                          "next_step": f"Nächster Schritt {i}: Unterlagen prüfen und anrufen",
                          "assignee_id": case["lead_worker_id"],
                          "priority": rnd.choice(("high", "normal", "normal", "low")),
                          "status": status, "postpone_count": rnd.choice((0, 0, 0, 1, 3)),
                          "source_type": "", "source_id": None, "created_by_id": None,
                          "done_at": now if status == "done" else None, "done_by_id": None,
                          "outcome_note": ""})
    with db.write() as s:
        s.execute(insert(Worker), [{**w, "deputy_id": None, "team_lead_id": None}
                                   for w in workers])
        for w in workers:
            s.execute(update(Worker).where(Worker.id == w["id"]).values(
                deputy_id=w["deputy_id"], team_lead_id=w["team_lead_id"]))
        s.execute(insert(Client), clients)
        s.execute(insert(Case), cases)
        for start in range(0, len(followups), 20000):
            s.execute(insert(FollowUp), followups[start:start + 20000])
        settings.put(s, settings.CURRENT_WORKER, str(workers[1]["id"]))
    db.dispose()  # no ANALYZE: the figures are those of an office database as it is


def _cpu() -> float:
    """CPU seconds of this process and its finished children: unlike wall time, hardly
    affected by other load on a shared machine."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn, repeat: int = 15) -> dict:
    fn()  # warm
    samples, cpu = [], []
    for _ in range(repeat):
        c0, t0 = _cpu(), time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((_cpu() - c0) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 2),
            "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 2),
            "max_ms": round(samples[-1], 2),
            "cpu_median_ms": round(statistics.median(cpu), 2)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="/tmp/caseterm-bench-queue")
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "queue.json"))
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"queue-{args.rows}.db"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.rows)
        print(f"built {path} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    from sqlmodel import func, select

    from caseterm.core import clock
    from caseterm.db.engine import Database
    from caseterm.db.repo import auto_followups
    from caseterm.db.repo import queue as q
    from caseterm.models.followup import FollowUp
    from caseterm.models.worker import Worker

    clock.set_today(TODAY)
    db = Database(str(path))
    with db.read() as s:
        total = s.exec(select(func.count()).select_from(FollowUp)).one()
        open_n = s.exec(select(func.count()).select_from(FollowUp)
                        .where(FollowUp.status == "open")).one()
        by_name = {w.username: w.id for w in s.exec(select(Worker))}
    worker, lead, other = by_name["w01"], by_name["w00"], by_name["w02"]
    mine = q.QueueFilter(viewer_id=worker)
    team = q.QueueFilter(viewer_id=worker, scope="team")
    lead_q = q.QueueFilter(viewer_id=lead)
    filtered = q.QueueFilter(viewer_id=worker, scope="worker", worker_id=other,
                             legal_area="sgb8", kind="wiedervorlage")
    deep_cursor = {}

    def deep(flt, pages=5):
        after = None
        for _ in range(pages):
            rows = q.page(db, flt, after=after, limit=200)
            if not rows:
                break
            after = rows[-1].cursor
        deep_cursor[id(flt)] = after

    results = {
        "mine: first page (200)": timed(lambda: q.page(db, mine, limit=200)),
        "mine: 5 pages by keyset": timed(lambda: deep(mine)),
        "team (10 workers): first page": timed(lambda: q.page(db, team, limit=200)),
        "team (10 workers): 5 pages": timed(lambda: deep(team), repeat=5),
        "team lead: escalated items": timed(lambda: q.page(db, lead_q, limit=200)),
        "a worker, sgb8 + kind filter": timed(lambda: q.page(db, filtered, limit=200)),
        "section counts (mine)": timed(lambda: q.counts(db, mine)),
        "section counts (team)": timed(lambda: q.counts(db, team), repeat=5),
        "refresh automatic follow-ups (250 cases)": timed(
            lambda: auto_followups.refresh_for_worker(db, worker), repeat=3),
    }
    sizes = {"mine": len(q.all_rows(db, mine)), "team": len(q.all_rows(db, team))}
    db.dispose()

    env = {**os.environ, "CASETERM_TODAY": TODAY.isoformat(), "CASETERM_DATA_DIR": str(folder),
           "COLUMNS": "200"}
    cmd = [sys.executable, "-m", "caseterm", "--db", str(path), "queue"]

    def cli(*extra):
        subprocess.run([*cmd, *extra], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    ics = folder / "queue.ics"
    results["CLI: caseterm queue (table, whole process)"] = timed(cli, repeat=5)
    results["CLI: caseterm queue --today-only --json"] = timed(
        lambda: cli("--today-only", "--json"), repeat=5)
    results["CLI: caseterm queue --ics FILE"] = timed(lambda: cli("--ics", str(ics)), repeat=5)
    baseline = [sys.executable, "-c", "import caseterm.cli"]
    results["(python + import caseterm.cli only)"] = timed(
        lambda: subprocess.run(baseline, env=env, cwd=ROOT, check=True), repeat=5)

    width = max(len(k) for k in results)
    print(f"follow-ups: {total:,} ({open_n:,} open); worker's queue {sizes['mine']:,} rows, "
          f"team's {sizes['team']:,} rows")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'measure'.ljust(width)}  {'median':>9}  {'p95':>9}  {'max':>9}  {'CPU':>9}")
    for name, r in results.items():
        print(f"{name.ljust(width)}  {r['median_ms']:>7.1f}ms  {r['p95_ms']:>7.1f}ms  "
              f"{r['max_ms']:>7.1f}ms  {r['cpu_median_ms']:>7.1f}ms")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"followups": total, "open": open_n, "queue_rows": sizes,
                               "python": sys.version.split()[0],
                               "loadavg": os.getloadavg()[0], "cpus": os.cpu_count(),
                               "results": results},
                              indent=2), encoding="utf-8")
    print(f"written {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
