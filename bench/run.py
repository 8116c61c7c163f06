"""caseterm benchmark: generate realistic data at several sizes and measure what a user feels.

    python bench/run.py                          # 1k, 10k and 100k clients, 5 repeats
    python bench/run.py --sizes 1000,10000 --repeat 7
    python bench/run.py --sizes 200 --repeat 1 --out /tmp/r   # the CI smoke

For every size it generates (or reuses from bench/.cache) a dataset with `caseterm generate`'s
generator, copies it to a scratch file and runs one measurement function per metric. A metric
whose feature is not in this checkout yet (another branch) is reported as "n/a — not
available" instead of failing. The result is printed as a table and written as JSON (plus a
start-up profile) to bench/results/. See bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's caseterm, not an installed one
CHILD = Path(__file__).resolve().parent / "_child.py"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
REPORT_VERSION = 1

# Every budget (issue 7's, issue 18's ratios and TUI rows, the import groups): bench/budgets.py.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from budgets import (  # noqa: E402
    BUDGETS,
    IMPORT_BUDGETS,
    IMPORT_GROUPS,
    RATIO_BUDGETS,
    SCALING_EXEMPT,
    SCALING_LIMIT,
)

REPO_REPEAT = 5  # in-process repository calls take milliseconds: more samples, less noise
CASELOAD = 120  # open cases (lead or deputy) of the worker whose screens are measured


# -- results --------------------------------------------------------------------------------

@dataclass
class Metric:
    name: str
    unit: str = "ms"
    samples: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    status: str = "ok"  # ok | n/a | error
    note: str = ""

    def stats(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "unit": self.unit, "note": self.note}
        if self.samples:
            out.update(samples=self.samples, median=round(statistics.median(self.samples), 2),
                       p95=round(p95(self.samples), 2), min=min(self.samples),
                       max=max(self.samples), n=len(self.samples))
        if self.cpu:
            out["cpu_median"] = round(statistics.median(self.cpu), 2)
        return out


def p95(values: list[float]) -> float:
    """95th percentile, nearest-rank (with few samples this is the maximum)."""
    ordered = sorted(values)
    rank = max(1, -(-95 * len(ordered) // 100))
    return ordered[rank - 1]


def na(name: str, why: str, unit: str = "ms") -> Metric:
    return Metric(name, unit, status="n/a", note=f"not available — {why}")


def has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


# -- environment ------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"platform": platform.platform(), "cores": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 2**20, 1)
                break
    except OSError:
        info.setdefault("cpu", platform.processor())
    return info


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def versions() -> dict[str, str]:
    import sqlite3
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for pkg in ("caseterm", "textual", "sqlalchemy", "sqlmodel", "rich", "faker"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "?"
    try:
        out["git"] = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                    capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return out


# -- datasets ---------------------------------------------------------------------------------

def dataset(size: int, seed: int, today: date, cache: Path | None, workdir: Path,
            log: Callable[[str], None]) -> tuple[Path, float | None]:
    """A database with `size` clients, copied to `workdir`; returns (path, seconds generated
    or None when it came from the cache)."""
    import hashlib

    from caseterm.db.engine import Database
    from caseterm.db.generate import GENERATOR_VERSION
    from caseterm.db.generate import generate as run
    from caseterm.db.migrate import VERSIONS, head_revision

    # The schema's migration files (not only the head's name: branches fill in reserved ones).
    schema = hashlib.sha256(b"".join(f.read_bytes() for f in sorted(VERSIONS.glob("*.py"))))
    name = (f"gen-v{GENERATOR_VERSION}-{head_revision()}-{schema.hexdigest()[:10]}-{size}"
            f"-s{seed}-{today.isoformat()}.db")
    target = workdir / f"bench-{size}.db"
    cached = cache / name if cache else None
    if cached is not None and cached.exists():
        shutil.copyfile(cached, target)
        return target, None
    log(f"generating {size:,} clients …")
    path = cached or target
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = Database(str(path))
    started = time.perf_counter()
    run(db, size, seed, today=today)
    seconds = time.perf_counter() - started
    db.dispose()
    if cached is not None:
        shutil.copyfile(cached, target)
    return target, round(seconds, 1)


@dataclass
class Env:
    db_path: Path
    size: int
    repeat: int
    today: date
    heavy_case: uuid.UUID | None = None
    heavy_number: str = ""
    search_term: str = ""
    worker_id: uuid.UUID | None = None
    worker_name: str = ""
    caseload: int = 0
    child_env: dict[str, str] = field(default_factory=dict)
    interactive: dict[str, Any] | None = None
    cold: list[dict[str, Any]] = field(default_factory=list)


def prepare(env: Env) -> None:
    """Find the heavy case, a search term and the current worker (not measured)."""
    import sqlite3

    con = sqlite3.connect(str(env.db_path))
    try:
        name = con.execute("SELECT last_name FROM client GROUP BY last_name "
                           "ORDER BY count(*) DESC LIMIT 1").fetchone()
        env.search_term = (name[0] if name else "Müller")[:4]
        # The worker measured: the one whose open caseload (lead or deputy) is closest to
        # CASELOAD, so every size compares the same amount of work on screen; made the
        # current worker of the scratch copy.
        worker = con.execute(
            "SELECT w, count(*) AS n FROM (SELECT lead_worker_id AS w FROM casefile "
            "WHERE phase != 'closure' UNION ALL SELECT deputy_worker_id FROM casefile "
            "WHERE phase != 'closure' AND deputy_worker_id IS NOT NULL) "
            "GROUP BY w ORDER BY abs(count(*) - ?), w LIMIT 1", (CASELOAD,)).fetchone()
        if worker:
            env.worker_id, env.caseload = uuid.UUID(worker[0]), worker[1]
            env.worker_name = con.execute("SELECT username FROM worker WHERE id = ?",
                                          (worker[0],)).fetchone()[0]
            con.execute("UPDATE setting SET value = ? WHERE key = 'current_worker'",
                        (str(env.worker_id),))
            con.commit()
        # The heavy case (most notes) among the cases that worker may open (the door);
        # she is made its lead if she leads none with notes.
        row = con.execute(
            "SELECT n.case_id, c.case_number FROM contact_note n JOIN casefile c "
            "ON c.id = n.case_id GROUP BY n.case_id ORDER BY count(*) DESC LIMIT 1").fetchone()
        if row:
            env.heavy_case, env.heavy_number = uuid.UUID(row[0]), row[1]
            if worker:
                con.execute("UPDATE casefile SET lead_worker_id = ? WHERE id = ?",
                            (worker[0], row[0]))
                con.commit()
    finally:
        con.close()
    env.child_env = {**os.environ, "CASETERM_TODAY": env.today.isoformat(),
                     "CASETERM_DB": str(env.db_path), "TEXTUAL_ANIMATIONS": "none",
                     "PYTHONPATH": str(ROOT), "CASETERM_PLAIN": "1",
                     # who is asking: the measured worker, not the config of whoever runs this
                     "CASETERM_WORKER": env.worker_name,
                     "CASETERM_CONFIG": str(env.db_path.parent / "bench-config.toml"),
                     # compiled once, as an installed program is (not on every start)
                     "PYTHONPYCACHEPREFIX": str(env.db_path.parent / "pycache")}
    env.child_env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.child_env.pop("CASETERM_PASSPHRASE", None)


def run_child(env: Env, *args: str, timeout: float = 300) -> tuple[dict[str, Any], float]:
    t0 = time.time()
    proc = subprocess.run([sys.executable, str(CHILD), *args, "--db", str(env.db_path)],
                          capture_output=True, text=True, env=env.child_env, timeout=timeout,
                          cwd=str(ROOT))
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"benchmark child failed ({proc.returncode}): "
                           f"{proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), t0


def children_cpu() -> float:
    """CPU seconds (user + sys) of this process's finished children."""
    import resource

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def run_process(env: Env, cmd: list[str], extra_env: dict[str, str] | None = None
                ) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall ms, CPU ms, result) of one whole process."""
    c0, t0 = children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(ROOT), timeout=300,
                          env={**env.child_env, **(extra_env or {})})
    return (round((time.perf_counter() - t0) * 1000, 2),
            round((children_cpu() - c0) * 1000, 2), proc)


def run_cli(env: Env, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    wall, _cpu, proc = run_process(env, [sys.executable, "-m", "caseterm", *args])
    return wall, proc


def cli_metric(env: Env, name: str, args: list[str], note: str = "",
               extra_env: dict[str, str] | None = None, before=None) -> Metric:
    """A CLI command as a whole process: wall and CPU per run, after one warm-up run (none
    with --repeat 1, the CI smoke)."""
    m = Metric(name, note=note or "caseterm " + " ".join(args))
    warm = 1 if env.repeat > 1 else 0
    for i in range(1 - warm, env.repeat + 1):
        if before is not None:
            before(env)
        wall, cpu, proc = run_process(env, [sys.executable, "-m", "caseterm", *args], extra_env)
        if proc.returncode != 0:
            return Metric(name, status="error", note=proc.stderr.strip()[-300:])
        if i:
            m.samples.append(wall)
            m.cpu.append(cpu)
    return m


def cli_has_command(name: str) -> bool:
    from caseterm.cli import app

    names = {c.name or (c.callback.__name__ if c.callback else "") for c in
             app.registered_commands}
    names |= {g.name for g in app.registered_groups}
    return name in names


# -- one function per metric ------------------------------------------------------------------

def measure_cold_start(env: Env) -> Metric:
    """New process: `caseterm` imports, opens the DB, builds the app, paints the start
    screen with its data. Wall time from before the process was started."""
    m = Metric("cold_start")
    for _ in range(env.repeat):
        out, t0 = run_child(env, "cold")
        env.cold.append(out)
        m.samples.append(round((out["t_painted"] - t0) * 1000, 1))
        m.cpu.append(out.get("cpu_ms", 0.0))
    m.note = f"start screen: {env.cold[-1].get('start_screen')}"
    return m


def _interactive(env: Env) -> dict[str, Any]:
    if env.interactive is None:
        # UI actions are cheap to repeat: twice as many samples against the machine's noise.
        args = ["interactive", "--repeat", str(env.repeat * 2), "--term", env.search_term]
        if env.heavy_case:
            args += ["--case-id", str(env.heavy_case)]
        env.interactive, _t0 = run_child(env, *args)
    return env.interactive


def _from_child(name: str, result: dict[str, Any] | None, note: str = "") -> Metric:
    if result is None:
        return na(name, "not measured")
    if "error" in result:
        return Metric(name, status="error", note=result["error"])
    return Metric(name, samples=result["samples"], cpu=result.get("cpu", []), note=note)


def measure_open_case(env: Env) -> Metric:
    if env.heavy_case is None:
        return na("open_case", "no case in the dataset")
    res = _interactive(env)["results"].get("open_case")
    goals = ("with its goals" if has_module("caseterm.db.generate.goals")
             else "no goals (no generator module for goals yet)")
    return _from_child("open_case", res, f"{env.heavy_number}: 200 notes; {goals}")


def measure_search_keystroke(env: Env) -> Metric:
    if not has_module("caseterm.screens.case_list"):
        return na("search_keystroke", "caseterm.screens.case_list is not in this build")
    res = _interactive(env)["results"].get("search_keystroke")
    return _from_child("search_keystroke", res, f"typing {env.search_term!r}")


def measure_queue_screen(env: Env) -> Metric:
    res = _interactive(env)["results"].get("queue_screen")
    return _from_child("queue_screen", res, (res or {}).get("screen", ""))


def measure_rss_peak(env: Env) -> Metric:
    peaks = [o["rss_peak_mb"] for o in env.cold if "rss_peak_mb" in o]
    inter = _interactive(env)
    if "rss_peak_mb" in inter:
        peaks.append(inter["rss_peak_mb"])
    m = Metric("rss_peak", unit="MB", samples=peaks)
    m.note = "after start, case openings, queue and search"
    return m


def _sample(m: Metric, t0: float, c0: float) -> None:
    """Wall and CPU (this thread) milliseconds since (t0, c0)."""
    m.samples.append(round((time.perf_counter() - t0) * 1000, 2))
    m.cpu.append(round((time.thread_time() - c0) * 1000, 2))


def measure_queue_repo(env: Env) -> Metric:
    """The repository calls behind the start screen: due follow-ups + open cases + count."""
    from caseterm.core import clock
    from caseterm.db.engine import Database
    from caseterm.db.repo import cases, followups

    if env.worker_id is None:
        return na("queue_repo", "no current worker")
    clock.set_today(env.today)
    db = Database(str(env.db_path))
    m = Metric("queue_repo", note="due_for_worker + list_for_worker + count_for_worker")
    try:
        for i in range(REPO_REPEAT * env.repeat + 1):
            c0, t0 = time.thread_time(), time.perf_counter()
            followups.due_for_worker(db, env.worker_id)
            cases.list_for_workers(db, [env.worker_id], env.worker_id)
            cases.count_for_workers(db, [env.worker_id], env.worker_id)
            if i:
                _sample(m, t0, c0)
    finally:
        db.dispose()
        clock.set_today(None)
    return m


def measure_case_overview_repo(env: Env) -> Metric:
    from caseterm.db.engine import Database
    from caseterm.db.repo import cases

    if env.heavy_case is None:
        return na("case_overview_repo", "no case in the dataset")
    db = Database(str(env.db_path))
    m = Metric("case_overview_repo", note="cases.overview() of the heavy case")
    try:
        for i in range(REPO_REPEAT * env.repeat + 1):
            c0, t0 = time.thread_time(), time.perf_counter()
            cases.overview(db, env.heavy_case)
            if i:
                _sample(m, t0, c0)
    finally:
        db.dispose()
    return m


def measure_save_intake(env: Env) -> Metric:
    """Saving a new client with a case. The intake screen's own save path is measured once
    it exists; until then the repository path it will use (add_client + add_case)."""
    from caseterm.core import clock
    from caseterm.core.inputs import check_case, check_client
    from caseterm.db.engine import Database
    from caseterm.db.repo import cases

    if env.worker_id is None:
        return na("save_intake", "no current worker")
    clock.set_today(env.today)
    db = Database(str(env.db_path))
    note = "repo: add_client + add_case in one write (intake screen not in this build)"
    if has_module("caseterm.screens.intake"):
        note = "repo: add_client + add_case in one write (intake's own save not wired here yet)"
    m = Metric("save_intake", note=note)
    try:
        for i in range(REPO_REPEAT * env.repeat + 1):
            client = check_client({"first_name": "Bench", "last_name": f"Messung {i}",
                                   "birth_date": "1990-01-01"})
            case = check_case({"legal_area": "sgb2", "phase": "intake"})
            c0, t0 = time.thread_time(), time.perf_counter()
            with db.write() as s:
                row = cases.add_client(s, client)
                cases.add_case(s, row.id, case, env.worker_id)
            if i:
                _sample(m, t0, c0)
    finally:
        db.dispose()
        clock.set_today(None)
    return m


def measure_cli_queue(env: Env) -> Metric:
    """`caseterm queue` (plain lines: stdout is a pipe), the day's refresh already done."""
    if not cli_has_command("queue"):
        return na("cli_queue", "`caseterm queue` is not in this build")
    return cli_metric(env, "cli_queue", ["queue"], "caseterm queue (300 rows, plain lines)")


