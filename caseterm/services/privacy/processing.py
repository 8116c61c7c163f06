"""The record of processing activities (Art. 30 DSGVO)."""

from __future__ import annotations

from caseterm.core import clock
from caseterm.core import retention as sched
from caseterm.core.access import PrivacyAct
from caseterm.core.register import DATA_CATEGORIES, MEASURES, SUBJECTS, purpose
from caseterm.db.repo import privacy as repo
from caseterm.i18n import _
from caseterm.services.door import Ctx, record
from caseterm.services.privacy.gate import _allow

# -- record of processing (Art. 30) ---------------------------------------------------------

def register(ctx: Ctx) -> dict:
    _allow(ctx, PrivacyAct.register)
    f = repo.register_facts(ctx.db)
    rules_ = sched.load_rules()
    activities = []
    for area, count in sorted(f.cases_by_area.items()):
        text, basis = purpose(area)
        rule = sched.rule_for(rules_, area)
        activities.append({
            "legal_area": area, "cases": count, "purpose": text, "legal_basis": basis,
            "deletion": (f"{rule.years} {_('years')} / {rule.trigger.value} / "
                         f"{rule.action.value}: {rule.basis}") if rule else ""})
    out = {
        "kind": "record_of_processing", "law": "Art. 30 (1) GDPR",
        "made_on": clock.today().isoformat(),
        "controller": [{"office": o, "land": land} for o, land in f.offices if o],
        "data_protection_officers": f.dpos, "staff_by_role": f.roles,
        "activities": activities,
        "data_subjects": [_(s) for s in SUBJECTS],
        "data_categories": [_(c) for c in DATA_CATEGORIES],
        "recipients": [_("service providers of the directory ({n}), only with consent or "
                         "legal basis").format(n=f.providers),
                       _("other social agencies (§ 69 SGB X), family court (§ 8a SGB VIII)")],
        "third_countries": _("none"),
        "measures": [_(m) for m in MEASURES],
        "database": f.database, "restricted_cases": f.restricted, "cases_on_hold": f.held,
    }
    record(ctx, "export", "privacy_register", "", None, {"activities": len(activities)})
    return out
