"""The SMART(ER) check on German and English goal sentences (weak and strong) and in the
editor's context (review dates, confidence, resources, open goals, measures)."""

from __future__ import annotations

from datetime import date

import pytest

from caseterm.core.smart import CheckContext, GoalCheckInput, check, check_sentence
from caseterm.i18n import set_language
from tests.conftest import TODAY

# (sentence, hint codes expected exactly)
SENTENCES = [
    # German — strong
    ("Bis 31.03.2027 habe ich 5 Bewerbungen für Ausbildungsplätze abgeschickt.", set()),
    ("Ich gehe zweimal pro Woche zum Sport, bis 28.02.2027.", set()),
    ("Bis Ende Januar habe ich einen Termin bei der Schuldnerberatung wahrgenommen.", set()),
    ("Frau X nimmt am 12.02. am Bewerbungstraining von Träger Y teil.", set()),
    ("Bis zum 15.01.2027 liegt der Antrag auf Wohngeld beim Amt vor.", set()),
    ("Ich habe bis Ende Februar 2027 ein Konto bei der Sparkasse eröffnet.", set()),
    ("Bis 30.04.2027 spreche ich 10 Minuten auf Deutsch mit meiner Nachbarin.", set()),
    ("In 6 Wochen habe ich den Integrationskurs B1 angefangen.", set()),
    ("Bis Ostern habe ich drei Kitas in meinem Stadtteil besucht.", set()),
    ("Innerhalb von 4 Wochen bin ich bei der Suchtberatung angemeldet.", set()),
    # German — weak
    ("Ich will besser Deutsch sprechen.", {"vague_word", "not_measurable", "no_due_date"}),
    ("Ich versuche, mehr Bewerbungen zu schreiben.",
     {"hedge", "vague_word", "not_measurable", "no_due_date"}),
    ("Ich trinke keinen Alkohol mehr.", {"negative", "not_measurable", "no_due_date"}),
    ("Ich gehe regelmäßig zum Sport.", {"vague_word", "not_measurable", "no_due_date"}),
    ("Ich finde eine Wohnung und mache den Führerschein.",
     {"several_goals", "not_measurable", "no_due_date"}),
    ("Ich komme immer pünktlich zu allen Terminen.",
     {"absolute", "not_measurable", "no_due_date"}),
    ("Job", {"too_short", "not_measurable", "no_due_date"}),
    ("Ich höre auf zu rauchen.", {"negative", "not_measurable", "no_due_date"}),
    ("Die Wohnsituation soll sich verbessern.", {"vague_word", "not_measurable",
                                                 "no_due_date"}),
    ("Ich möchte möglichst bald Arbeit finden.",
     {"hedge", "vague_word", "not_measurable", "no_due_date"}),
    ("Bis 31.03.2027 habe ich 5 Bewerbungen geschrieben und einen Deutschkurs begonnen.",
     {"several_goals"}),
    ("Ich mache keine neuen Schulden mehr bis Jahresende.", {"negative", "not_measurable"}),
    ("Ich versuche bis 01.03.2027, 3 Bewerbungen zu schreiben.", {"hedge"}),
    ("Ich kümmere mich öfter um den Haushalt.", {"vague_word", "not_measurable",
                                                 "no_due_date"}),
    ("Ich komme mit meinem Geld klar.", {"not_measurable", "no_due_date"}),
    # English — strong
    ("By 31 March I have sent five applications for apprenticeships.", set()),
    ("By the end of January I have attended three sessions at the debt counselling service.",
     set()),
    ("I have opened a bank account by 28.02.2027.", set()),
    ("Within 4 weeks I have registered with the addiction counselling service.", set()),
    ("By Easter I have visited 3 nurseries in my neighbourhood.", set()),
    ("I go swimming twice a week until the end of March.", set()),
    ("By 15 January my housing benefit application is submitted.", set()),
    # English — weak
    ("I want to get better at German.", {"vague_word", "not_measurable", "no_due_date"}),
    ("I will stop smoking.", {"negative", "not_measurable", "no_due_date"}),
    ("I will try to find a job soon.",
     {"hedge", "vague_word", "not_measurable", "no_due_date"}),
    ("I find a flat and I start a German course.",
     {"several_goals", "not_measurable", "no_due_date"}),
    ("I exercise regularly.", {"vague_word", "not_measurable", "no_due_date"}),
    ("I am always on time for every appointment.", {"absolute", "not_measurable",
                                                    "no_due_date"}),
    ("I will no longer miss appointments.", {"negative", "not_measurable", "no_due_date"}),
    ("Improve my health.", {"vague_word", "not_measurable", "no_due_date"}),
    ("I want to save more money.", {"vague_word", "not_measurable", "no_due_date"}),
    ("By 1 March I will try to send 3 applications.", {"hedge"}),
    ("I cope better with my debts.", {"vague_word", "not_measurable", "no_due_date"}),
    # a date or a deadline is no quantity
    ("Ich will bis 31.03.2027 besser Deutsch sprechen.", {"vague_word", "not_measurable"}),
    ("In 4 Wochen gehe ich öfter spazieren.", {"vague_word", "not_measurable"}),
    ("By 31 March I exercise more.", {"vague_word", "not_measurable"}),
    # observable events without a number
    ("Ich melde mich bis zum 15.12.2026 bei der Kita an.", set()),
    ("I attend the parents' evening on 3 February.", set()),
    ("Ich habe bis zum 28.02.2027 einen Kitaplatz für Leon.", set()),
    ("Bis 30.06.2027 wohne ich in einer eigenen Wohnung.", set()),
    ("Ich rufe bis Freitag beim Vermieter an.", set()),
    ("I call the landlord by Friday.", set()),
    ("Ich bin gesund.", {"not_measurable", "no_due_date"}),
    # regressions from the language review (issue 20): false alarms and hint texts
    ("Ich gehe alle zwei Wochen zur Schuldnerberatung.", {"no_due_date"}),
    ("Bis 15.01.2027 habe ich alle Unterlagen für den Antrag abgegeben.", set()),
    ("Mein Sohn geht jeden Tag pünktlich zur Schule.",
     {"absolute", "not_measurable", "no_due_date"}),
    ("Ich lerne täglich 20 Minuten Deutsch mit der App.", {"absolute", "no_due_date"}),
    ("Bis Ende März habe ich einen Minijob, der nicht am Wochenende ist.", set()),
    ("Bis zum 15.12. öffne ich meine Post nicht mehr allein, sondern mit meiner Nachbarin.",
     {"not_measurable"}),
    ("Bis 01.02.2027 habe ich sofort nach den Ferien den Kurs begonnen.", set()),
    ("Ich rauche nicht.", {"negative", "not_measurable", "no_due_date"}),
    ("I go to the debt counselling service every two weeks.", {"no_due_date"}),
    ("By 15 January 2027 I have handed in all documents for the application.", set()),
    ("My son goes to school on time every day.", {"absolute", "not_measurable"}),
    ("By the end of March I have a mini-job that is not at weekends.", set()),
    ("By 15 December I do not open my post alone but rather with my neighbour.",
     {"not_measurable"}),
    ("By 1 February I have started the course immediately after the holidays.", set()),
]


