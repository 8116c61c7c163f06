"""Tab 3: the agreement, its participants and versions, and its commands."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import (
    DataTable,
    Static,
)

from caseterm.core import vocab
from caseterm.core.agreement import (
    AgreedHow,
    AgreementType,
    ParticipantRole,
    VersionStatus,
)
from caseterm.core.validate import InputError
from caseterm.i18n import _, fmt_date
from caseterm.screens.dialogs import ConfirmDialog
from caseterm.screens.goals.agreement_dialogs import CompareDialog, ParticipantDialog, VersionDialog
from caseterm.services import goals as goals_svc
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tables import MeasuredTable


class AgreementPane(VerticalScroll):
    BINDINGS = bindings("goals.agreement")
    plan: var[goals_svc.PlanView | None] = var(None, init=False, always_update=True)

    def compose(self) -> ComposeResult:
        yield Static("", id="agr-head")
        yield Static(_("Participants (Enter: how they agreed)"), classes="section-title")
        yield MeasuredTable(id="agr-participants", cursor_type="row", zebra_stripes=True)
        yield Static("", id="agr-duties")
        yield Static(_("Versions"), classes="section-title")
        yield MeasuredTable(id="agr-versions", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        t = self.query_one("#agr-participants", DataTable)
        for key, title in (("name", _("Name")), ("role", _("Role")), ("how", _("Agreed how")),
                           ("on", _("On")), ("note", _("Note"))):
            t.add_column(title, key=key)
        v = self.query_one("#agr-versions", DataTable)
        for key, title in (("n", _("Version")), ("status", _("Status")),
                           ("review", _("Review date")), ("agreed", _("Agreed on"))):
            v.add_column(title, key=key)

    def watch_plan(self, plan: goals_svc.PlanView | None) -> None:
        """Drawn whenever the screen's plan changes (bound with `data_bind`)."""
        if plan is None:
            return
        a = plan.agreement
        head = self.query_one("#agr-head", Static)
        parts = self.query_one("#agr-participants", DataTable)
        versions = self.query_one("#agr-versions", DataTable)
        parts.clear()
        versions.clear()
        if a is None:
            head.update(Text(_("No plan yet. Press V to start the first version."),
                             style="dim"))
            self.query_one("#agr-duties", Static).update("")
            return
        v = a.latest
        text = assemble((vocab.label(a.agreement_type, AgreementType), "bold"))
        if a.legal_basis:
            text.append(f" · {a.legal_basis}")
        text.append("\n")
        text.append(_("Version {n}: {status}").format(
            n=v.number, status=vocab.label(v.status, VersionStatus)), style="bold")
        text.append(" · " + _("review on {date}").format(date=fmt_date(v.review_date)))
        if v.status is VersionStatus.agreed:
            text.append("\n" + _("Agreed versions are frozen. Press N to make a new version."),
                        style="dim")
        else:
            text.append("\n" + _("Draft: V edits, P adds a participant, O agrees the plan."),
                        style="dim")
        head.update(text)
        for p in v.participants:
            parts.add_row(safe(p.name, limit=40), vocab.label(p.role, ParticipantRole),
                          vocab.label(p.agreed_how, AgreedHow), fmt_date(p.agreed_on),
                          safe(p.note, limit=40), key=str(p.id))
        duties = Text(end="")
        for title, value in ((_("What the client does"), v.duties_client),
                             (_("What the service does"), v.duties_agency)):
            duties.append(title + ": ", style="bold")
            duties.append_text(safe(value or "—", multiline=True))
            duties.append("\n")
        self.query_one("#agr-duties", Static).update(duties)
        for x in a.versions:
            versions.add_row(str(x.number), vocab.label(x.status, VersionStatus),
                             fmt_date(x.review_date), fmt_date(x.agreed_on), key=str(x.id))


