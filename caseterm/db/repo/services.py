"""The service directory (providers, offerings) and unmet needs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core.directory import (
    Category,
    OfferingInput,
    ProviderInput,
    UnmetNeedInput,
    check_offering,
    parse_directory,
    search_key,
    search_terms,
)
from caseterm.core.validate import InputError
from caseterm.db.engine import Database
from caseterm.i18n import _
from caseterm.models.services import ServiceOffering, ServiceProvider, UnmetNeed


@dataclass(frozen=True)
class OfferingRow:
    id: uuid.UUID
    title: str
    category: Category
    provider: str
    district: str
    cost_bearer: str
    languages: str
    waiting_weeks: int | None
    contact: str
    notes: str
    provider_phone: str
    provider_address: str


@dataclass(frozen=True)
class UnmetNeedRow:
    id: uuid.UUID
    case_id: uuid.UUID | None
    domain_id: str
    need: str
    district: str
    category: Category | None
    recorded_on: date


# -- writing ----------------------------------------------------------------------------------

def _offering(session: Session, provider: ServiceProvider, pdata: ProviderInput,
              data: OfferingInput, existing: dict | None = None) -> ServiceOffering:
    if existing is not None:
        row = existing.get((provider.id, data.title))
    else:
        row = session.exec(select(ServiceOffering).where(
            ServiceOffering.provider_id == provider.id,
            ServiceOffering.title == data.title)).first()
    if row is None:
        row = ServiceOffering(provider_id=provider.id, title=data.title,
                              category=data.category.value)
        session.add(row)
    row.category = data.category.value
    for attr in ("district", "cost_bearer", "languages", "waiting_weeks", "contact", "notes"):
        setattr(row, attr, getattr(data, attr))
    row.search_key = search_key(data, pdata)
    return row


def import_directory_in(session: Session, data: object) -> tuple[int, int]:
    """Add or update providers and offerings (matched by name / provider+title). Checks the
    whole file first: on any error nothing is written. Returns (providers, offerings)."""
    parsed = parse_directory(data)
    providers = {p.name: p for p in session.exec(select(ServiceProvider))}
    offerings = {(o.provider_id, o.title): o for o in session.exec(select(ServiceOffering))}
    for pdata, _items in parsed:
        provider = providers.get(pdata.name)
        if provider is None:
            provider = ServiceProvider(name=pdata.name)
            session.add(provider)
            providers[pdata.name] = provider
        for attr in ("district", "address", "phone", "email", "website", "notes"):
            setattr(provider, attr, getattr(pdata, attr))
    session.flush()  # providers first: offerings refer to them
    n_off = 0
    for pdata, items in parsed:
        provider = providers[pdata.name]
        for odata in items:
            row = _offering(session, provider, pdata, odata, offerings)
            offerings[(provider.id, odata.title)] = row
            n_off += 1
    session.flush()
    return len(parsed), n_off


def import_directory(db: Database, path: Path) -> tuple[int, int]:
    from caseterm.schemas.directory import read_directory

    data = read_directory(path)  # size, encoding, nesting and form; InputError otherwise
    with db.write() as s:
        return import_directory_in(s, data)


def add_offering(db: Database, raw: dict) -> uuid.UUID:
    """One offering; raw["provider"] must name a provider of the directory."""
    data = check_offering(raw)
    with db.write() as s:
        provider = s.exec(select(ServiceProvider).where(
            ServiceProvider.name == data.provider_name)).first()
        if provider is None:
            raise InputError({"provider": _("An offering needs a provider of the directory.")})
        pdata = ProviderInput(name=provider.name, district=provider.district)
        row = _offering(s, provider, pdata, data)
        s.flush()
        return row.id


def record_unmet_need(db: Database, case_id: uuid.UUID | None, data: UnmetNeedInput,
                      author_id: uuid.UUID | None) -> uuid.UUID:
    with db.write() as s:
        row = UnmetNeed(case_id=case_id, domain_id=data.domain_id, need=data.need,
                        district=data.district,
                        category=data.category.value if data.category else None,
                        recorded_on=clock.today(), author_id=author_id)
        s.add(row)
        s.flush()
        return row.id


# -- reading ----------------------------------------------------------------------------------

def _row(o: ServiceOffering, p: ServiceProvider) -> OfferingRow:
    return OfferingRow(o.id, o.title, Category(o.category), p.name, o.district or p.district,
                       o.cost_bearer, o.languages, o.waiting_weeks, o.contact, o.notes,
                       p.phone, p.address)


def search(db: Database, text: str = "", *, after: tuple | None = None, limit: int = 200,
           category: Category | None = None, district: str = "") -> list[OfferingRow]:
    """Offerings whose text holds every word typed, by category then title (keyset paged:
    `after` is (category, title, id) of the last row of the previous page)."""
    stmt = select(ServiceOffering, ServiceProvider).join(
        ServiceProvider, ServiceProvider.id == ServiceOffering.provider_id)
    for word in search_terms(text):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(col(ServiceOffering.search_key).like(f"%{escaped}%", escape="\\"))
    if category is not None:
        stmt = stmt.where(ServiceOffering.category == category.value)
    if district:
        stmt = stmt.where(ServiceOffering.district == district)
    if after is not None:
        cat, title, oid = after
        stmt = stmt.where(
            (ServiceOffering.category > cat)
            | ((ServiceOffering.category == cat) & (ServiceOffering.title > title))
            | ((ServiceOffering.category == cat) & (ServiceOffering.title == title)
               & (col(ServiceOffering.id) > oid)))
    stmt = stmt.order_by(ServiceOffering.category, ServiceOffering.title,
                         ServiceOffering.id).limit(limit)
    with db.read() as s:
        return [_row(o, p) for o, p in s.exec(stmt)]


def page_key(row: OfferingRow) -> tuple:
    return (row.category.value, row.title, row.id)


def get_offering(db: Database, offering_id: uuid.UUID) -> OfferingRow | None:
    with db.read() as s:
        found = s.exec(select(ServiceOffering, ServiceProvider).join(
            ServiceProvider, ServiceProvider.id == ServiceOffering.provider_id).where(
            ServiceOffering.id == offering_id)).first()
        return _row(*found) if found else None


def count_offerings(db: Database) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(ServiceOffering)).one()


def unmet_needs(db: Database, case_id: uuid.UUID | None = None, *, limit: int = 200
                ) -> list[UnmetNeedRow]:
    stmt = select(UnmetNeed).order_by(col(UnmetNeed.recorded_on).desc()).limit(limit)
    if case_id is not None:
        stmt = stmt.where(UnmetNeed.case_id == case_id)
    with db.read() as s:
        return [UnmetNeedRow(u.id, u.case_id, u.domain_id, u.need, u.district,
                             Category(u.category) if u.category else None, u.recorded_on)
                for u in s.exec(stmt)]


def unmet_need_summary(db: Database) -> list[tuple[str, str, int]]:
    """(domain, district, count) over all unmet needs: the raw material for the organisation
    level (where are the gaps of the Sozialraum?)."""
    stmt = (select(UnmetNeed.domain_id, UnmetNeed.district, func.count())
            .group_by(UnmetNeed.domain_id, UnmetNeed.district)
            .order_by(func.count().desc(), UnmetNeed.domain_id))
    with db.read() as s:
        return [(d, dist, n) for d, dist, n in s.exec(stmt)]
