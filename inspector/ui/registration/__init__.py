"""The on-the-spot BRP registration screens: wizard, signature pad, registration list, list import.

Each screen's module is imported when it is first asked for (PEP 562): opening the list of
registrations does not load the wizard, and the wizard does not load the list import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector.ui.registration.importdialog import ImportResidentsDialog
    from inspector.ui.registration.listview import RegistrationListModel, RegistrationListWidget
    from inspector.ui.registration.signature import SignaturePad
    from inspector.ui.registration.wizard import RegistrationWizard

__all__ = [
    "RegistrationListModel",
    "RegistrationListWidget",
    "RegistrationWizard",
    "ImportResidentsDialog",
    "SignaturePad",
]


def __getattr__(name: str) -> Any:
    # Plain import statements (not names in a table), so that packagers find every module.
    module: Any
    if name in ("RegistrationListModel", "RegistrationListWidget"):
        from inspector.ui.registration import listview as module
    elif name == "RegistrationWizard":
        from inspector.ui.registration import wizard as module
    elif name == "ImportResidentsDialog":
        from inspector.ui.registration import importdialog as module
    elif name == "SignaturePad":
        from inspector.ui.registration import signature as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(module, name)
