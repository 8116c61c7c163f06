"""Data protection in the TUI: the access report (Auskunft) of the open case's person from the
command palette, and the data-protection officer's reminder of due retention actions.
Everything goes through services.privacy in a worker thread; results and refusals are shown
as notifications (the report's files are written to the exports folder)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from textual.app import SystemCommand

from caseterm.core.access import PrivacyAct, may_privacy
from caseterm.i18n import _, ngettext


def _run(app, job, done) -> None:
    from caseterm.services import AccessDenied, NotFound

    def work() -> None:
        try:
            result = job()
        except (AccessDenied, NotFound) as exc:
            app.call_from_thread(app.notify, exc.message, severity="error", markup=False)
            return
        app.call_from_thread(done, result)

    app.run_worker(work, thread=True, group="privacy", exit_on_error=False)


def access_report(app, case_id: uuid.UUID) -> None:
    from caseterm import config
    from caseterm.i18n import language
    from caseterm.services import privacy

    ctx, lang = app.ctx, language()

    def job():
        return privacy.write_access_report(ctx, case_id, config.data_dir() / "exports",
                                           lang=lang)

    _run(app, job, lambda paths: app.notify(
        _("Access report saved: {pdf} and {json}").format(pdf=paths[0], json=paths[1]),
        timeout=12, markup=False))


def commands(app, case_id: uuid.UUID | None) -> Iterator[SystemCommand]:
    ctx = getattr(app, "ctx", None)
    if ctx is None or case_id is None or not may_privacy(ctx.actor, PrivacyAct.access):
        return
    yield SystemCommand(_("Access report (Auskunft)"),
                        _("Everything stored about this person, as PDF and JSON "
                          "(Art. 15 GDPR)"),
                        lambda: access_report(app, case_id))


def remind(app) -> None:
    ctx = getattr(app, "ctx", None)
    if ctx is None or not may_privacy(ctx.actor, PrivacyAct.erase):
        return
    from caseterm.services import privacy  # the DPO's start only (issue 18: lean start)

    def show(n: int) -> None:
        if n:
            app.notify(ngettext(
                "{n} record is due for erasure or restriction under the retention schedule: "
                "caseterm privacy retention --dry-run",
                "{n} records are due for erasure or restriction under the retention "
                "schedule: caseterm privacy retention --dry-run", n).format(n=n),
                severity="warning", timeout=15, markup=False)

    _run(app, lambda: privacy.due_count(ctx), show)
