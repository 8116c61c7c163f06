"""The language side of the SMART(ER) check: German and English word lists (vague, hedging,
negative, absolute words, numbers, months) and the tests on a sentence built from them (a number,
a time, something observable, several goals in one sentence)."""

from __future__ import annotations

import re

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
