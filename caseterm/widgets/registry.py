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
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.dom import DOMNode

from caseterm.i18n import N_, _

if TYPE_CHECKING:
    from textual.app import App


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
    # -- everywhere (the app) ----------------------------------------------------------------
    _c("app.help", "f1", "help", N_("Help"), priority=True),
    _c("app.home", "f2", "go('home')", N_("Home"), show=False),
    _c("app.queue", "f3", "go('queue')", N_("Queue"), show=False),
    _c("app.intake", "f4", "go('intake')", N_("Intake"), show=False),
    _c("app.cases", "f5", "go('cases')", N_("Cases"), show=False),
    _c("app.steering", "f6", "go('steering')", N_("Steering"), show=False),
    _c("app.lab_tasks", "f7", "lab_tasks", N_("Tasks"), show=False),
    _c("app.quit", "ctrl+q", "quit", N_("Quit"), priority=True),
    # Tab moves the focus before the next key is handled: keys that arrive together
    # (fast typing, a paste) land in the field that Tab went to, not the one it left
    _c("app.focus_next", "tab", "app.focus_next", N_("Next field"), show=False,
       priority=True),
    _c("app.focus_previous", "shift+tab", "app.focus_previous", N_("Previous field"),
       show=False, priority=True),
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
    _c("home.sync_held", "h", "go('sync_held')", N_("Held changes"), show=False),
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
    _c("queue.sync_held", "h", "app.go('sync_held')", N_("Held changes"), show=False),
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
    # the decision dialog holds the reason field: keys that cannot be typed (priority: the
    # field's own Ctrl+Y is "redo")
    _c("goals.approval.approve", "ctrl+y", "decide(True)", N_("Approve"), priority=True),
    _c("goals.approval.refuse", "ctrl+n", "decide(False)", N_("Refuse"), priority=True),
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
    _c("resources.offering.link", "ctrl+s", "save", N_("Link"), priority=True),
    # the network map widget (arrow keys move between people)
    _c("network_map.up", "up", "move('up')", N_("Up"), show=False),
    _c("network_map.down", "down", "move('down')", N_("Down"), show=False),
    _c("network_map.left", "left", "move('left')", N_("Left"), show=False),
    _c("network_map.right", "right", "move('right')", N_("Right"), show=False),
    _c("network_map.first", "home", "first", N_("First person"), show=False),
    # -- every dialog ------------------------------------------------------------------------
    # One definition for all form dialogs (FormDialog and what is built on it): Ctrl+S saves,
    # Escape cancels, and `action_cancel` asks before typed text is thrown away.
    _c("dialog.save", "ctrl+s", "save", N_("Save"), priority=True),
    _c("dialog.cancel", "escape", "cancel", N_("Cancel")),
    # dialogs that only show something (lists, comparisons): Escape closes
    _c("viewer.close", "escape", "close", N_("Close")),
    # A question guards something that cannot be taken back (remove, drop, discard, agree):
    # "Yes" is a key that cannot be typed, so that a "j" or "y" later in a stray sentence
    # does not answer it; "No" is safe and may be a letter.
    _c("confirm.yes", "ctrl+y", "answer(True)", N_("Yes")),
    _c("confirm.no", "n,escape", "answer(False)", N_("No")),
    # a question whose both answers are recorded (after-care, a kept intake draft): neither
    # is a typable letter, and Escape decides nothing
    _c("question.no", "ctrl+n", "answer(False)", N_("No")),
    _c("question.cancel", "escape", "answer(None)", N_("Not now")),
    _c("text_dialog.close", "escape,enter", "close", N_("Close")),
    _c("intake_summary.close", "escape,i,q", "close", N_("Close")),
    _c("help.close", "escape,f1,q", "dismiss", N_("Close help")),
    _c("unlock.cancel", "escape", "cancel", N_("Cancel")),
    # -- assessment (a screen for typing: F-keys and Ctrl+… only) ----------------------------
    _c("assessment.save", "ctrl+s", "save", N_("Save domain"), priority=True),
    # priority: in a text field F6 and F7 would select the line / all (Textual's TextArea)
    _c("assessment.complete", "f6", "complete", N_("Mark complete"), priority=True),
    _c("assessment.new", "f7", "new", N_("New assessment"), priority=True),
    _c("assessment.resources", "f9", "resources", N_("Resources")),
    # priority: scrolling containers would take Ctrl+PageUp/Down as "page left/right"
    _c("assessment.earlier", "ctrl+pageup", "step(-1)", N_("Earlier"), show=False,
       priority=True),
    _c("assessment.later", "ctrl+pagedown", "step(1)", N_("Later"), show=False,
       priority=True),
    _c("assessment.back", "escape", "back", N_("Back")),
    # -- case list and the record --------------------------------------------------------------
    _c("case_list.open_case", "enter", "open_case", N_("Open case")),
    _c("case_list.search", "ctrl+f", "focus_search", N_("Search")),
    _c("case_list.list", "ctrl+l", "focus_list", N_("List")),
    _c("case_list.back", "escape", "back", N_("Back")),
    _c("record_notes.search", "ctrl+f", "search", N_("Search")),
    _c("record_notes.back", "escape", "back", N_("Back")),
    _c("documents.add", "a", "add", N_("Add")),
    _c("documents.open", "o", "open", N_("Open file")),
    _c("documents.export", "x", "export", N_("Export")),
    _c("documents.back", "escape", "app.pop_screen", N_("Back")),
    _c("consents.add", "a", "add", N_("New consent")),
    _c("consents.withdraw", "w", "withdraw", N_("Withdraw")),
    _c("consents.print_form", "p", "print_form", N_("Print form")),
    _c("consents.close", "escape", "close", N_("Close")),
    _c("audit.back", "escape", "app.pop_screen", N_("Back")),
    _c("audit.verify", "v", "verify", N_("Verify chain")),
    _c("audit.reload", "r", "reload", N_("Reload")),
    # -- referrals and the service directory -------------------------------------------------
    _c("referrals.add", "a", "add", N_("New referral")),
    _c("referrals.status", "s", "status", N_("Next step")),
    _c("referrals.back", "escape", "back", N_("Back")),
    _c("referral.pick", "f6", "pick", N_("From the directory"), priority=True),
    _c("referrals.picker.take", "ctrl+s", "save", N_("Take"), priority=True),
    # the directory opens in its search field: no bare letters (a "u" typed into the list
    # opened the unmet-need form)
    _c("services.unmet_need", "ctrl+n", "unmet_need", N_("Unmet need")),
    _c("services.search", "slash", "search", N_("Search")),
    _c("services.back", "escape", "back", N_("Back")),
    # -- conference and closure (lists; their forms are dialogs) -----------------------------
    _c("conference.plan", "n", "plan", N_("New")),
    _c("conference.invite", "i", "invite", N_("Invite")),
    _c("conference.protocol", "o", "protocol", N_("Protocol")),
    _c("conference.decide", "d", "decide", N_("Decision")),
    # not in the footer: at 80 columns it pushed "Back" off (F1 and the palette list it)
    _c("conference.pdf", "p", "pdf", N_("PDF"), show=False),
    _c("conference.back", "escape", "back", N_("Back")),
    _c("closure.close_case", "c", "close_case", N_("Close")),
    _c("closure.aftercare", "a", "aftercare", N_("After-care")),
    _c("closure.reopen", "r", "reopen", N_("Reopen")),
    _c("closure.back", "escape", "back", N_("Back")),
    # -- steering, team, people, workers -----------------------------------------------------
    _c("steering.reload", "ctrl+r", "reload", N_("Refresh")),
    _c("steering.export", "ctrl+o", "export", N_("Export")),
    _c("steering.letterhead", "ctrl+l", "letterhead", N_("Letterhead")),
    _c("steering.back", "escape", "back", N_("Back")),
    _c("team.approve", "y,j", "decide(True)", N_("Approve")),
    _c("team.decline", "n", "decide(False)", N_("Decline")),
    _c("team.reassign", "m", "reassign", N_("Reassign")),
    _c("team.reload", "ctrl+r", "reload", N_("Reload"), show=False),
    _c("team.back", "escape", "app.pop_screen", N_("Back")),
    _c("people.absence", "a", "absence", N_("Set absence")),
    _c("people.end_absence", "e", "end_absence", N_("End absence")),
    _c("people.answer", "b", "answer", N_("Answer referral")),
    _c("people.accept", "u", "accept", N_("Accept hand-over")),
    _c("people.summary", "z", "summary", N_("Summary")),
    _c("people.report", "w", "report", N_("What my deputy did")),
    _c("people.reload", "ctrl+r", "reload", N_("Reload"), show=False),
    _c("people.back", "escape", "app.pop_screen", N_("Back")),
    _c("workers.add", "a", "add", N_("Add worker")),
    _c("workers.role", "r", "role", N_("Change role")),
    _c("workers.back", "escape", "app.pop_screen", N_("Back")),
    # -- sync ----------------------------------------------------------------------------------
    _c("sync_conflicts.decide", "e", "decide", N_("Decide")),
    _c("sync_conflicts.keep", "k", "keep", N_("Keep kept value")),
    _c("sync_conflicts.take", "t", "take", N_("Take synced value")),
    _c("sync_conflicts.reload", "r", "reload", N_("Reload")),
    _c("sync_conflicts.back", "escape", "app.pop_screen", N_("Back")),
    _c("sync_duplicates.merge", "m", "merge", N_("Merge")),
    _c("sync_duplicates.different", "d", "different", N_("Different people")),
    _c("sync_duplicates.reload", "r", "reload", N_("Reload")),
    _c("sync_duplicates.back", "escape", "app.pop_screen", N_("Back")),
    _c("sync_held.reload", "r", "reload", N_("Reload")),
    _c("sync_held.back", "escape", "app.pop_screen", N_("Back")),
    # -- training labs -----------------------------------------------------------------------
    _c("lab_overview.quit", "escape", "quit_overview", N_("Quit")),
    # an App of its own: Textual's Ctrl+Q (listed first) is taken over, but not shown
    _c("lab_overview.quit_app", "ctrl+q", "quit_overview", N_("Quit"), show=False),
    _c("lab_overview.drill", "o", "drill", N_("Open (read-only)")),
    _c("lab_overview.export", "e", "export", N_("Export")),
    _c("lab_overview.reload", "r", "reload", N_("Reload")),
    _c("lab_picker.quit", "escape", "app.quit", N_("Quit")),
    _c("lab_tasks.back", "escape", "app.pop_screen", N_("Back")),
    _c("lab_tasks.reload", "r", "reload", N_("Reload")),
)

BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}


def commands(scope: str) -> tuple[Command, ...]:
    """The commands of one scope (not of its sub-scopes): "goals" has not "goals.gas.levels"."""
    return tuple(c for c in COMMANDS if c.scope == scope)


def bindings(*names: str) -> list[Binding]:
    """BINDINGS of the screen, pane or dialog: each name is a scope (all its commands) or the
    id of one shared command ("dialog.cancel")."""
    found: list[Binding] = []
    for name in names:
        # a scope first: "resources.offering" is a scope (the dialog) and an id (the key "o")
        cmds = commands(name) or ((BY_ID[name],) if name in BY_ID else ())
        if not cmds:
            raise KeyError(f"no commands registered for {name!r}")
        found.extend(c.binding() for c in cmds)
    return found


def key_for(app: App, command_id: str) -> str:
    """The key a command is bound to with the person's keymap, as a button label names it
    ("Strg+S"): the first of its keys."""
    from caseterm.widgets.keys import key_label

    keys = app._keymap.get(command_id) or BY_ID[command_id].keys
    return key_label(keys.split(",")[0].strip())


def key_button(app: App, label: str, command_id: str) -> str:
    """A button's label with the key that does the same ("Speichern (Strg+S)"): the key
    from the registry and the person's keymap, never written into the label by hand."""
    return _("{label} ({key})").format(label=label, key=key_for(app, command_id))


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
