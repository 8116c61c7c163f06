"""Issue 19: the GAS chart on a time axis (the dates of the ratings, not evenly spaced), on the
GAS tab and in the plan PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from caseterm.core.gas import BASE_GAP, GasPoint, time_columns, time_fractions
from caseterm.core.goals import check_gas_levels, check_gas_review
from caseterm.db.repo import goals as goals_repo
from caseterm.screens.goals import t_chart
from caseterm.services.goals import export_plan
from tests.conftest import ctx_for
from tests.test_plan_pdf import _plan

pypdf = pytest.importorskip("pypdf")


def test_fractions_follow_the_dates():
    days = [None, date(2026, 1, 1), date(2026, 1, 11), date(2026, 4, 11)]
    f = time_fractions(days)
    assert f[0] == 0.0 and f[-1] == 1.0
    # 10 days of 100 after the first rating: a tenth of the dated stretch
    assert f[2] == pytest.approx(BASE_GAP + (1 - BASE_GAP) * 0.1)
    assert time_fractions([date(2026, 1, 1)]) == [1.0]
    assert time_fractions([None]) == [0.0]
    assert time_columns([date(2026, 1, 1), date(2026, 1, 31)], 31) == [0, 30]


def test_screen_chart_places_bars_by_date():
    pts = [GasPoint(None, 38.0), GasPoint(date(2026, 3, 1), 42.0),
           GasPoint(date(2026, 3, 8), 47.0), GasPoint(date(2026, 9, 1), 58.0)]
    lines = t_chart(pts).plain.splitlines()
    values = lines[-2]
    # 42 and 47 a week apart stand close together; 58 half a year later far to the right
    assert values.index("47") - values.index("42") < 8
    assert values.index("58") - values.index("47") > 30
    assert "01.09" in lines[-1]


def test_plan_pdf_draws_the_chart_on_a_time_axis(db, worker, make_case, tmp_path):
    case_id, _vid = _plan(db, make_case)
    from caseterm.services import goals as goals_svc

    tree = goals_svc.tree(ctx_for(db, worker), case_id)
    target = next(g for g in tree.goals if g.level == "handlungsziel")
    goals_repo.set_gas(db, target.id, check_gas_levels(
        {"level_0": "5 Bewerbungen", "baseline_level": "-2", "weight": "1"}))
    for lvl, day in (("-1", "02.11.2026"), ("0", "09.11.2026"), ("1", "20.11.2026")):
        goals_repo.add_review(db, target.id, check_gas_review({"level": lvl,
                                                              "review_date": day}))
    path = export_plan(ctx_for(db, worker), case_id, tmp_path / "plan.pdf")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)
    assert "So weit sind Sie gekommen" in text
    assert "02.11.2026" in text and "20.11.2026" in text and "Beginn" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "pg")],
                       check=True)
        assert list(tmp_path.glob("pg-*.png"))


def test_no_chart_without_two_scores(db, worker, make_case, tmp_path):
    case_id, _vid = _plan(db, make_case)
    path = export_plan(ctx_for(db, worker), case_id, tmp_path / "plan.pdf")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)
    assert "So weit sind Sie gekommen" not in text
