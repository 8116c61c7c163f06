"""The network map and the resource map through the door: map versions, people and ties,
strengths and resources, offerings linked as formal resources, and the SVG/JSON exports.

Everything here is case data: reads need read access to the case, changes need write access
(refusals are audited by the door), changes are audited field by field, and every SVG or
JSON export leaves an "export" entry in the audit trail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from caseterm.core.access import Need
from caseterm.core.network import (
    SUPPORT_QUALITIES,
    Indicators,
    Person,
    PersonInput,
    Sector,
    household_persons,
    indicators,
)
from caseterm.core.network_svg import to_svg
from caseterm.core.schemes import ResourceInput, ResourceStatus
from caseterm.core.vocab import label
from caseterm.db.repo import intake as intake_repo
from caseterm.db.repo import network as net_repo
from caseterm.db.repo import services as services_repo
from caseterm.db.repo.network import CaseHead, MapData, MapVersion, ResourceRow
from caseterm.db.repo.services import UnmetNeedRow
from caseterm.i18n import _, fmt_date
from caseterm.services.door import Ctx, NotFound, check_case, check_version, record

__all__ = ["CaseHead", "MapData", "MapVersion", "MapView", "ResourceRow", "UnmetNeedRow"]


@dataclass(frozen=True)
class MapView:
    """What the resource-mapping screen shows for one case."""

    head: CaseHead
    data: MapData
    versions: list[MapVersion]
    resources: list[ResourceRow]
    needs: list[UnmetNeedRow]


def _gone() -> NotFound:
    return NotFound(_("This map version no longer exists."))


def _case_of_map(ctx: Ctx, map_id: uuid.UUID, need: Need, what: str) -> uuid.UUID:
    case_id = net_repo.case_of_map(ctx.db, map_id)
    if case_id is None:
        raise _gone()
    check_case(ctx, case_id, need, what)
    return case_id


def _case_of_person(ctx: Ctx, person_id: uuid.UUID, what: str) -> uuid.UUID:
    case_id = net_repo.case_of_person(ctx.db, person_id)
    if case_id is None:
        raise NotFound(_("That person is no longer on the map (deleted)."))
    check_case(ctx, case_id, Need.write, what)
    return case_id


def _case_of_resource(ctx: Ctx, resource_id: uuid.UUID, what: str) -> uuid.UUID:
    case_id = net_repo.case_of_resource(ctx.db, resource_id)
    if case_id is None:
        raise NotFound(_("This resource no longer exists."))
    check_case(ctx, case_id, Need.write, what)
    return case_id


# -- reading ----------------------------------------------------------------------------------

def head(ctx: Ctx, case_id: uuid.UUID) -> CaseHead:
    check_case(ctx, case_id, Need.read, "network")
    return net_repo.case_head(ctx.db, case_id)


def open_map(ctx: Ctx, case_id: uuid.UUID, map_id: uuid.UUID | None = None) -> MapView:
    """The case's map (the newest version, or `map_id`), its versions, resources and unmet
    needs. A case without a map gets a first one, dated today (which needs write access)."""
    check_case(ctx, case_id, Need.read, "network")
    db = ctx.db
    if map_id is not None:
        if net_repo.case_of_map(db, map_id) != case_id:
            raise _gone()
        data = net_repo.load_map(db, map_id)
    else:
        latest = net_repo.latest_map(db, case_id)
        if latest is None:
            check_case(ctx, case_id, Need.write, "network")
            with ctx.acting():
                first = net_repo.ensure_map(db, case_id, ctx.actor.id)
                # the household recorded at the intake is on the first map (issue 12)
                intake = intake_repo.summary(db, case_id)
                for person in household_persons(intake.household if intake else []):
                    net_repo.add_person(db, first, person)
                latest = net_repo.load_map(db, first)
        data = latest
    return MapView(net_repo.case_head(db, case_id), data, net_repo.versions(db, case_id),
                   net_repo.resources(db, case_id),
                   services_repo.unmet_needs(db, case_id, limit=20))


def versions(ctx: Ctx, case_id: uuid.UUID) -> list[MapVersion]:
    check_case(ctx, case_id, Need.read, "network")
    return net_repo.versions(ctx.db, case_id)


def load_map(ctx: Ctx, map_id: uuid.UUID) -> MapData:
    _case_of_map(ctx, map_id, Need.read, "network")
    return net_repo.load_map(ctx.db, map_id)


def version_of(ctx: Ctx, case_id: uuid.UUID, drawn_on: date | None = None) -> MapData:
    """The newest version of the case's map, or the one drawn on `drawn_on`."""
    found = versions(ctx, case_id)
    if not found:
        raise NotFound(_("This case has no network map yet."))
    chosen = found[-1]
    if drawn_on is not None:
        match = next((v for v in found if v.drawn_on == drawn_on), None)
        if match is None:
            raise NotFound(_("No map version of {date}; versions: {dates}").format(
                date=fmt_date(drawn_on), dates=", ".join(fmt_date(v.drawn_on) for v in found)))
        chosen = match
    return net_repo.load_map(ctx.db, chosen.id)


