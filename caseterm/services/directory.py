"""The service directory of the Sozialraum through the door, and the unmet needs.

- Providers and offerings are not client data: every worker may search and read them.
- Importing or adding to the directory is for an administrator or a team lead (on a database
  with neither yet, for whoever sets up the office: the rule of services.workers).
- An unmet need recorded for a case is case data (write access to that case); one recorded
  without a case (from the directory) is not. The gaps summary holds counts only.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from caseterm.core.access import Need
from caseterm.core.directory import Category, UnmetNeedInput
from caseterm.db.repo import services as services_repo
from caseterm.db.repo.services import OfferingRow, UnmetNeedRow, page_key
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Ctx, check_case, record

__all__ = ["Category", "OfferingRow", "UnmetNeedRow", "page_key"]


def search(ctx: Ctx, text: str = "", *, after: tuple | None = None, limit: int = 200,
           category: Category | None = None, district: str = "") -> list[OfferingRow]:
    """Offerings whose text holds every word typed, by category then title (keyset paged)."""
    return services_repo.search(ctx.db, text, after=after, limit=limit, category=category,
                                district=district)


def get_offering(ctx: Ctx, offering_id: uuid.UUID) -> OfferingRow | None:
    return services_repo.get_offering(ctx.db, offering_id)


def count_offerings(ctx: Ctx) -> int:
    return services_repo.count_offerings(ctx.db)


def may_edit(ctx: Ctx) -> bool:
    """Whether the actor may import into or add to the directory."""
    from caseterm.services.workers import _may_manage

    return _may_manage(ctx.db, ctx.actor)


def _require_editor(ctx: Ctx, what: str) -> None:
    if may_edit(ctx):
        return
    record(ctx, "refuse", "service_directory", "", None, {"what": what})
    raise AccessDenied(_("Only an administrator or a team lead changes the service "
                         "directory; nothing was changed."))


def import_directory(ctx: Ctx, path: Path) -> tuple[int, int]:
    """Add or update providers and offerings from a directory file (all or nothing).
    Returns (providers, offerings)."""
    _require_editor(ctx, "import")
    with ctx.acting():
        return services_repo.import_directory(ctx.db, path)


def add_offering(ctx: Ctx, raw: dict) -> uuid.UUID:
    _require_editor(ctx, "add_offering")
    with ctx.acting():
        return services_repo.add_offering(ctx.db, raw)


# -- unmet needs ------------------------------------------------------------------------------

def record_unmet_need(ctx: Ctx, case_id: uuid.UUID | None, data: UnmetNeedInput) -> uuid.UUID:
    if case_id is not None:
        check_case(ctx, case_id, Need.write, "unmet_need")
    with ctx.acting():
        return services_repo.record_unmet_need(ctx.db, case_id, data, ctx.actor.id)


def unmet_needs(ctx: Ctx, case_id: uuid.UUID, *, limit: int = 200) -> list[UnmetNeedRow]:
    """The unmet needs recorded for one case."""
    check_case(ctx, case_id, Need.read, "unmet_need")
    return services_repo.unmet_needs(ctx.db, case_id, limit=limit)


def unmet_need_summary(ctx: Ctx) -> list[tuple[str, str, int]]:
    """(life domain, district, count) over all unmet needs: the gaps of the Sozialraum
    (counts only, no case is named)."""
    return services_repo.unmet_need_summary(ctx.db)
