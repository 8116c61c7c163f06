"""An .ics with client names leaves caseterm for the calendar's provider (phone, server): every
case in it needs a valid consent that names the calendar (issue 15, second pass). Without one
the export is refused, the message names the cases, nothing is written, and the refusal is
audited; without names no consent is needed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from typer.testing import CliRunner

from caseterm.core import clock
from caseterm.core.inputs import FollowUpInput
from caseterm.core.vocab import FollowUpKind
from caseterm.db.repo import audit as audit_repo
from caseterm.db.repo import followups
from caseterm.services import consents
from caseterm.services import followups as svc
from caseterm.services.privacy import DisclosureRefused
from tests.conftest import ctx_for


def calendar_consent(db, worker, case_id, recipients="Kalender", given=None):
    """A valid consent of the client that lets her name go into the worker's calendar."""
    given = given or clock.today() - timedelta(days=30)
    consents.record(ctx_for(db, worker), case_id, {
        "purposes": ["data_exchange"], "given_on": given.strftime("%d.%m.%Y"),
        "recipients": recipients, "information_given": True})


def _fu(db, case_id, worker):
    followups.add(db, case_id, FollowUpInput(due_date=clock.today() + timedelta(days=1),
                                             next_step="Anruf",
                                             kind=FollowUpKind.wiedervorlage), worker.id)


def _cli(db, *args):
    from caseterm.cli import app

    return CliRunner().invoke(app, ["--db", db.url, *args])


def test_names_need_a_calendar_consent_for_every_case(db, worker, make_case, tmp_path):
    ok = make_case("Eva", "Einverstanden")
    no = make_case("Nora", "Ohnezustimmung")
    other = make_case("Otto", "Anderswo")
    for c in (ok, no, other):
        _fu(db, c, worker)
    calendar_consent(db, worker, ok)
    calendar_consent(db, worker, other, recipients="Schuldnerberatung Caritas")
    out = tmp_path / "named.ics"
    r = _cli(db, "queue", "--ics", str(out), "--with-names")
    assert r.exit_code == 3, r.output
    assert not out.exists()
    from caseterm.db.repo import privacy as privacy_repo

    numbers = {c: privacy_repo.case_by_id(db, c).case_number for c in (ok, no, other)}
    assert numbers[no] in r.output and numbers[other] in r.output
    assert numbers[ok] not in r.output
    refusals = [e for e in audit_repo.latest(db, limit=50)
                if e.action == "refuse" and e.entity == "disclosure"]
    assert {e.case_id for e in refusals} >= {no, other}
    # without names: no consent needed, case numbers only
    r = _cli(db, "queue", "--ics", str(out))
    assert r.exit_code == 0, r.output
    assert b"Ohnezustimmung" not in out.read_bytes()
    # with every consent on file the names go in
    calendar_consent(db, worker, no)
    calendar_consent(db, worker, other, recipients="calendar")
    r = _cli(db, "queue", "--ics", str(out), "--with-names")
    assert r.exit_code == 0, r.output
    assert b"Ohnezustimmung" in out.read_bytes().replace(b"\r\n ", b"")


def test_withdrawn_or_other_calendar_consent_does_not_count(db, worker, make_case):
    case = make_case("Wanda", "Widerruf")
    _fu(db, case, worker)
    calendar_consent(db, worker, case, recipients="Kalender")
    ctx = ctx_for(db, worker)
    row = consents.list_for_case(ctx, case)[0]
    consents.withdraw(ctx, row.id, {"withdrawn_on": clock.today().strftime("%d.%m.%Y"),
                                    "withdrawal_channel": "written"})
    flt = svc.queue_filter(ctx, scope="mine")
    with pytest.raises(DisclosureRefused):
        svc.export(ctx, flt, "ics", with_names=True)
    # a named calendar needs a consent naming that calendar
    calendar_consent(db, worker, case, recipients="Exchange Kalender")
    assert svc.export(ctx, flt, "ics", with_names=True, calendar="Exchange Kalender Rathaus")
    with pytest.raises(DisclosureRefused):
        svc.export(ctx, flt, "ics", with_names=True, calendar="Google Kalender")
    # JSON to the worker herself is not a disclosure
    assert svc.export(ctx, flt, "json", with_names=True)
