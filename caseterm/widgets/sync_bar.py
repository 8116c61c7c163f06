"""The sync status bar of a laptop (a replica of the central office's database): changes not
yet sent, the time of the last sync, open conflicts and duplicates to review, and a warning
when the laptop has not synced for longer than the office allows (README "Außenstelle und
Zentrale"). One line above the footer of every screen; never shown on a database that is not
a replica."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text
from textual.widgets import Static

from caseterm.i18n import _, fmt_date, fmt_datetime, ngettext

# A record changed here since the last sync (case list, case screen header).
UNSENT_MARK = "⇡"


def unsent_label() -> str:
    return _("not sent")


def _local(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def bar_text(status, *, narrow: bool = False) -> Text:
    """The bar's line for a `services.sync.SyncStatus`: what matters most comes first (a
    narrow terminal cuts the end). Narrow, what asks for action (conflicts, held changes)
    comes before the time of the last sync."""
    unsent = status.unsent
    parts: list[tuple[str, str]] = []
    if unsent:
        text = (ngettext("{n} not sent", "{n} not sent", unsent) if narrow and status.stale else
                ngettext("{n} change not sent", "{n} changes not sent", unsent))
        parts.append((f"{UNSENT_MARK} " + text.format(n=unsent), "bold"))
    else:
        parts.append((_("all changes sent"), ""))
    last: list[tuple[str, str]] = []
    if not (narrow and status.stale):  # narrow and overdue: the warning says it
        if status.last_sync_at is None:
            last.append((_("never synced"), ""))
        else:
            when = _local(status.last_sync_at)
            last.append((_("last sync {when}").format(
                when=fmt_date(when) if narrow else fmt_datetime(when)), ""))
    if not narrow:
        parts += last
    if status.stale:
        days = status.days_since
        if days is None:
            parts.append(("⚠ " + _("never synced: connect to the central office"), "bold"))
        else:
            parts.append(("⚠ " + ngettext("not synced for {n} day", "not synced for {n} days",
                                          days).format(n=days), "bold"))
    if status.open_conflicts:
        parts.append((ngettext("{n} conflict", "{n} conflicts", status.open_conflicts)
                      .format(n=status.open_conflicts), "bold"))
    if status.held:
        parts.append((ngettext("{n} held back", "{n} held back", status.held)
                      .format(n=status.held), "bold"))
    if narrow:
        parts += last
    elif status.open_duplicates:
        parts.append((ngettext("{n} possible duplicate", "{n} possible duplicates",
                               status.open_duplicates).format(n=status.open_duplicates), ""))
    out = Text(end="")
    for i, (text, style) in enumerate(parts):
        if i:
            out.append(" · ")
        out.append(text, style=style)
    return out


class SyncBar(Static):
    DEFAULT_CSS = """
    SyncBar {
        dock: bottom;
        height: 1;
        margin-bottom: 1;
        width: 100%;
        background: $boost;
        padding: 0 1;
    }
    SyncBar.-stale { background: $warning; color: $text; }
    """

    def __init__(self) -> None:
        super().__init__("", id="sync-bar", markup=False)

    def show(self, status) -> None:
        narrow = self.app.size.width < 110
        self.update(bar_text(status, narrow=narrow))
        self.set_class(bool(status.stale), "-stale")


def unsent_cell(number: Text) -> Text:
    """A case number with the mark of a record changed here since the last sync."""
    return Text.assemble(number, " ", (UNSENT_MARK, "bold yellow"))


def unsent_note() -> Text:
    """The case screen's header mark."""
    return Text(f"{UNSENT_MARK} " + unsent_label(), style="bold yellow")