def test_at_least_forty_sentences():
    assert len(SENTENCES) >= 40


@pytest.mark.parametrize(("sentence", "codes"), SENTENCES)
def test_sentence(sentence, codes):
    result = check_sentence(sentence, TODAY)
    assert result.codes == codes, result.as_dict()
    assert (result.score == 100) == (not codes)


def test_hints_are_explained_in_the_chosen_language():
    set_language("de")
    de = check_sentence("Ich will besser Deutsch sprechen.", TODAY)
    set_language("en")
    en = check_sentence("Ich will besser Deutsch sprechen.", TODAY)
    assert de.get("specific").explanation != en.get("specific").explanation
    assert "besser" in en.get("specific").explanation
    assert "number" in en.get("specific").explanation
    assert en.get("specific").name == "Specific"


def test_context_terminated_and_evaluated():
    ctx = CheckContext(today=TODAY, review_date=date(2027, 3, 1))
    g = GoalCheckInput(text="Bis 31.03.2027 habe ich 5 Bewerbungen abgeschickt.",
                       due_date=date(2027, 3, 31), confidence=8, resources=2)
    r = check(g, ctx)
    assert r.codes == {"due_after_review"}
    assert len(r.criteria) == 7
    g2 = GoalCheckInput(text=g.text, due_date=date(2027, 2, 28), confidence=8, resources=2)
    assert check(g2, ctx).score == 100
    assert "no_review_date" in check(g2, CheckContext(today=TODAY)).codes
    assert "due_past" in check(GoalCheckInput(text=g.text, due_date=date(2026, 1, 1),
                                              confidence=8), ctx).codes