class AgreementCommands:
    """The agreement's commands, mixed into GoalsScreen."""

    # -- agreement commands ------------------------------------------------------------------------
    def _frozen(self) -> bool:
        a = self.agreement
        if a is not None and not a.latest.editable:
            self.notify(_("This version is agreed and cannot be changed. Press N to make a "
                          "new version."), severity="warning", timeout=6)
            return True
        return False

    def action_edit_version(self) -> None:
        if self._frozen():
            return
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: goals_svc.draft_view(ctx, case_id),
                     lambda view: self.app.push_screen(VersionDialog(case_id, view),
                                                       lambda r: self.action_reload()))

    def action_new_version(self) -> None:
        a = self.agreement
        if a is not None and a.latest.editable:
            self.notify(_("Version {n} is still a draft; edit it with V.").format(
                n=a.latest.number), timeout=5)
            return
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: goals_svc.ensure_draft(ctx, case_id),
                     lambda _v: (self.action_reload(),
                                 self.notify(_("New draft version made."), timeout=3)))

    def action_add_participant(self) -> None:
        if self.agreement is None:
            self.notify(_("Start the plan first with V."), severity="warning")
            return
        if self._frozen():
            return
        self.app.push_screen(ParticipantDialog(self.agreement.latest.id),
                             lambda r: self._after(r, None))

    def action_remove_participant(self) -> None:
        if self.agreement is None or self._frozen():
            return
        table = self.query_one("#agr-participants", DataTable)
        if not table.row_count:
            return
        pid = uuid.UUID(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        p = next((x for x in self.agreement.latest.participants if x.id == pid), None)
        if p is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                ctx = self.capp.ctx
                self.db_work(lambda: goals_svc.remove_participant(ctx, pid),
                             lambda _r: self.action_reload())

        self.app.push_screen(ConfirmDialog(_("Remove {name} from this version?").format(
            name=p.name)), confirmed)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "agr-participants" or self.agreement is None:
            return
        if self._frozen():
            return
        pid = uuid.UUID(event.row_key.value)
        p = next((x for x in self.agreement.latest.participants if x.id == pid), None)
        if p is not None:
            self.app.push_screen(ParticipantDialog(self.agreement.latest.id, p),
                                 lambda r: self._after(r, None))

    def action_agree(self) -> None:
        a = self.agreement
        if a is None:
            self.notify(_("Start the plan first with V."), severity="warning")
            return
        if self._frozen():
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            ctx, vid = self.capp.ctx, a.latest.id
            self.db_work(lambda: goals_svc.agree(ctx, vid),
                         lambda _r: (self.action_reload(),
                                     self.notify(_("The plan is agreed. The review is in the "
                                                   "follow-up queue."), timeout=5)),
                         on_error=self._agree_failed)

        self.app.push_screen(ConfirmDialog(_("Agree version {n} of the plan? It is frozen "
                                             "afterwards.").format(n=a.latest.number)),
                             confirmed)

    def _agree_failed(self, exc: BaseException) -> None:
        if isinstance(exc, InputError):
            self.notify("\n".join(exc.errors.values()), severity="error", timeout=10,
                        markup=False)
            return
        self._db_failed(exc, None)

    def action_compare(self) -> None:
        a = self.agreement
        if a is None or len(a.versions) < 2:
            self.notify(_("There is only one version; nothing to compare yet."),
                        severity="warning")
            return
        left, right = a.versions[1], a.versions[0]
        ctx = self.capp.ctx

        def load():
            return (goals_svc.version_content(ctx, left.id),
                    goals_svc.version_content(ctx, right.id))

        self.db_work(load, lambda both: self.app.push_screen(
            CompareDialog(left, right, both[0], both[1])))

    def action_print_plan(self) -> None:
        if self.agreement is None:
            self.notify(_("Start the plan first with V."), severity="warning")
            return
        ctx, case_id = self.capp.ctx, self.case_id
        from caseterm import config
        from caseterm.i18n import language
        from caseterm.services import paperwork

        lang = language()
        web = self.app.is_web

        def run():
            folder = config.data_dir() / "exports"
            path = goals_svc.export_plan(ctx, case_id, folder, lang=lang, action="print")
            head = paperwork.letterhead(ctx)
            notes = [paperwork.logo_warning(head)]
            if not web:  # the system's viewer or print command (CASETERM_VIEWER)
                notes.append(paperwork.hand_to_viewer(path))
            return path, [n for n in notes if n]

        self.db_work(run, self._printed)

    def _printed(self, result) -> None:
        path, notes = result
        self.notify(_("Plan saved as PDF: {path}").format(path=str(path)), timeout=10,
                    markup=False)
        for note in notes:
            self.notify(note, severity="warning", timeout=12, markup=False)
        if self.app.is_web:  # browser mode (caseterm serve --lab): the PDF goes to the browser
            self.app.deliver_binary(path, open_method="download", mime_type="application/pdf")
