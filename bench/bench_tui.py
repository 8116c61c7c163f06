"""Issue 18, part B: what a caseworker feels in the running TUI, measured honestly.

    python bench/bench_tui.py --db FILE [--term Schl] [--repeat 3] [--cases 100]

(`bench/run.py` calls `measure(env)` for every size and prints `print_rows(report)` after its
own table.) One headless caseterm process, started the way `caseterm --db FILE` starts
(bench/_child.py `run_caseterm`), runs three scenarios:

- `search_rows`: the case list; the search term is typed key by key. A sample ends when the
  rows of THIS keystroke's query are painted: the first page whose query text equals the field's
  text has been written into the table and the screen has refreshed after it. A count, or an
  answer to the previous key, does not end it. Afterwards (not timed) the rows shown for every
  key are compared with the service's own answer for that text; a mismatch fails the run.
- `open_case_distinct`: opens DIFFERENT cases one after the other: the heavy case(s) (200 notes,
  30 goals and measures from the generator) alternate with other cases of the worker, so no
  opening repeats the one before. A sample ends when the case screen shows that case's data
  and has refreshed; `open_case_heavy` is the subset of heavy cases.
- `rss_cases`: RSS after each of `--cases` openings of different cases (open, painted, back);
  the figure is RSS at the end, `rss_growth_per_case` the slope over the second half (KB per
  case), and `live_case_screens` how many case screens are still alive after a gc (one: the
  case screen is kept and refilled, screens/case.py).

CPU is the process's CPU time (all threads) over the same span as the wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

sys.path.insert(0, str(HERE))
from budgets import absolute  # noqa: E402  (the budgets are defined once, in bench/budgets.py)

# -- the parent side (bench/run.py) ------------------------------------------------------------

def pick_cases(db_path: Path, worker_id: str | None, n: int) -> tuple[list[str], list[str]]:
    """(heavy case ids, other open cases of the worker): the heavy ones are the cases with the
    most notes (the generator's 200-note cases); the measured worker is made their lead on the
    scratch copy so she may open them all."""
    con = sqlite3.connect(str(db_path))
    try:
        heavy = [r[0] for r in con.execute(
            "SELECT case_id FROM contact_note GROUP BY case_id HAVING count(*) >= 200")]
        if worker_id is None:
            worker_id = con.execute(
                "SELECT value FROM setting WHERE key = 'current_worker'").fetchone()[0]
        wid = worker_id.replace("-", "")
        for cid in heavy:
            con.execute("UPDATE casefile SET lead_worker_id = ? WHERE id = ?", (wid, cid))
        con.commit()
        others = [r[0] for r in con.execute(
            "SELECT id FROM casefile WHERE (lead_worker_id = ? OR deputy_worker_id = ?) "
            "AND phase != 'closure' ORDER BY case_number", (wid, wid))
            if r[0] not in heavy]
    finally:
        con.close()
    return heavy, others[:n]


def run(db_path: Path, *, term: str, repeat: int, cases: int, today: str | None,
        worker_id: str | None = None, size: str = "140x45") -> dict[str, Any]:
    heavy, others = pick_cases(db_path, worker_id, max(cases, 2 * repeat + 2))
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none", "PYTHONPATH": str(ROOT),
           "CASETERM_DB": str(db_path)}
    if today:
        env["CASETERM_TODAY"] = today
    args = [sys.executable, str(Path(__file__)), "child", "--db", str(db_path),
            "--term", term, "--repeat", str(repeat), "--cases", str(cases),
            "--heavy", ",".join(heavy), "--others", ",".join(others), "--size", size]
    proc = subprocess.run(args, capture_output=True, text=True, env=env, cwd=str(ROOT),
                          timeout=1800)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"bench_tui child failed ({proc.returncode}): "
                           f"{proc.stderr.strip()[-2000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    con = sqlite3.connect(str(db_path))
    try:
        res["open"]["heavy_goals"] = [con.execute(
            "SELECT count(*) FROM goal WHERE case_id = ?", (cid,)).fetchone()[0] for cid in heavy]
    finally:
        con.close()
    return res


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def _stats(samples: list[float], cpu: list[float] | None, unit: str, note: str = ""
           ) -> dict[str, Any]:
    out: dict[str, Any] = {"status": "ok", "unit": unit, "note": note, "samples": samples,
                           "median": round(statistics.median(samples), 2),
                           "p95": round(_p95(samples), 2), "min": min(samples),
                           "max": max(samples), "n": len(samples)}
    if cpu:
        out["cpu_median"] = round(statistics.median(cpu), 2)
        out["cpu_p95"] = round(_p95(cpu), 2)
    return out


def measure(env, log=lambda _m: None) -> dict[str, dict[str, Any]]:
    """The rows of this module for one dataset of bench/run.py (its Env)."""
    log(f"{env.size:,}: TUI search / open case / memory (bench_tui)")
    try:
        res = run(env.db_path, term=env.search_term, repeat=max(2, env.repeat),
                  cases=100, today=env.today.isoformat(),
                  worker_id=str(env.worker_id) if env.worker_id else None)
    except Exception as exc:  # one broken measurement must not end the run
        return {"search_rows": {"status": "error", "note": f"{type(exc).__name__}: {exc}"}}
    return metrics(res)


def metrics(res: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    s = res["search"]
    out["search_rows"] = _stats(s["samples"], s["cpu"], "ms",
                                f"typing {s['term']!r} ×{s['rounds']}, rows checked: "
                                f"{s['checked']} keys")
    o = res["open"]
    out["open_case_distinct"] = _stats(o["samples"], o["cpu"], "ms",
                                       f"{len(o['samples'])} openings, no case twice in a row")
    out["open_case_heavy"] = _stats(o["heavy"], o["heavy_cpu"], "ms",
                                    f"{o['heavy_cases']} case(s) with 200 notes and "
                                    f"{o['heavy_goals']} goals")
    m = res["memory"]
    out["rss_cases"] = _stats([m["rss_end_mb"]], None, "MB",
                              f"start {m['rss_start_mb']} MB, after 10 cases "
                              f"{m['rss_series_mb'][min(10, len(m['rss_series_mb']) - 1)]} MB,"
                              f" {m['cases']} different cases")
    out["rss_growth_per_case"] = _stats([m["growth_kb_per_case"]], None, "KB",
                                        f"live case screens after gc: {m['live_case_screens']}")
    return out


def verdict(name: str, metric: dict[str, Any]) -> str:
    budget = absolute(name)
    if budget is None or metric.get("status") != "ok":
        return ""
    return "met" if metric[budget["stat"]] <= budget["limit"] else "missed"


def print_rows(report: dict[str, Any]) -> None:
    """This module's rows, with their budgets and verdicts (after bench/run.py's table)."""
    from rich.console import Console
    from rich.table import Table

    sizes = sorted(report["sizes"], key=int)
    table = Table(title="TUI: search, open case, memory (bench/bench_tui.py)")
    table.add_column("metric")
    table.add_column("budget", justify="right")
    for k in sizes:
        table.add_column(f"{int(k):,} median / p95 (cpu)", justify="right")
    table.add_column("verdict")
    names = ["search_rows", "open_case_distinct", "open_case_heavy", "rss_cases",
             "rss_growth_per_case"]
    for name in names:
        budget = absolute(name)
        row = [name, f"{budget['stat']} ≤ {budget['limit']:g} {budget['unit']}"
               if budget else ""]
        verdicts = []
        for k in sizes:
            m = report["sizes"][k]["metrics"].get(name, {})
            if m.get("status") == "ok":
                cell = f"{m['median']:g} / {m['p95']:g} {m['unit']}"
                if m.get("cpu_median") is not None:
                    cell += f" ({m['cpu_median']:g})"
                row.append(cell)
                verdicts.append(verdict(name, m))
            else:
                row.append(m.get("status", "—"))
        row.append(verdicts[-1] if verdicts else "")
        table.add_row(*row)
    Console().print(table)


# -- the child: one headless caseterm ----------------------------------------------------------

def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def _quiet(app) -> None:
    """Until no worker runs. A worker cancelled on the way (an exclusive reload replaced by a
    newer one) counts as done: `wait_for_complete` would raise for it."""
    await asyncio.gather(*(w.wait() for w in list(app.workers)), return_exceptions=True)


def child(args) -> None:
    sys.path.insert(0, str(HERE))
    import _child

    width, height = (int(x) for x in args.size.split("x"))
    heavy = [x for x in args.heavy.split(",") if x]
    others = [x for x in args.others.split(",") if x]
    out: dict[str, Any] = {}
    marks: dict = {}

    async def pilot(app, _pilot) -> None:
        await _child.until_data(app, 0, settle=0.03)
        await _quiet(app)
        await _child.painted(app)
        out["search"] = await _search(app, args.term, args.repeat)
        out["open"] = await _open_cases(app, heavy, others, args.repeat)
        out["memory"] = await _memory(app, heavy + others, args.cases)
        app.exit()

    _child.run_caseterm(args.db, (width, height), pilot, marks)
    sys.stdout.write(json.dumps(out) + "\n")


async def _search(app, term: str, rounds: int) -> dict[str, Any]:
    import _child
    from textual import events
    from textual.widgets import Input

    from caseterm.screens.case_list import CaseListScreen
    from caseterm.services import cases as search
    from caseterm.widgets.paged_table import PagedTable

    firsts: list[tuple[str, list[str]]] = []
    seen = asyncio.Event()
    append = PagedTable._append

    def _append(self, rows, limit, first):  # the first page of a query, written in place
        append(self, rows, limit, first)
        screen = self.screen
        if first and isinstance(screen, CaseListScreen):
            numbers = [self.get_row_at(i)[1].plain for i in range(self.row_count)]
            firsts.append((screen.current_filter.text, numbers))
            seen.set()

    PagedTable._append = _append
    app.open_destination("cases")
    while not isinstance(app.screen, CaseListScreen) or not firsts:
        seen.clear()
        await asyncio.wait_for(seen.wait(), 30)
    await _quiet(app)
    await _child.painted(app)
    field = app.screen.query_one("#cl-search", Input)
    field.focus()
    samples, cpu, shown = [], [], []
    for _ in range(rounds):
        field.value = ""
        await asyncio.sleep(0.6)
        await _quiet(app)
        await _child.painted(app)
        for ch in term:
            want = field.value + ch
            firsts.clear()
            c0, t0 = time.process_time(), time.time()
            field.post_message(events.Key(ch, ch))
            while not any(text == want for text, _n in firsts):
                seen.clear()
                await asyncio.wait_for(seen.wait(), 30)
            t1 = await _child.painted(app)
            samples.append(round((t1 - t0) * 1000, 2))
            cpu.append(round((time.process_time() - c0) * 1000, 2))
            shown.append(next((text, n) for text, n in firsts if text == want))
    PagedTable._append = append
    # Not timed: the rows painted for each key are the service's answer for that text.
    screen = app.screen
    base = screen.current_filter
    checked = 0
    for text, numbers in shown:
        from dataclasses import replace

        wanted = search.search(app.ctx, replace(base, text=text), limit=len(numbers))
        if [r.case_number for r in wanted] != numbers:
            raise AssertionError(f"rows painted for {text!r} are not its answer")
        checked += 1
    app.pop_screen()
    await _quiet(app)
    await _child.painted(app)
    return {"samples": samples, "cpu": cpu, "term": term, "rounds": rounds,
            "checked": checked}


class _Shown:
    def __init__(self) -> None:
        self.case_ids: list[str] = []
        self.event = asyncio.Event()


async def _open(app, shown: _Shown, case_id: str) -> tuple[float, float]:
    import uuid

    import _child

    shown.case_ids.clear()
    c0, t0 = time.process_time(), time.time()
    app.open_case(uuid.UUID(case_id))
    while case_id.replace("-", "") not in shown.case_ids:
        shown.event.clear()
        await asyncio.wait_for(shown.event.wait(), 30)
    t1 = await _child.painted(app)
    return round((t1 - t0) * 1000, 2), round((time.process_time() - c0) * 1000, 2)


def _install_case_hook() -> _Shown:
    from caseterm.screens.case import CaseScreen

    shown = _Shown()
    if getattr(CaseScreen._show, "_bench_tui", False):
        return CaseScreen._show._bench_tui  # type: ignore[attr-defined]
    show = CaseScreen._show

    def _show(self, data):
        show(self, data)
        shown.case_ids.append(self.case_id.hex)
        shown.event.set()

    _show._bench_tui = shown  # type: ignore[attr-defined]
    CaseScreen._show = _show
    return shown


async def _back(app) -> None:
    import _child

    app.pop_screen()
    await _quiet(app)
    await _child.painted(app)


async def _open_cases(app, heavy: list[str], others: list[str], repeat: int) -> dict[str, Any]:
    shown = _install_case_hook()
    order: list[tuple[str, bool]] = []
    pool = list(others)
    for i in range(max(2 * repeat, 2 * len(heavy)) + 1):
        if heavy and i % 2 == 0:
            order.append((heavy[(i // 2) % len(heavy)], True))
        elif pool:
            order.append((pool.pop(0), False))
    samples, cpu, hs, hc = [], [], [], []
    for n, (cid, is_heavy) in enumerate(order):
        wall, c = await _open(app, shown, cid)
        await _back(app)
        if n == 0:
            continue  # warm-up: the first case screen imports its modules
        samples.append(wall)
        cpu.append(c)
        if is_heavy:
            hs.append(wall)
            hc.append(c)
    return {"samples": samples, "cpu": cpu, "heavy": hs or samples, "heavy_cpu": hc or cpu,
            "heavy_cases": len(heavy)}


async def _memory(app, ids: list[str], n: int) -> dict[str, Any]:
    from caseterm.screens.case import CaseScreen

    shown = _install_case_hook()
    series = []
    start = _rss_mb()
    ids = (ids * (n // max(1, len(ids)) + 1))[:n] if ids else []
    for cid in ids:
        await _open(app, shown, cid)
        await _back(app)
        series.append(round(_rss_mb(), 1))
    gc.collect()
    live = sum(1 for o in gc.get_objects() if isinstance(o, CaseScreen))
    half = series[len(series) // 2:]
    growth = (half[-1] - half[0]) * 1024 / max(1, len(half) - 1) if len(half) > 1 else 0.0
    return {"rss_start_mb": round(start, 1), "rss_series_mb": series,
            "rss_end_mb": series[-1] if series else round(start, 1),
            "growth_kb_per_case": round(growth, 1), "cases": len(series),
            "distinct": len(set(ids)), "live_case_screens": live}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", default="run", choices=("run", "child"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--term", default="Schl")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--today", default=None)
    parser.add_argument("--heavy", default="")
    parser.add_argument("--others", default="")
    parser.add_argument("--size", default="140x45")
    parser.add_argument("--json", action="store_true", help="print the raw result")
    args = parser.parse_args(argv)
    if args.mode == "child":
        child(args)
        return
    res = run(Path(args.db), term=args.term, repeat=args.repeat, cases=args.cases,
              today=args.today, size=args.size)
    if args.json:
        print(json.dumps(res))
        return
    report = {"sizes": {"0": {"metrics": metrics(res)}}}
    print_rows(report)


if __name__ == "__main__":
    main()