def test_context_realistic_and_reviewed():
    base = dict(text="Bis 31.01.2027 habe ich 3 Wohnungen besichtigt.",
                due_date=date(2027, 1, 31))
    ctx = CheckContext(today=TODAY, review_date=date(2027, 2, 1))
    assert "no_confidence" in check(GoalCheckInput(**base), ctx).codes
    assert "low_confidence" in check(GoalCheckInput(**base, confidence=3), ctx).codes
    assert "no_resources" in check(GoalCheckInput(**base, confidence=8, resources=0), ctx).codes
    many = CheckContext(today=TODAY, review_date=date(2027, 2, 1), open_goals=7)
    assert "too_many_goals" in check(GoalCheckInput(**base, confidence=8), many).codes
    passed = CheckContext(today=TODAY, review_date=date(2026, 11, 1))
    assert "review_overdue" in check(GoalCheckInput(**base, confidence=8), passed).codes
    reviewed = CheckContext(today=TODAY, review_date=date(2026, 11, 1),
                            last_review=date(2026, 11, 2))
    assert "review_overdue" not in check(GoalCheckInput(**base, confidence=8), reviewed).codes


def test_attractive_needs_client_words_and_agreement():
    ctx = CheckContext(today=TODAY, review_date=date(2027, 2, 1))
    g = GoalCheckInput(text="Bis 31.01.2027 habe ich 3 Wohnungen besichtigt.",
                       due_date=date(2027, 1, 31), confidence=8, in_client_words=False,
                       agreed_by_client=False)
    assert {"not_client_words", "not_agreed"} <= check(g, ctx).codes


def test_measure_checks_who_what_by_when():
    ctx = CheckContext(today=TODAY)
    m = GoalCheckInput(text="Wohnberechtigungsschein beantragen", is_measure=True)
    r = check(m, ctx)
    assert {c.key for c in r.criteria} == {"specific", "responsible", "terminated"}
    assert r.codes == {"no_responsible", "no_due_date"}
    ok = GoalCheckInput(text="Wohnberechtigungsschein beantragen", is_measure=True,
                        responsible="client", due_date=date(2026, 12, 15))
    assert check(ok, ctx).score == 100


def test_json_shape():
    d = check_sentence("Ich will besser Deutsch sprechen.", TODAY).as_dict()
    assert d["total"] == 5 and d["passed"] == 2 and d["score"] == 40
    assert d["criteria"][0]["hints"][0]["code"] == "vague_word"


@pytest.mark.parametrize(("lang", "evaluated", "reviewed", "measurable", "quoted"), [
    ("de", "Überprüfung geplant", "Überprüft", "Wir können erkennen, ob es erreicht ist.",
     "„jeden Tag“"),
    ("en", "Review planned", "Reviewed", "We can tell whether it is reached.", "“jeden Tag”"),
])
def test_labels_say_what_is_checked_and_words_are_quoted_as_typed(lang, evaluated, reviewed,
                                                                   measurable, quoted):
    """E passes with a review *date* ("Review planned"), R with a review *done*
    ("Reviewed"); M is about *whether*; a quoted word keeps its capitals."""
    set_language(lang)
    try:
        ctx = CheckContext(today=TODAY, review_date=date(2027, 2, 1))
        g = GoalCheckInput(text="Bis 31.01.2027 habe ich 3 Wohnungen besichtigt.",
                           due_date=date(2027, 1, 31), confidence=8, resources=1)
        r = check(g, ctx)
        assert r.get("evaluated").name == evaluated
        assert r.get("reviewed").name == reviewed
        assert r.get("measurable").explanation == measurable
        hint = check_sentence("Mein Sohn geht jeden Tag pünktlich zur Schule.", TODAY)
        assert quoted in hint.get("realistic").explanation
        vague = check_sentence("Ich will besser Deutsch sprechen.", TODAY)
        assert ("2-mal pro Woche" if lang == "de" else "twice a week") in \
            vague.get("specific").explanation
        negative = check_sentence("Ich rauche nicht.", TODAY).get("attractive").explanation
        assert ("stattdessen" if lang == "de" else "instead") in negative
    finally:
        set_language("de")
