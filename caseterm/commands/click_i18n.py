"""Help and error texts of the command line in German and English, through the same gettext
catalogues as the rest of caseterm (cli.po).

Typer's vendored Click writes its own words ("Usage:", "Error: …", "Missing argument …") as
fixed English text, and the help texts of the commands are fixed when the module is imported.
`install()` translates both when they are shown, in the language in force then (`--lang`,
CASETERM_LANG, the person's config file; German by default):

- help texts given as `help=N_("…")` or `N_("…")` are looked up in the catalogue when the help
  is drawn (untranslated texts stay English);
- Click's own words are replaced by their translations below (MESSAGES, PATTERNS).
"""

from __future__ import annotations

import re

from caseterm.i18n import N_

# Click's (and Typer's) fixed words, marked so the catalogue must translate them.
MESSAGES = (
    N_("Usage: "), N_("Options"), N_("Commands"), N_("Arguments"), N_("required"),
    N_("default: {default}"), N_("env var: {var}"), N_("Aborted!"),
    N_("Show this message and exit."), N_("Error: {message}"),
    N_("Try '{command} {option}' for help."), N_("Missing command."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)

# Click's messages that carry values: (English pattern, translatable template).
PATTERNS = (
    (re.compile(r"Missing argument '(?P<name>[^']*)'\.(?P<rest>.*)", re.S),
     N_("Missing argument '{name}'.")),
    (re.compile(r"Missing option '(?P<name>[^']*)'\.(?P<rest>.*)", re.S),
     N_("Missing option '{name}'.")),
    (re.compile(r"No such option: (?P<name>\S+)(?P<rest>.*)", re.S),
     N_("No such option: {name}")),
    (re.compile(r"No such command '(?P<name>[^']*)'\.(?P<rest>.*)", re.S),
     N_("No such command '{name}'.")),
    (re.compile(r"Got unexpected extra arguments? \((?P<name>.*)\)(?P<rest>)", re.S),
     N_("Got unexpected extra argument ({name})")),
    (re.compile(r"Option '(?P<name>[^']*)' requires an argument\.(?P<rest>.*)", re.S),
     N_("Option '{name}' requires an argument.")),
    (re.compile(r"Invalid value for '?(?P<name>[^:']*)'?: (?P<rest>.*)", re.S),
     N_("Invalid value for {name}:")),
)
VALUE_PATTERNS = (
    (re.compile(r"'(?P<value>.*)' is not a valid integer\.", re.S),
     N_("'{value}' is not a whole number.")),
    (re.compile(r"'(?P<value>.*)' is not a valid float\.", re.S),
     N_("'{value}' is not a number.")),
    (re.compile(r"(?P<value>.*) is not in the range (?P<range>.*)\.", re.S),
     N_("{value} is not in the range {range}.")),
    (re.compile(r"Input should be a valid integer.*", re.S), N_("Not a whole number.")),
    (re.compile(r"Input should be a valid number.*", re.S), N_("Not a number.")),
)


def translate_message(text: str) -> str:
    """One of Click's error messages in the current language (unknown ones unchanged)."""
    from caseterm.i18n import _

    for pattern, template in PATTERNS:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        head = _(template).format(name=m.group("name"))
        rest = m.group("rest")
        if template == PATTERNS[-1][1]:
            return f"{head} {_value_message(rest.strip())}"
        return head + rest
    return _value_message(text)


def _value_message(text: str) -> str:
    from caseterm.i18n import _

    for pattern, template in VALUE_PATTERNS:
        m = pattern.fullmatch(text)
        if m is not None:
            return _(template).format(**m.groupdict())
    return text


def _tr(text):
    """A help text in the current language; None and untranslated texts pass through."""
    from caseterm.i18n import _

    if not text:
        return text
    return _(text)


def ensure_language() -> None:
    """The language for help and usage errors: --lang if given (it is eager), else the
    person's stored language, else German."""
    from caseterm.commands.common import apply_config_language, state

    if state.lang is None:
        apply_config_language()


_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    import typer.core as tcore
    from typer._click import core as ccore
    from typer._click import exceptions as cexc
    from typer._click import formatting as cfmt
    from typer._click.utils import echo

    def gettext(message: str) -> str:
        from caseterm.i18n import _

        ensure_language()
        return _(message)

    tcore._ = gettext  # type: ignore[attr-defined]  # Options, Commands, default, required …

    def swapped(method, attr: str):
        def wrapper(self, *args, **kwargs):
            ensure_language()
            original = getattr(self, attr)
            setattr(self, attr, _tr(original))
            try:
                return method(self, *args, **kwargs)
            finally:
                setattr(self, attr, original)

        return wrapper

    ccore.Parameter.get_help_record = swapped(  # type: ignore[method-assign]
        ccore.Parameter.get_help_record, "help")
    for cls in (tcore.TyperOption, tcore.TyperArgument):
        cls.get_help_record = swapped(cls.get_help_record, "help")  # type: ignore[method-assign]
    ccore.Command.format_help_text = swapped(  # type: ignore[method-assign]
        ccore.Command.format_help_text, "help")
    ccore.Command.get_short_help_str = swapped(  # type: ignore[method-assign]
        ccore.Command.get_short_help_str, "help")

    write_usage = cfmt.HelpFormatter.write_usage

    def translated_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, gettext("Usage: ") if prefix is None else prefix)

    cfmt.HelpFormatter.write_usage = translated_usage  # type: ignore[method-assign]

    def click_show(self, file=None) -> None:
        from typer._click._compat import get_text_stderr

        ensure_language()
        echo(gettext("Error: {message}").format(
            message=translate_message(self.format_message())),
            file=file or get_text_stderr(), color=self.show_color)

    def usage_show(self, file=None) -> None:
        from typer._click._compat import get_text_stderr

        ensure_language()
        file = file or get_text_stderr()
        color = None
        hint = ""
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            hint = gettext("Try '{command} {option}' for help.").format(
                command=self.ctx.command_path, option=self.ctx.help_option_names[0]) + "\n"
        if self.ctx is not None:
            color = self.ctx.color
            echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=color)
        echo(gettext("Error: {message}").format(
            message=translate_message(self.format_message())), file=file, color=color)

    cexc.ClickException.show = click_show  # type: ignore[method-assign]
    cexc.UsageError.show = usage_show  # type: ignore[method-assign]
