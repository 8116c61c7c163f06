"""Referrals: consent check, legal exception, feedback loop, child protection, history."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind, FollowUpStatus
from caseterm.db.repo import consents, referrals
from caseterm.db.repo import queue as q
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.referral import ConsentBasis, ReferralStatus


def _followups(db, source_id):
    with db.read() as s:
        rows = s.exec(select(FollowUp).where(FollowUp.source_id == source_id)).all()
        for r in rows:
            s.expunge(r)
        return rows


@pytest.fixture
def consent_given(monkeypatch):
    seen = []

    def covers(session, case_id, recipient, on):
        seen.append((case_id, recipient, on))
        return recipient.startswith("Jugendamt")

    monkeypatch.setattr(consents, "covers_recipient", covers)
    return seen


def test_no_referral_without_consent_or_legal_ground(db, worker, make_case):
    case = make_case()
    with pytest.raises(InputError) as exc:
        referrals.create(db, case, {"recipient": "Schuldnerberatung Caritas"}, worker.id)
    assert "consent" in exc.value.errors
    with pytest.raises(InputError) as exc:
        referrals.create(db, case, {"recipient": "Schuldnerberatung Caritas",
                                    "legal_exception": "sgb_x_69"}, worker.id)
    assert "exception_reason" in exc.value.errors
    assert referrals.list_for_case(db, case) == []
    with db.read() as s:
        assert s.exec(select(FollowUp).where(FollowUp.case_id == case)).all() == []


def test_sgb2_to_sgb8_handover_with_feedback_loop(db, worker, make_case, consent_given):
    case = make_case(legal_area="sgb2")
    rid = referrals.create(db, case, {
        "target": "specialist", "target_legal_area": "sgb8",
        "recipient": "Jugendamt – Allgemeiner Sozialer Dienst",
        "purpose": "Unterstützung bei Erziehungsfragen", "feedback_due": "04.12.2026",
    }, worker.id)
    assert consent_given and consent_given[0][1].startswith("Jugendamt")
    ref = referrals.get(db, rid)
    assert ref.consent_basis is ConsentBasis.consent and ref.status is ReferralStatus.sent
    (fu,) = _followups(db, rid)
    assert fu.kind == FollowUpKind.referral.value and fu.due_date == date(2026, 12, 4)
    assert fu.status == FollowUpStatus.open.value
    # contact made: the follow-up stays open, moved to the new date
    referrals.set_status(db, rid, "contact_made", worker.id, note="Erstkontakt erfolgt",
                         feedback_due=date(2026, 12, 12))  # Saturday → Monday
    (fu,) = _followups(db, rid)
    assert fu.status == "open" and fu.due_date == date(2026, 12, 14)
    referrals.set_status(db, rid, "help_started", worker.id, note="SPFH beginnt")
    with pytest.raises(InputError):
        referrals.set_status(db, rid, "feedback_received", worker.id, note="")
    referrals.set_status(db, rid, "feedback_received", worker.id,
                         note="ASD: Hilfe läuft, Hilfeplangespräch im Januar")
    (fu,) = _followups(db, rid)
    assert fu.status == FollowUpStatus.done.value
    ref = referrals.get(db, rid)
    assert [e.status for e in ref.history] == [ReferralStatus.sent, ReferralStatus.contact_made,
                                              ReferralStatus.help_started,
                                              ReferralStatus.feedback_received]
    assert ref.feedback.startswith("ASD")
    referrals.set_status(db, rid, "closed", worker.id)
    with pytest.raises(InputError):
        referrals.set_status(db, rid, "contact_made", worker.id)


def test_legal_exception_and_child_protection_marks_the_case(db, worker, make_case):
    case = make_case(legal_area="sgb2")
    rid = referrals.create(db, case, {
        "target": "specialist", "target_legal_area": "sgb8",
        "recipient": "Jugendamt – ASD", "legal_exception": "child_protection",
        "exception_reason": "Gewichtige Anhaltspunkte, § 8a SGB VIII",
        "child_protection_concern": True,
    }, worker.id)
    ref = referrals.get(db, rid)
    assert ref.consent_basis is ConsentBasis.legal_exception
    assert ref.exception_reason.startswith("Gewichtige")
    with db.read() as s:
        assert s.get(Case, case).child_protection is True
    (row,) = q.page(db, q.QueueFilter(viewer_id=worker.id))
    assert row.child_protection and row.priority.value == "high"


def test_specialist_needs_a_legal_area_and_feedback_not_before_sending(db, worker, make_case):
    case = make_case()
    with pytest.raises(InputError) as exc:
        referrals.create(db, case, {"target": "specialist", "recipient": "ASD",
                                    "sent_on": "20.11.2026", "feedback_due": "19.11.2026"},
                         worker.id)
    assert {"target_legal_area", "feedback_due"} <= set(exc.value.errors)


def test_covers_recipient_placeholder_is_false_until_consents_exist(db, worker, make_case):
    case = make_case()
    with db.read() as s:
        assert consents.covers_recipient(s, case, "Jugendamt", date(2026, 11, 23)) is False
