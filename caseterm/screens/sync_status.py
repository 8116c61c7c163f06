"""The app's side of the sync status bar (widgets/sync_bar.py): read `services.sync.
sync_status` in a thread now and then, put the bar on every full screen of a laptop (a
replica), and warn once at start when the laptop has not synced for too long."""

from __future__ import annotations

from textual.screen import ModalScreen, Screen

from caseterm.i18n import _, ngettext
from caseterm.widgets.sync_bar import SyncBar

REFRESH_SECONDS = 20


def is_replica(app) -> bool:
    status = getattr(app, "sync_status", None)
    return status is not None and status.role == "replica"


def refresh(app) -> None:
    """Read the status off the UI thread; the bars follow."""
    ctx = getattr(app, "ctx", None)
    if ctx is None or getattr(app, "db", None) is None:
        return
    def job() -> None:
        from caseterm.services.start import sync_status_if_none

        try:
            status = sync_status_if_none(ctx)  # lean: no model classes on a file without sync
            if status is None:
                from caseterm.services import sync

                status = sync.sync_status(ctx)
        except Exception as exc:  # the bar never keeps anyone from working
            app.log.error(repr(exc))
            return
        app.call_from_thread(_show, app, status)

    app.run_worker(job, thread=True, group="sync-status", exclusive=True, exit_on_error=False)


def show_merged(screen, case_id) -> None:
    """The case screen's line when people were merged into this case's person: the case holds
    both records and histories now („Zusammengeführt: …“)."""
    from rich.text import Text

    from caseterm.services import merged

    ctx = screen.capp.ctx

    def shown(line: str) -> None:
        if case_id != screen.case_id:
            return  # the screen shows another case by now
        box = screen.query_one("#case-merged")
        box.update(Text(line))
        box.set_class(bool(line), "-shown")

    screen.db_work(lambda: merged.holds_both(merged.merged_in(ctx, case_id)), shown,
                   group="case-merged", exclusive=True,
                   on_error=lambda exc: screen.app.log.error(repr(exc)))


def merged_hits(ctx, wanted, rows: list, limit: int) -> tuple[list, list[str]]:
    """The case search of a name that was merged away (duplicate review): the survivor's case
    joins the hits (when the first page holds them all), and a line says
    „Jana Meyer: Zusammengeführt in Jana Meier (JC-2026-00007)“. In a thread."""
    from dataclasses import replace

    from caseterm.services import cases, merged

    found = merged.matching(ctx, wanted.text)
    if not found:
        return rows, []
    have = {r.id for r in rows}
    rows = list(rows)
    for _old, who in found:
        if who.case_id in have or len(rows) >= limit - 1:  # one page, no cursor past it
            continue
        more = cases.search(ctx, replace(wanted, text=who.case_number, include_closed=True),
                            limit=1)
        if more and more[0].id == who.case_id:
            rows.append(more[0])
            have.add(who.case_id)
    return rows, [f"{old}: {who.note()}" for old, who in found]


def held_line(ctx) -> str:
    """The queue's line on changes held back here ("" when none, or no sync); in a thread."""
    from caseterm.services.start import sync_status_if_none

    if sync_status_if_none(ctx) is not None:  # lean: a file without sync holds nothing
        return ""
    from caseterm.services import sync

    n = sync.sync_status(ctx).held
    if not n:
        return ""
    return "⏸ " + ngettext("{n} change held back until what it waits for arrives",
                           "{n} changes held back until what they wait for arrive",
                           n).format(n=n) + " — " + _("H shows them")


def _show(app, status) -> None:
    first = getattr(app, "sync_status", None) is None
    app.sync_status = status
    if status.role != "replica":
        return
    for screen in app.screen_stack:
        attach(screen)
    if first and status.stale:
        days = status.days_since
        app.notify(ngettext(
            "This laptop has not synced with the central office for {n} day. Connect to "
            "the office network and run caseterm sync (or bring a bundle).",
            "This laptop has not synced with the central office for {n} days. Connect to "
            "the office network and run caseterm sync (or bring a bundle).",
            days or 0).format(n=days or 0), severity="warning", timeout=20, markup=False)


def attach(screen: Screen, tries: int = 5) -> None:
    """Show the bar on a full screen (not on dialogs) of a replica."""
    app = screen.app
    if not is_replica(app) or isinstance(screen, ModalScreen):
        return
    if not screen.is_attached:
        if tries > 0:
            app.call_after_refresh(attach, screen, tries - 1)
        return
    bars = screen.query(SyncBar)
    if bars:
        bar = bars.first()
    else:
        bar = SyncBar()
        screen.mount(bar)
    bar.show(app.sync_status)
