#!/usr/bin/env python3
"""Duplicate-check and search latency at 1k, 10k and 100k clients.

    python bench/bench_intake.py [--sizes 1000,10000,100000] [--repeat 200] [--out FILE.json]

Builds a fresh SQLite database per size under a temporary directory (migrated to head), fills
it with synthetic German clients and one case each by plain SQL inserts (keys computed by the
same functions the app uses; about 100 cases per caseworker), rebuilds the FTS index, then
times:

- duplicate check: `clients.candidates()` for a name + birth date (half of the probes are
  spelling variants of existing clients, half unknown people), median / p95 / max;
- search: `search.search_cases()` first page (50 rows) for name prefixes, a birth date and a
  case number, as a caseworker and as an administrator;
- paging: the 20th keyset page of the unfiltered list.

Prints a table and writes the figures as JSON (default bench/results/intake.json).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from caseterm.core import clock  # noqa: E402
from caseterm.core.names import match_key, phonetic_key  # noqa: E402
from caseterm.db import search  # noqa: E402
from caseterm.db.engine import Database  # noqa: E402
from caseterm.db.migrate import upgrade  # noqa: E402
from caseterm.db.repo import clients, workers  # noqa: E402

LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Meyer", "Weber", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
        "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
        "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann",
        "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer",
        "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung",
        "Hahn", "Schubert", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Özdemir", "Nowak",
        "Kowalski", "Wiśniewski", "Popescu", "Ivanov", "Petrović", "Hodžić", "Al-Hassan",
        "Haddad", "Nguyen", "Tran", "Okafor", "Mensah", "Rossi", "García", "Fernández"]
FIRST = ["Jürgen", "Anna", "Peter", "Maria", "Thomas", "Sabine", "Michael", "Petra",
         "Andreas", "Monika", "Stefan", "Karin", "Frank", "Susanne", "Klaus", "Andrea",
         "Lea", "Finn", "Mia", "Ben", "Emma", "Paul", "Hannah", "Leon", "Sophie", "Noah",
         "Ayşe", "Mehmet", "Fatma", "Ahmet", "Elif", "Mustafa", "Olga", "Sergej", "Natalia",
         "Piotr", "Agnieszka", "Ion", "Elena", "Omar", "Fatima", "Yusuf", "Amina", "Chidi",
         "José", "Lucía", "Marco", "Giulia", "Thi Lan", "Minh"]
AREAS = ["sgb2", "sgb8", "sgb12", "integration", "other"]
PREFIX = {"sgb2": "JC", "sgb8": "JA", "sgb12": "SH", "integration": "IM", "other": "FM"}
PHASES = ["intake", "assessment", "planning", "linking", "monitoring", "evaluation"]


def _uuid_hex(value: uuid.UUID) -> str:
    return value.hex


def build(path: Path, n: int, rng: random.Random) -> tuple[Database, list[tuple]]:
    db = Database(str(path))
    upgrade(db, make_backup=False)
    with db.write() as s:
        # About 100 cases per caseworker (the brief: 60–120), each also deputy of ~100.
        workers_made = [workers.add(s, username=f"w{i}", display_name=f"Worker {i}",
                                    role="caseworker", team=f"Team {i % 50}", office="Rathaus",
                                    land="NW") for i in range(max(10, n // 100))]
        admin = workers.add(s, username="admin", display_name="Admin", role="admin",
                            team="", office="Rathaus", land="NW")
    worker_ids = [_uuid_hex(w.id) for w in workers_made]
    now = datetime.now(UTC).isoformat(sep=" ")
    people = []
    client_rows, case_rows = [], []
    counters = dict.fromkeys(AREAS, 0)
    base = date(1940, 1, 1)
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        born = base + timedelta(days=rng.randrange(0, 365 * 66))
        cid = uuid.uuid4()
        area = rng.choice(AREAS)
        counters[area] += 1
        number = f"{PREFIX[area]}-{2020 + i % 7}-{counters[area]:06d}"
        client_rows.append((_uuid_hex(cid), now, now, 1, first, last, match_key(first, last),
                            phonetic_key(first, last), born.isoformat(), "", "", 0, "", "", "",
                            ""))
        lead = rng.randrange(len(worker_ids))
        case_rows.append((_uuid_hex(uuid.uuid4()), now, now, 1, number, _uuid_hex(cid), area,
                          "", worker_ids[lead], worker_ids[(lead + 1) % len(worker_ids)],
                          rng.choice(PHASES), now,
                          "2024-01-01", None, None, int(rng.random() < 0.02)))
        people.append((first, last, born, number))
    with db.engine.begin() as conn:
        raw = conn.connection.driver_connection
        raw.executemany(
            "INSERT INTO client (id, created_at, updated_at, row_version, first_name, last_name,"
            " name_key, phonetic_key, birth_date, gender, languages, interpreter_needed, phone,"
            " email, address, district) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", client_rows)
        raw.executemany(
            "INSERT INTO casefile (id, created_at, updated_at, row_version, case_number,"
            " client_id, legal_area, title, lead_worker_id, deputy_worker_id, phase,"
            " phase_since, opened_on, closed_on, closure_reason, child_protection)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", case_rows)
    with db.write() as s:
        search.rebuild(s)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    viewer = workers.get(db, workers_made[0].id)
    admin_row = workers.get(db, admin.id)
    return db, people, viewer, admin_row


def _variant(first: str, last: str) -> tuple[str, str]:
    swaps = [("ü", "ue"), ("ö", "oe"), ("ä", "ae"), ("ß", "ss"), ("ei", "ey"), ("dt", "tt")]
    for a, b in swaps:
        if a in last:
            return first, last.replace(a, b)
    return last, first  # swapped names


def timed(fn, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 2),
            "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
            "max_ms": round(samples[-1], 2)}


def run(sizes: list[int], repeat: int) -> list[dict]:
    clock.set_today(date(2026, 11, 23))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            rng = random.Random(n)
            t0 = time.perf_counter()
            db, people, viewer, admin = build(Path(tmp) / f"bench-{n}.db", n, rng)
            build_s = time.perf_counter() - t0
            probes = []
            for i in range(repeat):
                first, last, born, _num = rng.choice(people)
                if i % 2:
                    probes.append((*_variant(first, last), born))
                else:
                    probes.append(("Zacharias", "Unbekannt", born + timedelta(days=3)))
            it = iter(probes * 2)
            hits = 0

            def dup():
                nonlocal hits
                first, last, born = next(it)  # noqa: B023 - called in this loop turn
                with db.read() as s:  # noqa: B023
                    hits += bool(clients.candidates(s, first, last, born))

            dup_t = timed(dup, repeat)
            found_rate = hits / repeat
            sample = rng.choice(people)
            queries = ["mül", "mueller", "schm", "özd", sample[2].strftime("%d.%m.%Y"),
                       sample[3], "jürgen mü", "a"]
            q_it = iter(queries * (repeat // len(queries) + 2))

            def find(viewer_row):
                def go():
                    text = next(q_it)  # noqa: B023 - called in this loop turn
                    with db.read() as s:  # noqa: B023
                        search.search_cases(s, viewer_row, search.CaseFilter(text=text),
                                            limit=50)
                return go

            search_worker = timed(find(viewer), repeat)
            q_it = iter(queries * (repeat // len(queries) + 2))
            search_admin = timed(find(admin), repeat)

            def page20():
                with db.read() as s:  # noqa: B023
                    after = None
                    for _ in range(20):
                        rows = search.search_cases(s, admin,  # noqa: B023
                                                   search.CaseFilter(), after=after, limit=50)
                        after = rows[-1].cursor if rows else None
            paging = timed(page20, max(5, repeat // 20))
            paging = {k: round(v / 20, 2) for k, v in paging.items()}
            results.append({"clients": n, "build_s": round(build_s, 1),
                            "duplicate_check": dup_t, "duplicates_found_rate": found_rate,
                            "search_caseworker": search_worker, "search_admin": search_admin,
                            "keyset_page": paging})
            db.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "intake.json"))
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    results = run(sizes, args.repeat)
    head = (f"{'clients':>8} | {'dup median':>10} {'p95':>7} {'max':>7} | "
            f"{'search med':>10} {'p95':>7} | {'admin med':>9} {'p95':>7} | {'page':>6}")
    print(head)
    print("-" * len(head))
    for r in results:
        d, w, a, p = (r["duplicate_check"], r["search_caseworker"], r["search_admin"],
                      r["keyset_page"])
        print(f"{r['clients']:>8} | {d['median_ms']:>8.2f}ms {d['p95_ms']:>5.2f}ms "
              f"{d['max_ms']:>5.2f}ms | {w['median_ms']:>8.2f}ms {w['p95_ms']:>5.2f}ms | "
              f"{a['median_ms']:>7.2f}ms {a['p95_ms']:>5.2f}ms | {p['median_ms']:>4.2f}ms")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    import os

    load = [round(x, 2) for x in os.getloadavg()]
    print(f"\nmachine: {os.cpu_count()} CPUs, load average {load[0]} / {load[1]} / {load[2]} "
          "(figures grow with load)")
    out.write_text(json.dumps({"python": sys.version.split()[0], "cpus": os.cpu_count(),
                               "load_average": load, "results": results},
                              indent=2), encoding="utf-8")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
