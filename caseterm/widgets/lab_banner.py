"""The training-lab banner: on every screen and dialog of a lab workspace, never hidden."""

from __future__ import annotations

from textual.widgets import Static

from caseterm.i18n import _, fmt_date


def banner_text(info) -> str:
    parts = [_("EXERCISE – fictional data"), _("Lab {lab}").format(lab=info.lab),
             info.trainee, fmt_date(info.today),
             _("course day {n}").format(n=info.course_day)]
    if info.read_only:
        parts.append(_("trainer's view of a copy: nothing is kept"))
    return " · ".join(parts)


class LabBanner(Static):
    DEFAULT_CSS = """
    LabBanner {
        dock: top;
        height: 1;
        width: 100%;
        background: $warning;
        color: $text;
        text-style: bold;
        layer: lab;
    }
    """

    def __init__(self, info) -> None:
        super().__init__(banner_text(info), id="lab-banner", markup=False)
        self.info = info

