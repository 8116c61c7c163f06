"""Figures for resource mapping: indicators and the terminal drawing of large maps, and the
directory search over many offerings. Prints timings; not a test.

    python bench/bench_network.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from caseterm.core.network import ClientTie, Person, Sector, Tie, indicators
from caseterm.core.network_layout import layout, render_grid


def timed(fn, repeat=20):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def network(n: int, p_tie: float, seed: int = 1):
    rnd = random.Random(seed)
    people = [Person(uuid.uuid4(), f"Person {i}", rnd.choice(list(Sector)), rnd.randint(1, 9),
                     tie=rnd.choice(list(ClientTie)), conflict=rnd.random() < 0.1)
              for i in range(n)]
    ties = {Tie.of(a.id, b.id) for i, a in enumerate(people) for b in people[i + 1:]
            if rnd.random() < p_tie}
    return people, list(ties)


def main() -> None:
    titles = {s: s.value for s in Sector}
    print("map size | ties | indicators ms | layout+draw 90x28 ms")
    for n in (10, 30, 60, 120):
        people, ties = network(n, 0.15)
        ind = timed(lambda p=people, t=ties: indicators(p, t))
        draw = timed(lambda p=people, t=ties: render_grid(layout(p, 90, 28), p, t,
                                                           sector_titles=titles), repeat=10)
        print(f"{n:8} | {len(ties):4} | {ind:13.2f} | {draw:8.2f}")

    from caseterm.db.engine import Database
    from caseterm.db.migrate import upgrade
    from caseterm.db.repo import services

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(str(Path(tmp) / "b.db"))
        upgrade(db, make_backup=False)
        cats = ["debt_counselling", "childcare", "language_course", "housing_advice", "other"]
        data = {"providers": [
            {"name": f"Träger {p}", "offerings": [
                {"title": f"Angebot {p}-{o} Beratung", "category": cats[(p + o) % 5],
                 "languages": "Deutsch, Arabisch" if o % 3 else "Deutsch",
                 "district": ["Nordstadt", "Altstadt", "Am Hafen", "Südviertel"][p % 4]}
                for o in range(10)]} for p in range(500)]}
        t = time.perf_counter()
        with db.write() as s:
            services.import_directory_in(s, data)
        print(f"import 5,000 offerings: {(time.perf_counter() - t) * 1000:.0f} ms")
        for q in ("", "arabisch", "kinderbetreuung hafen", "angebot 499-9"):
            ms = timed(lambda q=q: services.search(db, q, limit=200), repeat=10)
            print(f"search {q!r:26} first page of 200: {ms:6.1f} ms")
        db.dispose()


if __name__ == "__main__":
    main()