def _forget_refresh(env: Env) -> None:
    import sqlite3

    con = sqlite3.connect(str(env.db_path))
    con.execute("DELETE FROM setting WHERE key LIKE 'followups.refreshed.%'")
    con.commit()
    con.close()


def measure_cli_queue_refresh(env: Env) -> Metric:
    """`caseterm queue` when its refresh of the automatic follow-ups runs: the first call of
    a day, or after something it reads was changed (db/repo/refresh_mark.py)."""
    return cli_metric(env, "cli_queue_refresh", ["queue"],
                      "caseterm queue, first of the day (full refresh)", before=_forget_refresh)


def measure_floor_queue(env: Env) -> Metric:
    """The floor: bench/floor_queue.py, 16 lines of plain sqlite3 printing the same rows."""
    if not env.worker_name:
        return na("floor_queue", "no current worker")
    m = Metric("floor_queue", note="python bench/floor_queue.py (plain sqlite3, same 300 rows)")
    cmd = [sys.executable, str(ROOT / "bench" / "floor_queue.py"), str(env.db_path),
           env.today.isoformat(), env.worker_name]
    for i in range(0 if env.repeat == 1 else 1, env.repeat + 1):
        wall, cpu, proc = run_process(env, cmd)
        if proc.returncode != 0:
            return Metric("floor_queue", status="error", note=proc.stderr.strip()[-300:])
        if i:
            m.samples.append(wall)
            m.cpu.append(cpu)
    return m


