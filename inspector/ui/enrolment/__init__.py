"""The on-the-spot BRP registration screens: wizard, signature pad, enrolment list, list import.

Each screen's module is imported when it is first asked for (PEP 562): opening the list of
registrations does not load the wizard, and the wizard does not load the list import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector.ui.enrolment.importdialog import ImportResidentsDialog
    from inspector.ui.enrolment.listview import EnrolmentListModel, EnrolmentListWidget
    from inspector.ui.enrolment.signature import SignaturePad
    from inspector.ui.enrolment.wizard import EnrolmentWizard

__all__ = [
    "EnrolmentListModel",
    "EnrolmentListWidget",
    "EnrolmentWizard",
    "ImportResidentsDialog",
    "SignaturePad",
]


def __getattr__(name: str) -> Any:
    # Plain import statements (not names in a table), so that packagers find every module.
    module: Any
    if name in ("EnrolmentListModel", "EnrolmentListWidget"):
        from inspector.ui.enrolment import listview as module
    elif name == "EnrolmentWizard":
        from inspector.ui.enrolment import wizard as module
    elif name == "ImportResidentsDialog":
        from inspector.ui.enrolment import importdialog as module
    elif name == "SignaturePad":
        from inspector.ui.enrolment import signature as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(module, name)
