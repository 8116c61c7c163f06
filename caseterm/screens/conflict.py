"""When someone else saved the same record while you were editing it: field by field, what
they saved (and who) beside what you typed. Per field you keep yours, take theirs or edit a
combined value; the dialog returns the chosen values (`{field: value}`), and the screen saves
again on the newer version. Escape returns None: nothing is saved, what you typed stays in
your form."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Select, Static, TextArea

from caseterm.core.lists import show_value
from caseterm.i18n import N_, _
from caseterm.screens.base import BaseModal
from caseterm.screens.dialogs import DIALOG_CSS
from caseterm.services import Conflict, FieldConflict
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe


def _is_text(f: FieldConflict) -> bool:
    return all(v is None or isinstance(v, str) for v in (f.theirs, f.mine)) and (
        isinstance(f.theirs, str) or isinstance(f.mine, str))


@dataclass(frozen=True)
class Wording:
    """What the dialog calls the two sides (msgids, translated when shown; `{who}` is the
    conflict's `by`). The default is an edit conflict: someone saved while you were typing.
    A sync conflict (screens/sync_conflicts.py) names the value kept so far and the one that
    came with the sync."""

    title: str = N_("{who} saved this record while you were editing it.")
    intro: str = N_("Nothing was saved yet. For each field keep yours, take theirs or edit the "
                    "combined text, then save (Ctrl+S). Escape goes back to your form.")
    theirs: str = N_("Theirs ({who}): ")
    mine: str = N_("Yours: ")
    keep: str = N_("Keep mine")
    take: str = N_("Take theirs")
    all_mine: str = N_("All mine")
    all_theirs: str = N_("All theirs")
    pick_mine: str = N_("Yours: {value}")
    pick_theirs: str = N_("Theirs: {value}")


class ConflictDialog(BaseModal):
    """Resolve a `services.Conflict` field by field. `text_fields` names the fields that may be
    edited into a combined value (default: every field whose values are text); the others
    are a choice between theirs and yours. `show(field, value)` formats a value for reading."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConflictDialog") + """
    ConflictDialog > Vertical { width: 110; height: 95%; }
    ConflictDialog #conflict-fields { height: 1fr; }
    ConflictDialog .conflict-field { height: auto; margin-bottom: 1;
        border-left: wide $warning; padding-left: 1; }
    ConflictDialog .conflict-label { text-style: bold; }
    ConflictDialog TextArea { height: 4; }
    ConflictDialog .conflict-row { height: auto; }
    ConflictDialog .conflict-row Button { margin-right: 2; min-width: 14; }
    ConflictDialog .dialog-buttons Button { margin-left: 1; min-width: 10; }
    """
    BINDINGS = bindings("dialog")
    COMMAND_SCOPES = ('dialog',)

    def __init__(self, conflict: Conflict, *, text_fields: Iterable[str] | None = None,
                 show: Callable[[str, Any], str] | None = None,
                 wording: Wording | None = None, names: dict[str, str] | None = None) -> None:
        """`names`: more values for the wording's placeholders (besides `who`)."""
        super().__init__()
        self.wording = wording or Wording()
        self.names = dict(names or {})
        self.conflict = conflict
        self.fields = list(conflict.fields)
        self.text = {f.field for f in self.fields if (
            f.field in set(text_fields) if text_fields is not None else _is_text(f))}
        self.show = show or (lambda _name, value: show_value(value))

    def compose(self) -> ComposeResult:
        who = self.conflict.by or _("someone else")
        w = self.wording
        names = {**self.names, "who": who}
        with Vertical():
            yield Static(safe(_(w.title).format(**names)), classes="dialog-title")
            yield Static(Text(_(w.intro), style="dim"))
            with VerticalScroll(id="conflict-fields"):
                for i, f in enumerate(self.fields):
                    with Vertical(classes="conflict-field", id=f"conflict-field-{i}"):
                        yield Static(safe(f.label), classes="conflict-label")
                        theirs = Text(_(w.theirs).format(**names), style="bold")
                        theirs.append_text(safe(self.show(f.field, f.theirs), multiline=True))
                        yield Static(theirs, id=f"conflict-theirs-{i}")
                        mine = Text(_(w.mine).format(**names), style="bold")
                        mine.append_text(safe(self.show(f.field, f.mine), multiline=True))
                        yield Static(mine, id=f"conflict-mine-{i}")
                        if f.field in self.text:
                            yield TextArea(f.mine or "", id=f"conflict-value-{i}")
                            with Horizontal(classes="conflict-row"):
                                yield Button(_(w.keep), id=f"keep-{i}")
                                yield Button(_(w.take), id=f"take-{i}")
                        else:
                            yield Dropdown(
                                [(_(w.pick_mine).format(
                                    **names, value=self.show(f.field, f.mine))[:80], "mine"),
                                 (_(w.pick_theirs).format(
                                     **names, value=self.show(f.field, f.theirs))[:80], "theirs")],
                                value="mine", allow_blank=False, id=f"conflict-choice-{i}")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_(w.all_mine), id="all-mine")
                yield Button(_(w.all_theirs), id="all-theirs")
                yield Button(_("Save"), id="save", variant="primary")

    def on_mount(self) -> None:
        inputs = self.query("#conflict-fields TextArea, #conflict-fields Select")
        (inputs.first() if inputs else self.query_one("#save", Button)).focus()
        for area in self.query("#conflict-fields TextArea").results(TextArea):
            area.move_cursor(area.document.end)  # typing adds to the text, as in a form

    def chosen(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for i, f in enumerate(self.fields):
            if f.field in self.text:
                out[f.field] = self.query_one(f"#conflict-value-{i}", TextArea).text
            else:
                pick = self.query_one(f"#conflict-choice-{i}", Select).value
                out[f.field] = f.theirs if pick == "theirs" else f.mine
        return out

    def on_button_pressed(self, event: Button.Pressed) -> None:
        bid = event.button.id or ""
        if bid == "cancel":
            self.action_cancel()
        elif bid == "save":
            self.action_save()
        elif bid == "all-mine":
            self.dismiss({f.field: f.mine for f in self.fields})
        elif bid == "all-theirs":
            self.dismiss({f.field: f.theirs for f in self.fields})
        elif bid.startswith(("keep-", "take-")):
            i = int(bid.split("-", 1)[1])
            f = self.fields[i]
            value = f.mine if bid.startswith("keep-") else f.theirs
            area = self.query_one(f"#conflict-value-{i}", TextArea)
            area.text = value or ""
            area.focus()

    def action_save(self) -> None:
        self.dismiss(self.chosen())

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["ConflictDialog", "Wording", "show_value"]
