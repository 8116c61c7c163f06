"""When someone else saved the same record while you were editing it: field by field, what
they saved (and who) beside what you typed. Per field you keep yours, take theirs or edit a
combined value; the dialog returns the chosen values (`{field: value}`), and the screen saves
again on the newer version. Escape returns None: nothing is saved, what you typed stays in
your form."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Select, Static, TextArea

from caseterm.i18n import N_, _, fmt_date
from caseterm.screens.base import BaseModal
from caseterm.screens.dialogs import DIALOG_CSS
from caseterm.services import Conflict, FieldConflict
from caseterm.widgets.safe import safe


def show_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return fmt_date(value)
    return str(value)


def _is_text(f: FieldConflict) -> bool:
    return all(v is None or isinstance(v, str) for v in (f.theirs, f.mine)) and (
        isinstance(f.theirs, str) or isinstance(f.mine, str))


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
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, conflict: Conflict, *, text_fields: Iterable[str] | None = None,
                 show: Callable[[str, Any], str] | None = None) -> None:
        super().__init__()
        self.conflict = conflict
        self.fields = list(conflict.fields)
        self.text = {f.field for f in self.fields if (
            f.field in set(text_fields) if text_fields is not None else _is_text(f))}
        self.show = show or (lambda _name, value: show_value(value))

    def compose(self) -> ComposeResult:
        who = self.conflict.by or _("someone else")
        with Vertical():
            yield Static(safe(_("{who} saved this record while you were editing it.").format(
                who=who)), classes="dialog-title")
            yield Static(Text(_("Nothing was saved yet. For each field keep yours, take "
                                "theirs or edit the combined text, then save (Ctrl+S). "
                                "Escape goes back to your form."), style="dim"))
            with VerticalScroll(id="conflict-fields"):
                for i, f in enumerate(self.fields):
                    with Vertical(classes="conflict-field", id=f"conflict-field-{i}"):
                        yield Static(safe(f.label), classes="conflict-label")
                        theirs = Text(_("Theirs ({who}): ").format(who=who), style="bold")
                        theirs.append_text(safe(self.show(f.field, f.theirs), multiline=True))
                        yield Static(theirs, id=f"conflict-theirs-{i}")
                        mine = Text(_("Yours: "), style="bold")
                        mine.append_text(safe(self.show(f.field, f.mine), multiline=True))
                        yield Static(mine, id=f"conflict-mine-{i}")
                        if f.field in self.text:
                            yield TextArea(f.mine or "", id=f"conflict-value-{i}")
                            with Horizontal(classes="conflict-row"):
                                yield Button(_("Keep mine"), id=f"keep-{i}")
                                yield Button(_("Take theirs"), id=f"take-{i}")
                        else:
                            yield Select(
                                [(_("Yours: {value}").format(
                                    value=self.show(f.field, f.mine))[:80], "mine"),
                                 (_("Theirs: {value}").format(
                                     value=self.show(f.field, f.theirs))[:80], "theirs")],
                                value="mine", allow_blank=False, id=f"conflict-choice-{i}")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("All mine"), id="all-mine")
                yield Button(_("All theirs"), id="all-theirs")
                yield Button(_("Save"), id="save", variant="primary")

    def on_mount(self) -> None:
        inputs = self.query("#conflict-fields TextArea, #conflict-fields Select")
        (inputs.first() if inputs else self.query_one("#save", Button)).focus()

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


__all__ = ["ConflictDialog", "show_value"]
