"""The TUI side of the benchmark: one headless caseterm process, instrumented from outside.

    python bench/_child.py cold --db FILE
    python bench/_child.py interactive --db FILE --case-id UUID --repeat 5 [--term Mül]
    python bench/_child.py empty          # the reference: an empty Textual app, same harness

It starts caseterm the way `caseterm --db FILE` does (imports caseterm.cli, opens and checks
the database, finds the current worker, builds CasetermApp) and runs the app headless with an
auto-pilot. "Painted" means: the screen's data has arrived (a `db_work` result or a
`PagedTable` page was handed to the UI thread) and the next screen refresh has happened.
Nothing in caseterm is changed; two methods are wrapped here to notice data arriving.

Prints one JSON object on stdout. Times are `time.time()` stamps (the parent subtracts its own
stamp from before it started this process) and millisecond durations.
"""

from __future__ import annotations

import time

T_START = time.time()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

# The checkout this script belongs to comes first (not an installed caseterm elsewhere).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_peak_mb() -> float:
    """Peak RSS of this process. VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec and
    would report the (larger) parent's peak."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_now_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # pragma: no cover - not Linux
        return rss_peak_mb()


class Arrivals:
    """Counts data hand-overs to the UI thread (db_work results, PagedTable pages, a case
    screen filled with its overview) and the time of the first screen refresh after the
    latest one."""

    def __init__(self) -> None:
        self.count = 0
        self.painted_count = 0
        self.last_paint = 0.0
        self.event: asyncio.Event | None = None
        self.app = None

    def hit(self, node) -> None:
        self.count += 1
        n = self.count

        def after() -> None:
            if n >= self.painted_count:
                self.painted_count, self.last_paint = n, time.time()
            if self.event is not None:
                self.event.set()

        node.app.call_after_refresh(after)
        if self.event is not None:
            self.event.set()

    def install(self, *, case_screen: bool = True) -> None:
        from caseterm.screens.base import DbMixin
        from caseterm.widgets.paged_table import PagedTable

        arrivals = self
        db_done = DbMixin._db_done
        append = PagedTable._append

        def _db_done(self, on_done, result):
            db_done(self, on_done, result)
            arrivals.hit(self)

        def _append(self, generation, rows, limit):
            append(self, generation, rows, limit)
            arrivals.hit(self)

        DbMixin._db_done = _db_done
        PagedTable._append = _append
        if not case_screen:  # not on the start path: importing it would add to a cold start
            return
        try:
            from caseterm.screens.case import CaseScreen
        except ImportError:  # pragma: no cover
            return
        show = CaseScreen._show

        def _show(self, data):
            show(self, data)
            arrivals.hit(self)

        CaseScreen._show = _show


ARRIVALS = Arrivals()


async def painted(app) -> float:
    """Wait for the next refresh of the screen; returns time.time() then."""
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[float] = loop.create_future()
    app.call_after_refresh(lambda: fut.done() or fut.set_result(time.time()))
    return await fut


async def _wait(predicate, deadline: float, what: str) -> None:
    while not predicate():
        ARRIVALS.event = asyncio.Event()
        if predicate():
            break
        try:
            await asyncio.wait_for(ARRIVALS.event.wait(), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise TimeoutError(what) from None


async def until_data(app, since: int, *, timeout: float = 30.0, settle: float = 0.0) -> float:
    """Wait until data arrived after `since` and the screen was refreshed after it; with
    `settle`, until no more data came for that long (a screen may load in several steps).
    Returns the time of the refresh after the latest arrival (the quiet wait not counted)."""
    deadline = time.monotonic() + timeout
    await _wait(lambda: ARRIVALS.count > since, deadline, "no data arrived on the screen")
    if settle:
        while True:
            seen = ARRIVALS.count
            await asyncio.sleep(settle)
            busy = any(w.is_running and w.group != "integrity" for w in app.workers)
            if ARRIVALS.count == seen and not busy:
                break
    target = ARRIVALS.count
    await _wait(lambda: ARRIVALS.painted_count >= target, deadline, "no paint")
    return ARRIVALS.last_paint


class _PatchOnImport:
    """Meta-path hook: when caseterm.app is imported (inside `caseterm`'s own start path),
    wrap CasetermApp so it records when it was built and runs headless with our pilot."""

    def __init__(self, patch) -> None:
        self.patch = patch

    def find_spec(self, name, path, target=None):
        if name != "caseterm.app":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        loader = spec.loader
        exec_module = loader.exec_module

        def _exec(module):
            exec_module(module)
            self.patch(module.CasetermApp)

        loader.exec_module = _exec
        return spec


def run_caseterm(url: str, size: tuple[int, int], pilot, marks: dict,
                 *, case_screen: bool = True) -> dict:
    """Start caseterm exactly as `caseterm --db URL` does (caseterm.cli: open, migrate if
    needed, quick_check, lock, current worker, CasetermApp), but headless with `pilot`."""
    state: dict = {}

    def patch(cls) -> None:
        # Instrument when caseterm itself gets to the UI (its own imports stay in place).
        ARRIVALS.install(case_screen=case_screen)
        init, run = cls.__init__, cls.run

        def __init__(self, *args, **kwargs):
            init(self, *args, **kwargs)
            state["app"] = self
            marks["app_built"] = time.time()

        def headless_run(self, *args, **kwargs):
            async def auto_pilot(p):
                await pilot(self, p)

            return run(self, headless=True, size=size, auto_pilot=auto_pilot)

        cls.__init__ = __init__
        cls.run = headless_run

    sys.meta_path.insert(0, _PatchOnImport(patch))
    import caseterm.cli as cli

    marks["imported"] = time.time()
    open_db = cli.open_db

    def timed_open_db(*args, **kwargs):
        db = open_db(*args, **kwargs)
        marks["db_open"] = time.time()
        return db

    cli.open_db = timed_open_db
    try:
        cli.app(["--db", url], standalone_mode=False)
    except SystemExit as exc:  # typer.Exit from fail(): report it
        if exc.code:
            raise
    return state


def ms(a: float, b: float) -> float:
    return round((b - a) * 1000, 2)


CPU: list[float] = []  # process CPU ms of the last measurements (all threads)


async def _open_screen_and_wait(app, opener, *, settle: float = 0.0) -> float:
    since = ARRIVALS.count
    c0 = time.process_time()
    t0 = time.time()
    opener()
    t1 = await until_data(app, since, settle=settle)
    CPU.append(round((time.process_time() - c0) * 1000, 2))
    return ms(t0, t1)


async def _pop(app) -> None:
    """Back to the previous screen, and wait until it has reloaded (if it does)."""
    since = ARRIVALS.count
    app.pop_screen()
    try:
        await until_data(app, since, timeout=2.0, settle=0.03)
    except TimeoutError:
        pass
    await app.workers.wait_for_complete()
    await painted(app)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=("cold", "interactive", "empty"))
    parser.add_argument("--db", default="")
    parser.add_argument("--case-id")
    parser.add_argument("--term", default="")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", default="140x45")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))

    marks: dict = {}
    out: dict = {"t_start": T_START}

    async def pilot_cold(app, pilot) -> None:
        out["t_painted"] = await until_data(app, 0, settle=0.03)
        out["cpu_ms"] = round(time.process_time() * 1000, 1)
        out["start_screen"] = type(app.screen).__name__
        out["rss_mb"] = round(rss_now_mb(), 1)
        out["rss_peak_mb"] = round(rss_peak_mb(), 1)
        app.exit()

    async def pilot_interactive(app, pilot) -> None:
        import importlib.util
        import uuid

        await until_data(app, 0, settle=0.03)
        out["start_screen"] = type(app.screen).__name__
        start_screen = app.screen
        # Let start-up work (the integrity check in its thread) finish before measuring.
        await app.workers.wait_for_complete()
        await painted(app)
        results: dict[str, dict] = {}

        # Opening a case (the heavy one: many notes, many goals when they exist).
        if args.case_id:
            case_id = uuid.UUID(args.case_id)
            samples = []
            CPU.clear()
            for _ in range(args.repeat + 1):
                samples.append(await _open_screen_and_wait(app, lambda: app.open_case(case_id)))
                await _pop(app)
            results["open_case"] = {"samples": samples[1:], "warmup": samples[0],
                                    "cpu": CPU[1:]}

        # The follow-up queue: its own screen when it exists, else the start screen's reload.
        CPU.clear()
        if importlib.util.find_spec("caseterm.screens.queue") is not None:
            samples, label = [], "QueueScreen"
            for _ in range(args.repeat + 1):
                if type(app.screen).__name__ == "QueueScreen" and app.screen is start_screen:
                    refresh = (getattr(app.screen, "action_reload", None)
                               or getattr(app.screen, "action_refresh", None))
                    samples.append(await _open_screen_and_wait(app, refresh, settle=0.03))
                    continue
                samples.append(await _open_screen_and_wait(
                    app, lambda: app.open_destination("queue"), settle=0.03))
                await _pop(app)
        else:
            samples, label = [], "HomeScreen (due follow-ups + open cases)"
            for _ in range(args.repeat + 1):
                samples.append(await _open_screen_and_wait(
                    app, start_screen.action_refresh, settle=0.03))
        results["queue_screen"] = {"samples": samples[1:], "warmup": samples[0],
                                   "screen": label, "cpu": CPU[1:]}

        # A keystroke in case search.
        if importlib.util.find_spec("caseterm.screens.case_list") is not None and args.term:
            try:
                results["search_keystroke"] = await search_keystrokes(app, args.term,
                                                                      args.repeat)
            except Exception as exc:  # the screen is another branch's: report, don't crash
                results["search_keystroke"] = {"error": f"{type(exc).__name__}: {exc}"}

        out["results"] = results
        out["rss_mb"] = round(rss_now_mb(), 1)
        out["rss_peak_mb"] = round(rss_peak_mb(), 1)
        app.exit()

    if args.scenario == "empty":
        sys.stdout.write(json.dumps(run_empty((width, height))) + "\n")
        return
    pilot = pilot_cold if args.scenario == "cold" else pilot_interactive
    state = run_caseterm(args.db, (width, height), pilot, marks,
                         case_screen=args.scenario != "cold")
    out.update({f"t_{k}": v for k, v in marks.items()})
    app = state.get("app")
    if app is None:
        out["error"] = "the app did not start"
    elif app.return_code not in (0, None):
        out["error"] = f"app exited with {app.return_code}"
    sys.stdout.write(json.dumps(out) + "\n")


def run_empty(size: tuple[int, int]) -> dict:
    """The reference of the cold start: a Textual app with nothing in it, run headless at the
    same size, until its first screen refresh (what `cold` waits for after the data)."""
    from textual.app import App

    out: dict = {"t_start": T_START}

    async def auto_pilot(pilot) -> None:
        out["t_painted"] = await painted(pilot.app)
        out["cpu_ms"] = round(time.process_time() * 1000, 1)
        out["rss_peak_mb"] = round(rss_peak_mb(), 1)
        pilot.app.exit()

    App().run(headless=True, size=size, auto_pilot=auto_pilot)
    return out


async def search_keystrokes(app, term: str, repeat: int) -> dict:
    """Open the case list, then type `term` key by key into its search field, timing each
    keystroke until the results are painted (debounce included: that is what a user feels)."""
    from textual import events
    from textual.widgets import Input

    await _open_screen_and_wait(app, lambda: app.open_destination("cases"), settle=0.05)
    field = app.screen.query(Input).first()
    field.focus()
    await painted(app)
    samples: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        field.value = ""
        await asyncio.sleep(0.3)
        await app.workers.wait_for_complete()
        for ch in term:
            since = ARRIVALS.count
            c0 = time.process_time()
            t0 = time.time()
            field.post_message(events.Key(ch, ch))
            t1 = await until_data(app, since, timeout=10)
            samples.append(ms(t0, t1))
            cpu.append(round((time.process_time() - c0) * 1000, 2))
    return {"samples": samples, "term": term, "cpu": cpu}


if __name__ == "__main__":
    main()
