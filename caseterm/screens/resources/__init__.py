"""Resource mapping (one module for the screen and one per group of dialogs).

The names used elsewhere are re-exported here, so `caseterm.screens.resources:ResourcesScreen`
and `from caseterm.screens.resources import OfferingDialog` keep working."""

from caseterm.screens.resources.compare_dialog import NetworkCompareDialog
from caseterm.screens.resources.offering_dialogs import (
    OfferingDialog,
    UnmetNeedDialog,
    offering_cells,
    offering_columns,
    offering_detail,
)
from caseterm.screens.resources.person_dialogs import (
    PersonDialog,
    ResourceDialog,
    ResourceListDialog,
    TieDialog,
)
from caseterm.screens.resources.screen import ResourcesScreen, person_text

__all__ = [
    "NetworkCompareDialog", "OfferingDialog", "PersonDialog", "ResourceDialog",
    "ResourceListDialog", "ResourcesScreen", "TieDialog", "UnmetNeedDialog", "offering_cells",
    "offering_columns", "offering_detail", "person_text",
]
