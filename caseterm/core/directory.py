"""The service directory of the Sozialraum: categories, offerings, unmet needs, and the
directory file format. Pure: no UI, no database.

A directory file (data/services/*.json)::

    {"area": "Lindenau", "districts": […],
     "providers": [{"name": "…", "district": "…", "address": "…", "phone": "…",
                    "email": "…", "website": "…", "notes": "…",
                    "offerings": [{"title": "…", "category": "debt_counselling",
                                   "district": "…", "cost_bearer": "…",
                                   "languages": "Deutsch, Türkisch", "waiting_weeks": 6,
                                   "contact": "…", "notes": "…"}]}]}
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from caseterm.core.safe_text import normalize_input
from caseterm.core.validate import Errors, InputError
from caseterm.core.vocab import LABELS
from caseterm.i18n import N_, _


class Category(StrEnum):
    debt_counselling = "debt_counselling"
    addiction_counselling = "addiction_counselling"
    childcare = "childcare"
    housing_advice = "housing_advice"
    psychosocial_support = "psychosocial_support"
    educational_help = "educational_help"
    family_counselling = "family_counselling"
    language_course = "language_course"
    qualification = "qualification"
    employment = "employment"
    migration_counselling = "migration_counselling"
    health = "health"
    self_help = "self_help"
    volunteers = "volunteers"
    other = "other"


LABELS.update({
    Category: {
        "debt_counselling": N_("Debt counselling"),
        "addiction_counselling": N_("Addiction counselling"),
        "childcare": N_("Childcare"),
        "housing_advice": N_("Housing advice"),
        "psychosocial_support": N_("Psychosocial support"),
        "educational_help": N_("Educational help (§§ 27 ff. SGB VIII)"),
        "family_counselling": N_("Family and parenting counselling"),
        "language_course": N_("Language course"),
        "qualification": N_("Qualification"),
        "employment": N_("Employment and work"),
        "migration_counselling": N_("Migration counselling"),
        "health": N_("Health care"),
        "self_help": N_("Self-help group"),
        "volunteers": N_("Volunteers"),
        "other": N_("Other"),
    },
})

# Words under which a category is found, in German and English (whatever language is shown).
CATEGORY_TERMS: dict[Category, str] = {
    Category.debt_counselling: "schuldnerberatung schulden insolvenz debt counselling",
    Category.addiction_counselling: "suchtberatung sucht alkohol drogen addiction",
    Category.childcare: "kinderbetreuung kita tagespflege childcare",
    Category.housing_advice: "wohnungshilfe wohnberatung wohnungsnotfall räumung housing",
    Category.psychosocial_support: "psychosoziale beratung krise psychisch psychosocial",
    Category.educational_help: "hilfe zur erziehung hze sgb viii spfh erziehungsbeistand "
                               "educational help",
    Category.family_counselling: "erziehungsberatung familienberatung family counselling",
    Category.language_course: "sprachkurs integrationskurs deutschkurs language course",
    Category.qualification: "qualifizierung weiterbildung umschulung qualification training",
    Category.employment: "arbeit beschäftigung bewerbung employment job",
    Category.migration_counselling: "migrationsberatung mbe jmd migration",
    Category.health: "gesundheit arzt medizinisch health",
    Category.self_help: "selbsthilfe selbsthilfegruppe self-help",
    Category.volunteers: "ehrenamt ehrenamtliche patenschaft volunteers",
    Category.other: "sonstiges other",
}


@dataclass(frozen=True)
class ProviderInput:
    name: str
    district: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    notes: str = ""


@dataclass(frozen=True)
class OfferingInput:
    title: str
    category: Category
    provider_name: str
    district: str = ""
    cost_bearer: str = ""
    languages: str = ""
    waiting_weeks: int | None = None
    contact: str = ""
    notes: str = ""


def check_provider(raw: dict) -> ProviderInput:
    e = Errors()
    value = ProviderInput(
        name=e.text("name", raw.get("name"), required=True, maximum=200),
        district=e.text("district", raw.get("district"), maximum=120),
        address=e.text("address", raw.get("address"), maximum=300),
        phone=e.text("phone", raw.get("phone"), maximum=60),
        email=e.email("email", raw.get("email")),
        website=e.text("website", raw.get("website"), maximum=300),
        notes=e.text("notes", raw.get("notes"), maximum=2000),
    )
    e.raise_if_any()
    return value


def check_offering(raw: dict, provider_name: str | None = None) -> OfferingInput:
    """An offering needs a provider: `provider_name` (from the enclosing provider) or
    raw["provider"]."""
    e = Errors()
    provider = normalize_input(provider_name or raw.get("provider") or "")
    if not provider:
        e.add("provider", _("An offering needs a provider."))
    title = e.text("title", raw.get("title"), required=True, maximum=200)
    category = e.choice("category", raw.get("category"), Category)
    waiting = raw.get("waiting_weeks")
    weeks: int | None = None
    if waiting not in (None, ""):
        try:
            weeks = int(str(waiting))
            if not 0 <= weeks <= 260:
                raise ValueError
        except ValueError:
            e.add("waiting_weeks", _("Waiting time in weeks: a whole number from 0 to 260."))
            weeks = None
    value = OfferingInput(
        title=title, category=category or Category.other, provider_name=provider,
        district=e.text("district", raw.get("district"), maximum=120),
        cost_bearer=e.text("cost_bearer", raw.get("cost_bearer"), maximum=200),
        languages=e.text("languages", raw.get("languages"), maximum=200),
        waiting_weeks=weeks,
        contact=e.text("contact", raw.get("contact"), maximum=300),
        notes=e.text("notes", raw.get("notes"), maximum=2000),
    )
    e.raise_if_any()
    return value


def parse_directory(data: object) -> list[tuple[ProviderInput, list[OfferingInput]]]:
    """Check a whole directory file; raises InputError naming every bad entry."""
    if not isinstance(data, dict) or not isinstance(data.get("providers"), list):
        raise InputError({"file": _("A directory file holds {\"providers\": […]}.")})
    out: list[tuple[ProviderInput, list[OfferingInput]]] = []
    errors: dict[str, str] = {}
    for i, raw in enumerate(data["providers"]):
        try:
            provider = check_provider(raw if isinstance(raw, dict) else {})
        except InputError as exc:
            errors.update({f"providers[{i}].{k}": v for k, v in exc.errors.items()})
            continue
        offerings: list[OfferingInput] = []
        for j, off in enumerate(raw.get("offerings") or []):
            try:
                offerings.append(check_offering(off, provider.name))
            except InputError as exc:
                errors.update({f"providers[{i}].offerings[{j}].{k}": v
                               for k, v in exc.errors.items()})
        out.append((provider, offerings))
    for i, raw in enumerate(data.get("offerings") or []):
        # offerings listed outside a provider must name one that exists
        try:
            off = check_offering(raw)
        except InputError as exc:
            errors.update({f"offerings[{i}].{k}": v for k, v in exc.errors.items()})
            continue
        owner = next((p for p in out if p[0].name == off.provider_name), None)
        if owner is None:
            errors[f"offerings[{i}].provider"] = _("An offering needs a provider.")
        else:
            owner[1].append(off)
    if errors:
        raise InputError(errors)
    return out


def search_key(offering: OfferingInput, provider: ProviderInput) -> str:
    """What a search looks through: one lower-case line."""
    parts = [offering.title, provider.name, offering.category.value,
             CATEGORY_TERMS.get(offering.category, ""), offering.district, provider.district,
             offering.cost_bearer, offering.languages, offering.notes, offering.contact]
    return " ".join(normalize_input(p).casefold() for p in parts if p)


def search_terms(text: str) -> list[str]:
    return [w for w in normalize_input(text).casefold().split() if w]


@dataclass(frozen=True)
class UnmetNeedInput:
    domain_id: str
    need: str
    district: str = ""
    category: Category | None = None


def check_unmet_need(raw: dict, domain_ids: set[str]) -> UnmetNeedInput:
    e = Errors()
    did = str(raw.get("domain_id") or "")
    if did not in domain_ids:
        e.add("domain_id", _("Please choose the life domain."))
    need = e.text("need", raw.get("need"), required=True, maximum=2000)
    district = e.text("district", raw.get("district"), maximum=120)
    category = e.choice("category", raw.get("category"), Category, required=False)
    e.raise_if_any()
    return UnmetNeedInput(did, need, district, category)
