"""CI smoke of the benchmark: the whole suite end to end on a tiny dataset."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bench, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_runs_end_to_end(tmp_path):
    out = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "150", "--repeat", "1",
         "--out", str(out), "--cache", "", "--today", "2026-11-23", "--quiet"],
        capture_output=True, text=True, timeout=480, cwd=str(ROOT),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert report["report_version"] == 1
    assert {"python", "textual", "sqlalchemy", "sqlite"} <= set(report["versions"])
    assert {"cpu", "cores", "memory_gb"} <= set(report["machine"])
    size = report["sizes"]["150"]
    metrics = size["metrics"]
    assert set(metrics) >= {"cold_start", "search_keystroke", "open_case", "save_intake",
                            "queue_repo", "queue_screen", "cli_queue", "rss_peak", "db_size"}
    for name in ("cold_start", "open_case", "queue_screen", "rss_peak", "db_size",
                 "save_intake"):
        assert metrics[name]["status"] == "ok", (name, metrics[name])
        assert metrics[name]["median"] > 0 and metrics[name]["p95"] >= metrics[name]["median"]
    for m in metrics.values():
        assert m["status"] in ("ok", "n/a"), m
        if m["status"] == "n/a":
            assert m["note"].startswith("not available")
    assert size["cold_start_steps"]["first_paint"] > 0
    profile = size["startup_profile"]
    assert (out / profile["file"]).exists()
    assert "alembic" not in profile["forbidden_on_start_path"]
    assert set(report["verdicts"]) >= {"cold_start", "open_case", "rss_peak"}
