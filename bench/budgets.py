"""Every budget of the benchmark, defined once (bench/run.py and bench/bench_tui.py read them).

- `BUDGETS`: issue 7's absolute budgets at 100k clients, by metric.
- `RATIO_BUDGETS`: issue 18's budgets as rows: caseterm's figure against a reference measured in
  the same run (paired by run order, so the machine's load hits both alike), compared on the
  CPU median unless `stat` says otherwise; `reference` None makes it an absolute budget in the
  metric's unit (the TUI rows of bench/bench_tui.py). `limit` None: reported without a verdict.
  A new budget is one more dict here.
- `IMPORT_BUDGETS`: what a start path may import, per group (`python -X importtime`, self time
  summed; wall ms, so they swell with the machine's load; 0: the group must not be imported).
"""

from __future__ import annotations

from typing import Any

BUDGETS: dict[str, dict[str, Any]] = {
    "cold_start": {"limit": 1000.0, "unit": "ms", "stat": "median",
                   "what": "TUI cold start until the first screen is painted"},
    "search_keystroke": {"limit": 30.0, "unit": "ms", "stat": "p95",
                         "what": "keystroke in case search until results are painted"},
    "open_case": {"limit": 100.0, "unit": "ms", "stat": "median",
                  "what": "open a case with 200 notes (and 30 goals when goals exist)"},
    "cli_queue": {"limit": 500.0, "unit": "ms", "stat": "median",
                  "what": "`caseterm queue` as a whole process"},
    "rss_peak": {"limit": 150.0, "unit": "MB", "stat": "max",
                 "what": "peak RSS of the TUI"},
}
SCALING_LIMIT = 1.3  # each figure at 100k ≤ 1.3 × its value at 10k
SCALING_EXEMPT = {"cli_version", "db_size"}

RATIO_BUDGETS: list[dict[str, Any]] = [
    {"name": "queue_vs_floor", "metric": "cli_queue", "reference": "floor_queue",
     "stat": "cpu_median", "limit": 4.0,
     "what": "`caseterm queue` ÷ the 16-line sqlite3 floor (bench/floor_queue.py)"},
    {"name": "queue_refresh_vs_floor", "metric": "cli_queue_refresh",
     "reference": "floor_queue", "stat": "cpu_median", "limit": None,
     "what": "the same, first call of the day (automatic follow-ups refreshed)"},
    {"name": "queue_vs_taskwarrior", "metric": "cli_queue", "reference": "taskwarrior",
     "stat": "cpu_median", "limit": None, "what": "`caseterm queue` ÷ taskwarrior"},
    {"name": "case_show_vs_version", "metric": "cli_case_show", "reference": "cli_version",
     "stat": "cpu_median", "limit": 2.0, "what": "`caseterm case show` ÷ `--version`"},
    {"name": "worker_list_vs_version", "metric": "cli_worker_list",
     "reference": "cli_version", "stat": "cpu_median", "limit": 2.0,
     "what": "`caseterm worker list` ÷ `--version`"},
    {"name": "followup_add_vs_version", "metric": "cli_followup_add",
     "reference": "cli_version", "stat": "cpu_median", "limit": 2.0,
     "what": "`caseterm followup add` (one write) ÷ `--version`"},
    {"name": "queue_encrypted_vs_plain", "metric": "cli_queue_encrypted",
     "reference": "cli_queue", "stat": "cpu_median", "limit": None,
     "what": "`caseterm queue` on an encrypted file ÷ on a plain one (SQLCipher + KDF)"},
    {"name": "cold_start_vs_empty_app", "metric": "cold_start", "reference": "empty_app",
     "stat": "cpu_median", "limit": 2.5,
     "what": "TUI cold start to the painted start screen ÷ an empty Textual app, CPU"},
    {"name": "cold_start_vs_empty_app_wall", "metric": "cold_start",
     "reference": "empty_app", "stat": "median", "limit": 2.5, "what": "the same, wall"},
    # the running TUI (bench/bench_tui.py): absolute budgets
    {"name": "search_rows", "metric": "search_rows", "reference": None, "stat": "p95",
     "limit": 30.0, "unit": "ms", "what": "keystroke → this keystroke's rows painted"},
    {"name": "open_case_heavy", "metric": "open_case_heavy", "reference": None,
     "stat": "median", "limit": 100.0, "unit": "ms",
     "what": "open a case with 200 notes and 30 goals (different cases)"},
    {"name": "rss_cases", "metric": "rss_cases", "reference": None, "stat": "max",
     "limit": 150.0, "unit": "MB", "what": "RSS after opening 100 different cases"},
    {"name": "rss_growth_per_case", "metric": "rss_growth_per_case", "reference": None,
     "stat": "median", "limit": 100.0, "unit": "KB",
     "what": "RSS growth per case over the second half (flat)"},
]


def absolute(metric: str) -> dict[str, Any] | None:
    """The absolute budget row (no reference) of `metric`, if there is one."""
    return next((b for b in RATIO_BUDGETS if b["metric"] == metric and b["reference"] is None),
                None)


IMPORT_GROUPS = ("caseterm.models", "caseterm.screens", "caseterm.widgets", "caseterm",
                 "sqlmodel", "sqlalchemy", "pydantic_core", "pydantic", "typer", "click",
                 "rich", "textual", "alembic", "sqlcipher3", "faker", "fpdf", "pypdf",
                 "babel", "cryptography")
# The never-on-a-start-path groups, and per path what it may cost.
_NEVER = {"alembic": 0, "faker": 0, "fpdf": 0, "pypdf": 0, "babel": 0}
IMPORT_BUDGETS: dict[str, dict[str, float]] = {
    # `caseterm --version`: the floor of every CLI call; no data layer at all
    "cli_version": {**_NEVER, "caseterm.models": 0, "sqlmodel": 0, "textual": 0,
                    "caseterm.screens": 0, "sqlalchemy": 0, "pydantic": 0,
                    "pydantic_core": 0, "rich": 0, "cryptography": 0, "typer": 120,
                    "caseterm": 80, "(stdlib and other)": 150},
    "cli_queue": {**_NEVER, "caseterm.models": 0, "sqlmodel": 0, "textual": 0,
                  "caseterm.screens": 0, "pydantic": 0, "pydantic_core": 0,
                  "cryptography": 0, "sqlalchemy": 350, "typer": 120, "caseterm": 120,
                  "rich": 40, "(stdlib and other)": 150},
    # one write (`caseterm followup add`): the models are allowed (the audited unit of work)
    "cli_write": {**_NEVER, "textual": 0, "caseterm.screens": 0, "cryptography": 0,
                  "sqlalchemy": 450, "sqlmodel": 60, "caseterm.models": 300, "pydantic": 150,
                  "typer": 120, "caseterm": 150, "(stdlib and other)": 200},
    "tui_cold": {**_NEVER, "caseterm.models": 0, "sqlmodel": 0, "cryptography": 0,
                 "textual": 500, "sqlalchemy": 350, "caseterm": 250, "caseterm.screens": 150,
                 "(stdlib and other)": 250},
}