def measure_taskwarrior(env: Env) -> Metric:
    """Taskwarrior on the same follow-ups (one worker's, and all) when `task` is installed."""
    if shutil.which("task") is None:
        return na("taskwarrior", "`task` (taskwarrior) is not installed on this machine")
    return na("taskwarrior", "installed, but the export of the follow-ups into it is not "
              "automated here (see docs/benchmarks.md for the manual steps)")


def measure_cli_case_show(env: Env) -> Metric:
    """The CLI twin of opening a case, as a whole process."""
    if not env.heavy_number:
        return na("cli_case_show", "no case in the dataset")
    return cli_metric(env, "cli_case_show", ["case", "show", env.heavy_number])


def measure_cli_worker_list(env: Env) -> Metric:
    return cli_metric(env, "cli_worker_list", ["worker", "list"])


def measure_cli_followup_add(env: Env) -> Metric:
    """A single write through the door: a follow-up on the heavy case."""
    if not env.heavy_number:
        return na("cli_followup_add", "no case in the dataset")
    return cli_metric(env, "cli_followup_add", [
        "followup", "add", env.heavy_number, "--due", "+2w",
        "--step", "Bench: Unterlagen anfordern"], "caseterm followup add (one write)")


def measure_cli_queue_encrypted(env: Env) -> Metric:
    """`caseterm queue` on an encrypted copy (SQLCipher, passphrase from the environment: the
    key derivation, PBKDF2-HMAC-SHA512 with 256,000 rounds, runs once per process)."""
    secret = "bench-passphrase-1234"
    copy = env.db_path.with_name("bench-encrypted.db")
    if not copy.exists():
        for suffix in ("", "-wal", "-shm"):
            if Path(str(env.db_path) + suffix).exists():
                shutil.copyfile(str(env.db_path) + suffix, str(copy) + suffix)
        _w, _c, proc = run_process(env, [sys.executable, "-m", "caseterm", "--db", str(copy),
                                         "db", "encrypt"], {"CASETERM_PASSPHRASE": secret})
        if proc.returncode != 0:
            return Metric("cli_queue_encrypted", status="error",
                          note=proc.stderr.strip()[-300:])
    m = cli_metric(env, "cli_queue_encrypted", ["--db", str(copy), "queue"],
                   "caseterm queue on an encrypted copy",
                   {"CASETERM_PASSPHRASE": secret, "CASETERM_DB": str(copy)})
    from caseterm.db import cipher

    c0 = time.process_time()
    cipher.derive(secret, b"0" * 16)
    m.note += f"; key derivation alone {round((time.process_time() - c0) * 1000)} ms CPU"
    return m


