"""The legal words of each kind of plan, per language: name, legal basis, the office the plan is
made with, and the notice printed on the client's copy (what the plan is and is not).

The words live in a data file an office can adapt (`data/legal/plan_types.json`), because the
law changes; this module only checks and looks up the *parsed* data (reading the file is
`caseterm.legal`'s job). Kooperationsplan § 15 SGB II; Hilfeplan § 36 SGB VIII; SGB XII: an
unbinding Vereinbarung (§ 12 Abs. 2) or a Gesamtplan (§ 68 Abs. 1); Förderplan in integration
management.
"""

from __future__ import annotations

from dataclasses import dataclass

REQUIRED = ("name", "legal_basis", "office", "notice")


class LegalTermsError(ValueError):
    """The data file is not usable; the message names every problem."""


@dataclass(frozen=True)
class PlanTerms:
    kind: str
    name: str
    legal_basis: str
    office: str
    notice: str
    voluntary: bool = False


def parse_plan_terms(data: dict) -> dict[str, dict[str, PlanTerms]]:
    """language → kind of plan → terms. Keys starting with "_" are comments."""
    problems: list[str] = []
    out: dict[str, dict[str, PlanTerms]] = {}
    if not isinstance(data, dict):
        raise LegalTermsError("the legal terms must be an object of languages")
    for lang, kinds in data.items():
        if lang.startswith("_"):
            continue
        if not isinstance(kinds, dict):
            problems.append(f"{lang}: must be an object of plan kinds")
            continue
        table: dict[str, PlanTerms] = {}
        for kind, terms in kinds.items():
            if not isinstance(terms, dict):
                problems.append(f"{lang}.{kind}: must be an object")
                continue
            missing = [k for k in REQUIRED if not isinstance(terms.get(k), str)]
            if missing:
                problems.append(f"{lang}.{kind}: missing text {', '.join(missing)}")
                continue
            if not terms["name"].strip() or not terms["notice"].strip():
                problems.append(f"{lang}.{kind}: name and notice may not be empty")
                continue
            table[kind] = PlanTerms(kind=kind, name=terms["name"].strip(),
                                    legal_basis=terms["legal_basis"].strip(),
                                    office=terms["office"].strip(),
                                    notice=terms["notice"].strip(),
                                    voluntary=bool(terms.get("voluntary", False)))
        if "generic" not in table:
            problems.append(f"{lang}: needs a 'generic' kind (the fallback)")
        out[lang] = table
    if not out:
        problems.append("no language")
    if problems:
        raise LegalTermsError("; ".join(problems))
    return out


def terms_for(table: dict[str, dict[str, PlanTerms]], kind: str, lang: str = "de") -> PlanTerms:
    """The terms of `kind` in `lang`; falls back to German, then to the generic kind."""
    by_kind = table.get(lang) or table.get("de") or next(iter(table.values()))
    return by_kind.get(str(kind)) or by_kind["generic"]
