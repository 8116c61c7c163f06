"""Generator, step 7: goals and measures (Leitziel → Rahmenziel → Handlungsziel → Maßnahme).

The heavy cases (ctx["heavy_cases"]) get exactly HEAVY_GOALS = 30 rows in the goal table: two
guiding goals, each with two framework goals, each with two action goals carrying one or two
measures, so opening a long-running case measures a full plan. A share of the other open cases
gets a small plan (one guiding goal, one action goal, one measure).
"""

from __future__ import annotations

from datetime import timedelta

from caseterm.core.goals import GoalLevel, GoalStatus, LifeDomain, Responsible
from caseterm.db.generate import ctx_rng, insert_rows, new_id, record
from caseterm.models.goals import Goal

ORDER = 70
HEAVY_GOALS = 30
SMALL_PLAN_SHARE = 0.25

DOMAINS = [d.value for d in LifeDomain]
LEIT = ("Ich lebe in einer eigenen, sicheren Wohnung.",
        "Ich finanziere meinen Lebensunterhalt selbst.",
        "Unsere Familie kommt im Alltag gut zurecht.",
        "Ich bin gesund genug, um arbeiten zu können.")
RAHMEN = ("Die Mietschulden sind abgebaut.", "Ich habe eine feste Tagesstruktur.",
          "Ich spreche Deutsch auf dem Niveau B1.", "Die Kinder gehen regelmäßig zur Schule.",
          "Ich habe einen Berufsabschluss, der hier anerkannt ist.")
HANDLUNG = ("Bis zum Monatsende habe ich drei Bewerbungen abgeschickt.",
            "Ich gehe zweimal pro Woche zum Sprachkurs.",
            "Ich zahle jeden Monat 50 Euro an den Vermieter zurück.",
            "Ich nehme den Termin bei der Schuldnerberatung wahr.",
            "Ich bringe die Kinder jeden Morgen pünktlich zur Schule.")
MASSNAHME = ("Schuldnerberatung beim Diakonischen Werk", "Sprachkurs an der Volkshochschule",
             "Bewerbungstraining beim Bildungsträger", "Sozialpädagogische Familienhilfe",
             "Ambulant betreutes Wohnen", "Arbeitsgelegenheit im Stadtteilzentrum")
RESPONSIBLE = [r.value for r in Responsible]


def _goal(rng, ctx, case, level, parent, position, text, day):
    when = ctx["now"].replace(year=day.year, month=day.month, day=day.day)
    row = {
        **record(new_id(rng), when), "case_id": case.id, "parent_id": parent,
        "position": position, "level": level, "text_client": text,
        "text_professional": "", "life_domain": rng.choice(DOMAINS),
        "indicator": "", "baseline": "", "target": "",
        "due_date": ctx["today"] + timedelta(days=rng.randint(14, 300)),
        "owner": "client", "resources": "",
        "status": rng.choice((GoalStatus.agreed.value, GoalStatus.in_progress.value)),
        "confidence": rng.randint(3, 9), "created_by_id": case.lead_id,
    }
    if level == GoalLevel.massnahme.value:
        row["responsible"] = rng.choice(RESPONSIBLE)
        row["responsible_name"] = rng.choice(("Träger", "Klient/in", "Fallmanagement", ""))
    return row


def _heavy_plan(rng, ctx, case):
    rows = []
    day = max(case.opened_on, ctx["today"] - timedelta(days=400))
    measures_left = HEAVY_GOALS - 2 - 4 - 8  # 16 measures under 8 action goals
    for i in range(2):
        leit = _goal(rng, ctx, case, GoalLevel.leitziel.value, None, i, LEIT[i], day)
        rows.append(leit)
        for j in range(2):
            rahmen = _goal(rng, ctx, case, GoalLevel.rahmenziel.value, leit["id"], j,
                           rng.choice(RAHMEN), day)
            rows.append(rahmen)
            for k in range(2):
                hand = _goal(rng, ctx, case, GoalLevel.handlungsziel.value, rahmen["id"], k,
                             rng.choice(HANDLUNG), day)
                rows.append(hand)
                for m in range(2):
                    if measures_left:
                        measures_left -= 1
                        rows.append(_goal(rng, ctx, case, GoalLevel.massnahme.value,
                                          hand["id"], m, rng.choice(MASSNAHME), day))
    return rows


def _small_plan(rng, ctx, case):
    day = case.opened_on
    leit = _goal(rng, ctx, case, GoalLevel.leitziel.value, None, 0, rng.choice(LEIT), day)
    hand = _goal(rng, ctx, case, GoalLevel.handlungsziel.value, leit["id"], 0,
                 rng.choice(HANDLUNG), day)
    measure = _goal(rng, ctx, case, GoalLevel.massnahme.value, hand["id"], 0,
                    rng.choice(MASSNAHME), day)
    return [leit, hand, measure]


def generate(conn, ctx: dict) -> None:
    rng = ctx_rng(ctx, "goals")
    heavy = set(ctx["heavy_cases"])
    cases = ctx["cases"]
    progress = ctx["progress"]
    progress.start("goals", len(cases))

    def rows():
        for k in cases:
            if k.id in heavy:
                yield from _heavy_plan(rng, ctx, k)
            elif k.closed_on is None and rng.random() < SMALL_PLAN_SHARE:
                yield from _small_plan(rng, ctx, k)
            progress.advance()

    ctx["counts"]["goal"] = insert_rows(conn, Goal.__table__, rows())