def resources(ctx: Ctx, case_id: uuid.UUID) -> list[ResourceRow]:
    check_case(ctx, case_id, Need.read, "resources")
    return net_repo.resources(ctx.db, case_id)


def indicators_of(data: MapData) -> Indicators:
    return indicators(data.people, data.ties)


# -- changing the map -------------------------------------------------------------------------

def new_version(ctx: Ctx, case_id: uuid.UUID) -> uuid.UUID:
    check_case(ctx, case_id, Need.write, "network")
    with ctx.acting():
        return net_repo.new_version(ctx.db, case_id, ctx.actor.id)


def add_person(ctx: Ctx, map_id: uuid.UUID, data: PersonInput) -> uuid.UUID:
    _case_of_map(ctx, map_id, Need.write, "network")
    with ctx.acting():
        return net_repo.add_person(ctx.db, map_id, data)


def _values(p: Person | PersonInput) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": p.name, "role": p.role, "sector": p.sector.value, "closeness": p.closeness,
        "tie": p.tie.value, "conflict": p.conflict, "deceased": p.deceased, "human": p.human,
        "note": p.note}
    for q, v in zip(SUPPORT_QUALITIES, p.support, strict=True):
        out[f"s_{q}"] = v
    return out


def _labels() -> dict[str, str]:
    from caseterm.core.network import SUPPORT_LABELS

    out = {"name": _("Name or pseudonym"), "role": _("Role"), "sector": _("Sector"),
           "closeness": _("Closeness"), "tie": _("Tie to the client"),
           "conflict": _("conflict"), "deceased": _("deceased"),
           "human": _("a person (not a pet or object)"), "note": _("Note")}
    out.update({f"s_{q}": _(SUPPORT_LABELS[q]) for q in SUPPORT_QUALITIES})
    return out


def update_person(ctx: Ctx, person_id: uuid.UUID, data: PersonInput,
                  base: Person | None = None) -> None:
    """Change a person on the newest map. `base`: the person as the edit dialog read it; if
    someone else saved a field this edit also changes since then, Conflict is raised and
    nothing is overwritten."""
    _case_of_person(ctx, person_id, "network")
    mine = _values(data)

    def guard(row) -> None:
        if base is not None:
            check_version("network_person", row, base.row_version, mine, _labels(),
                          _values(base))

    with ctx.acting():
        net_repo.update_person(ctx.db, person_id, data, check=guard)


def delete_person(ctx: Ctx, person_id: uuid.UUID) -> None:
    if net_repo.case_of_person(ctx.db, person_id) is None:
        return
    _case_of_person(ctx, person_id, "network")
    with ctx.acting():
        net_repo.delete_person(ctx.db, person_id)


def set_tie(ctx: Ctx, map_id: uuid.UUID, a: uuid.UUID, b: uuid.UUID,
            present: bool = True) -> bool:
    _case_of_map(ctx, map_id, Need.write, "network")
    with ctx.acting():
        return net_repo.set_tie(ctx.db, map_id, a, b, present)


# -- the resource map -------------------------------------------------------------------------

def add_resource(ctx: Ctx, case_id: uuid.UUID, data: ResourceInput) -> uuid.UUID:
    check_case(ctx, case_id, Need.write, "resources")
    with ctx.acting():
        return net_repo.add_resource(ctx.db, case_id, data)


def set_resource_status(ctx: Ctx, resource_id: uuid.UUID, status: ResourceStatus) -> None:
    _case_of_resource(ctx, resource_id, "resources")
    with ctx.acting():
        net_repo.set_resource_status(ctx.db, resource_id, status)


