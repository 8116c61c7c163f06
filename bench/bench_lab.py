#!/usr/bin/env python3
"""Benchmark of issue 16: `caseterm lab create` of 20 trainees from the full 18-day pack, as a
trainer runs it (a fresh process, the command line), budget ≤ 20 s on this machine.

    python bench/bench_lab.py                  # 3 runs, 20 trainees, kurs-18-tage
    python bench/bench_lab.py --trainees 20 --repeat 5

Each run uses a fresh data folder (nothing cached). Prints the wall-clock seconds per run and
the median; exit code 1 when the median is over budget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BUDGET_S = 20.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainees", type=int, default=20)
    parser.add_argument("--pack", default="kurs-18-tage")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = []
    for n in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "CASETERM_DATA_DIR": tmp,
                   "CASETERM_CONFIG": os.path.join(tmp, "c.toml")}
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "caseterm", "lab", "create", f"bench{n}",
                            "--trainees", str(args.trainees), "--pack", args.pack,
                            "--start", "2027-03-01"], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
            print(f"run {n + 1}: {times[-1]:.2f} s", flush=True)
    median = statistics.median(times)
    verdict = "ok" if median <= BUDGET_S else "OVER BUDGET"
    print(f"lab create, {args.trainees} trainees, pack {args.pack}: median {median:.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s (budget {BUDGET_S:.0f} s) {verdict}")
    return 0 if median <= BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