def measure_cli_version(env: Env) -> Metric:
    return cli_metric(env, "cli_version", ["--version"],
                      "caseterm --version: the floor of every CLI call")


def measure_empty_app(env: Env) -> Metric:
    """The cold start's reference: an empty Textual app in the same harness and size."""
    m = Metric("empty_app", note="bench/_child.py empty: App() headless, first refresh")
    for _ in range(env.repeat):
        t0 = time.time()
        proc = subprocess.run([sys.executable, str(CHILD), "empty"], capture_output=True,
                              text=True, env=env.child_env, timeout=120, cwd=str(ROOT))
        if proc.returncode != 0:
            return Metric("empty_app", status="error", note=proc.stderr.strip()[-300:])
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        m.samples.append(round((out["t_painted"] - t0) * 1000, 1))
        m.cpu.append(out["cpu_ms"])
    return m


def measure_db_size(env: Env) -> Metric:
    size = sum(Path(str(env.db_path) + s).stat().st_size for s in ("", "-wal")
               if Path(str(env.db_path) + s).exists())
    return Metric("db_size", unit="MB", samples=[round(size / 2**20, 1)])


MEASUREMENTS: tuple[Callable[[Env], Metric], ...] = (
    measure_empty_app,
    measure_cold_start,
    measure_search_keystroke,
    measure_open_case,
    measure_case_overview_repo,
    measure_save_intake,
    measure_queue_repo,
    measure_queue_screen,
    measure_floor_queue,
    measure_cli_queue,
    measure_cli_queue_refresh,
    measure_cli_queue_encrypted,
    measure_taskwarrior,
    measure_cli_case_show,
    measure_cli_worker_list,
    measure_cli_followup_add,
    measure_cli_version,
    measure_rss_peak,
    measure_db_size,
)


