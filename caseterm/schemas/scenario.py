"""Scenario packs for training labs (data/scenarios/*.toml, format in docs/scenarios.md).

A pack is a TOML file: `[pack]` with its id and titles, then `[[scenarios]]`, each with a
vignette, starting data (an intake in the form of `caseterm intake --from`), tasks with their
automatic check, and scheduled events. A course pack instead lists other packs in `uses`, in
order. Loading validates everything; an error names the file, the line and the field.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from caseterm.core.lab_checks import CHECKS

ID = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
TEXT = Annotated[str, Field(min_length=1, max_length=4000)]


class ScenarioError(ValueError):
    """A pack that cannot be used; the message names file, line and field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Task(_Model):
    id: ID
    text_de: TEXT
    text_en: TEXT
    check: str
    params: dict[str, int | str] = Field(default_factory=dict)
    hint_de: str = ""
    hint_en: str = ""

    @field_validator("check")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in CHECKS:
            raise ValueError(f"unknown check '{value}'; known: {', '.join(sorted(CHECKS))}")
        return value


class Event(_Model):
    id: ID
    day: Annotated[int, Field(ge=1, le=60)]  # course day of the scenario (1 = its first day)
    kind: Literal["note", "followup", "concern"]
    text_de: TEXT
    text_en: TEXT


class Scenario(_Model):
    id: ID
    day: Annotated[int, Field(ge=1, le=60)] = 1  # course day it starts, within its pack
    title_de: TEXT
    title_en: TEXT
    vignette_de: TEXT
    vignette_en: TEXT
    start: dict = Field(default_factory=dict)  # an intake, as for `caseterm intake --from`
    tasks: Annotated[list[Task], Field(min_length=1, max_length=30)]
    events: list[Event] = Field(default_factory=list)


class PackHead(_Model):
    id: ID
    module: TEXT
    title_de: TEXT
    title_en: TEXT
    days: Annotated[int, Field(ge=1, le=60)] = 1
    uses: list[ID] = Field(default_factory=list)


class PackFile(_Model):
    pack: PackHead
    scenarios: list[Scenario] = Field(default_factory=list)


class LoadedScenario(_Model):
    """A scenario placed in a course: `day` is its course day (1 = the lab's first day)."""

    pack: str
    scenario: Scenario
    day: int

    def event_day(self, event: Event) -> int:
        return self.day + event.day - 1


class Pack(_Model):
    id: str
    module: str
    title_de: str
    title_en: str
    days: int
    scenarios: list[LoadedScenario]
    path: str


def scenarios_dir() -> Path:
    from caseterm.shipped import data_dir

    return data_dir() / "scenarios"


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\s]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def locate(text: str, loc: tuple) -> int:
    """The line (1-based) of the field at pydantic location `loc` in a TOML text, as near as
    the text lets us tell: the key's line, else its table's header."""
    keys = [str(p) for p in loc if not isinstance(p, int)]
    indexes = [p for p in loc if isinstance(p, int)]
    lines = text.splitlines()
    counts: dict[str, int] = {}
    table: list[str] = []
    table_index: dict[str, int] = {}
    best = 1
    for number, line in enumerate(lines, start=1):
        head = _HEADER.match(line)
        if head and not _KEY.match(line):
            name = head.group(1).replace(" ", "")
            table = name.split(".")
            if line.strip().startswith("[["):
                counts[name] = counts.get(name, -1) + 1
                table_index[name] = counts[name]
                # a new parent entry resets the counts of its sub-arrays
                for other in list(counts):
                    if other.startswith(name + "."):
                        counts.pop(other)
            if _table_matches(table, table_index, keys, indexes) and len(table) <= len(keys):
                best = number
            continue
        key = _KEY.match(line)
        if key and _table_matches(table, table_index, keys, indexes):
            if len(table) < len(keys) and key.group(1) == keys[len(table)]:
                return number
    return best


def _table_matches(table: list[str], index: dict[str, int], keys: list[str],
                   indexes: list[int]) -> bool:
    if table != keys[:len(table)]:
        return False
    used = 0
    for depth in range(1, len(table) + 1):
        name = ".".join(table[:depth])
        if name in index:
            if used >= len(indexes) or index[name] != indexes[used]:
                return False
            used += 1
    return True


