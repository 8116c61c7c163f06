"""Assessment schemes (life domains) as data files, the assessment's rules and the resource
map's vocabulary. Pure: no UI, no database.

A scheme file (data/schemes/*.json; an office may add its own, or point
CASETERM_SCHEMES_DIR at a folder) looks like::

    {"id": "de_default", "version": 1, "title": {"de": "…", "en": "…"},
     "scale": {"min": 1, "max": 5, "labels": {"1": {"de": "…", "en": "…"}, …}},
     "domains": [{"id": "wirtschaftlich", "title": {"de": "…", "en": "…"},
                  "hint": {"de": "…", "en": "…"}, "newcomers": false}, …],
     "licence": "…"}

Per domain an assessment records strengths/resources first, then problems/needs, the
client's view and the professional view apart, urgency and an optional rating on the scheme's
scale (reference/methods.md §5).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from caseterm.core.validate import Errors, InputError
from caseterm.core.vocab import LABELS
from caseterm.i18n import N_, _, language

DEFAULT_SCHEME = "de_default"
_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class Urgency(StrEnum):
    none = "none"
    low = "low"
    medium = "medium"
    high = "high"


class ResourceField(StrEnum):
    personal = "personal"
    social = "social"
    material = "material"
    institutional = "institutional"


class ResourceStatus(StrEnum):
    available = "available"
    activatable = "activatable"
    lost = "lost"


class ResourceSource(StrEnum):
    client = "client"
    worker = "worker"
    third = "third"


LABELS.update({
    Urgency: {
        "none": N_("not urgent"),
        "low": N_("low"),
        "medium": N_("medium"),
        "high": N_("urgent"),
    },
    ResourceField: {
        "personal": N_("Personal"),
        "social": N_("Social"),
        "material": N_("Material"),
        "institutional": N_("Institutional"),
    },
    ResourceStatus: {
        "available": N_("available"),
        "activatable": N_("can be activated"),
        "lost": N_("lost"),
    },
    ResourceSource: {
        "client": N_("named by the client"),
        "worker": N_("named by the worker"),
        "third": N_("named by others"),
    },
})


# -- schemes ----------------------------------------------------------------------------------

def _text(value: Mapping[str, str] | str) -> str:
    if isinstance(value, str):
        return value
    return value.get(language()) or value.get("de") or next(iter(value.values()), "")


@dataclass(frozen=True)
class Domain:
    id: str
    titles: tuple[tuple[str, str], ...]
    hints: tuple[tuple[str, str], ...] = ()
    newcomers: bool = False

    @property
    def title(self) -> str:
        return _text(dict(self.titles))

    @property
    def hint(self) -> str:
        return _text(dict(self.hints)) if self.hints else ""


@dataclass(frozen=True)
class Scheme:
    id: str
    version: int
    titles: tuple[tuple[str, str], ...]
    domains: tuple[Domain, ...]
    scale_min: int = 1
    scale_max: int = 5
    scale_labels: tuple[tuple[int, tuple[tuple[str, str], ...]], ...] = ()
    licence: str = ""

    @property
    def title(self) -> str:
        return _text(dict(self.titles))

    def domain(self, domain_id: str) -> Domain | None:
        return next((d for d in self.domains if d.id == domain_id), None)

    def scale_label(self, value: int | None) -> str:
        if value is None:
            return ""
        labels = dict(self.scale_labels)
        return _text(dict(labels[value])) if value in labels else str(value)


class SchemeError(ValueError):
    pass


def _lang_map(value, where: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    if isinstance(value, str) and value.strip():
        return (("de", value),)
    if isinstance(value, dict) and value and all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()):
        return tuple(sorted(value.items()))
    problems.append(f"{where}: a text or a {{\"de\": …, \"en\": …}} object is needed")
    return ()


def parse_scheme(data: object, *, source: str = "scheme") -> Scheme:
    """Validate a scheme's JSON structure; raises SchemeError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise SchemeError(f"{source}: the file must hold a JSON object")
    sid = data.get("id")
    if not isinstance(sid, str) or not _ID.match(sid):
        problems.append(f"{source}: id must be lower-case letters, digits, _ (max 40)")
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        problems.append(f"{source}: version must be a positive whole number")
    titles = _lang_map(data.get("title"), f"{source}: title", problems)
    scale = data.get("scale") or {}
    lo, hi = scale.get("min", 1), scale.get("max", 5)
    if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo < hi <= 10):
        problems.append(f"{source}: scale needs whole numbers 0 ≤ min < max ≤ 10")
        lo, hi = 1, 5
    scale_labels = []
    for key, value in (scale.get("labels") or {}).items():
        if not str(key).isdigit() or not lo <= int(key) <= hi:
            problems.append(f"{source}: scale label {key!r} lies outside {lo}–{hi}")
            continue
        scale_labels.append((int(key), _lang_map(value, f"{source}: scale {key}", problems)))
    domains: list[Domain] = []
    seen: set[str] = set()
    raw_domains = data.get("domains")
    if not isinstance(raw_domains, list) or not raw_domains:
        problems.append(f"{source}: domains must be a non-empty list")
        raw_domains = []
    for i, d in enumerate(raw_domains):
        where = f"{source}: domain {i + 1}"
        if not isinstance(d, dict):
            problems.append(f"{where}: must be an object")
            continue
        did = d.get("id")
        if not isinstance(did, str) or not _ID.match(did):
            problems.append(f"{where}: id must be lower-case letters, digits, _")
            continue
        if did in seen:
            problems.append(f"{where}: id {did!r} appears twice")
        seen.add(did)
        domains.append(Domain(
            id=did, titles=_lang_map(d.get("title"), f"{where} title", problems),
            hints=_lang_map(d["hint"], f"{where} hint", problems) if d.get("hint") else (),
            newcomers=bool(d.get("newcomers", False))))
    if problems:
        raise SchemeError("\n".join(problems))
    return Scheme(id=str(sid), version=version, titles=titles, domains=tuple(domains),
                  scale_min=lo, scale_max=hi, scale_labels=tuple(sorted(scale_labels)),
                  licence=str(data.get("licence", "")))