# -- start-up profile -------------------------------------------------------------------------

def importtime(env: Env, args: list[str]
               ) -> tuple[subprocess.CompletedProcess, list[tuple[int, int, str, int]]]:
    """`python -X importtime ARGS`: (the process, rows of (cumulative µs, self µs, module,
    nesting depth))."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True,
                          text=True, env=env.child_env, cwd=str(ROOT), timeout=300)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line[len("import time:"):].split("|")
        if not parts[0].strip().isdigit():
            continue
        raw = parts[2][1:]  # one space after the bar, then two per nesting level
        depth = (len(raw) - len(raw.lstrip())) // 2
        rows.append((int(parts[1]), int(parts[0]), raw.strip(), depth))
    return proc, rows


def startup_profile(env: Env, dest: Path) -> dict[str, Any]:
    """`python -X importtime` of one cold start; writes the raw log and a summary."""
    proc, rows = importtime(env, [str(CHILD), "cold", "--db", str(env.db_path)])
    top_level: dict[str, int] = {}  # self time summed per top-level package
    for _cumulative, self_us, name, _depth in rows:
        root = name.split(".")[0]
        top_level[root] = top_level.get(root, 0) + self_us
    heavy = sorted(rows, reverse=True)[:40]
    lines = ["# caseterm start-up import profile (python -X importtime, one cold start)", "",
             "## by top-level package (self ms summed over its modules)", ""]
    for name, us in sorted(top_level.items(), key=lambda kv: -kv[1])[:25]:
        lines.append(f"{us / 1000:8.1f}  {name}")
    lines += ["", "## heaviest modules (cumulative ms / self ms)", ""]
    for cumulative, self_us, name, _d in heavy:
        lines.append(f"{cumulative / 1000:8.1f} {self_us / 1000:8.1f}  {name}")
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dest.with_suffix(".raw.txt").write_text(proc.stderr, encoding="utf-8")
    return {"file": dest.name,
            "top_level_ms": {k: round(v / 1000, 1) for k, v in
                             sorted(top_level.items(), key=lambda kv: -kv[1])[:12]},
            "forbidden_on_start_path": sorted(
                m for m in ("alembic", "faker", "fpdf", "pydantic_settings", "pypdf")
                if any(name == m or name.startswith(m + ".") for _c, _s, name, _d in rows))}


def import_groups(env: Env, args: list[str]) -> dict[str, float]:
    """ms of import self time per IMPORT_GROUPS entry for one process `python -X importtime
    ARGS` (the first matching prefix wins; the rest is '(stdlib and other)')."""
    groups: dict[str, float] = {}
    for _cumulative, self_us, name, _depth in importtime(env, args)[1]:
        group = next((g for g in IMPORT_GROUPS if name == g or name.startswith(g + ".")),
                     "(stdlib and other)")
        groups[group] = groups.get(group, 0.0) + self_us / 1000
    return {k: round(v, 1) for k, v in sorted(groups.items(), key=lambda kv: -kv[1])}


def import_budgets(env: Env) -> dict[str, Any]:
    """Each start path's import groups against IMPORT_BUDGETS, with a verdict per group."""
    paths = {"cli_version": ["-m", "caseterm", "--version"],
             "cli_queue": ["-m", "caseterm", "queue"],
             "tui_cold": [str(CHILD), "cold", "--db", str(env.db_path)]}
    if env.heavy_number:  # one write, last: it makes the next queue call refresh
        paths["cli_write"] = ["-m", "caseterm", "followup", "add", env.heavy_number, "--due",
                              "+2w", "--step", "Bench: Unterlagen anfordern"]
    out: dict[str, Any] = {}
    # the steady state: the day's refresh of the automatic follow-ups done (a write since
    # the last one makes the next call refresh, which imports the model classes)
    run_process(env, [sys.executable, "-m", "caseterm", "queue"])
    for path, args in paths.items():
        measured = import_groups(env, args)
        rows = {}
        for group in sorted(set(measured) | set(IMPORT_BUDGETS[path])):
            value, limit = measured.get(group, 0.0), IMPORT_BUDGETS[path].get(group)
            verdict = "" if limit is None else ("met" if (value <= limit if limit else
                                                          group not in measured) else "missed")
            rows[group] = {"ms": value, "budget": limit, "verdict": verdict}
        out[path] = {"groups": rows, "total_ms": round(sum(measured.values()), 1),
                     "verdict": "missed" if any(r["verdict"] == "missed" for r in
                                                rows.values()) else "met"}
    return out


