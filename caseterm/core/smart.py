"""The SMART(ER) check of a goal (reference/methods.md §2.1), a pure function.

Used by the goal editor while the worker types, by `caseterm goals check "TEXT"` and by the
training labs. It knows German and English. Each criterion passes or carries hints; every
hint has a code (stable, for tests and JSON) and a plain-language explanation.

    S  specific        no vague words without a number, one goal per sentence
    M  measurable      an indicator, a number or an observable criterion
    A  attractive      accepted by the client, in their words, positively phrased
    R  realistic       resources linked, the client's confidence, not too many open goals
    T  terminated      a due date, in the future, before the agreement's review date
    E  review planned  a review date is set (label: "Review planned", not "Evaluated")
    R  reviewed        once the review date passed, a review is recorded

Heuristics on words cannot understand a sentence; they point at what a trainer would point
at. The caseworker decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from caseterm.i18n import N_, _

CRITERIA = ("specific", "measurable", "attractive", "realistic", "terminated", "evaluated",
            "reviewed")
LETTERS = {"specific": "S", "measurable": "M", "attractive": "A", "realistic": "R",
           "terminated": "T", "evaluated": "E", "reviewed": "R"}
NAMES = {
    "specific": N_("Specific"),
    "measurable": N_("Measurable"),
    "attractive": N_("Attractive (the client's own)"),
    "realistic": N_("Realistic"),
    "terminated": N_("Time-bound"),
    "evaluated": N_("Review planned"),
    "reviewed": N_("Reviewed"),
}
PASS_TEXT = {
    "specific": N_("Says clearly what will be achieved."),
    "measurable": N_("We can tell whether it is reached."),
    "attractive": N_("Phrased positively, as the client's own goal."),
    "realistic": N_("Nothing speaks against reaching it."),
    "terminated": N_("Has a date by which it should be reached."),
    "evaluated": N_("A review date is set."),
    "reviewed": N_("Reviews are up to date."),
}

# -- word lists -----------------------------------------------------------------------------
# Vague when no number is given ("regelmäßig" vs "zweimal pro Woche").
VAGUE_DE = ("besser", "mehr", "weniger", "regelmäßig", "regelmässig", "öfter", "häufiger",
            "oft", "viel", "viele", "einige", "etwas", "bald", "irgendwann", "ab und zu",
            "gelegentlich", "ausreichend", "genug", "verbessern", "gesünder", "aktiver",
            "stabiler", "selbstständiger", "selbständiger", "zufriedener", "ordentlich",
            "vernünftig", "angemessen", "zeitnah", "demnächst", "gut", "stabil",
            "klarkommen", "zurechtkommen")
VAGUE_EN = ("better", "more", "less", "fewer", "regularly", "regular", "often", "more often",
            "frequently", "a lot", "some", "soon", "sometimes", "eventually", "enough",
            "improve", "improved", "healthier", "more active", "more stable", "properly",
            "adequate", "appropriate", "good", "stable", "cope")
# Hedges: vague even with a number ("versuchen, 5 Bewerbungen …" — will they, or try?).
HEDGE_DE = ("versuchen", "versuche", "versucht", "möglichst", "eventuell", "vielleicht",
            "irgendwie", "bemühen", "bemühe", "bemüht", "probieren", "probiere",
            "wenn möglich", "nach möglichkeit")
HEDGE_EN = ("try", "tries", "trying", "attempt", "as possible", "possibly", "maybe",
            "perhaps", "somehow", "hopefully", "if possible")
# Negative phrasing: say what should be there instead.
NEGATIVE_DE = ("nicht mehr", "kein", "keine", "keinen", "keinem", "keiner", "keine mehr",
               "aufhören", "höre auf", "hört auf", "nie wieder", "nicht", "vermeiden",
               "unterlassen", "weglassen")
NEGATIVE_EN = ("no longer", "not", "don't", "doesn't", "won't", "never", "stop", "stops",
               "quit", "avoid", "no more", "without any")
# A bare "nicht"/"not" before a time or place only narrows the goal ("ein Minijob, der nicht
# am Wochenende ist"); it says nothing about what should stop.
_NARROWING_NOT = re.compile(
    r"\b(nicht|not)\s+(am|an|im|in|vor|nach|bei|über|unter|später|länger|mehr als|on|at|in|"
    r"before|after|later|longer|more than)\b", re.I)
# "…, sondern …" / "instead": the positive goal is already said.
_INSTEAD = re.compile(r"\b(sondern|stattdessen|statt dessen|instead|but rather)\b", re.I)
# Absolute words: rarely realistic. Not "alle"/"all" ("alle zwei Wochen", "alle Unterlagen"
# are precise) nor "sofort"/"immediately" (a start, not a demand for perfection).
ABSOLUTE_DE = ("immer", "nie", "niemals", "jeden tag", "täglich", "perfekt", "völlig",
               "komplett", "100 %", "100%")
ABSOLUTE_EN = ("always", "never", "every day", "daily", "perfect", "perfectly",
               "completely", "100 %", "100%")

NUMBER_WORDS = ("ein", "eine", "einen", "einem", "einer", "einmal", "zwei", "zweimal", "drei",
                "dreimal", "vier", "viermal", "fünf", "sechs", "sieben", "acht", "neun",
                "zehn", "elf", "zwölf", "zwanzig", "dreißig", "hundert", "wöchentlich",
                "monatlich", "halb", "hälfte", "doppelt",
                "one", "once", "two", "twice", "three", "four", "five", "six", "seven",
                "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "hundred",
                "weekly", "monthly", "half", "a", "an", "single")
MONTHS = ("januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "dezember",
          "january", "february", "march", "may", "june", "july", "october", "december")

_WORD = re.compile(r"[\wäöüß%]+(?:'[a-z]+)?", re.I)
_DIGIT = re.compile(r"\d")
_DATE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?|\b\d{4}-\d{2}-\d{2}\b")
_TIME_DE = re.compile(
    r"\b(bis|ab|am|zum|vor|spätestens|innerhalb|binnen|in den nächsten|nach)\b.{0,25}?"
    r"\b(\d+|ende|anfang|mitte|januar|jänner|februar|märz|april|mai|juni|juli|august|"
    r"september|oktober|november|dezember|kw|woche|wochen|monat|monaten|tag|tagen|ostern|"
    r"pfingsten|weihnachten|sommer|herbst|winter|frühjahr|jahresende|schuljahr|"
    r"halbjahr|quartal|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\b", re.I)
_TIME_EN = re.compile(
    r"\b(by|until|till|before|within|on|in the next|in|no later than|at the latest)\b.{0,25}?"
    r"\b(\d+|end|beginning|mid|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|week|weeks|month|months|day|days|easter|christmas|summer|"
    r"autumn|winter|spring|year|quarter|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)\b", re.I)
_CONJ = re.compile(r"\s(?:und|sowie|außerdem|and|as well as|also|plus)\s|;", re.I)
# A finite or participle verb form that shows a clause of its own.
_VERBISH_DE = re.compile(
    r"\b(ge\w{3,}(?:t|en)|\w{3,}iert|(?:ab|an|auf|aus|ein|mit|nach|teil|vor|weg|zu|zurück|"
    r"fest|durch|um|los|hin|her|dar)ge\w{3,}(?:t|en)|habe|hat|haben|bin|ist|sind|werde|"
    r"wird|kann|will|gehe|geht|mache|macht|suche|sucht|finde|findet|lerne|lernt|"
    r"besuche|besucht|nehme|nimmt|melde|meldet|schreibe|schreibt|beantrage|beantragt|"
    r"kläre|klärt|zahle|zahlt|beginne|beginnt|erreiche|erreicht|ziehe|zieht|spreche|"
    r"spricht|bewerbe|bewirbt|arbeite|arbeitet|lese|liest|rufe|ruft|begonnen|bekommen|"
    r"erhalten|besucht|bestanden|beantragt|eröffnet|erledigt|vereinbart|unterschrieben|"
    r"erreicht|bezahlt|abgeschlossen|verschickt|vorgelegt|erstellt|beendet)\b", re.I)
_VERBISH_EN = re.compile(
    r"\b(\w{3,}ed|have|has|will|am|is|are|do|does|attend|attends|find|finds|apply|applies|"
    r"pay|pays|call|calls|visit|visits|start|starts|learn|learns|write|writes|sent|done|"
    r"found|paid|begun|begin|begins|written|get|gets|got|make|makes|made|take|takes|took|"
    r"complete|completes|join|joins|move|moves|meet|meets|met|speak|speaks|read|reads|"
    r"see|sees|seen|go|goes|went|gone)\b", re.I)
# Observable outcome: "habe … abgeschickt", "I have attended", "liegt vor", "is signed".
_OBSERVABLE_DE = re.compile(
    r"\b(habe|hat|haben|bin|ist|sind|liegt|liegen)\b.*\b(\w*ge\w{2,}(?:t|en)|\w{3,}iert|"
    r"vor|begonnen|bekommen|erhalten|besucht|bestanden|beantragt|eröffnet|erledigt|vereinbart|"
    r"unterschrieben|erreicht|bezahlt|verschickt|erstellt|beendet|entschieden|übernommen|"
    r"vereinbart|erworben|belegt|beendet)\b", re.I)
_OBSERVABLE_EN = re.compile(
    r"\b(have|has|had|is|are|was|were|will have)\b.*\b(\w{3,}ed|sent|done|found|paid|begun|"
    r"written|signed|got|made|taken|met|seen|gone|held|kept|won|passed|in place)\b"
    r"|\b(attends?|takes? part in|signs?|submits?|registers?|hands? in|calls?|phones?)\b"
    r"|\b(have|has)\s+(a|an|my|our)\s+\w{3,}|\b(live|lives|work|works)\s+(in|at|as)\b",
    re.I)
# Attending, registering, handing in on a date: observable events.
_EVENT_DE = re.compile(
    r"\b(nimmt|nehme|nehmen)\b.*\bteil\b|\b(melde|meldet|melden)\b.*\ban\b|"
    r"\b(reiche|reicht|reichen|gebe|gibt|geben)\b.*\b(ab|ein)\b|"
    r"\b(unterschreibe|unterschreibt|unterschreiben|beantrage|beantragt|beantragen)\b|"
    r"\b(rufe|ruft|rufen)\b.*\ban\b|"
    # a state one can see: having a concrete thing, living or working somewhere
    r"\b(habe|hat|haben)\b.*\b(einen|eine|ein|meinen|meine|mein|unseren|unsere)\s+\w{3,}|"
    r"\b(wohne|wohnt|wohnen|arbeite|arbeitet|arbeiten)\b(?:\s+\w+){0,2}\s+(in|bei|als)\b",
    re.I)


def _has_phrase(lowered: str, words: list[str], phrase: str) -> bool:
    if " " in phrase or "%" in phrase:
        return re.search(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", lowered) is not None
    return phrase in words


def _found(lowered: str, words: list[str], phrases) -> list[str]:
    return [p for p in phrases if _has_phrase(lowered, words, p)]


def _as_typed(text: str, phrase: str) -> str:
    """The phrase as the worker typed it ("jeden Tag", not "jeden tag") for quoting."""
    m = re.search(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", text, re.I)
    return m.group(0) if m else phrase


def _negatives(text: str, lowered: str, words: list[str]) -> list[str]:
    """Negative phrasing that says what should stop, without the false alarms: a narrowing
    "nicht am …" and a sentence that already says what instead ("…, sondern …")."""
    if _INSTEAD.search(lowered):
        return []
    found = _found(lowered, words, NEGATIVE_DE + NEGATIVE_EN)
    bare = {"nicht", "not"}
    if found and set(found) <= bare:
        rest = _NARROWING_NOT.sub(" ", lowered)
        if not any(w in bare for w in _WORD.findall(rest)):
            return []
    return [_as_typed(text, w) for w in found]


_NOT_QUANTITY = re.compile(
    r"\b\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?|\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}\b"
    r"|\b(?:in|innerhalb von|binnen|nach|within|after|in the next|in den nächsten)\s+\d+\s*"
    r"(?:tagen|tage|tag|wochen|woche|monaten|monate|monat|jahren|jahre|jahr|days|day|weeks|"
    r"week|months|month|years|year)\b"
    r"|\b(?:kw|calendar week)\s*\d+"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:januar|jänner|februar|märz|april|mai|juni|"
    r"juli|august|september|oktober|november|dezember|january|february|march|may|june|july|"
    r"october|december)\b", re.I)


def has_number(text: str) -> bool:
    """A quantity in the text (a date or a deadline is no quantity: "bis 31.03. besser" is
    still vague)."""
    lowered = _NOT_QUANTITY.sub(" ", text.lower())
    if _DIGIT.search(lowered):
        return True
    words = _WORD.findall(lowered)
    return any(w in NUMBER_WORDS for w in words if w not in ("a", "an", "ein", "eine", "einen",
                                                             "einem", "einer")) or False


def mentions_time(text: str) -> bool:
    return bool(_DATE.search(text) or _TIME_DE.search(text) or _TIME_EN.search(text))


def is_observable(text: str) -> bool:
    return bool(_OBSERVABLE_DE.search(text) or _OBSERVABLE_EN.search(text)
                or _EVENT_DE.search(text))


def several_goals(text: str) -> bool:
    """Two goals in one sentence: clauses joined by and/und/sowie each with a verb of their
    own, or more than one sentence."""
    body = text.strip()
    sentences = [s for s in re.split(r"(?<=[!?])\s+|(?<=[a-zäöüß)])\.\s+(?=[A-ZÄÖÜ])", body)
                 if s.strip()]
    if len(sentences) > 1:
        return True
    parts = _CONJ.split(body)
    if len(parts) < 2:
        return False
    with_verb = [p for p in parts if _VERBISH_DE.search(p) or _VERBISH_EN.search(p)]
    return len(with_verb) >= 2


@dataclass(frozen=True)
class GoalCheckInput:
    """What the check looks at. Fields left at None are unknown (e.g. a bare sentence from the
    CLI) and are then not held against the goal, except where the criterion needs them."""

    text: str
    indicator: str = ""
    target: str = ""
    due_date: date | None = None
    in_client_words: bool = True  # False when only a professional wording exists
    agreed_by_client: bool | None = None
    resources: int | None = None  # linked resources
    confidence: int | None = None  # the client's confidence 0–10
    is_measure: bool = False
    responsible: str = ""  # measures: who
    is_new: bool = True


@dataclass(frozen=True)
class CheckContext:
    today: date
    review_date: date | None = None  # the agreement's (or goal's) review date
    last_review: date | None = None  # last GAS review recorded
    open_goals: int | None = None  # open action goals of the case, this one included
    max_open_goals: int = 5
    sentence_only: bool = False  # CLI/lab: only the sentence is known


@dataclass(frozen=True)
class Hint:
    code: str
    message: str


@dataclass(frozen=True)
class CriterionResult:
    key: str
    letter: str
    name: str
    ok: bool
    hints: tuple[Hint, ...] = ()
    explanation: str = ""


@dataclass(frozen=True)
class SmartResult:
    criteria: tuple[CriterionResult, ...] = field(default_factory=tuple)

    @property
    def score(self) -> int:
        """0–100: share of criteria passed."""
        if not self.criteria:
            return 0
        return round(100 * sum(c.ok for c in self.criteria) / len(self.criteria))

    @property
    def passed(self) -> int:
        return sum(c.ok for c in self.criteria)

    @property
    def codes(self) -> set[str]:
        return {h.code for c in self.criteria for h in c.hints}

    def get(self, key: str) -> CriterionResult:
        return next(c for c in self.criteria if c.key == key)

    def as_dict(self) -> dict:
        return {
            "score": self.score,
            "passed": self.passed,
            "total": len(self.criteria),
            "criteria": [
                {"key": c.key, "letter": c.letter, "name": c.name, "ok": c.ok,
                 "explanation": c.explanation,
                 "hints": [{"code": h.code, "message": h.message} for h in c.hints]}
                for c in self.criteria
            ],
        }


def _result(key: str, hints: list[Hint]) -> CriterionResult:
    ok = not hints
    return CriterionResult(key=key, letter=LETTERS[key], name=_(NAMES[key]), ok=ok,
                           hints=tuple(hints),
                           explanation=_(PASS_TEXT[key]) if ok else hints[0].message)


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
