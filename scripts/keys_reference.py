#!/usr/bin/env python3
"""Write docs/keys.md, every key of every screen and dialog, from the command registry
(caseterm/widgets/registry.py), so the key reference cannot drift from the bindings.

    python scripts/keys_reference.py           # write docs/keys.md
    python scripts/keys_reference.py --check   # exit 1 if docs/keys.md is not current

tests/test_registry.py fails when docs/keys.md is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "keys.md"

HEAD = """# caseterm keys

Generated from the command registry (`caseterm/widgets/registry.py`) by
`scripts/keys_reference.py`; do not edit by hand (a test fails when this file is stale). The
footer, the command palette (Ctrl+P) and the F1 help are made from the same entries and show
the key your own `[keys]` table binds: the **id** column is the name to use there, e.g.

```toml
[keys]
"dialog.save" = "f10"
"queue.done" = "ctrl+d"
```

Keys are shown with English names (German: Strg, Entf, Bild↑ …). *(hidden)*: bound, but not
shown in the footer. Screens where people type use F-keys and Ctrl+… only.
"""


def render() -> str:
    from caseterm.i18n import _, language, set_language
    from caseterm.widgets.keys import key_label
    from caseterm.widgets.registry import COMMANDS

    before = language()
    set_language("en")
    try:
        out = [HEAD]
        scope = None
        for cmd in COMMANDS:
            if cmd.scope != scope:
                scope = cmd.scope
                out.append(f"\n## `{scope}`\n\n| key | what it does | id |\n|---|---|---|")
            keys = " / ".join(key_label(k).replace("|", "\\|") for k in cmd.keys.split(","))
            title = _(cmd.title) + ("" if cmd.show else " *(hidden)*")
            out.append(f"| {keys} | {title} | `{cmd.id}` |")
        return "\n".join(out) + "\n"
    finally:
        set_language(before)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    text = render()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is stale: run python scripts/keys_reference.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
