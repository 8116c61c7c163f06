"""Generator, step 2: clients, in households, with German and international names.

Names come from Faker's locales in the mix of a West German city: about 58 % German
(de_DE), then Turkish, Arabic, Ukrainian, Polish, Russian, Romanian, Afghan, Italian,
Croatian, Albanian, Bulgarian, Vietnamese and Nigerian names. Names from other scripts are
mostly stored as an office would type them from the passport (transliterated), some in the
original script (Arabic, Cyrillic) to keep search and sorting honest.

A household (Bedarfsgemeinschaft, family) shares the address, the district (Sozialraum),
usually the last name and often the phone; its children are clients too (SGB VIII).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from faker import Faker

from caseterm.core import names as _names
from caseterm.core.names import fold, match_key
from caseterm.db.generate import ClientGen, at, ctx_rng, insert_rows, new_id, record, weighted
from caseterm.models.client import Client

ORDER = 20

DISTRICTS = (
    ("Nordstadt", "44135", 14), ("Altstadt", "44137", 8), ("Am Hafen", "44145", 11),
    ("Südviertel", "44139", 9), ("Ostend", "44141", 10), ("Westfeld", "44149", 7),
    ("Bahnhofsviertel", "44147", 9), ("Neue Heimat", "44143", 8), ("Kirchberg", "44227", 5),
    ("Auf der Heide", "44229", 6), ("Gartenstadt", "44225", 6), ("Lindenau-Land", "44289", 7),
)

_CYR_UK = {
    "а": "a", "б": "b", "в": "w", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "je",
    "ж": "sch", "з": "s", "и": "y", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ь": "", "ю": "ju",
    "я": "ja", "'": "", "’": "", "ы": "y", "э": "e", "ё": "jo", "ъ": "",
}
_CYR_RU = {**_CYR_UK, "г": "g", "и": "i", "е": "e"}
_CYR_BG = {**_CYR_RU, "ъ": "a", "щ": "scht"}


def translit(text: str, table: dict[str, str]) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        rep = table.get(low)
        if rep is None:
            out.append(ch)
        elif ch != low and rep:
            out.append(rep[0].upper() + rep[1:])
        else:
            out.append(rep)
    return "".join(out)


# Names as German offices write them from Syrian/Iraqi and Afghan passports.
ARABIC_TRANSLIT = {
    "m": ("Mohammed", "Mohamad", "Ahmad", "Mahmoud", "Omar", "Ali", "Hassan", "Hussein",
          "Khaled", "Youssef", "Ibrahim", "Mustafa", "Abdullah", "Rami", "Samer", "Bilal",
          "Tarek", "Karim", "Jamal", "Walid", "Hamza", "Anas", "Amir", "Fadi", "Ziad", "Yaman",
          "Osama", "Majd", "Firas", "Ayham"),
    "w": ("Fatima", "Aisha", "Mariam", "Nour", "Layla", "Rania", "Huda", "Amal", "Zainab",
          "Salma", "Yasmin", "Hiba", "Dima", "Lina", "Rasha", "Samira", "Nadia", "Reem",
          "Asmaa", "Ghada", "Rahaf", "Bushra", "Alaa", "Doaa", "Hanan", "Rouba"),
    "last": ("Al-Hassan", "Al-Ahmad", "Haddad", "Khalil", "Mansour", "Nasser", "Hamdan",
             "Saleh", "Youssef", "Ibrahim", "Al-Khatib", "Darwish", "Qasim", "Suleiman",
             "Abboud", "Othman", "Al-Ali", "Hamoud", "Shaker", "Aziz", "Jaber", "Barakat",
             "Haidar", "Kanaan", "Al-Masri", "Sabbagh", "Alhamad", "Al Mohammad", "Kurdi",
             "Hussein", "Ismail", "Khatib", "Sheikh Ali", "Abdulrahman"),
}
AFGHAN_TRANSLIT = {
    "m": ("Ahmad", "Mohammad", "Farid", "Jawad", "Habib", "Nasir", "Rahim", "Samiullah",
          "Zabihullah", "Mirwais", "Ajmal", "Hamid", "Wahid", "Sayed", "Ehsan", "Rohullah",
          "Naweed", "Shafiq"),
    "w": ("Fatima", "Zahra", "Maryam", "Farzana", "Shabnam", "Nargis", "Parwana", "Mursal",
          "Sadaf", "Hadia", "Freshta", "Nilofar", "Marzia", "Laila", "Sahar"),
    "last": ("Ahmadi", "Rahimi", "Hakimi", "Karimi", "Mohammadi", "Sultani", "Noori",
             "Hashimi", "Azizi", "Stanikzai", "Popal", "Wardak", "Safi", "Amiri", "Haidari",
             "Sadat", "Jafari", "Hussaini", "Rezaei", "Naseri"),
}

# key, weight, Faker locale (None: own list), languages, interpreter share
ORIGINS = (
    ("de", 58.0, "de_DE", ("Deutsch",), 0.0),
    ("tr", 8.0, "tr_TR", ("Türkisch, Deutsch", "Türkisch", "Deutsch, Türkisch",
                          "Kurdisch, Türkisch"), 0.12),
    ("ar", 8.0, "ar_SA", ("Arabisch", "Arabisch, Englisch", "Arabisch, Kurdisch",
                          "Arabisch, Deutsch (B1)"), 0.45),
    ("uk", 5.0, "uk_UA", ("Ukrainisch, Russisch", "Ukrainisch", "Ukrainisch, Englisch",
                          "Ukrainisch, Deutsch (A2)"), 0.5),
    ("pl", 5.0, "pl_PL", ("Polnisch, Deutsch", "Polnisch"), 0.15),
    ("ru", 3.0, "ru_RU", ("Russisch, Deutsch", "Russisch"), 0.2),
    ("ro", 3.0, "ro_RO", ("Rumänisch", "Rumänisch, Romanes", "Rumänisch, Deutsch"), 0.35),
    ("af", 2.5, None, ("Dari", "Paschtu", "Dari, Paschtu", "Dari, Deutsch (A2)"), 0.55),
    ("it", 2.0, "it_IT", ("Italienisch, Deutsch", "Deutsch"), 0.05),
    ("hr", 1.5, "hr_HR", ("Kroatisch, Deutsch", "Bosnisch, Deutsch"), 0.05),
    ("sq", 1.5, "sq_AL", ("Albanisch", "Albanisch, Deutsch"), 0.25),
    ("bg", 1.5, "bg_BG", ("Bulgarisch", "Bulgarisch, Türkisch"), 0.4),
    ("vi", 0.5, "vi_VN", ("Vietnamesisch, Deutsch", "Vietnamesisch"), 0.3),
    ("ng", 0.5, "en_NG", ("Englisch", "Englisch, Yoruba", "Englisch, Igbo"), 0.05),
)
# Share of names kept in the original script (the rest transliterated).
ORIGINAL_SCRIPT = {"ar": 0.15, "uk": 0.12, "ru": 0.1, "bg": 0.1}
TRANSLIT_TABLE = {"uk": _CYR_UK, "ru": _CYR_RU, "bg": _CYR_BG}
HOUSEHOLD_SIZE = ((1, 50), (2, 22), (3, 13), (4, 9), (5, 4), (6, 2))
MOBILE = ("0151", "0152", "0157", "0160", "0162", "0170", "0171", "0172", "0173", "0175",
          "0176", "0177", "0178", "0179", "0159", "0163")
MAIL = ("gmx.de", "web.de", "t-online.de", "gmail.com", "outlook.de", "yahoo.de", "icloud.com")


class NameSource:
    """Names of one origin: a seeded Faker, maybe transliterated, or a fixed list."""

    def __init__(self, key: str, locale: str | None, rng: random.Random) -> None:
        self.key = key
        self.rng = rng
        self.fake: Faker | None = None
        if locale:
            self.fake = Faker(locale)
            self.fake.seed_instance(rng.getrandbits(32))

    def _fake_name(self, gender: str) -> tuple[str, str]:
        f = self.fake
        assert f is not None
        first = f.first_name_female() if gender == "w" else f.first_name_male()
        last = (f.last_name_female() if gender == "w" and hasattr(f, "last_name_female")
                else f.last_name())
        return first, last

    def name(self, gender: str, last: str | None = None) -> tuple[str, str]:
        g = "w" if gender == "w" else "m"
        if self.key in ("ar", "af"):
            pool = AFGHAN_TRANSLIT if self.key == "af" else ARABIC_TRANSLIT
            if self.key == "ar" and self.rng.random() < ORIGINAL_SCRIPT["ar"]:
                first, own_last = self._fake_name(g)
            else:
                first, own_last = self.rng.choice(pool[g]), self.rng.choice(pool["last"])
            return first, last or own_last
        first, own_last = self._fake_name(g)
        table = TRANSLIT_TABLE.get(self.key)
        if table and self.rng.random() >= ORIGINAL_SCRIPT.get(self.key, 0.0):
            first, own_last = translit(first, table), translit(own_last, table)
        return first, last or own_last


# Phonetic key for duplicate search, where this build has it (intake).
_phonetic = getattr(_names, "phonetic_key", None)


def _birth(rng: random.Random, today: date, lo: int, hi: int) -> date:
    days = rng.randint(lo * 365, hi * 365 + 364)
    return max(today - timedelta(days=days), date(1925, 1, 1))


def _phone(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.68:
        return f"{rng.choice(MOBILE)} {rng.randint(1000000, 99999999)}"
    if r < 0.85:
        return f"0231 {rng.randint(100000, 9999999)}"
    return ""


def _email(rng: random.Random, first: str, last: str) -> str:
    if rng.random() > 0.35:
        return ""
    f = fold(first).replace(" ", "").encode("ascii", "ignore").decode()
    la = fold(last).replace(" ", "").encode("ascii", "ignore").decode()
    if not f or not la:
        return ""
    sep = rng.choice((".", "", "_", "."))
    num = str(rng.randint(1, 99)) if rng.random() < 0.4 else ""
    return f"{f}{sep}{la}{num}@{rng.choice(MAIL)}"[:200]


def generate(conn, ctx: dict) -> None:
    rng = ctx_rng(ctx, "clients")
    today: date = ctx["today"]
    n: int = ctx["n_clients"]
    sources = {key: NameSource(key, locale, random.Random(rng.getrandbits(64)))
               for key, _w, locale, _l, _i in ORIGINS}
    origin_table = [((key, langs, interp), w) for key, w, _loc, langs, interp in ORIGINS]
    street = Faker("de_DE")
    street.seed_instance(rng.getrandbits(32))
    district_table = [((name, plz), w) for name, plz, w in DISTRICTS]
    progress = ctx["progress"]
    progress.start("clients", n)
    clients: list[ClientGen] = ctx["clients"]
    start = len(clients)

    def rows():
        household = 0
        while len(clients) - start < n:
            household += 1
            size = min(weighted(rng, HOUSEHOLD_SIZE), n - (len(clients) - start))
            key, langs, interp = weighted(rng, origin_table)
            src = sources[key]
            district, plz = weighted(rng, district_table)
            address = f"{street.street_name()} {rng.randint(1, 140)}"
            if rng.random() < 0.08:
                address += rng.choice(("a", "b", " / 2. OG", " bei " + src.name("m")[1]))
            address = f"{address}, {plz} Lindenau"
            phone = _phone(rng)
            active = rng.random() < 0.8
            if active:
                contact = today - timedelta(days=min(int(rng.expovariate(1 / 420)), 2000))
            else:
                contact = today - timedelta(days=rng.randint(240, 3200))
            head_age = weighted(rng, (((18, 25), 16), ((26, 40), 34), ((41, 64), 36),
                                      ((65, 90), 14)))
            family_name = None
            for i in range(size):
                r = rng.random()
                if i == 0:
                    gender = "w" if r < 0.55 else ("m" if r < 0.997 else "d")
                    birth = _birth(rng, today, *head_age)
                elif i == 1 and size > 2 and rng.random() < 0.6 and head_age[0] < 65:
                    gender = "m" if clients[-1].gender == "w" else "w"
                    birth = _birth(rng, today, max(18, head_age[0] - 3), head_age[1] + 3)
                else:
                    gender = "w" if r < 0.49 else ("m" if r < 0.997 else "d")
                    birth = _birth(rng, today, 0, 17 if head_age[0] < 41 else 24)
                keep_family = i > 0 and rng.random() < 0.9
                first, last = src.name(gender, family_name if keep_family else None)
                if i == 0:
                    family_name = last
                first, last = first[:100] or "N.", last[:100] or "N."
                member_contact = min(today, contact + timedelta(days=rng.randint(0, 40)))
                if rng.random() < 0.01:
                    birth_date = None  # not known yet (e.g. unaccompanied minor's papers)
                else:
                    birth_date = birth
                c = ClientGen(new_id(rng), first, last, birth_date, gender,
                              key != "de", household, member_contact, active)
                clients.append(c)
                created = at(member_contact, 8 + rng.randint(0, 8), rng.randint(0, 59))
                yield {
                    **record(c.id, created), "first_name": first, "last_name": last,
                    "name_key": match_key(first, last)[:220], "birth_date": birth_date,
                    **({"phonetic_key": _phonetic(first, last)} if _phonetic else {}),
                    "gender": gender, "languages": rng.choice(langs),
                    "interpreter_needed": rng.random() < interp,
                    "phone": phone if i == 0 or rng.random() < 0.5 else _phone(rng),
                    "email": _email(rng, first, last) if (today - birth).days > 16 * 365 else "",
                    "address": address, "district": district,
                }
            progress.advance(size)

    ctx["counts"]["client"] = insert_rows(conn, Client.__table__, rows())
