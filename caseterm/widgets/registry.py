"""One definition per command: the key binding, the footer, the command palette and the F1
help are all made from the entries below (after davep's textual-enhanced `Command` classes and
harlequin's actions registry).

Each command has an id ("queue.done"): it is the Binding id, so the person's own keys in the
user config file (`[keys]` → `"queue.done" = "ctrl+d"`, Textual's keymap) move the binding, and
the footer, the palette and the F1 help show the key that is really bound. A screen, pane or
dialog declares `BINDINGS = bindings("queue")`; it declares no binding of its own.

On the screens where people type (intake, and the goal, note and assessment forms) actions use
keys that cannot be typed by accident: F-keys and Ctrl+…; bare letters stay on lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

from caseterm.i18n import N_, _


@dataclass(frozen=True)
class Command:
    id: str  # scope.name: the Binding id and the name in the [keys] table of the config
    keys: str  # Textual key names, the first one is shown: "x,delete"
    action: str  # the action run on the node that declares the scope
    title: str  # msgid: footer, palette and F1
    show: bool = True  # in the footer
    priority: bool = False

    @property
    def scope(self) -> str:
        return self.id.rsplit(".", 1)[0]

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.title, show=self.show,
                       priority=self.priority, id=self.id)


def _c(id_: str, keys: str, action: str, title: str, **kw) -> Command:
    return Command(id_, keys, action, title, **kw)


COMMANDS: tuple[Command, ...] = (
    # -- home -------------------------------------------------------------------------------
    _c("home.open_case", "enter", "open_case", N_("Open case")),
    _c("home.refresh", "r", "refresh", N_("Refresh")),
    _c("home.intake", "i", "go('intake')", N_("Intake")),
    _c("home.queue", "q", "go('queue')", N_("Queue")),
    _c("home.search", "s,slash", "go('cases')", N_("Search")),
    _c("home.steering", "b", "go('steering')", N_("Steering")),
    _c("home.absence", "v", "go('people')", N_("Absence"), show=False),
    _c("home.team", "t", "go('team')", N_("Team"), show=False),
    _c("home.sync_conflicts", "k", "go('sync_conflicts')", N_("Sync conflicts"), show=False),
    _c("home.sync_duplicates", "u", "go('sync_duplicates')", N_("Possible duplicates"),
       show=False),
    # -- the case ----------------------------------------------------------------------------
    _c("case.note", "n", "note", N_("Note")),
    _c("case.phase", "p", "phase", N_("Phase")),
    _c("case.followup", "w", "followup", N_("Follow-up")),
    _c("case.consents", "e", "consents", N_("Consents")),
    _c("case.intake", "i", "intake_summary", N_("Intake")),
    _c("case.assessment", "a", "go('assessment')", N_("Assessment")),
    _c("case.resources", "r", "go('resources')", N_("Resources")),
    _c("case.goals", "g", "go('goals')", N_("Goals")),
    _c("case.referrals", "v", "referrals", N_("Referrals")),
    _c("case.changes", "h", "go('audit')", N_("Changes")),
    _c("case.conference", "k", "go('conference')", N_("Conference")),
    _c("case.closure", "x", "go('closure')", N_("Closure")),
    _c("case.edit_client", "c", "edit_client", N_("Edit client")),
    _c("case.edit_case", "f", "edit_case", N_("Edit case")),
    _c("case.all_notes", "l", "all_notes", N_("All notes")),
    _c("case.documents", "d", "documents", N_("Documents")),
    _c("case.back", "escape", "back", N_("Back")),
    _c("case.reload", "ctrl+r", "reload", N_("Reload"), show=False),
    # -- the follow-up queue -----------------------------------------------------------------
    _c("queue.done", "d", "done", N_("Done")),
    _c("queue.postpone", "p", "postpone", N_("Postpone")),
    _c("queue.reassign", "r", "reassign", N_("Reassign")),
    _c("queue.plan", "n", "plan", N_("Next / series")),
    _c("queue.open_case", "o", "open_case", N_("Open case")),
    _c("queue.answer", "b", "answer", N_("Answer referral"), show=False),
    _c("queue.filters", "f", "filters", N_("Filter")),
    _c("queue.intake", "i", "app.go('intake')", N_("Intake")),
    _c("queue.search", "s,slash", "app.go('cases')", N_("Search")),
    _c("queue.reload", "ctrl+r", "reload", N_("Reload"), show=False),
    _c("queue.absence", "v", "app.go('people')", N_("Absence"), show=False),
    _c("queue.sync_conflicts", "k", "app.go('sync_conflicts')", N_("Sync conflicts"),
       show=False),
    _c("queue.sync_duplicates", "u", "app.go('sync_duplicates')", N_("Possible duplicates"),
       show=False),
    _c("queue.home", "escape", "back", N_("Home")),
    # -- intake ------------------------------------------------------------------------------
    _c("intake.save", "ctrl+s", "save", N_("Save"), priority=True),
    _c("intake.back", "escape", "leave", N_("Back")),
    _c("intake.duplicates", "f6", "duplicates", N_("Duplicates")),
    # keys that arrive as keys in real terminals (Alt+digit arrives as "¡", "™" …);
    # priority: the scrolling form would take Ctrl+PageUp/Down as "page left/right"
    _c("intake.next_section", "f8,ctrl+pagedown", "section_step(1)", N_("Next section"),
       priority=True),
    _c("intake.previous_section", "f7,ctrl+pageup", "section_step(-1)",
       N_("Previous section"), priority=True),
    _c("intake.duplicate.open", "o", "open", N_("Open existing case")),
    _c("intake.duplicate.new_case", "c", "new_case", N_("New case for this person")),
    _c("intake.duplicate.new", "n", "new", N_("Save as new person")),
    _c("intake.duplicate.back", "escape", "back", N_("Back to the form")),
    # -- goals and plan ----------------------------------------------------------------------
    _c("goals.tab_tree", "1", "tab('tab-goals')", N_("Goal tree")),
    _c("goals.tab_gas", "2", "tab('tab-gas')", N_("GAS")),
    _c("goals.tab_agreement", "3", "tab('tab-agreement')", N_("Agreement")),
    _c("goals.back", "escape", "back", N_("Back")),
    _c("goals.reload", "ctrl+r", "reload", N_("Reload"), show=False),
    _c("goals.tree.child", "a", "command('child')", N_("Add sub-goal")),
    _c("goals.tree.sibling", "s", "command('sibling')", N_("Add goal beside")),
    _c("goals.tree.edit", "e,enter", "command('edit')", N_("Edit")),
    _c("goals.tree.drop", "x,delete", "command('drop')", N_("Drop")),
    _c("goals.tree.up", "shift+up,ctrl+up", "command('up')", N_("Move up"), show=False),
    _c("goals.tree.down", "shift+down,ctrl+down", "command('down')", N_("Move down"),
       show=False),
    _c("goals.tree.indent", "greater_than_sign,ctrl+right", "command('indent')",
       N_("Indent"), show=False),
    _c("goals.tree.outdent", "less_than_sign,ctrl+left", "command('outdent')", N_("Outdent"),
       show=False),
    _c("goals.tree.gas", "l", "command('gas')", N_("GAS scale")),
    _c("goals.tree.review", "r", "command('review')", N_("Record review")),
    _c("goals.tree.approve", "t", "command('approve')", N_("Team lead decides"), show=False),
    _c("goals.gas.levels", "l", "screen.gas_levels", N_("GAS scale")),
    _c("goals.gas.review", "r", "screen.review", N_("Record review")),
    _c("goals.agreement.edit", "v", "screen.edit_version", N_("Edit plan")),
    _c("goals.agreement.new_version", "n", "screen.new_version", N_("New version")),
    _c("goals.agreement.participant", "p", "screen.add_participant", N_("Participant")),
    _c("goals.agreement.remove_participant", "x,delete", "screen.remove_participant",
       N_("Remove participant"), show=False),
    _c("goals.agreement.agree", "o", "screen.agree", N_("Agree")),
    _c("goals.agreement.compare", "c", "screen.compare", N_("Compare")),
    _c("goals.agreement.print", "d", "screen.print_plan", N_("Print PDF")),
    _c("goals.approval.approve", "y,j", "decide(True)", N_("Approve")),
    _c("goals.approval.refuse", "n", "decide(False)", N_("Refuse")),
    _c("goals.approval.cancel", "escape", "cancel", N_("Cancel")),
    _c("goals.compare.close", "escape,q", "close", N_("Close")),
    # -- resources (network map) -------------------------------------------------------------
    _c("resources.add_person", "a", "add_person", N_("Add person")),
    _c("resources.edit_person", "e,enter", "edit_person", N_("Edit")),
    _c("resources.tie", "t", "tie", N_("Tie")),
    _c("resources.remove_person", "delete,x", "delete_person", N_("Remove")),
    _c("resources.add_resource", "s", "add_resource", N_("Strength/resource")),
    _c("resources.manage", "m", "manage_resources", N_("Manage resources"), show=False),
    _c("resources.export_svg", "ctrl+e", "export_svg", N_("Export SVG"), show=False),
    _c("resources.offering", "o", "link_offering", N_("Link offering")),
    _c("resources.unmet_need", "u", "unmet_need", N_("Unmet need")),
    _c("resources.new_version", "n", "new_version", N_("New version")),
    _c("resources.compare", "v", "compare", N_("Compare")),
    _c("resources.earlier", "left_square_bracket", "version(-1)", N_("Earlier version"),
       show=False),
    _c("resources.later", "right_square_bracket", "version(1)", N_("Later version"),
       show=False),
    _c("resources.back", "escape", "back", N_("Back")),
    _c("resources.list.cycle", "space", "cycle", N_("Change status")),
    _c("resources.list.remove", "delete,x", "remove", N_("Remove")),
    _c("resources.list.close", "escape", "close", N_("Close")),
    _c("resources.offering.link", "ctrl+s", "save", N_("Link"), priority=True),
    _c("resources.offering.cancel", "escape", "cancel", N_("Cancel")),
    _c("resources.compare.close", "escape", "close", N_("Close")),
)

BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}


def commands(scope: str) -> tuple[Command, ...]:
    """The commands of one scope (not of its sub-scopes): "goals" has not "goals.gas.levels"."""
    return tuple(c for c in COMMANDS if c.scope == scope)


def bindings(scope: str) -> list[Binding]:
    """BINDINGS of the screen, pane or dialog that owns `scope`."""
    found = [c.binding() for c in commands(scope)]
    if not found:
        raise KeyError(f"no commands registered for {scope!r}")
    return found


def scopes_of(node: DOMNode) -> tuple[str, ...]:
    """The scopes a screen shows in its F1 help and palette (COMMAND_SCOPES)."""
    return tuple(getattr(node, "COMMAND_SCOPES", ()))


def bound(node: DOMNode, command_id: str) -> tuple[DOMNode, Binding] | None:
    """Where the command is bound under `node` and with which key (the user's keymap applied):
    the first key of the binding, as the footer shows it."""
    keymap = node.app._keymap
    for owner in (node, *node.walk_children()):
        bindings_map = owner._bindings.copy()
        if keymap:
            bindings_map.apply_keymap(keymap)  # as Screen._binding_chain does
        for binding_list in bindings_map.key_to_bindings.values():
            for binding in binding_list:
                if binding.id == command_id:
                    return owner, binding
    return None


@dataclass(frozen=True)
class Shown:
    """One command as the palette and F1 show it."""

    command: Command
    key: str
    title: str
    owner: DOMNode


def shown(screen: DOMNode) -> Iterator[Shown]:
    """The screen's registered commands with the key really bound, in the reader's language."""
    app = screen.app
    # Where a command is active now, its key is the one the footer picks (the first active).
    active: dict[str, Binding] = {}
    for item in screen.active_bindings.values():
        if item.binding.id is not None:
            active.setdefault(item.binding.id, item.binding)
    for scope in scopes_of(screen):
        for cmd in commands(scope):
            found = bound(screen, cmd.id)
            if found is None:
                continue
            owner, binding = found
            binding = active.get(cmd.id, binding)
            yield Shown(cmd, app.get_key_display(binding), _(cmd.title), owner)


def palette_commands(screen: DOMNode):
    """SystemCommands for the palette: title, and the key as help, e.g. "Done" / "Key: d"."""
    from textual.app import SystemCommand

    for item in shown(screen):
        def run(item: Shown = item) -> None:
            item.owner.run_action(item.command.action)

        yield SystemCommand(item.title, _("Key: {key}").format(key=item.key), run)
