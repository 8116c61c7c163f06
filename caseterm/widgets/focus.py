"""Where the focus is, visible at a glance in every theme, the high-contrast one included
(issue 12): the focused field gets a border in the focus colour, the focused list or table a
bar of that colour on its left edge (drawn over its edge, so nothing moves), and the focused
button is shown reversed.

The focus colour `$focus-mark` is the theme's accent where that stands out from the
background (WCAG non-text contrast 3:1), else its primary colour, else its text colour
(some light themes have a pale accent); the ANSI themes take the terminal's own colours.
tests/test_focus_visible.py checks every theme."""

from __future__ import annotations

from textual.color import Color

FOCUS_CSS = """
Input:focus, TextArea:focus, MaskedInput:focus, Checkbox:focus, RadioButton:focus {
    border: tall $focus-mark;
}
Select:focus > SelectCurrent { border: tall $focus-mark; }
DataTable:focus, Tree:focus, OptionList:focus, SelectionList:focus, ListView:focus,
RadioSet:focus, NetworkMap:focus {
    outline-left: thick $focus-mark;
}
Button:focus { text-style: bold reverse; }
"""

MIN_CONTRAST = 3.0


def _luminance(c: Color) -> float:
    def channel(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def focus_mark(variables: dict[str, str]) -> str:
    """The first of accent, primary and text colour that stands out from the surface. In
    the ANSI themes the terminal's palette decides the colours: the accent there."""
    if str(variables.get("surface", "")).startswith("ansi_"):
        return variables.get("accent", "ansi_bright_yellow")
    try:
        surface = Color.parse(variables["surface"])
    except (KeyError, ValueError):
        return variables.get("accent", "yellow")
    candidates = [variables.get(n) for n in ("accent", "primary", "foreground")]
    for value in candidates:
        try:
            if value and contrast(Color.parse(value), surface) >= MIN_CONTRAST:
                return value
        except ValueError:
            continue
    return variables.get("foreground", "white")


class FocusVisible:
    """Mixin for an App: adds `$focus-mark` to the theme's variables (use with FOCUS_CSS)."""

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()  # type: ignore[misc]  # App's, by the MRO
        variables["focus-mark"] = focus_mark(variables)
        return variables