def delete_resource(ctx: Ctx, resource_id: uuid.UUID) -> None:
    if net_repo.case_of_resource(ctx.db, resource_id) is None:
        return
    _case_of_resource(ctx, resource_id, "resources")
    with ctx.acting():
        net_repo.delete_resource(ctx.db, resource_id)


def link_offering(ctx: Ctx, case_id: uuid.UUID, offering_id: uuid.UUID) -> uuid.UUID:
    """Link a directory offering to the case as a formal resource (and the provider onto the
    newest map). Returns the resource id."""
    check_case(ctx, case_id, Need.write, "link_offering")
    with ctx.acting():
        return net_repo.link_offering(ctx.db, case_id, offering_id, ctx.actor.id)


# -- exports ----------------------------------------------------------------------------------

def _svg(head_: CaseHead, data: MapData) -> str:
    return to_svg(data.people, data.ties, ego=head_.client_name,
                  title=f"{head_.case_number} {fmt_date(data.drawn_on)}",
                  sector_titles={s: label(s) for s in Sector})


def export_svg(ctx: Ctx, map_id: uuid.UUID, target: Path, *, recipient: str = "",
               legal_basis: str | None = None, basis_reason: str = "") -> Path:
    """Write a map version as SVG (to `target`, or into the folder `target` under a name of
    its own). The export is audited. With a `recipient` the map leaves the office: the
    consent or legal basis is checked first (services.privacy.disclose)."""
    case_id = _case_of_map(ctx, map_id, Need.read, "export")
    if recipient:
        from caseterm.services.privacy import disclose

        disclose(ctx, case_id, recipient, legal_basis=legal_basis, reason=basis_reason,
                 what="network_svg")
    data = net_repo.load_map(ctx.db, map_id)
    head_ = net_repo.case_head(ctx.db, case_id)
    path = Path(target)
    if path.is_dir():
        path = path / f"{head_.case_number}-network-{data.drawn_on.isoformat()}.svg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_svg(head_, data), encoding="utf-8")
    record(ctx, "export", "network_map", map_id, case_id,
           {"format": "svg", "drawn_on": data.drawn_on.isoformat(), "path": str(path)})
    return path


def export_json(ctx: Ctx, map_id: uuid.UUID, *, recipient: str = "",
                legal_basis: str | None = None, basis_reason: str = "") -> dict[str, Any]:
    """A map version with its indicators as plain data (`caseterm network show --json`).
    The export is audited; with a `recipient` the consent or legal basis is checked first."""
    case_id = _case_of_map(ctx, map_id, Need.read, "export")
    if recipient:
        from caseterm.services.privacy import disclose

        disclose(ctx, case_id, recipient, legal_basis=legal_basis, reason=basis_reason,
                 what="network_json")
    db = ctx.db
    data = net_repo.load_map(db, map_id)
    head_ = net_repo.case_head(db, case_id)
    ind = indicators(data.people, data.ties)
    names = {p.id: p.name for p in data.people}
    out = {
        "case_number": head_.case_number, "drawn_on": data.drawn_on.isoformat(),
        "versions": [v.drawn_on.isoformat() for v in net_repo.versions(db, case_id)],
        "people": [{"name": p.name, "role": p.role, "sector": p.sector.value,
                    "closeness": p.closeness, "ring": p.ring.value, "tie": p.tie.value,
                    "conflict": p.conflict, "deceased": p.deceased}
                   for p in data.people],
        "ties": [[names[t.a], names[t.b]] for t in data.ties],
        "indicators": {
            "size": ind.size, "size_all": ind.size_all,
            "by_sector": {s.value: n for s, n in ind.by_sector.items()},
            "by_ring": {r.value: n for r, n in ind.by_ring.items()},
            "mean_closeness": ind.mean_closeness, "sd_closeness": ind.sd_closeness,
            "ties": ind.ties, "density": ind.density,
            "most_connected": [names[i] for i in ind.stars],
            "isolated": [names[i] for i in ind.isolated],
            "without_tie": [names[i] for i in ind.without_tie],
            "professional_share": ind.professional_share,
            "sector_balance": ind.sector_balance, "multiplex": ind.multiplex,
            "conflicts": [names[i] for i in ind.conflicts],
        },
    }
    record(ctx, "export", "network_map", map_id, case_id,
           {"format": "json", "drawn_on": data.drawn_on.isoformat()})
    return out