def ratio_verdicts(metrics: dict[str, Any], extra: list[dict[str, Any]] | None = None
                   ) -> list[dict[str, Any]]:
    """RATIO_BUDGETS (and absolute budgets given as `extra`) evaluated on one size's metrics."""
    out = []
    for b in RATIO_BUDGETS + (extra or []):
        m = metrics.get(b["metric"], {})
        ref = metrics.get(b["reference"], {}) if b["reference"] else None
        row = {k: b[k] for k in ("name", "what", "metric", "reference", "stat", "limit")}
        row["unit"] = b.get("unit", "×" if b["reference"] else m.get("unit", ""))
        value = m.get(b["stat"]) if m.get("status") == "ok" else None
        if ref is not None:
            base = ref.get(b["stat"]) if ref.get("status") == "ok" else None
            row["metric_value"], row["reference_value"] = value, base
            value = round(value / base, 2) if value and base else None
            if base is None:
                row["note"] = ref.get("note", "reference not measured")
        row["value"] = value
        row["verdict"] = ("not measurable" if value is None else "—" if b["limit"] is None
                          else "met" if value <= b["limit"] else "missed")
        out.append(row)
    return out


# -- report -----------------------------------------------------------------------------------

def cold_breakdown(cold: list[dict[str, Any]]) -> dict[str, float]:
    """Median ms spent in each start-up step (interpreter+imports, DB, app, first paint)."""
    if not cold:
        return {}
    steps = {"imports": ("t_start", "t_imported"), "open_db": ("t_imported", "t_db_open"),
             "worker_and_app": ("t_db_open", "t_app_built"),
             "first_paint": ("t_app_built", "t_painted")}
    return {k: round(statistics.median((o[b] - o[a]) * 1000 for o in cold), 1)
            for k, (a, b) in steps.items() if all(a in o and b in o for o in cold)}


def verdicts(sizes: dict[str, Any]) -> dict[str, Any]:
    """Budget checks at the largest size measured, and the 100k/10k scaling rule."""
    out: dict[str, Any] = {}
    if not sizes:
        return out
    largest = max(sizes, key=int)
    for name, budget in BUDGETS.items():
        metric = sizes[largest]["metrics"].get(name, {})
        entry: dict[str, Any] = {"budget": budget["limit"], "unit": budget["unit"],
                                 "stat": budget["stat"], "size": int(largest)}
        if metric.get("status") != "ok":
            entry["verdict"] = "not measurable"
            entry["note"] = metric.get("note", "")
        else:
            value = metric[budget["stat"]]
            entry["value"] = value
            entry["verdict"] = "met" if value <= budget["limit"] else "missed"
            if int(largest) < 100_000:
                entry["note"] = "largest size measured is below 100k"
        out[name] = entry
    if "10000" in sizes and "100000" in sizes:
        # Process CPU time where it was measured (wall times swing with other processes on
        # the machine), else the budget's statistic; figures that do not touch the data
        # (`--version`) or are the data (the file size) are left out.
        ratios = {}
        for name, metric in sizes["100000"]["metrics"].items():
            small = sizes["10000"]["metrics"].get(name, {})
            if name in SCALING_EXEMPT or metric.get("status") != "ok" \
                    or small.get("status") != "ok":
                continue
            stat = "cpu_median" if metric.get("cpu_median") and small.get("cpu_median") \
                else BUDGETS.get(name, {}).get("stat", "median")
            if small.get(stat):
                ratios[name] = round(metric[stat] / small[stat], 2)
        out["scaling_100k_vs_10k"] = {
            "limit": SCALING_LIMIT, "ratios": ratios,
            "verdict": "met" if all(r <= SCALING_LIMIT for r in ratios.values()) else "missed",
            "missed": sorted(k for k, r in ratios.items() if r > SCALING_LIMIT)}
    return out


