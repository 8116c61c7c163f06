"""Form fields with a label and an error line directly under the input.

`FormField("first_name", _("First name"), Input(...))` renders the label, the input and an
(empty) error line. `show_errors(container, errors)` writes each message under its field and
focuses the first bad one; `clear_errors(container)` empties them. The field names are those
used by caseterm.core.validate / InputError, so the TUI and the CLI report the same fields.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Label, Static

from caseterm.widgets.safe import safe


class FormField(Vertical):
    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 0 1 0; }
    FormField > .form-label { color: $text-muted; width: 100%; }
    FormField > .form-error { color: $error; height: auto; display: none; }
    FormField.-invalid > .form-error { display: block; }
    FormField.-invalid > Input, FormField.-invalid > Select, FormField.-invalid > TextArea {
        border: tall $error;
    }
    """

    def __init__(self, name: str, label: str, widget: Widget, *, hint: str = "",
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id or f"field-{name}", classes=classes)
        self.field_name = name
        self.label_text = label
        self.hint = hint
        self.widget = widget

    def compose(self) -> ComposeResult:
        text = self.label_text + (f" — {self.hint}" if self.hint else "")
        if text:
            # wraps on a narrow screen: a long hint was cut off at 80 columns
            label = safe(text)
            label.no_wrap = False
            yield Label(label, classes="form-label")
        yield self.widget
        yield Static("", classes="form-error")

    def set_error(self, message: str) -> None:
        self.query_one(".form-error", Static).update(safe("⚠ " + message))
        self.add_class("-invalid")

    def clear_error(self) -> None:
        self.query_one(".form-error", Static).update("")
        self.remove_class("-invalid")


def clear_errors(root: DOMNode) -> None:
    for field in root.query(FormField):
        field.clear_error()


def show_errors(root: DOMNode, errors: dict[str, str]) -> list[str]:
    """Show messages at their fields; return the messages that have no field on screen."""
    clear_errors(root)
    unplaced: list[str] = []
    first: FormField | None = None
    fields = {f.field_name: f for f in root.query(FormField)}
    for name, message in errors.items():
        field = fields.get(name)
        if field is None:
            unplaced.append(message)
            continue
        field.set_error(message)
        first = first or field
    if first is not None:
        first.widget.focus()
    return unplaced