def read_pack_file(path: Path) -> PackFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc})") from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        where = f"{path}:{line}" if line else str(path)
        raise ScenarioError(f"{where}: not valid TOML: {exc}") from exc
    try:
        return PackFile.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors()[:5]:
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc)
            problems.append(f"{path}:{locate(text, loc)}: {field}: {err['msg']}")
        raise ScenarioError("\n".join(problems)) from None


def _check_intake(path: Path, text: str, index: int, scenario: Scenario) -> None:
    from caseterm.core.validate import InputError
    from caseterm.schemas.intake import check_intake_data

    if not scenario.start:
        return
    try:
        check_intake_data(scenario.start)
    except InputError as exc:
        key, msg = next(iter(exc.errors.items()))
        loc = ("scenarios", index, "start", *str(key).split("."))
        raise ScenarioError(f"{path}:{locate(text, loc)}: scenarios.{index}.start.{key}: {msg}"
                            ) from None


def load_pack(name: str, folder: Path | None = None, _seen: tuple = ()) -> Pack:
    """The pack `name` (file name without .toml, or its id) with its scenarios in course order.
    ScenarioError names file, line and field of the first problems."""
    folder = folder or scenarios_dir()
    path = _find(name, folder)
    parsed = read_pack_file(path)
    text = path.read_text(encoding="utf-8")
    head = parsed.pack
    placed: list[LoadedScenario] = []
    ids: set[str] = set()
    for i, sc in enumerate(parsed.scenarios):
        _check_intake(path, text, i, sc)
        if sc.id in ids:
            raise ScenarioError(f"{path}:{locate(text, ('scenarios', i, 'id'))}: "
                                f"scenarios.{i}.id: '{sc.id}' is used twice")
        ids.add(sc.id)
        placed.append(LoadedScenario(pack=head.id, scenario=sc, day=sc.day))
    offset = 0
    for j, used in enumerate(head.uses):
        if used in _seen or used == head.id:
            raise ScenarioError(f"{path}:{locate(text, ('pack', 'uses'))}: pack.uses.{j}: "
                                f"'{used}' would include itself")
        try:
            sub = load_pack(used, folder, (*_seen, head.id))
        except FileNotFoundError:
            raise ScenarioError(f"{path}:{locate(text, ('pack', 'uses'))}: pack.uses.{j}: "
                                f"no pack '{used}' in {folder}") from None
        for s in sub.scenarios:
            if s.scenario.id in ids:
                raise ScenarioError(f"{path}: pack.uses.{j}: scenario id '{s.scenario.id}' "
                                    "appears twice in the course")
            ids.add(s.scenario.id)
            placed.append(LoadedScenario(pack=s.pack, scenario=s.scenario, day=s.day + offset))
        offset += sub.days
    if not placed:
        raise ScenarioError(f"{path}:1: pack: no scenarios and no 'uses'")
    days = max(head.days, offset)
    for s in placed:
        last = max([s.day] + [s.event_day(e) for e in s.scenario.events])
        if last > days:
            raise ScenarioError(f"{path}: scenario '{s.scenario.id}' reaches course day {last}, "
                                f"after the pack's last day {days}")
    return Pack(id=head.id, module=head.module, title_de=head.title_de, title_en=head.title_en,
                days=days, scenarios=placed, path=str(path))


def _find(name: str, folder: Path) -> Path:
    direct = folder / f"{name}.toml"
    if direct.is_file():
        return direct
    for path in sorted(folder.glob("*.toml")):
        try:
            head = tomllib.loads(path.read_text(encoding="utf-8")).get("pack", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if isinstance(head, dict) and head.get("id") == name:
            return path
    candidate = Path(name)
    if candidate.suffix == ".toml" and candidate.is_file():
        return candidate
    raise FileNotFoundError(name)


def available_packs(folder: Path | None = None) -> list[str]:
    folder = folder or scenarios_dir()
    return sorted(p.stem for p in folder.glob("*.toml"))