def print_table(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    sizes = report["sizes"]
    keys = sorted(sizes, key=int)
    table = Table(title=f"caseterm benchmark — {report['started']}")
    table.add_column("metric")
    table.add_column("budget", justify="right")
    for k in keys:
        table.add_column(f"{int(k):,} median / p95", justify="right")
    ratios = report["verdicts"].get("scaling_100k_vs_10k", {}).get("ratios", {})
    if ratios:
        table.add_column("100k/10k", justify="right")
    table.add_column("verdict")
    names = [m.__name__.removeprefix("measure_") for m in MEASUREMENTS]
    for name in names:
        budget = BUDGETS.get(name)
        row = [name, f"{budget['stat']} ≤ {budget['limit']:g} {budget['unit']}" if budget else ""]
        for k in keys:
            m = sizes[k]["metrics"].get(name, {})
            if m.get("status") == "ok" and "median" in m:
                row.append(f"{m['median']:g} / {m['p95']:g} {m['unit']}")
            else:
                row.append(m.get("status", "—") if m.get("status") != "n/a" else "n/a")
        if ratios:
            row.append(f"{ratios[name]:.2f}×" if name in ratios else "")
        row.append(report["verdicts"].get(name, {}).get("verdict", ""))
        table.add_row(*row)
    console = Console()
    console.print(table)
    ratio_table = Table(title="issue 18: against references in the same run")
    ratio_table.add_column("budget")
    ratio_table.add_column("limit", justify="right")
    for k in keys:
        ratio_table.add_column(f"{int(k):,}: ratio (caseterm / reference)", justify="right")
    ratio_table.add_column("verdict")
    for i, b in enumerate(RATIO_BUDGETS):
        row = [b["what"], _limit_cell(b)]
        verdict = ""
        for k in keys:
            r = sizes[k].get("ratios", [])[i] if i < len(sizes[k].get("ratios", [])) else {}
            row.append(_ratio_cell(r))
            verdict = r.get("verdict", "")
        row.append(verdict)
        ratio_table.add_row(*row)
    console.print(ratio_table)
    for k in keys:
        console.print(import_table(sizes[k].get("imports", {}), f"{int(k):,} clients"))
    for k in keys:
        notes = [f"{n}: {m['note']}" for n, m in sizes[k]["metrics"].items() if m.get("note")]
        console.print(f"[bold]{int(k):,} clients[/] — generated in "
                      f"{sizes[k].get('generate_s') or 'cache'} s; load {sizes[k]['load']}; "
                      f"cold start steps {sizes[k]['cold_start_steps']}", highlight=False)
        for note in notes:
            console.print("   " + note, markup=False, highlight=False)


def import_table(imports: dict[str, Any], title: str) -> Any:
    """The import groups of every start path against IMPORT_BUDGETS: ms (budget) and verdict."""
    from rich.table import Table

    table = Table(title=f"imports by group, python -X importtime self ms (budget) — {title}")
    table.add_column("group")
    for path, imp in imports.items():
        table.add_column(f"{path} ({imp['total_ms']:g} ms)", justify="right")
        table.add_column("verdict")
    groups = sorted({g for imp in imports.values() for g in imp["groups"]},
                    key=lambda g: -max(imp["groups"].get(g, {}).get("ms", 0)
                                       for imp in imports.values()))
    for group in groups:
        row = [group]
        for imp in imports.values():
            r = imp["groups"].get(group)
            row += (["", ""] if r is None else
                    [f"{r['ms']:g}" + (f" ({r['budget']:g})" if r["budget"] is not None
                                       else ""), r["verdict"]])
        table.add_row(*row)
    table.add_row("all groups", *[c for imp in imports.values() for c in ("", imp["verdict"])])
    return table


def markdown_imports(report: dict[str, Any]) -> str:
    """The import groups of the largest size as a Markdown table (docs/benchmarks.md)."""
    if not report["sizes"]:
        return ""
    imports = report["sizes"][max(report["sizes"], key=int)].get("imports", {})
    head = ["group"] + [f"{p} ms (budget) | verdict" for p in imports]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * (1 + 2 * len(imports))]
    groups = sorted({g for imp in imports.values() for g in imp["groups"]})
    for group in groups:
        cells = []
        for imp in imports.values():
            r = imp["groups"].get(group)
            cells += (["", ""] if r is None else
                      [f"{r['ms']:g}" + (f" ({r['budget']:g})" if r["budget"] is not None
                                         else ""), r["verdict"]])
        lines.append("| " + " | ".join([group, *cells]) + " |")
    return "\n".join(lines)


def _limit_cell(b: dict[str, Any]) -> str:
    if b["limit"] is None:
        return "—"
    return (f"≤ {b['limit']:g}×" if b["reference"] else
            f"{b['stat']} ≤ {b['limit']:g} {b.get('unit', '')}".rstrip())


def _ratio_cell(r: dict[str, Any]) -> str:
    if not r or r.get("value") is None:
        return "n/a" + (f" ({r['note']})" if r and r.get("note") else "")
    stat = "cpu" if r["stat"] == "cpu_median" else "wall"
    return (f"{r['value']:g}× ({stat} {r['metric_value']:g} / {r['reference_value']:g} ms)"
            if r.get("reference_value") is not None
            else f"{r['value']:g} {r.get('unit', '')}".rstrip())


