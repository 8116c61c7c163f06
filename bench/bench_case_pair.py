"""Opening a heavy case: the case screen as before issue 18's refill against now, paired in ONE
process (so the machine's load hits both alike).

    python bench/bench_case_pair.py --db FILE [--pairs 10] [--size 140x45]

"before" patches back what this change replaced: a new CaseScreen composed per opening, the
footer rebuilt on every bindings refresh, the notes rendered as a plain Static. "after" is the
code as it is. Each pair opens another case first (so no case opens twice in a row), then the
heavy case (200 notes, 30 goals), once per variant, the order swapped every pair. Prints CPU
(the process, all threads) and wall per opening, medians, p95 and the median of the paired
ratios after ÷ before, as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def main() -> None:
    import _child
    import bench_tui

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--size", default="140x45")
    args = parser.parse_args()
    heavy, others = bench_tui.pick_cases(Path(args.db), None, 4 * args.pairs + 4)
    width, height = (int(x) for x in args.size.split("x"))
    out: dict = {}

    async def pilot(app, _p) -> None:
        from textual.widgets import Footer, Static

        from caseterm.screens.case import CaseScreen
        from caseterm.widgets.footer import TranslatedFooter
        from caseterm.widgets.lazy_text import LazyText

        now = (CaseScreen.__dict__["for_case"], TranslatedFooter.recompose,
               LazyText.render_line)
        before = (classmethod(lambda cls, _app, case_id, data: cls(case_id, data)),
                  Footer.recompose, Static.render_line)

        def use(variant) -> None:
            CaseScreen.for_case, TranslatedFooter.recompose, LazyText.render_line = variant

        await _child.until_data(app, 0, settle=0.03)
        await bench_tui._quiet(app)
        await _child.painted(app)
        shown = bench_tui._install_case_hook()
        pool = list(others)
        for variant in (before, now):  # warm-up: imports, first composition
            use(variant)
            await bench_tui._open(app, shown, heavy[0])
            await bench_tui._back(app)
        res: dict[str, dict[str, list[float]]] = {
            "before": {"cpu": [], "wall": []}, "after": {"cpu": [], "wall": []}}
        for i in range(args.pairs):
            order = [("before", before), ("after", now)]
            if i % 2:
                order.reverse()
            for name, variant in order:
                use(variant)
                await bench_tui._open(app, shown, pool.pop(0))
                await bench_tui._back(app)
                wall, cpu = await bench_tui._open(app, shown, heavy[i % len(heavy)])
                await bench_tui._back(app)
                res[name]["cpu"].append(cpu)
                res[name]["wall"].append(wall)
        use(now)
        for name in res:
            for k in ("cpu", "wall"):
                xs = res[name][k]
                res[name][k + "_median"] = round(statistics.median(xs), 1)  # type: ignore
                res[name][k + "_p95"] = round(bench_tui._p95(xs), 1)  # type: ignore
        for k in ("cpu", "wall"):
            ratios = [a / b for a, b in zip(res["after"][k], res["before"][k], strict=True)]
            out[k + "_ratio_median"] = round(statistics.median(ratios), 3)
        out.update(res)
        app.exit()

    _child.run_caseterm(args.db, (width, height), pilot, {})
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
