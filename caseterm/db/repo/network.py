"""Network maps (versions by date, people, ties), the resource map and linking directory
offerings as formal resources. Rules come from core.network; nothing is saved half."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, delete, select

from caseterm.core import clock
from caseterm.core.network import (
    SUPPORT_QUALITIES,
    ClientTie,
    Person,
    PersonInput,
    Sector,
    Tie,
    check_tie,
    name_key,
)
from caseterm.core.schemes import ResourceField, ResourceInput, ResourceSource, ResourceStatus
from caseterm.core.validate import InputError
from caseterm.db.engine import Database
from caseterm.i18n import _, fmt_date
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.network import NetworkMap, NetworkPerson, NetworkTie
from caseterm.models.resources import Resource
from caseterm.models.services import ServiceOffering, ServiceProvider


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class CaseHead:
    id: uuid.UUID
    case_number: str
    client_name: str
    district: str
    legal_area: str


@dataclass(frozen=True)
class MapVersion:
    id: uuid.UUID
    drawn_on: date
    people: int


@dataclass(frozen=True)
class MapData:
    id: uuid.UUID
    case_id: uuid.UUID
    drawn_on: date
    people: list[Person]
    ties: list[Tie]
    latest: bool = True

    def person(self, person_id: uuid.UUID | None) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)


@dataclass(frozen=True)
class ResourceRow:
    id: uuid.UUID
    field: ResourceField
    text: str
    status: ResourceStatus
    source: ResourceSource
    noted_on: date
    offering_id: uuid.UUID | None
    offering: str  # "title — provider" when linked


def case_head(db: Database, case_id: uuid.UUID) -> CaseHead:
    with db.read() as s:
        found = s.exec(select(Case, Client).join(Client, Client.id == Case.client_id)
                       .where(Case.id == case_id)).first()
        if found is None:
            raise NotFound(str(case_id))
        case, client = found
        return CaseHead(case.id, case.case_number, f"{client.first_name} {client.last_name}",
                        client.district, case.legal_area)


def case_of_map(db: Database, map_id: uuid.UUID) -> uuid.UUID | None:
    """The case a map version belongs to (for the door's access check)."""
    with db.read() as s:
        return s.exec(select(NetworkMap.case_id).where(NetworkMap.id == map_id)).first()


def case_of_person(db: Database, person_id: uuid.UUID) -> uuid.UUID | None:
    with db.read() as s:
        return s.exec(select(NetworkMap.case_id).join(
            NetworkPerson, NetworkPerson.map_id == NetworkMap.id).where(
            NetworkPerson.id == person_id)).first()


def case_of_resource(db: Database, resource_id: uuid.UUID) -> uuid.UUID | None:
    with db.read() as s:
        return s.exec(select(Resource.case_id).where(Resource.id == resource_id)).first()


# -- maps -------------------------------------------------------------------------------------

def _person(row: NetworkPerson) -> Person:
    return Person(
        id=row.id, name=row.name, sector=Sector(row.sector), closeness=row.closeness,
        tie=ClientTie(row.tie), conflict=row.conflict, deceased=row.deceased, human=row.human,
        role=row.role,
        support=tuple(getattr(row, f"s_{q}") for q in SUPPORT_QUALITIES),  # type: ignore[arg-type]
        note=row.note, offering_id=row.offering_id, row_version=row.row_version)


def _load(s: Session, m: NetworkMap, latest: bool = True) -> MapData:
    people = [_person(p) for p in s.exec(select(NetworkPerson).where(
        NetworkPerson.map_id == m.id).order_by(NetworkPerson.sector, NetworkPerson.name_key))]
    ties = [Tie(t.a_id, t.b_id) for t in s.exec(select(NetworkTie).where(
        NetworkTie.map_id == m.id))]
    return MapData(m.id, m.case_id, m.drawn_on, people, ties, latest)


def versions(db: Database, case_id: uuid.UUID) -> list[MapVersion]:
    """The case's map versions, oldest first."""
    n = (select(func.count()).select_from(NetworkPerson)
         .where(NetworkPerson.map_id == NetworkMap.id).scalar_subquery())
    with db.read() as s:
        return [MapVersion(i, d, c) for i, d, c in s.exec(
            select(NetworkMap.id, NetworkMap.drawn_on, n).where(NetworkMap.case_id == case_id)
            .order_by(NetworkMap.drawn_on))]


def load_map(db: Database, map_id: uuid.UUID) -> MapData:
    with db.read() as s:
        m = s.get(NetworkMap, map_id)
        if m is None:
            raise NotFound(str(map_id))
        newest = s.exec(select(func.max(NetworkMap.drawn_on)).where(
            NetworkMap.case_id == m.case_id)).one()
        return _load(s, m, latest=m.drawn_on == newest)


def latest_map(db: Database, case_id: uuid.UUID) -> MapData | None:
    with db.read() as s:
        m = s.exec(select(NetworkMap).where(NetworkMap.case_id == case_id)
                   .order_by(col(NetworkMap.drawn_on).desc())).first()
        return _load(s, m) if m else None


def create_map_in(s: Session, case_id: uuid.UUID, author_id: uuid.UUID | None,
                  drawn_on: date | None = None, *, copy_latest: bool = True) -> NetworkMap:
    day = drawn_on or clock.today()
    if s.exec(select(NetworkMap.id).where(NetworkMap.case_id == case_id,
                                          NetworkMap.drawn_on == day)).first():
        raise InputError({"drawn_on": _("There is already a map version of {date}.").format(
            date=fmt_date(day))})
    previous = s.exec(select(NetworkMap).where(NetworkMap.case_id == case_id,
                                               NetworkMap.drawn_on < day)
                      .order_by(col(NetworkMap.drawn_on).desc())).first()
    new = NetworkMap(case_id=case_id, drawn_on=day, author_id=author_id)
    s.add(new)
    s.flush()
    if previous is not None and copy_latest:
        ids: dict[uuid.UUID, uuid.UUID] = {}
        for p in s.exec(select(NetworkPerson).where(NetworkPerson.map_id == previous.id)):
            data = p.model_dump(exclude={"id", "created_at", "updated_at", "row_version",
                                         "map_id"})
            copy = NetworkPerson(map_id=new.id, **data)
            s.add(copy)
            s.flush()
            ids[p.id] = copy.id
        for t in s.exec(select(NetworkTie).where(NetworkTie.map_id == previous.id)):
            a, b = ids[t.a_id], ids[t.b_id]
            tie = Tie.of(a, b)
            s.add(NetworkTie(map_id=new.id, a_id=tie.a, b_id=tie.b))
    s.flush()
    return new


def new_version(db: Database, case_id: uuid.UUID, author_id: uuid.UUID | None,
                drawn_on: date | None = None) -> uuid.UUID:
    """A new dated version, starting as a copy of the latest (the earlier one stays as it
    was: versions are compared, never overwritten)."""
    with db.write() as s:
        if s.get(Case, case_id) is None:
            raise NotFound(str(case_id))
        return create_map_in(s, case_id, author_id, drawn_on).id


def ensure_map(db: Database, case_id: uuid.UUID, author_id: uuid.UUID | None) -> uuid.UUID:
    """The id of the case's latest map; a first one (dated today) is made if there is none."""
    with db.write() as s:
        m = s.exec(select(NetworkMap.id).where(NetworkMap.case_id == case_id)
                   .order_by(col(NetworkMap.drawn_on).desc())).first()
        if m is not None:
            return m
        return create_map_in(s, case_id, author_id).id


def _check_latest(s: Session, map_id: uuid.UUID) -> NetworkMap:
    m = s.get(NetworkMap, map_id)
    if m is None:
        raise NotFound(str(map_id))
    newest = s.exec(select(func.max(NetworkMap.drawn_on)).where(
        NetworkMap.case_id == m.case_id)).one()
    if m.drawn_on != newest:
        raise InputError({"map": _("An earlier version is kept as it was; change the newest "
                                   "version instead.")})
    return m


def _names(s: Session, map_id: uuid.UUID, exclude: uuid.UUID | None = None) -> set[str]:
    stmt = select(NetworkPerson.name_key).where(NetworkPerson.map_id == map_id)
    if exclude is not None:
        stmt = stmt.where(NetworkPerson.id != exclude)
    return set(s.exec(stmt))


def _apply(row: NetworkPerson, data: PersonInput) -> None:
    row.name = data.name
    row.name_key = name_key(data.name)[:100]
    row.role = data.role
    row.sector = data.sector.value
    row.closeness = data.closeness
    row.tie = data.tie.value
    row.conflict = data.conflict
    row.deceased = data.deceased
    row.human = data.human
    for q, v in zip(SUPPORT_QUALITIES, data.support, strict=True):
        setattr(row, f"s_{q}", v)
    row.note = data.note
    if data.offering_id is not None:
        row.offering_id = data.offering_id


def _duplicate(name: str) -> InputError:
    return InputError({"name": _("“{name}” is already on this map; add a distinguishing word "
                                 "(e.g. “Tante Maria”).").format(name=name)})


def add_person_in(s: Session, map_id: uuid.UUID, data: PersonInput) -> NetworkPerson:
    _check_latest(s, map_id)
    if name_key(data.name) in _names(s, map_id):
        raise _duplicate(data.name)
    row = NetworkPerson(map_id=map_id, name=data.name, name_key="", sector=data.sector.value,
                        closeness=data.closeness)
    _apply(row, data)
    s.add(row)
    s.flush()
    return row


def add_person(db: Database, map_id: uuid.UUID, data: PersonInput) -> uuid.UUID:
    with db.write() as s:
        return add_person_in(s, map_id, data).id


def update_person(db: Database, person_id: uuid.UUID, data: PersonInput,
                  check: Callable[[NetworkPerson], None] | None = None) -> None:
    """Change a person; `check` sees the stored row first (the door's version check)."""
    with db.write() as s:
        row = s.get(NetworkPerson, person_id)
        if row is None:
            raise InputError({"name": _("That person is no longer on the map (deleted).")})
        if check is not None:
            check(row)
        _check_latest(s, row.map_id)
        if name_key(data.name) in _names(s, row.map_id, exclude=person_id):
            raise _duplicate(data.name)
        _apply(row, data)
        if data.deceased or not data.human:
            # the dead and non-human entries are not connectable: their ties go
            s.exec(delete(NetworkTie).where(or_(NetworkTie.a_id == person_id,
                                                NetworkTie.b_id == person_id)))


def delete_person(db: Database, person_id: uuid.UUID) -> None:
    with db.write() as s:
        row = s.get(NetworkPerson, person_id)
        if row is None:
            return
        _check_latest(s, row.map_id)
        s.exec(delete(NetworkTie).where(or_(NetworkTie.a_id == person_id,
                                            NetworkTie.b_id == person_id)))
        s.delete(row)


def set_tie(db: Database, map_id: uuid.UUID, a: uuid.UUID, b: uuid.UUID, present: bool = True,
            ) -> bool:
    """Draw (present=True) or remove a tie between two people of one map. Returns whether
    the tie exists afterwards."""
    with db.write() as s:
        _check_latest(s, map_id)
        data = _load(s, s.get(NetworkMap, map_id))  # type: ignore[arg-type]
        pair = Tie.of(a, b)
        if not present:
            s.exec(delete(NetworkTie).where(NetworkTie.map_id == map_id,
                                            NetworkTie.a_id == pair.a,
                                            NetworkTie.b_id == pair.b))
            return False
        tie = check_tie(a, b, data.people, data.ties)
        s.add(NetworkTie(map_id=map_id, a_id=tie.a, b_id=tie.b))
        return True


# -- resources --------------------------------------------------------------------------------

def add_resource_in(s: Session, case_id: uuid.UUID, data: ResourceInput,
                    offering_id: uuid.UUID | None = None) -> Resource:
    row = Resource(case_id=case_id, field=data.field.value, text=data.text,
                   status=data.status.value, source=data.source.value,
                   noted_on=clock.today(), offering_id=offering_id)
    s.add(row)
    s.flush()
    return row


def add_resource(db: Database, case_id: uuid.UUID, data: ResourceInput) -> uuid.UUID:
    with db.write() as s:
        if s.get(Case, case_id) is None:
            raise NotFound(str(case_id))
        return add_resource_in(s, case_id, data).id


def delete_resource(db: Database, resource_id: uuid.UUID) -> None:
    with db.write() as s:
        row = s.get(Resource, resource_id)
        if row is not None:
            s.delete(row)


def set_resource_status(db: Database, resource_id: uuid.UUID, status: ResourceStatus) -> None:
    with db.write() as s:
        row = s.get(Resource, resource_id)
        if row is not None:
            row.status = status.value


_STATUS_ORDER = {ResourceStatus.available.value: 0, ResourceStatus.activatable.value: 1,
                 ResourceStatus.lost.value: 2}


def resources(db: Database, case_id: uuid.UUID) -> list[ResourceRow]:
    """The case's resources: per field, available first, then those that can be activated."""
    stmt = (select(Resource, ServiceOffering.title, ServiceProvider.name)
            .join(ServiceOffering, ServiceOffering.id == Resource.offering_id, isouter=True)
            .join(ServiceProvider, ServiceProvider.id == ServiceOffering.provider_id,
                  isouter=True)
            .where(Resource.case_id == case_id).order_by(Resource.noted_on))
    with db.read() as s:
        rows = [ResourceRow(r.id, ResourceField(r.field), r.text, ResourceStatus(r.status),
                            ResourceSource(r.source), r.noted_on, r.offering_id,
                            f"{t} — {p}" if t else "")
                for r, t, p in s.exec(stmt)]
    return sorted(rows, key=lambda r: (list(ResourceField).index(r.field),
                                       _STATUS_ORDER[r.status.value]))


def link_offering(db: Database, case_id: uuid.UUID, offering_id: uuid.UUID,
                  author_id: uuid.UUID | None, *, closeness: int = 4) -> uuid.UUID:
    """Link a directory offering as a formal resource: an institutional resource ("can be
    activated") and, on the newest map, the provider in the sector of professional help.
    Returns the resource id."""
    with db.write() as s:
        found = s.exec(select(ServiceOffering, ServiceProvider).join(
            ServiceProvider, ServiceProvider.id == ServiceOffering.provider_id).where(
            ServiceOffering.id == offering_id)).first()
        if found is None:
            raise InputError({"offering": _("This offering is no longer in the directory.")})
        offering, provider = found
        if s.exec(select(Resource.id).where(Resource.case_id == case_id,
                                            Resource.offering_id == offering_id)).first():
            raise InputError({"offering": _("This offering is already linked to the case.")})
        resource = add_resource_in(s, case_id, ResourceInput(
            ResourceField.institutional, offering.title[:1000], ResourceStatus.activatable,
            ResourceSource.worker), offering_id=offering_id)
        m = s.exec(select(NetworkMap).where(NetworkMap.case_id == case_id)
                   .order_by(col(NetworkMap.drawn_on).desc())).first()
        if m is None:
            m = create_map_in(s, case_id, author_id)
        name = provider.name[:100]
        if name_key(name) not in _names(s, m.id):
            add_person_in(s, m.id, PersonInput(
                name=name, sector=Sector.professional, closeness=closeness,
                tie=ClientTie.normal, role=offering.title[:100], offering_id=offering_id))
        return resource.id