def markdown_ratios(report: dict[str, Any]) -> str:
    """The issue-18 budgets as a Markdown table, one ratio column per size."""
    sizes = sorted(report["sizes"], key=int)
    head = ["budget", "limit", *[f"{int(k):,}" for k in sizes], "verdict"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for i, b in enumerate(RATIO_BUDGETS):
        cells, verdict = [], ""
        for k in sizes:
            rs = report["sizes"][k].get("ratios", [])
            r = rs[i] if i < len(rs) else {}
            cells.append(_ratio_cell(r))
            verdict = r.get("verdict", "")
        lines.append("| " + " | ".join([b["what"], _limit_cell(b), *cells, verdict]) + " |")
    return "\n".join(lines)


def markdown(report: dict[str, Any]) -> str:
    """The report as a Markdown table (for docs/readme/benchmarks.md)."""
    sizes = sorted(report["sizes"], key=int)
    ratios = report["verdicts"].get("scaling_100k_vs_10k", {}).get("ratios", {})
    head = ["metric", "budget", *[f"{int(k):,}" for k in sizes]]
    if ratios:
        head.append("100k ÷ 10k")
    head.append("verdict")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for fn in MEASUREMENTS:
        name = fn.__name__.removeprefix("measure_")
        budget = BUDGETS.get(name)
        row = [f"`{name}`", f"{budget['stat']} ≤ {budget['limit']:g} {budget['unit']}"
               if budget else ""]
        for k in sizes:
            m = report["sizes"][k]["metrics"].get(name, {})
            if m.get("status") == "ok" and "median" in m:
                cell = f"{m['median']:g} / {m['p95']:g} {m['unit']}"
                if m.get("cpu_median"):
                    cell += f" (cpu {m['cpu_median']:g})"
                row.append(cell)
            else:
                row.append(m.get("status", "—"))
        if ratios:
            row.append(f"{ratios[name]:.2f}×" if name in ratios else "")
        row.append(report["verdicts"].get(name, {}).get("verdict", ""))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="comma-separated numbers of clients (default 1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per measurement")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"),
                        help="folder for the JSON report and the start-up profile")
    parser.add_argument("--cache", default=str(ROOT / "bench" / ".cache"),
                        help="folder to keep generated datasets in ('' for none)")
    parser.add_argument("--no-profile", action="store_true", help="skip the start-up profile")
    parser.add_argument("--quiet", action="store_true", help="no table")
    parser.add_argument("--only", default="",
                        help="comma-separated metric names to run (default: all)")
    parser.add_argument("--no-tui", action="store_true",
                        help="skip bench/bench_tui.py's rows (search, open case, memory)")
    parser.add_argument("--no-imports", action="store_true",
                        help="skip the import groups of the start paths")
    parser.add_argument("--markdown", metavar="REPORT.json",
                        help="print an existing report as a Markdown table and exit")
    args = parser.parse_args(argv)
    if args.markdown:
        report = json.loads(Path(args.markdown).read_text(encoding="utf-8"))
        report["verdicts"] = verdicts(report["sizes"])
        print(markdown(report))
        print()
        print(markdown_ratios(report))
        print()
        print(markdown_imports(report))
        return report

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    today = date.fromisoformat(args.today) if args.today else date.today()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = Path(args.cache) if args.cache else None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log = (lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr))
    report: dict[str, Any] = {
        "report_version": REPORT_VERSION, "started": stamp, "today": today.isoformat(),
        "seed": args.seed, "repeat": args.repeat, "machine": machine(),
        "versions": versions(), "budgets": BUDGETS, "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="caseterm-bench-") as tmp:
        for size in sizes:
            path, seconds = dataset(size, args.seed, today, cache, Path(tmp), log)
            env = Env(path, size, max(1, args.repeat), today)
            prepare(env)
            entry: dict[str, Any] = {"generate_s": seconds, "load": load_average(),
                                     "metrics": {}}
            only = {n.strip() for n in args.only.split(",") if n.strip()}
            for fn in MEASUREMENTS:
                name = fn.__name__.removeprefix("measure_")
                if only and name not in only:
                    continue
                log(f"{size:,}: {name}")
                try:
                    metric = fn(env)
                except Exception as exc:  # one broken measurement must not end the run
                    metric = Metric(name, status="error", note=f"{type(exc).__name__}: {exc}")
                entry["metrics"][name] = metric.stats()
            if not args.no_tui:
                import bench_tui  # issue 18 part B: search, open case, memory (own rows)

                entry["metrics"].update(bench_tui.measure(env, log))
            entry["ratios"] = ratio_verdicts(entry["metrics"])
            if not args.no_imports:
                log(f"{size:,}: import groups")
                entry["imports"] = import_budgets(env)
            entry["cold_start_steps"] = cold_breakdown(env.cold)
            entry["worker_caseload"] = env.caseload
            entry["load_after"] = load_average()
            if size == sizes[-1] and not args.no_profile:
                entry["startup_profile"] = startup_profile(
                    env, out_dir / f"{stamp}-startup-importtime.txt")
            report["sizes"][str(size)] = entry
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    report["verdicts"] = verdicts(report["sizes"])
    dest = out_dir / f"{stamp}-bench.json"
    dest.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / "latest.json").write_text(dest.read_text(encoding="utf-8"), encoding="utf-8")
    if not args.quiet:
        print_table(report)
        if not args.no_tui:
            import bench_tui

            bench_tui.print_rows(report)
        print(f"report: {dest}", file=sys.stderr)
    return report


if __name__ == "__main__":
    main()
