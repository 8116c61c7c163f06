"""The data generator: deterministic for a seed, plausible, and a valid database."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date

import pytest
from typer.testing import CliRunner

from caseterm.core.names import match_key
from caseterm.db import migrate
from caseterm.db.engine import Database
from caseterm.db.generate import GeneratorError, generate, generator_modules
from tests.conftest import TODAY

N = 300
TABLES = ("worker", "client", "casefile", "phase_change", "follow_up", "contact_note",
          "setting")


def _dump(path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(str(path))
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id" if t != "setting"
                               else "SELECT * FROM setting ORDER BY key").fetchall()
                for t in TABLES}
    finally:
        con.close()


def _make(tmp_path, name: str, seed: int, n: int = N) -> tuple[Database, dict]:
    db = Database(str(tmp_path / name))
    ctx = generate(db, n, seed, today=TODAY)
    return db, ctx


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gen")
    a, ctx = _make(tmp, "a.db", 7)
    b, _ = _make(tmp, "b.db", 7)
    c, _ = _make(tmp, "c.db", 8)
    yield {"a": a, "b": b, "c": c, "ctx": ctx}
    for db in (a, b, c):
        db.dispose()


def test_modules_are_discovered_in_order():
    names = [m.__name__.rsplit(".", 1)[1] for m in generator_modules()]
    assert names[:6] == ["workers", "clients", "cases", "history", "followups", "notes"]


def test_same_seed_gives_identical_rows(generated):
    assert _dump(generated["a"].path) == _dump(generated["b"].path)


def test_different_seed_gives_different_rows(generated):
    a, c = _dump(generated["a"].path), _dump(generated["c"].path)
    assert a["client"] != c["client"]
    names_a = {(r[4], r[5]) for r in a["client"]}
    names_c = {(r[4], r[5]) for r in c["client"]}
    assert len(names_a & names_c) < len(names_a) // 2


def test_generated_database_passes_the_check(generated):
    assert migrate.check(generated["a"]) == []


def test_counts_and_distributions_are_plausible(generated):
    con = sqlite3.connect(str(generated["a"].path))
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    clients, cases = one("SELECT count(*) FROM client"), one("SELECT count(*) FROM casefile")
    assert clients == N
    assert N <= cases <= int(N * 1.3)
    assert 2.4 <= one("SELECT count(*) FROM follow_up") / cases <= 3.6
    # ~5 notes per case, plus the heavy case's 200
    notes = one("SELECT count(*) FROM contact_note")
    assert 3.5 <= (notes - 200) / cases <= 6.5
    assert one("SELECT max(n) FROM (SELECT count(*) n FROM contact_note GROUP BY case_id)") \
        == 200
    # every case has a history ending in its phase
    assert one("SELECT count(*) FROM casefile c WHERE NOT EXISTS (SELECT 1 FROM phase_change "
               "p WHERE p.case_id = c.id AND p.to_phase = c.phase)") == 0
    areas = Counter(r[0] for r in con.execute("SELECT legal_area FROM casefile"))
    assert set(areas) >= {"sgb2", "sgb8", "sgb12", "integration"}
    assert areas["sgb2"] == max(areas.values())
    phases = Counter(r[0] for r in con.execute("SELECT phase FROM casefile"))
    assert 0.1 < phases["closure"] / cases < 0.4
    assert phases["monitoring"] == max(v for k, v in phases.items() if k != "closure")
    # open follow-ups spread around today: overdue, today, future
    today = TODAY.isoformat()
    due = Counter(
        "overdue" if d < today else "today" if d == today else "future"
        for (d,) in con.execute("SELECT due_date FROM follow_up WHERE status = 'open'"))
    assert due["overdue"] > 0 and due["today"] > 0 and due["future"] > due["overdue"]
    assert one("SELECT count(*) FROM follow_up f JOIN casefile c ON c.id = f.case_id "
               "WHERE c.phase = 'closure' AND f.status = 'open'") == 0
    # closed cases close after they opened; nothing lies in the future
    assert one("SELECT count(*) FROM casefile WHERE closed_on < opened_on") == 0
    assert one(f"SELECT count(*) FROM casefile WHERE opened_on > '{today}'") == 0
    assert one(f"SELECT count(*) FROM contact_note WHERE occurred_at > '{today} 23:59:59'") \
        == 0
    # caseloads of caseworkers: a realistic size, and the current worker has a full one
    current = one("SELECT value FROM setting WHERE key = 'current_worker'").replace("-", "")
    mine = one(f"SELECT count(*) FROM casefile WHERE lead_worker_id = '{current}' "
               "AND phase != 'closure'")
    assert 20 <= mine <= 150
    con.close()


def test_names_are_international_and_keys_match(generated):
    con = sqlite3.connect(str(generated["a"].path))
    rows = con.execute("SELECT first_name, last_name, name_key, languages FROM client").fetchall()
    con.close()
    assert all(key == match_key(first, last) for first, last, key, _l in rows)
    langs = Counter(lang.split(",")[0] for *_n, lang in rows)
    assert langs["Deutsch"] > N * 0.4
    assert len(langs) >= 6  # Turkish, Arabic, Ukrainian, Polish, …
    assert any(ch in "äöüßÄÖÜ" for first, last, *_ in rows for ch in first + last)


def test_workers_have_deputies_and_team_leads(generated):
    con = sqlite3.connect(str(generated["a"].path))
    rows = con.execute("SELECT role, deputy_id, team_lead_id FROM worker").fetchall()
    con.close()
    caseworkers = [r for r in rows if r[0] == "caseworker"]
    assert caseworkers and all(r[1] and r[2] for r in caseworkers)
    assert any(r[0] == "team_lead" for r in rows)


def test_refuses_a_database_with_cases_unless_appending(generated, tmp_path):
    db, _ = _make(tmp_path, "x.db", 1, n=20)
    with pytest.raises(GeneratorError):
        generate(db, 10, 2, today=TODAY)
    ctx = generate(db, 10, 2, today=TODAY, append=True)
    assert ctx["counts"]["client"] == 10
    assert migrate.check(db) == []
    con = sqlite3.connect(str(db.path))
    numbers = [r[0] for r in con.execute("SELECT case_number FROM casefile")]
    con.close()
    assert len(numbers) == len(set(numbers))
    db.dispose()


def test_the_app_reads_generated_data(generated):
    from caseterm.core import clock
    from caseterm.db.repo import cases, followups, workers

    db = generated["a"]
    clock.set_today(TODAY)
    worker = workers.current(db)
    rows = cases.list_for_workers(db, [worker.id], worker.id)
    assert rows and cases.count_for_workers(db, [worker.id], worker.id) >= len(rows)
    assert followups.due_for_worker(db, worker.id)
    heavy = generated["ctx"]["heavy_cases"][0]
    data = cases.overview(db, heavy)
    assert len(data.notes) == 20 and data.history
    assert isinstance(data.case.opened_on, date)
    # case numbers continue after the generated ones (range query on the unique index)
    from caseterm.core.vocab import LegalArea

    con = sqlite3.connect(str(db.path))
    year = con.execute("SELECT max(opened_on) FROM casefile WHERE legal_area = 'sgb2'"
                       ).fetchone()[0][:4]
    last = con.execute("SELECT max(case_number) FROM casefile WHERE case_number LIKE ?",
                       (f"JC-{year}-%",)).fetchone()[0]
    con.close()
    with db.read() as s:
        nxt = cases.next_case_number(s, LegalArea.sgb2, int(year))
        assert nxt == f"JC-{year}-{int(last.rsplit('-', 1)[1]) + 1:05d}"
        assert cases.next_case_number(s, LegalArea.sgb2, 1990) == "JC-1990-00001"


def test_cli_generate_and_refusal(tmp_path):
    from caseterm.cli import app

    target = tmp_path / "cli.db"
    runner = CliRunner()
    result = runner.invoke(app, ["--today", TODAY.isoformat(), "generate", "--clients", "25",
                                 "--seed", "3", "--db", str(target), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "25 client" in result.output
    again = runner.invoke(app, ["generate", "--clients", "5", "--db", str(target), "-q"])
    assert again.exit_code == 1
    assert "--append" in again.output


def test_same_seed_is_identical_across_processes(tmp_path):
    """Hash randomisation differs between processes; the data must not."""
    import os
    import subprocess
    import sys

    dumps = []
    for hashseed in ("1", "2"):
        target = tmp_path / f"p{hashseed}.db"
        env = {**os.environ, "PYTHONHASHSEED": hashseed, "CASETERM_TODAY": TODAY.isoformat()}
        proc = subprocess.run([sys.executable, "-m", "caseterm", "generate", "-n", "60",
                               "--seed", "5", "--db", str(target), "-q"],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        dumps.append(_dump(target))
    assert dumps[0] == dumps[1]
