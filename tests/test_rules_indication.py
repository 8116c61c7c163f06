"""Pure rules of core.indication: criteria from a form's dict, the alternative "other", the
closure text."""

from __future__ import annotations

from caseterm.core import indication as ind
from caseterm.core.validate import Errors
from caseterm.core.vocab import label
from caseterm.i18n import _

ALL4 = {"complex_need", "many_actors", "standard_path_fails", "insufficient_own_resources"}


def test_ticks_from_a_form_dict_count_only_when_true():
    r = ind.evaluate({"complex_need": True, "many_actors": False, "standard_path_fails": True,
                      "insufficient_own_resources": False}, 3, True)
    assert r.met == {ind.Criterion.complex_need: True, ind.Criterion.many_actors: False,
                     ind.Criterion.standard_path_fails: True,
                     ind.Criterion.insufficient_own_resources: False,
                     ind.Criterion.client_consent: True}
    assert r.missing == [ind.Criterion.many_actors, ind.Criterion.insufficient_own_resources]


def test_count_met_counts_the_criteria_met():
    assert ind.evaluate(ALL4, 3, True).count_met == 5
    assert ind.evaluate(ALL4, 2, False).count_met == 3
    assert ind.evaluate(set(), 0, False).count_met == 0


def test_complex_needs_from_exactly_three_domains():
    assert ind.COMPLEX_NEED_DOMAINS == 3
    assert ind.evaluate(ALL4, 3, True).met[ind.Criterion.complex_need]
    assert not ind.evaluate(ALL4, 2, True).met[ind.Criterion.complex_need]


def test_not_indicated_with_alternative_other_needs_a_description():
    r = ind.evaluate(set(), 0, False)
    e = Errors()
    ind.check_decision(ind.Decision.not_indicated, r, ind.Alternative.other, "", e)
    assert e.errors == {"alternative_note": _("Describe the alternative.")}
    e = Errors()
    ind.check_decision(ind.Decision.not_indicated, r, ind.Alternative.other, "Umzug", e)
    assert e.errors == {}


def test_not_indicated_with_a_listed_alternative_needs_no_description():
    e = Errors()
    ind.check_decision(ind.Decision.not_indicated, ind.evaluate(set(), 0, False),
                       ind.Alternative.advice_only, "", e)
    assert e.errors == {}


def test_indicated_with_every_criterion_met_has_no_errors():
    e = Errors()
    ind.check_decision(ind.Decision.indicated, ind.evaluate(ALL4, 3, True), None, "", e)
    assert e.errors == {}


def test_indicated_without_complex_needs_names_the_domain_count():
    e = Errors()
    ind.check_decision(ind.Decision.indicated, ind.evaluate(ALL4, 2, True), None, "", e)
    assert set(e.errors) == {"decision", "concerns"}
    assert e.errors["concerns"] == _("Complex needs: at least {n} life domains with a concern "
                                     "(now {m}).").format(n=3, m=2)


def test_outcome_of_an_indicated_case_is_assessment():
    assert ind.outcome(ind.Decision.indicated) == (ind.CasePhase.assessment, None)


def test_closure_text_joins_the_alternative_and_the_note():
    alt = ind.Alternative.referral_elsewhere
    assert label(alt)
    assert ind.closure_text(alt, "an die Suchtberatung") == \
        f"{label(alt)} — an die Suchtberatung"
    assert ind.closure_text(alt, "") == label(alt)
    assert ind.closure_text(None, "nur Notiz") == "nur Notiz"
    assert ind.closure_text(None, "") == ""
