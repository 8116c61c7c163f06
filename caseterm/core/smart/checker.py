"""The SMART(ER) check itself, criterion by criterion, for a goal, a lone sentence or the
goal editor's fields. Pure: same input, same result."""

from __future__ import annotations

import re
from datetime import date

from caseterm.core.smart.result import (
    CheckContext,
    CriterionResult,
    GoalCheckInput,
    Hint,
    SmartResult,
    _result,
)
from caseterm.core.smart.words import (
    _WORD,
    ABSOLUTE_DE,
    ABSOLUTE_EN,
    HEDGE_DE,
    HEDGE_EN,
    VAGUE_DE,
    VAGUE_EN,
    _as_typed,
    _found,
    _negatives,
    has_number,
    is_observable,
    mentions_time,
    several_goals,
)
from caseterm.i18n import _


def check(goal: GoalCheckInput, ctx: CheckContext) -> SmartResult:
    """The SMART(ER) check. Pure: same input, same result."""
    from caseterm.i18n import fmt_date

    text = (goal.text or "").strip()
    lowered = text.lower()
    words = _WORD.findall(lowered)
    number = has_number(text) or has_number(goal.target)

    # S — specific
    s: list[Hint] = []
    if len(words) < (2 if goal.is_measure else 3):
        s.append(Hint("too_short", _("Write the goal as a whole sentence: who reaches what?")))
    hedges = _found(lowered, words, HEDGE_DE + HEDGE_EN)
    if hedges:
        s.append(Hint("hedge", _("“{word}” leaves it open whether it will happen. Say what "
                                 "will be done, not what will be tried.").format(
                                     word=_as_typed(text, hedges[0]))))
    if not number:
        vague = _found(lowered, words, VAGUE_DE + VAGUE_EN)
        if "mehr" in vague and re.search(r"\b(nicht|kein\w*)\b.*\bmehr\b", lowered):
            vague.remove("mehr")  # "nicht mehr" is negative phrasing (A), not vagueness
        if vague:
            s.append(Hint("vague_word", _("“{word}” is vague. What exactly should be "
                                          "different? Give a number or a visible result "
                                          "(e.g. “twice a week”, “B1 exam passed”).").format(
                                              word=_as_typed(text, vague[0]))))
    if several_goals(text):
        s.append(Hint("several_goals", _("This looks like more than one goal. Write each "
                                         "goal in a sentence of its own.")))

    # M — measurable
    m: list[Hint] = []
    if not (goal.indicator.strip() or number or is_observable(text)
            or goal.target.strip()):
        m.append(Hint("not_measurable", _("How will we know it is reached? Add a number or "
                                          "something one can see (an indicator).")))

    # A — attractive / accepted
    a: list[Hint] = []
    negative = _negatives(text, lowered, words)
    if negative:
        a.append(Hint("negative", _("“{word}” describes what should go away. What should be "
                                    "there or happen instead?").format(word=negative[0])))
    if not goal.in_client_words:
        a.append(Hint("not_client_words", _("Write the goal in the client's own words, not "
                                            "only in professional language.")))
    if goal.agreed_by_client is False and not goal.is_measure:
        a.append(Hint("not_agreed", _("The client has not agreed to this goal yet.")))

    # R — realistic
    r: list[Hint] = []
    absolute = _found(lowered, words, ABSOLUTE_DE + ABSOLUTE_EN)
    if absolute:
        r.append(Hint("absolute", _("“{word}” allows no exception. Plan some leeway, e.g. "
                                    "“on 4 of 5 days”.").format(
                                        word=_as_typed(text, absolute[0]))))
    if not ctx.sentence_only and not goal.is_measure:
        if goal.resources is not None and goal.resources == 0:
            r.append(Hint("no_resources", _("No resource is linked. Which strengths or which "
                                            "people help with this goal?")))
        if goal.confidence is None:
            r.append(Hint("no_confidence", _("Ask the client: how sure are you, from 0 to 10, "
                                             "that you can reach it?")))
        elif goal.confidence < 6:
            r.append(Hint("low_confidence", _("The client's confidence is {n} of 10. Make the "
                                              "step smaller or add support.").format(
                                                  n=goal.confidence)))
    if ctx.open_goals is not None and ctx.open_goals > ctx.max_open_goals:
        r.append(Hint("too_many_goals", _("{n} action goals are open at once. More than {m} "
                                          "is usually too much; choose what comes first.").format(
                                              n=ctx.open_goals, m=ctx.max_open_goals)))

    # T — terminated
    t: list[Hint] = []
    if goal.due_date is None:
        if ctx.sentence_only:
            if not mentions_time(text):
                t.append(Hint("no_due_date", _("By when? Add a date.")))
        else:
            t.append(Hint("no_due_date", _("By when? Add a date.")))
    else:
        if goal.due_date < ctx.today and goal.is_new:
            t.append(Hint("due_past", _("The date lies in the past.")))
        if ctx.review_date is not None and goal.due_date > ctx.review_date:
            t.append(Hint("due_after_review", _("The date is after the review date "
                                                "({date}); at that review it cannot be "
                                                "checked yet.").format(
                                                    date=fmt_date(ctx.review_date))))

    results = [_result("specific", s), _result("measurable", m), _result("attractive", a),
               _result("realistic", r), _result("terminated", t)]
    if ctx.sentence_only and not goal.is_measure:
        # A bare sentence: review dates belong to the plan, E and R are not judged here.
        return SmartResult(tuple(results))

    if goal.is_measure:
        # Measures: who does what by when. E/R belong to the goals above.
        w: list[Hint] = []
        if not goal.responsible.strip():
            w.append(Hint("no_responsible", _("Who does it? Name a person responsible.")))
        results = [_result("specific", s), _result("terminated", t)]
        results.insert(1, CriterionResult(
            key="responsible", letter="W", name=_("Who is responsible"), ok=not w, hints=tuple(w),
            explanation=_("Someone is responsible.") if not w else w[0].message))
        return SmartResult(tuple(results))

    # E — evaluated
    e: list[Hint] = []
    if ctx.review_date is None:
        e.append(Hint("no_review_date", _("No review date yet. When do we look at it "
                                          "together?")))
    results.append(_result("evaluated", e))

    # R — reviewed
    rv: list[Hint] = []
    if ctx.review_date is not None and ctx.review_date < ctx.today and (
            ctx.last_review is None or ctx.last_review < ctx.review_date):
        rv.append(Hint("review_overdue", _("The review date ({date}) has passed and no review "
                                           "is recorded.").format(
                                               date=fmt_date(ctx.review_date))))
    results.append(_result("reviewed", rv))
    return SmartResult(tuple(results))


