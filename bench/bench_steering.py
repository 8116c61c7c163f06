"""Steering figures at scale: the office-wide dashboard (every figure of `caseterm report`) for
an administrator, and a team lead's team, on a database made by `caseterm generate`.

    python bench/bench_steering.py --db /tmp/b100k.db [--repeat 5] [--today 2026-11-23]
        [--passphrase SECRET] [--out FILE]

Works on a scratch copy, brought to the current schema (a database generated before
0019_steerkeys gets its indexes, as an installation's would). With --passphrase the scratch
copy is encrypted first (SQLCipher, as every real installation's file is) and the figures are
measured on the encrypted file. Besides wall and CPU time it records what the process waited
for: block reads from the disk and involuntary context switches (the CPU given to others).

The generator (since GENERATOR_VERSION 3) makes referrals with their history and feedback,
costs, personal budgets, closures and unmet needs itself; a database made by an older
generator first gets them here: a closure with evaluation for every closed case (GAS T-scores,
SGB II integration dates, after-care results), a cost item for every second referral and every
measure with a cost bearer, and an unmet need for every 20th case, all deterministic.
Budget (issue 19): office-wide dashboard <= 2 s at 100,000 clients.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def enrich(db) -> dict[str, int]:
    import uuid

    from sqlalchemy import insert, select

    from caseterm.models.base import utcnow
    from caseterm.models.case import Case
    from caseterm.models.goals import Goal
    from caseterm.models.referral import Referral
    from caseterm.models.services import UnmetNeed
    from caseterm.models.steering import CaseClosure, CostItem

    rng = random.Random(7)
    now = utcnow()
    base = {"created_at": now, "updated_at": now, "row_version": 1}
    counts = {}
    from sqlalchemy import func

    def has(s, model) -> bool:
        return bool(s.execute(select(func.count()).select_from(model)).scalar())

    with db.write() as s:
        if has(s, CaseClosure) or has(s, CostItem):
            # made by the generator (db/generate/steering.py, generator version 3): no enriching
            return {"enriched": 0, "closures": s.execute(select(func.count()).select_from(
                CaseClosure)).scalar(), "cost_items": s.execute(select(func.count())
                .select_from(CostItem)).scalar()}
        closed = s.execute(select(Case.id, Case.legal_area, Case.opened_on, Case.closed_on,
                                  Case.closure_reason)
                           .where(Case.closed_on.is_not(None))).all()
        rows = []
        for cid, area, opened, closed_on, reason in closed:
            start = rng.uniform(30, 50)
            integ = None
            if area == "sgb2" and rng.random() < 0.4:
                integ = opened + timedelta(days=rng.randint(30, max(31, (closed_on - opened).days)))
                integ = min(integ, closed_on)
            rows.append({**base, "id": uuid.uuid4(), "case_id": cid, "closed_on": closed_on,
                         "closure_reason": reason or "other", "client_view": "",
                         "no_evaluation_reason": "", "gas_start": start,
                         "gas_final": start + rng.uniform(-5, 20), "goals_total": 3,
                         "goals_achieved": rng.randint(0, 3), "integrated_on": integ,
                         "aftercare_lasted": (rng.random() < 0.7) if integ else None})
        if rows:
            s.execute(insert(CaseClosure), rows)
        counts["closures"] = len(rows)
        refs = s.execute(select(Referral.id, Referral.case_id)).all()
        items = [{**base, "id": uuid.uuid4(), "case_id": cid, "referral_id": rid,
                  "goal_id": None, "offering_id": None, "provider": "",
                  "cost_bearer": rng.choice(["Jobcenter", "Jugendamt", "Sozialamt"]),
                  "legal_basis": "", "planned_cents": rng.randint(5_000, 500_000),
                  "actual_cents": rng.randint(5_000, 500_000)}
                 for i, (rid, cid) in enumerate(refs) if i % 2 == 0]
        measures = s.execute(select(Goal.id, Goal.case_id).where(
            Goal.level == "massnahme", Goal.cost_bearer != "")).all()
        items += [{**base, "id": uuid.uuid4(), "case_id": cid, "referral_id": None,
                   "goal_id": gid, "offering_id": None, "provider": "",
                   "cost_bearer": "Jobcenter", "legal_basis": "§ 16 SGB II",
                   "planned_cents": 120_000, "actual_cents": None} for gid, cid in measures]
        if items:
            s.execute(insert(CostItem), items)
        counts["cost_items"] = len(items)
        cases = s.execute(select(Case.id)).scalars().all()
        needs = [{**base, "id": uuid.uuid4(), "case_id": cid,
                  "domain_id": rng.choice(["housing", "work", "health", "debts"]),
                  "need": "x", "district": rng.choice(["Nordstadt", "Südviertel", "Mitte"]),
                  "category": None, "recorded_on": date(2026, rng.randint(1, 11), 1),
                  "author_id": None}
                 for i, cid in enumerate(cases) if i % 20 == 0]
        if needs:
            s.execute(insert(UnmetNeed), needs)
        counts["unmet_needs"] = len(needs)
        counts["cases"] = len(cases)
    return counts


def encrypt(plain: Path, target: Path, passphrase: str) -> None:
    """An encrypted copy of a plain database file (what `caseterm db encrypt` makes)."""
    from caseterm.db import cipher

    con = cipher.connect(plain)
    try:
        con.execute("ATTACH DATABASE ? AS enc KEY ?", (str(target), passphrase))
        con.execute("SELECT sqlcipher_export('enc')")
        con.execute("DETACH DATABASE enc")
    finally:
        con.close()


def rusage() -> tuple[int, int]:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_inblock, r.ru_nivcsw


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--today", default="2026-11-23")
    ap.add_argument("--passphrase", default=None,
                    help="measure on an encrypted copy (SQLCipher) with this passphrase")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "steering.json"))
    args = ap.parse_args()

    from sqlmodel import select

    from caseterm.core import clock
    from caseterm.db import cipher
    from caseterm.db.engine import Database
    from caseterm.db.migrate import upgrade
    from caseterm.db.repo import access, workers
    from caseterm.models.worker import Worker
    from caseterm.services import Ctx
    from caseterm.services import steering as svc

    today = date.fromisoformat(args.today)
    clock.set_today(today)
    tmp = Path(tempfile.mkdtemp()) / "scratch.db"
    src = Database(args.db)
    with src.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    src.dispose()
    shutil.copy(args.db, tmp)
    key = None
    if args.passphrase:
        enc = tmp.with_name("scratch-encrypted.db")
        encrypt(tmp, enc, args.passphrase)
        tmp.unlink()
        enc.rename(tmp)
        key = cipher.key_for_file(tmp, args.passphrase)
    db = Database(str(tmp), key=key)
    upgrade(db, make_backup=False)
    counts = enrich(db)
    with db.write() as s:
        admin = workers.add(s, username="bench-admin", display_name="Bench Admin",
                            role="admin")
        lead = s.exec(select(Worker).where(Worker.role == "team_lead")).first()
        admin_id, lead_id = admin.id, lead.id if lead else None

    def ctx(wid):
        with db.read() as s:
            return Ctx(db, access.actor_for(s, s.get(Worker, wid), today))

    results: dict = {"data": counts, "encrypted": bool(args.passphrase),
                     "cpus": os.cpu_count()}
    start = today.replace(month=1, day=1)
    for name, wid in (("office_dashboard", admin_id), ("team_dashboard", lead_id)):
        if wid is None:
            continue
        c = ctx(wid)
        svc.report(c, start, today)  # warm-up
        times, cpu, loads = [], [], []
        io0, preempted0 = rusage()
        for _ in range(args.repeat):
            loads.append(os.getloadavg()[0])
            t0, c0 = time.perf_counter(), time.process_time()
            rep = svc.report(c, start, today)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        io1, preempted1 = rusage()
        results[name] = {"median_ms": round(statistics.median(times)),
                         "max_ms": round(max(times)), "min_ms": round(min(times)),
                         "cpu_median_ms": round(statistics.median(cpu)),
                         "load_average": round(statistics.median(loads), 1),
                         "block_reads_per_run": round((io1 - io0) / args.repeat),
                         "preempted_per_run": round((preempted1 - preempted0) / args.repeat),
                         "persons": rep.persons, "figures": sum(len(t.rows) for t in rep.tables)}
        print(name, results[name])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, default=str))
    db.dispose()
    shutil.rmtree(tmp.parent)


if __name__ == "__main__":
    main()
