"""Reads the legal words of the plans (`data/legal/plan_types.json`, or the office's copy in
CASETERM_LEGAL_DIR) and hands the parsed data to `caseterm.core.legal_terms`."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

from caseterm.core.legal_terms import LegalTermsError, PlanTerms, parse_plan_terms, terms_for

FILE = "plan_types.json"


def legal_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent
    dirs = [here / "_data" / "legal", here.parent / "data" / "legal"]
    extra = os.environ.get("CASETERM_LEGAL_DIR")
    if extra:
        dirs.insert(0, Path(extra).expanduser())
    return [d for d in dirs if (d / FILE).is_file()]


@cache
def _table(path: Path) -> dict[str, dict[str, PlanTerms]]:
    return parse_plan_terms(json.loads(path.read_text(encoding="utf-8")))


def plan_terms(kind: str, lang: str = "de") -> PlanTerms:
    """The name, legal basis, office and notice of a kind of plan (the first folder wins)."""
    dirs = legal_dirs()
    if not dirs:
        raise LegalTermsError(f"no {FILE} found (data/legal or CASETERM_LEGAL_DIR)")
    return terms_for(_table(dirs[0] / FILE), kind, lang)


def legal_basis(kind: str) -> str:
    """The legal basis stored with a new plan of this kind."""
    return plan_terms(str(kind), "de").legal_basis