def check_sentence(text: str, today: date) -> SmartResult:
    """The check on a bare sentence (CLI, training lab)."""
    return check(GoalCheckInput(text=text), CheckContext(today=today, sentence_only=True))


def check_fields(fields: dict, ctx: CheckContext) -> SmartResult:
    """The check on a goal as typed in the editor or as stored (a dict of the goal's fields:
    level, text_client, indicator, target, due_date as date or typed text, confidence,
    resources as comma-separated text, responsible, is_new, status — a goal still in draft is
    not yet agreed by the client)."""
    from caseterm.core.dates import DateFormatError, parse_date

    due = fields.get("due_date")
    if isinstance(due, str):
        try:
            due = parse_date(due, today=ctx.today) if due.strip() else None
        except DateFormatError:
            due = None
    conf = fields.get("confidence")
    try:
        conf = int(conf) if conf not in (None, "") else None
    except (TypeError, ValueError):
        conf = None
    resources = fields.get("resources") or ""
    return check(GoalCheckInput(
        text=fields.get("text_client") or "",
        indicator=fields.get("indicator") or "",
        target=fields.get("target") or "",
        due_date=due,
        confidence=conf,
        resources=len([r for r in str(resources).split(",") if r.strip()]),
        is_measure=(fields.get("level") or "handlungsziel") == "massnahme",
        responsible=fields.get("responsible") or "",
        is_new=fields.get("is_new", True),
        agreed_by_client=(None if not fields.get("status")
                          else fields["status"] != "draft"),
    ), ctx)
