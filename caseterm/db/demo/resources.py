"""Demo data of resource mapping: the Lindenau service directory, and for several demo cases
assessments (some repeated, to show change), network maps (some in two versions, to compare),
resources, linked offerings and unmet needs (data/demo/resources.json)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from caseterm.core.directory import check_unmet_need
from caseterm.core.network import ClientTie, PersonInput, Sector, check_person, name_key
from caseterm.core.schemes import (
    ResourceField,
    ResourceInput,
    ResourceSource,
    ResourceStatus,
    check_domain_entry,
    check_resource,
    get_scheme,
)
from caseterm.db.repo import assessments as assessments_repo
from caseterm.db.repo import network as net_repo
from caseterm.db.repo import services as services_repo
from caseterm.models.assessment import Assessment
from caseterm.models.network import NetworkMap, NetworkPerson, NetworkTie
from caseterm.models.services import ServiceOffering, ServiceProvider, UnmetNeed

ORDER = 30


def load(session: Session, ctx: dict[str, Any]) -> None:
    folder = Path(ctx["data_dir"])
    spec = json.loads((folder / "resources.json").read_text(encoding="utf-8"))
    directory = folder.parent / "services" / spec.get("directory", "lindenau.json")
    services_repo.import_directory_in(session, json.loads(directory.read_text(encoding="utf-8")))
    today: date = ctx["today"]
    scheme = get_scheme()
    domain_ids = {d.id for d in scheme.domains}
    for number, entry in spec["cases"].items():
        case = ctx["cases"].get(number)
        if case is None:
            continue
        author = case.lead_worker_id
        _assessments(session, case, entry.get("assessments", []), today, scheme, author)
        _maps(session, case, entry.get("maps", []), today, author)
        for raw in entry.get("resources", []):
            net_repo.add_resource_in(session, case.id, check_resource(raw))
        for title in entry.get("links", []):
            _link(session, case, title)
        client = ctx["clients"].get(number)
        for raw in entry.get("unmet_needs", []):
            need = check_unmet_need({
                "domain_id": raw["domain"], "need": raw["need"],
                "district": raw.get("district") or (client.district if client else ""),
                "category": raw.get("category")}, domain_ids)
            session.add(UnmetNeed(
                case_id=case.id, domain_id=need.domain_id, need=need.need,
                district=need.district, category=need.category.value if need.category else None,
                recorded_on=today - timedelta(days=int(raw.get("days_ago", 3))),
                author_id=author))
    session.flush()


def _day(case, today: date, days_ago) -> date:
    return min(max(today - timedelta(days=int(days_ago)), case.opened_on), today)


def _assessments(session, case, items, today, scheme, author) -> None:
    for item in sorted(items, key=lambda a: -int(a["days_ago"])):
        day = _day(case, today, item["days_ago"])
        a = Assessment(case_id=case.id, scheme_id=scheme.id, assessed_on=day, author_id=author)
        session.add(a)
        session.flush()
        for domain_id, raw in item["entries"].items():
            entry = check_domain_entry({"domain_id": domain_id, **raw}, scheme)
            assessments_repo.save_entry_in(session, a.id, entry)
        session.flush()
        if item.get("complete"):
            a.completed_on = day
            session.flush()


def _maps(session, case, items, today, author) -> None:
    for item in sorted(items, key=lambda m: -int(m["days_ago"])):
        m = NetworkMap(case_id=case.id, drawn_on=_day(case, today, item["days_ago"]),
                       author_id=author)
        session.add(m)
        session.flush()
        ids = {}
        names: list[str] = []
        for raw in item["people"]:
            data = check_person(raw, other_names=names)
            names.append(data.name)
            ids[data.name] = net_repo.add_person_in(session, m.id, data).id
        for a_name, b_name in item.get("ties", []):
            lo, hi = sorted((ids[a_name], ids[b_name]), key=str)
            session.add(NetworkTie(map_id=m.id, a_id=lo, b_id=hi))
        session.flush()


def _link(session, case, title: str) -> None:
    offering = session.exec(select(ServiceOffering).where(ServiceOffering.title == title)).first()
    if offering is None:
        raise ValueError(f"demo: no offering {title!r} in the directory")
    net_repo.add_resource_in(session, case.id, ResourceInput(
        ResourceField.institutional, offering.title, ResourceStatus.activatable,
        ResourceSource.worker), offering_id=offering.id)
    newest = session.exec(select(NetworkMap).where(NetworkMap.case_id == case.id)
                          .order_by(col(NetworkMap.drawn_on).desc())).first()
    if newest is None:
        return
    provider = session.get(ServiceProvider, offering.provider_id)
    taken = set(session.exec(select(NetworkPerson.name_key).where(
        NetworkPerson.map_id == newest.id)))
    if name_key(provider.name[:100]) in taken:
        return
    net_repo.add_person_in(session, newest.id, PersonInput(
        name=provider.name[:100], sector=Sector.professional, closeness=4,
        tie=ClientTie.normal, role=offering.title[:100], offering_id=offering.id))