def scheme_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent.parent
    dirs = [here / "_data" / "schemes", here.parent / "data" / "schemes"]
    extra = os.environ.get("CASETERM_SCHEMES_DIR")
    if extra:
        dirs.insert(0, Path(extra).expanduser())
    return [d for d in dirs if d.is_dir()]


def load_scheme_file(path: Path) -> Scheme:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SchemeError(f"{path.name}: {exc}") from exc
    return parse_scheme(data, source=path.name)


@cache
def _all_schemes(dirs: tuple[Path, ...]) -> dict[str, Scheme]:
    found: dict[str, Scheme] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.json")):
            scheme = load_scheme_file(path)
            found.setdefault(scheme.id, scheme)  # earlier folders win (office overrides)
    return found


def schemes() -> dict[str, Scheme]:
    return _all_schemes(tuple(scheme_dirs()))


def get_scheme(scheme_id: str = DEFAULT_SCHEME) -> Scheme:
    found = schemes()
    if scheme_id in found:
        return found[scheme_id]
    raise SchemeError(f"no assessment scheme {scheme_id!r}; known: {', '.join(found)}")


# -- assessment entries -----------------------------------------------------------------------

@dataclass(frozen=True)
class DomainEntry:
    domain_id: str
    strengths: str = ""
    problems: str = ""
    client_view: str = ""
    worker_view: str = ""
    urgency: Urgency = Urgency.none
    rating: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.strengths or self.problems or self.client_view or self.worker_view
                    or self.rating is not None or self.urgency is not Urgency.none)


def check_domain_entry(raw: dict, scheme: Scheme) -> DomainEntry:
    e = Errors()
    did = str(raw.get("domain_id") or "")
    if scheme.domain(did) is None:
        e.add("domain_id", _("This life domain is not part of the scheme."))
    rating = raw.get("rating")
    value: int | None = None
    if rating not in (None, ""):
        try:
            value = int(str(rating))
        except ValueError:
            value = -999
        if not scheme.scale_min <= value <= scheme.scale_max:
            e.add("rating", _("The rating goes from {lo} to {hi}.").format(
                lo=scheme.scale_min, hi=scheme.scale_max))
            value = None
    urgency = e.choice("urgency", raw.get("urgency") or Urgency.none.value, Urgency)
    entry = DomainEntry(
        domain_id=did,
        strengths=e.text("strengths", raw.get("strengths"), maximum=5000),
        problems=e.text("problems", raw.get("problems"), maximum=5000),
        client_view=e.text("client_view", raw.get("client_view"), maximum=5000),
        worker_view=e.text("worker_view", raw.get("worker_view"), maximum=5000),
        urgency=urgency or Urgency.none, rating=value,
    )
    e.raise_if_any()
    return entry


def completion_problems(scheme: Scheme, entries: Iterable[DomainEntry], *,
                        newcomer: bool = True) -> list[str]:
    """Why an assessment cannot be marked complete yet (empty list: it can).

    Strengths first: at least one strength or resource must be recorded. Every domain of the
    scheme (the newcomer domains only for newcomers) must be looked at: a rating, or a text in
    any field."""
    by_id = {x.domain_id: x for x in entries}
    problems: list[str] = []
    if not any(x.strengths for x in by_id.values()):
        problems.append(_("No strengths or resources recorded yet: strengths come first."))
    open_domains = [d.title for d in scheme.domains
                    if (newcomer or not d.newcomers)
                    and (d.id not in by_id or by_id[d.id].empty)]
    if open_domains:
        problems.append(_("Not looked at yet: {domains}.").format(domains=", ".join(open_domains)))
    return problems


@dataclass(frozen=True)
class DomainChange:
    domain_id: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def rating_changes(previous: Iterable[DomainEntry], current: Iterable[DomainEntry]
                   ) -> dict[str, DomainChange]:
    before = {x.domain_id: x.rating for x in previous}
    return {x.domain_id: DomainChange(x.domain_id, before.get(x.domain_id), x.rating)
            for x in current}


# -- resources (Ressourcenkarte) --------------------------------------------------------------

@dataclass(frozen=True)
class ResourceInput:
    field: ResourceField
    text: str
    status: ResourceStatus = ResourceStatus.available
    source: ResourceSource = ResourceSource.client


def check_resource(raw: dict) -> ResourceInput:
    e = Errors()
    fld = e.choice("field", raw.get("field"), ResourceField)
    text = e.text("text", raw.get("text"), required=True, maximum=1000)
    status = e.choice("status", raw.get("status") or ResourceStatus.available.value,
                      ResourceStatus)
    source = e.choice("source", raw.get("source") or ResourceSource.client.value,
                      ResourceSource)
    e.raise_if_any()
    return ResourceInput(e.valid(fld), text, e.valid(status), e.valid(source))


__all__ = ["InputError"]
