"""Encryption at rest: what SQLCipher costs, encrypted against plain, at 100k clients.

    python bench/bench_crypto.py                 # 100,000 clients, 15 pairs
    python bench/bench_crypto.py --size 2000 --pairs 3   # a quick look

One dataset from `caseterm generate`'s generator (cached in bench/.cache like bench/run.py),
one plain copy and one copy encrypted with `caseterm db encrypt`'s code. Three things a
caseworker feels, through the service layer (the door) as the TUI calls them:

- queue:  the start screen's reads (due follow-ups, open cases, their count) of a worker with
          about 120 open cases;
- search: one keystroke in case search (the most common surname's first four letters);
- open:   opening the case with the most notes (cases.open_record).

Each is measured warm (a long-lived engine, as in the TUI) and cold (a new Database per sample:
connection, first reads from the file; the passphrase's KDF is not in it, it runs once per
process and is reported on its own). Plain and encrypted alternate in pairs (order swapped every
pair) so load on the shared machine hits both alike; the ratio is the median of the per-pair
ratios. Results go to stdout as a table and to bench/results/crypto-<size>.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PASS = "bench passphrase 2026"


def _ctx(db, worker_id, today):
    from caseterm.core import clock
    from caseterm.db.repo import access
    from caseterm.models.worker import Worker
    from caseterm.services import Ctx

    clock.set_today(today)
    with db.read() as s:
        actor = access.actor_for(s, s.get(Worker, worker_id), today)
    return Ctx(db, actor)


def operations(env):
    from caseterm.db.search import CaseFilter
    from caseterm.services import cases, followups

    def queue(ctx):  # the queue screen's first page and its section counts
        flt = followups.queue_filter(ctx)
        followups.page(ctx, flt)
        followups.counts(ctx, flt)

    def search(ctx):
        cases.search(ctx, CaseFilter(text=env.search_term))

    def open_case(ctx):
        cases.open_record(ctx, env.heavy_case)

    return {"queue": queue, "search": search, "open_case": open_case}


def main(argv: list[str] | None = None) -> dict:
    import run as bench_run

    from caseterm.db import cipher, convert
    from caseterm.db.engine import Database

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", default=str(ROOT / "bench" / ".cache"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--from", dest="source", default=None,
                        help="use a copy of this generated database (upgraded to the newest "
                        "schema) instead of generating one")
    args = parser.parse_args(argv)
    today = date(2026, 11, 23)
    with tempfile.TemporaryDirectory(prefix="caseterm-crypto-bench-") as tmp:
        started = time.perf_counter()
        if args.source:
            from caseterm.db.migrate import upgrade

            plain_path = Path(tmp) / "plain.db"
            shutil.copyfile(args.source, plain_path)
            source_db = Database(str(plain_path))
            upgrade(source_db, make_backup=False)
            source_db.dispose()
        else:
            plain_path, _ = bench_run.dataset(args.size, args.seed, today, Path(args.cache),
                                              Path(tmp), lambda m: print(m, file=sys.stderr))
        env = bench_run.Env(db_path=plain_path, size=args.size, repeat=1, today=today)
        bench_run.prepare(env)
        enc_path = Path(tmp) / "encrypted.db"
        shutil.copyfile(plain_path, enc_path)
        t0 = time.perf_counter()
        convert.encrypt(Database(str(enc_path)), PASS)
        encrypt_s = time.perf_counter() - t0
        print(f"data ready in {time.perf_counter() - started:.0f} s; encrypt {encrypt_s:.1f} s",
              file=sys.stderr)
        t0 = time.perf_counter()
        cipher.derive.cache_clear()
        key = cipher.key_for_file(enc_path, PASS)
        kdf_ms = (time.perf_counter() - t0) * 1000
        ops = operations(env)
        opened = {"plain": Database(str(plain_path)), "encrypted": Database(str(enc_path), key)}
        ctxs = {k: _ctx(db, env.worker_id, today) for k, db in opened.items()}
        samples: dict[str, dict[str, list[float]]] = {}
        cpu_samples: dict[str, dict[str, list[float]]] = {}
        for name, op in ops.items():
            for mode in ("warm", "cold"):
                for kind in ("plain", "encrypted"):
                    op(ctxs[kind])  # warm-up
                pairs: dict[str, list[float]] = {"plain": [], "encrypted": []}
                cpu: dict[str, list[float]] = {"plain": [], "encrypted": []}
                for i in range(args.pairs):
                    order = ("plain", "encrypted") if i % 2 == 0 else ("encrypted", "plain")
                    for kind in order:
                        if mode == "cold":
                            db = Database(str(plain_path) if kind == "plain" else str(enc_path),
                                          None if kind == "plain" else key)
                            c, t = time.thread_time(), time.perf_counter()
                            op(_ctx(db, env.worker_id, today))
                            pairs[kind].append((time.perf_counter() - t) * 1000)
                            cpu[kind].append((time.thread_time() - c) * 1000)
                            db.dispose()
                        else:
                            c, t = time.thread_time(), time.perf_counter()
                            op(ctxs[kind])
                            pairs[kind].append((time.perf_counter() - t) * 1000)
                            cpu[kind].append((time.thread_time() - c) * 1000)
                samples[f"{name}_{mode}"] = pairs
                cpu_samples[f"{name}_{mode}"] = cpu
        for db in opened.values():
            db.dispose()
        sizes = {"plain_mb": round(plain_path.stat().st_size / 1e6, 1),
                 "encrypted_mb": round(enc_path.stat().st_size / 1e6, 1)}
    result = {"size": args.size, "pairs": args.pairs, "kdf_ms": round(kdf_ms, 1),
              "encrypt_s": round(encrypt_s, 1), **sizes, "metrics": {},
              "machine": bench_run.machine(), "load": bench_run.load_average()}
    print(f"\n{args.size:,} clients, {args.pairs} pairs; KDF once per process "
          f"{kdf_ms:.0f} ms; db encrypt {encrypt_s:.1f} s; file {sizes['plain_mb']} MB plain, "
          f"{sizes['encrypted_mb']} MB encrypted")
    print(f"{'operation':<16}{'plain':>10}{'encrypted':>12}{'ratio':>8}"
          f"{'CPU plain':>12}{'CPU encr.':>12}{'CPU ratio':>11}   (medians; ratios paired)")

    def ratio(pairs):
        return statistics.median(
            [e / p for p, e in zip(pairs["plain"], pairs["encrypted"], strict=True) if p])

    for metric, pairs in samples.items():
        cpu = cpu_samples[metric]
        row = {"plain_median_ms": round(statistics.median(pairs["plain"]), 2),
               "encrypted_median_ms": round(statistics.median(pairs["encrypted"]), 2),
               "plain_p95_ms": round(bench_run.p95(pairs["plain"]), 2),
               "encrypted_p95_ms": round(bench_run.p95(pairs["encrypted"]), 2),
               "ratio_median": round(ratio(pairs), 2),
               "plain_cpu_ms": round(statistics.median(cpu["plain"]), 2),
               "encrypted_cpu_ms": round(statistics.median(cpu["encrypted"]), 2),
               "cpu_ratio_median": round(ratio(cpu), 2)}
        result["metrics"][metric] = row
        print(f"{metric:<16}{row['plain_median_ms']:>7.1f} ms{row['encrypted_median_ms']:>9.1f} ms"
              f"{row['ratio_median']:>7.2f}×{row['plain_cpu_ms']:>9.1f} ms"
              f"{row['encrypted_cpu_ms']:>9.1f} ms{row['cpu_ratio_median']:>10.2f}×")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"crypto-{args.size}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
