"""Paperwork settings: the office's letterhead (name, address lines, logo file) printed on the
plan PDF, the conference protocol and the steering report. Stored as one setting; only an
administrator or a team lead changes it (audited)."""

from __future__ import annotations

import json
from pathlib import Path

from caseterm.core.safe_text import one_line
from caseterm.core.validate import InputError
from caseterm.export.paper import Letterhead, logo_problem
from caseterm.i18n import _
from caseterm.services.door import Ctx, record
from caseterm.services.followup_settings import _require_settings

KEY = "paper.letterhead"
MAX_NAME = 120
MAX_LINES = 4


def letterhead(ctx: Ctx) -> Letterhead:
    """The configured letterhead (empty when none is set)."""
    from caseterm.db.repo import settings

    raw = settings.get(ctx.db, KEY)
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        data = {}
    return Letterhead(name=str(data.get("name", "")),
                      address=tuple(str(x) for x in data.get("address", [])),
                      logo=str(data.get("logo", "")))


def set_letterhead(ctx: Ctx, name: str, address: list[str], logo: str) -> Letterhead:
    """Set the letterhead. A logo that cannot be read as an image is refused (the message names
    the file) and nothing changes; an empty logo removes it."""
    from caseterm.db.repo import settings

    _require_settings(ctx, "letterhead")
    name = one_line(name or "").strip()
    lines = [one_line(x).strip() for x in address if x and x.strip()]
    logo = (logo or "").strip()
    errors: dict[str, str] = {}
    if len(name) > MAX_NAME:
        errors["name"] = _("At most {n} characters.").format(n=MAX_NAME)
    if len(lines) > MAX_LINES or any(len(x) > MAX_NAME for x in lines):
        errors["address"] = _("At most {n} address lines of {m} characters.").format(
            n=MAX_LINES, m=MAX_NAME)
    if logo:
        logo = str(Path(logo).expanduser().resolve())
        reason = logo_problem(logo)
        if reason:
            errors["logo"] = _("The logo {path} cannot be read ({reason}).").format(
                path=logo, reason=reason)
    if errors:
        raise InputError(errors)
    settings.set(ctx.db, KEY, json.dumps({"name": name, "address": lines, "logo": logo}))
    record(ctx, "setting", "setting", "letterhead", None,
           {"name": name, "address_lines": len(lines), "logo": Path(logo).name if logo else ""})
    return letterhead(ctx)


def logo_warning(head: Letterhead) -> str | None:
    """The message for a configured logo that cannot be read now (the PDF prints without it)."""
    reason = logo_problem(head.logo)
    if reason is None:
        return None
    return _("The letterhead logo {path} cannot be read ({reason}); the PDF is printed "
             "without it.").format(path=head.logo, reason=reason)


# -- "drucken": the written PDF goes to the system's viewer or print command -----------------
VIEWER_ENV = "CASETERM_VIEWER"


def viewer_command() -> list[str] | None:
    """The command that opens or prints a PDF: $CASETERM_VIEWER (e.g. `lp -d Buero2` to print
    straight away) or the desktop's `xdg-open`; None when there is neither."""
    import os
    import shlex
    import shutil

    configured = os.environ.get(VIEWER_ENV, "").strip()
    if configured:
        try:
            parts = shlex.split(configured)
        except ValueError:
            return None
        return parts if parts and shutil.which(parts[0]) else None
    found = shutil.which("xdg-open")
    return [found] if found else None


def hand_to_viewer(path: Path, *, wait: float = 5.0) -> str | None:
    """Hand a written PDF to the viewer or print command (call it in a worker: it waits up to
    `wait` seconds to see the command fail). Returns None when handed over, otherwise the
    message to show (no viewer, or the command failed); the PDF stays where it was written."""
    import os
    import subprocess

    cmd = viewer_command()
    if cmd is None:
        configured = os.environ.get(VIEWER_ENV, "").strip()
        if configured:
            return _("The print command {command} was not found; the PDF is at {path}.").format(
                command=configured, path=str(path))
        return _("No PDF viewer found (xdg-open, or set CASETERM_VIEWER, e.g. to lp); the "
                 "PDF is at {path}.").format(path=str(path))
    try:
        proc = subprocess.Popen([*cmd, str(path)], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
    except OSError as exc:
        return _("The PDF could not be opened with {command}: {error}").format(
            command=cmd[0], error=exc.strerror or str(exc))
    try:
        code = proc.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        return None  # still running: a viewer window is open
    if code != 0:
        return _("{command} ended with code {code}; the PDF is at {path}.").format(
            command=cmd[0], code=code, path=str(path))
    return None
