"""The app's command palette: the system commands (destinations, privacy, help, profile,
language, theme, quit), keys as the keyboard names them, and switching the language. A mixin
of caseterm.app.CasetermApp."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from caseterm import navigation
from caseterm.i18n import _, language


class PaletteMixin:
    """The command palette of CasetermApp (self is the app)."""

    def get_key_display(self, binding: Binding) -> str:
        """Keys as the keyboard names them, in the reader's language ("Strg+S", not "^s")."""
        from caseterm.widgets.keys import key_label

        if binding.key_display:
            return binding.key_display
        return key_label(binding.key)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"),
                                            id="--command-palette"))

    def search_themes(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder=_("Search for themes…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        case_id = getattr(screen, "case_id", None)
        for dest in navigation.available():
            if dest.per_case and case_id is None:
                continue
            yield SystemCommand(
                _(dest.title), _(dest.help),
                lambda d=dest.id: self.open_destination(d, case_id),
            )
        from caseterm.screens.privacy import commands as privacy_commands

        yield from privacy_commands(self, case_id)
        from caseterm.screens.privacy_dialog import commands as privacy_actions

        yield from privacy_actions(self, case_id)
        if self.lab is not None:
            yield SystemCommand(_("Tasks"), _("The exercise's tasks, done marks and hints"),
                                self.action_lab_tasks)
        from caseterm.widgets.registry import palette_commands

        yield from palette_commands(screen)  # the screen's own commands, with their keys
        yield SystemCommand(_("Help"), _("Keys of this screen"), self.action_help)
        yield SystemCommand(_("My profile"), _("Name, team, office, Bundesland"),
                            self.action_profile)
        other = "en" if language() == "de" else "de"
        yield SystemCommand(
            _("Switch language: {lang}").format(lang="English" if other == "en" else "Deutsch"),
            _("Stored as your setting"), lambda: self.switch_language(other),
        )
        yield SystemCommand(_("Theme"), _("Change the current theme"), self.search_themes)
        yield SystemCommand(_("Quit"), _("Leave caseterm"), self.exit)

    def switch_language(self, lang: str) -> None:
        from caseterm import userconfig
        from caseterm.i18n import set_language

        set_language(lang)
        self.db_setting_worker = self.run_worker(
            lambda: userconfig.save(language=lang), thread=True, exit_on_error=False)
        self.update_subtitle()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._push_start_screen()
