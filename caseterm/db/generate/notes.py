"""Generator, step 6: contact notes, about five per case, between opening and today.

The texts are composed from sentences a caseworker writes (Gesprächsvermerk): who was there,
what was discussed, what was agreed. The heavy cases (ctx["heavy_cases"]) get 200 notes,
spread over their years, so opening a long-running case can be measured.
"""

from __future__ import annotations

from datetime import timedelta

from caseterm.core.vocab import NoteKind
from caseterm.db.generate import ctx_rng, insert_rows, new_id, record
from caseterm.db.generate import weighted as pick
from caseterm.models.note import ContactNote

ORDER = 60
HEAVY_NOTES = 200

KINDS = (
    (NoteKind.conversation.value, 46), (NoteKind.phone.value, 24),
    (NoteKind.email.value, 10), (NoteKind.home_visit.value, 8),
    (NoteKind.letter.value, 7), (NoteKind.case_conference.value, 5),
)
COUNTS = ((1, 6), (2, 8), (3, 12), (4, 15), (5, 17), (6, 14), (7, 10), (8, 8), (9, 5),
          (10, 5))
OPENERS = {
    "conversation": ("{who} erscheint pünktlich zum vereinbarten Termin.",
                     "Gespräch mit {who} im Sozialrathaus.",
                     "{who} kommt ohne Termin, wirkt belastet.",
                     "Folgegespräch mit {who}."),
    "phone": ("{who} ruft an.", "Telefonat mit {who}.", "Rückruf bei {who}.",
              "Anruf von {who}, Verbindung schlecht."),
    "email": ("E-Mail von {who} erhalten.", "{who} schickt Unterlagen per E-Mail.",
              "E-Mail an {who} gesendet."),
    "home_visit": ("Hausbesuch bei {who}.", "Angekündigter Hausbesuch, {who} öffnet.",
                   "Hausbesuch gemeinsam mit der Familienhilfe."),
    "letter": ("Schreiben an {who} versandt.", "Brief von {who} eingegangen.",
               "Einladung zum Gespräch an {who} verschickt."),
    "case_conference": ("Fallkonferenz mit Schule und Träger.",
                        "Fallbesprechung im Team.", "Hilfeplangespräch mit allen Beteiligten."),
}
MIDDLES = (
    "Die Wohnungssuche bleibt schwierig, zwei Besichtigungen ohne Zusage.",
    "Bewerbungsunterlagen wurden gemeinsam überarbeitet.",
    "Die Mietschulden sind inzwischen zur Hälfte beglichen.",
    "Der Sprachkurs wird regelmäßig besucht, Prüfung B1 im Frühjahr.",
    "Der Kita-Platz ist zugesagt, Beginn nächsten Monat.",
    "Gesundheitliche Probleme stehen derzeit im Vordergrund.",
    "Die Schule meldet weniger Fehlzeiten als im letzten Halbjahr.",
    "Die Schuldnerberatung hat einen ersten Termin vergeben.",
    "Ein Minijob im Einzelhandel ist in Aussicht.",
    "Die Anerkennung des Berufsabschlusses ist beantragt.",
    "Der Weiterbewilligungsantrag ist vollständig.",
    "Es fehlen noch Kontoauszüge der letzten drei Monate.",
    "Die Familie wünscht weiterhin Unterstützung bei Behördengängen.",
    "Konflikte mit dem Vermieter haben sich entspannt.",
    "Die Tagesstruktur hat sich stabilisiert.",
    "Die Mutter berichtet von Erschöpfung; Entlastung wurde besprochen.",
    "Der Jugendliche nimmt an der Maßnahme teil, Rückmeldung des Trägers positiv.",
    "Dolmetscherin war anwesend, alle Punkte wurden übersetzt.",
    "Die Pflegestufe wurde neu beantragt.",
    "Die Ziele des Kooperationsplans wurden durchgesprochen.",
    "Stärken: gutes Netzwerk in der Nachbarschaft, hohe Motivation.",
    "Der Termin beim Facharzt steht noch aus.",
)
CLOSERS = (
    "Vereinbart: nächster Termin in zwei Wochen.",
    "Vereinbart: Unterlagen bis Monatsende nachreichen.",
    "Weiteres Vorgehen wie im Hilfeplan.", "Wiedervorlage angelegt.",
    "Kein weiterer Handlungsbedarf bis zum nächsten Gespräch.",
    "Rückmeldung an den Träger erfolgt.", "",
)
PARTICIPANTS = ("", "", "Klient/in", "Klient/in, Dolmetscher/in", "Mutter, Kind",
                "Eltern", "Klient/in, Betreuer/in", "Träger, Schule, Eltern",
                "Klient/in, Schuldnerberatung")


def generate(conn, ctx: dict) -> None:
    rng = ctx_rng(ctx, "notes")
    today = ctx["today"]
    cases = ctx["cases"]
    clients = ctx["clients"]
    heavy = set(ctx["heavy_cases"])
    progress = ctx["progress"]
    progress.start("contact notes", len(cases))

    def rows():
        for k in cases:
            c = clients[k.client]
            title = {"w": "Frau", "m": "Herr"}.get(c.gender)
            who = f"{title} {c.last_name}" if title else f"{c.first_name} {c.last_name}"
            n = HEAVY_NOTES if k.id in heavy else pick(rng, COUNTS)
            if k.closed_on is not None:
                n = max(1, n - 2)
            end = k.closed_on or today
            span = max(int((end - k.opened_on).days), 0)
            for _ in range(n):
                kind = pick(rng, KINDS)
                day = k.opened_on + timedelta(days=int(span * rng.random() ** 0.7))
                when = ctx["now"].replace(year=day.year, month=day.month, day=day.day,
                                          hour=8 + rng.randint(0, 9),
                                          minute=rng.randint(0, 59))
                parts = [rng.choice(OPENERS[kind]).format(who=who)]
                parts += rng.sample(MIDDLES, rng.randint(1, 3))
                parts.append(rng.choice(CLOSERS))
                author = k.deputy_id if (k.deputy_id and rng.random() < 0.12) else k.lead_id
                yield {
                    **record(new_id(rng), when), "case_id": k.id, "occurred_at": when,
                    "kind": kind, "participants": rng.choice(PARTICIPANTS),
                    "text": " ".join(p for p in parts if p), "author_id": author,
                }
            progress.advance()

    ctx["counts"]["contact_note"] = insert_rows(conn, ContactNote.__table__, rows())
