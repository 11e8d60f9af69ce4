"""The on-the-spot BRP registration screens: wizard, signature pad, enrolment list, list import."""

from __future__ import annotations

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
