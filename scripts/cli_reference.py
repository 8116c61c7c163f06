#!/usr/bin/env python3
"""Write docs/cli.md, the reference of every `caseterm` command, from the Typer app itself
(names, arguments, options, defaults, help texts), so it cannot drift from the code.

    python scripts/cli_reference.py           # write docs/cli.md
    python scripts/cli_reference.py --check   # exit 1 if docs/cli.md is not current

tests/test_cli_reference.py fails when docs/cli.md is stale.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "cli.md"

HEAD = """# caseterm command reference

Generated from the commands by `scripts/cli_reference.py`; do not edit by hand (a test fails
when this file is stale). Help texts are shown here in English; `caseterm --lang de … --help`
shows them in German. Output shapes of `--json` and `--plain`: [cli-json.md](cli-json.md).

Exit codes: 0 ok, 1 refused or invalid input (the message names the field), 2 usage,
3 not found or no access, 4 conflict with someone else's change.

Global options come before the command: `caseterm [GLOBAL OPTIONS] COMMAND …`.
Shell completion: `caseterm --install-completion` (bash, zsh, fish, PowerShell), or
`caseterm --show-completion` to copy it.
"""


def _text(value) -> str:
    from caseterm.i18n import _

    if not value:
        return ""
    return " ".join(inspect.cleandoc(_(value)).partition("\f")[0].split())


def _param_row(param) -> str | None:
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = f"`{param.name.upper()}`"
    else:
        names = list(param.opts)
        if getattr(param, "secondary_opts", None):
            names += param.secondary_opts
        name = ", ".join(f"`{n}`" for n in names)
    help_text = _text(getattr(param, "help", "")).replace("|", "\\|")
    extra = []
    if param.required:
        extra.append("required")
    default = param.default
    if not param.required and default not in (None, False, "", ()) and \
            not callable(default):
        extra.append(f"default: `{default}`")
    envvar = getattr(param, "envvar", None)
    if envvar:
        extra.append(f"env: `{envvar}`")
    if extra:
        help_text = (help_text + " " if help_text else "") + f"({', '.join(extra)})"
    return f"| {name} | {help_text} |"


def _command(lines: list[str], path: list[str], cmd, level: int) -> None:
    name = " ".join(path)
    args = " ".join(p.name.upper() if p.required else f"[{p.name.upper()}]"
                    for p in cmd.params if p.param_type_name == "argument")
    is_group = hasattr(cmd, "commands")
    lines.append(f"{'#' * min(level, 4)} `{name}`")
    lines.append("")
    usage = f"{name} [OPTIONS]" + (f" {args}" if args else "") + (" COMMAND …" if is_group
                                                                    else "")
    lines.append(f"```\n{usage}\n```")
    lines.append("")
    if cmd.help:
        lines.append(_text(cmd.help))
        lines.append("")
    rows = [r for r in (_param_row(p) for p in cmd.params) if r]
    if rows:
        lines += ["| | |", "|---|---|", *rows, ""]
    if is_group:
        for sub_name in sorted(cmd.commands):
            sub = cmd.commands[sub_name]
            if getattr(sub, "hidden", False):
                continue
            _command(lines, [*path, sub_name], sub, level + 1)


def render() -> str:
    from typer.main import get_command

    from caseterm.cli import app
    from caseterm.i18n import language, set_language

    before = language()
    set_language("en")
    try:
        root = get_command(app)
        lines = [HEAD]
        _command(lines, ["caseterm"], root, 2)
    finally:
        set_language(before)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is stale: run python scripts/cli_reference.py",
                  file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
