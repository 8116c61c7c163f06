"""Key names and Textual's own strings in the reader's language.

Textual writes keys as "^s" and its own bindings in English ("Focus Next", "Dismiss menu").
`key_label` names a key as the keyboard says it ("Strg+S", "Bild↓" in German); the strings
below are Textual's descriptions and texts, marked here so that they have a German entry
(the footer, the F1 help and the palette translate them where they are shown)."""

from __future__ import annotations

from caseterm.i18n import N_, NP_, _

# Textual's own words, as Textual writes them (msgids)
TEXTUAL_STRINGS = (
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    N_("Dismiss menu"),
    N_("palette"),
    N_("Search for commands…"),
    N_("Search for themes…"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Keys"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
    N_("Maximize"),
    N_("Minimize"),
)

_MODIFIERS = {"ctrl": NP_("key", "Ctrl"), "shift": NP_("key", "Shift"), "alt": "Alt"}
_KEYS = {
    "escape": NP_("key", "Esc"), "enter": "Enter", "tab": "Tab", "space": NP_("key", "Space"),
    "delete": NP_("key", "Del"), "backspace": NP_("key", "Backspace"),
    "pageup": NP_("key", "PageUp"), "pagedown": NP_("key", "PageDown"),
    "home": NP_("key", "Home"), "end": NP_("key", "End"), "insert": NP_("key", "Ins"),
    "up": "↑", "down": "↓", "left": "←", "right": "→", "slash": "/", "question_mark": "?",
}


def key_label(key: str) -> str:
    """'ctrl+s' -> 'Strg+S' (German) / 'Ctrl+S'; 'f8' -> 'F8'; 'escape' -> 'Esc'."""
    *mods, name = key.split("+")
    if name in _KEYS:
        shown = _(_KEYS[name])
    elif len(name) == 1:
        shown = name.upper() if mods else name  # "a" is the key a, "A" would mean Shift+a
    elif name.startswith("f") and name[1:].isdigit():
        shown = name.upper()
    else:
        shown = name.replace("_", " ").capitalize()
    return "+".join([_(_MODIFIERS.get(m, m.capitalize())) for m in mods] + [shown])


def _high_contrast():
    from textual.theme import Theme

    return Theme(
        name="caseterm-high-contrast", primary="#FFFF00", secondary="#00FFFF",
        accent="#FF00FF", foreground="#FFFFFF", background="#000000", surface="#000000",
        panel="#1A1A1A", boost="#262626", warning="#FFA500", error="#FF4040",
        success="#00FF00", dark=True,
        variables={"block-cursor-background": "#FFFF00", "block-cursor-foreground": "#000000",
                   "input-selection-background": "#FFFF00 50%"},
    )


HIGH_CONTRAST = _high_contrast()
