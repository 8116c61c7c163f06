"""What several lists' cells share: ISO dates and stored enum values for JSON/CSV, labels,
the due-date and lateness styles, the legal-deadline test (see core.lists)."""

from __future__ import annotations

from typing import Any

from caseterm.core import clock
from caseterm.core.vocab import label
from caseterm.i18n import _, ngettext


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _enum(value: Any) -> str | None:
    return value.value if value is not None else None


def _label(value: Any) -> str:
    return label(value) if value is not None else ""


def due_style(due: Any) -> str:
    """Overdue in bold red, due today in bold (the lateness column says it in words)."""
    if due is None:
        return ""
    today = clock.today()
    return "bold red" if due < today else ("bold" if due == today else "")


def lateness(days: int) -> str:
    """How late: "3 days" (the column says "late"), "today", nothing for the future."""
    if days > 0:
        return ngettext("{n} day", "{n} days", days).format(n=days)
    return _("today") if days == 0 else ""


def _late_style(days: int) -> str:
    return "bold red" if days > 0 else ("bold" if days == 0 else "")


def _frist(row: Any) -> bool:
    return getattr(row.kind, "value", None) == "frist"


def _text_id(value: Any) -> str | None:
    return str(value) if value is not None else None
