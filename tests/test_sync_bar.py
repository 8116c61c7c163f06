"""The sync status line's text: what matters most stays visible on a narrow terminal."""

from __future__ import annotations

from caseterm.widgets.sync_bar import bar_text
from tests.sync_fakes import status


def test_wide_line_names_everything():
    text = str(bar_text(status(unsent=1, open_conflicts=0, open_duplicates=2)))
    assert text.startswith("⇡ 1 Änderung nicht übertragen · letzter Abgleich 20.11.2026")
    assert "2 mögliche Dubletten" in text and "Konflikt" not in text


def test_nothing_unsent_and_never_synced():
    text = str(bar_text(status(unsent=0, last_sync_at=None, days_since=None,
                               open_conflicts=0, open_duplicates=0)))
    assert text == "alle Änderungen übertragen · noch nie abgeglichen"


def test_narrow_and_overdue_keeps_the_warning_within_80_columns():
    st = status(unsent=1234, days_since=31, stale=True, open_conflicts=12,
                open_duplicates=3)
    text = str(bar_text(st, narrow=True))
    assert "⚠ seit 31 Tagen nicht abgeglichen" in text
    assert len(text.split(" · 12 Konflikte")[0]) <= 78  # bar padding: 1 column each side
    assert "Dublette" not in text  # left out when narrow


def test_narrow_shows_conflicts_and_held_changes_before_the_last_sync():
    st = status(unsent=12, open_conflicts=2, open_duplicates=1, held=3)
    text = str(bar_text(st, narrow=True))
    assert text.index("3 zurückgehalten") < text.index("letzter Abgleich")
    assert len(text.split(" · letzter Abgleich")[0]) <= 78  # within 80 columns
    wide = str(bar_text(st))
    assert wide.index("letzter Abgleich") < wide.index("2 Konflikte")
