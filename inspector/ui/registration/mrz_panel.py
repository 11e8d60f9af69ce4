"""The identity document's machine readable zone on the document step: where the officer types
or pastes it, its check digits, the differences with what was entered, and what it says."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.core import registrations as en
from inspector.documents.mrz import RULE_ICAO, RULE_TEXTS, Mismatch, MrzResult
from inspector.registration_form import fields as reg
from inspector.ui import style
from inspector.ui.i18n import translate_in_classes

MISMATCH_FIELDS = {
    "surname": (QT_TRANSLATE_NOOP("RegistrationWizard", "Surname"), reg.SURNAME),
    "given_names": (QT_TRANSLATE_NOOP("RegistrationWizard", "Given names"), reg.GIVEN_NAMES),
    "document_number": (
        QT_TRANSLATE_NOOP("RegistrationWizard", "Document number"),
        reg.DOCUMENT_NUMBER,
    ),
    "birth_date": (QT_TRANSLATE_NOOP("RegistrationWizard", "Date of birth"), reg.BIRTH_DATE),
    "expiry_date": (QT_TRANSLATE_NOOP("RegistrationWizard", "Valid until"), reg.DOCUMENT_EXPIRY),
    "sex": (QT_TRANSLATE_NOOP("RegistrationWizard", "Sex"), reg.SEX),
    "nationality": (QT_TRANSLATE_NOOP("RegistrationWizard", "Nationality"), reg.NATIONALITIES),
    "issuing_country": (
        QT_TRANSLATE_NOOP("RegistrationWizard", "Issuing country"),
        reg.DOCUMENT_COUNTRY,
    ),
}
#: The MRZ's check digits as the status line names them.
CHECK_NAMES = {
    "document_number": QT_TRANSLATE_NOOP("RegistrationWizard", "document number"),
    "birth_date": QT_TRANSLATE_NOOP("RegistrationWizard", "date of birth"),
    "expiry_date": QT_TRANSLATE_NOOP("RegistrationWizard", "expiry date"),
    "optional_data": QT_TRANSLATE_NOOP("RegistrationWizard", "optional data"),
    "composite": QT_TRANSLATE_NOOP("RegistrationWizard", "all together (composite)"),
}


class MrzPanel(QGroupBox):
    """The MRZ box (text, "fill empty fields", check-digit status, differences and their
    acceptance) and :attr:`read`, a label the page puts beside the scans with what the MRZ
    says. :meth:`show_check` shows one document check; the page owns the check itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Machine readable zone (MRZ)"))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("mrz")
        self.edit.setFont(mono)
        self.edit.setTabChangesFocus(True)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)
        self.edit.setPlaceholderText(
            self.tr("Type or paste the 2 or 3 lines at the bottom of the document (optional)")
        )
        self.fill = QPushButton(self.tr("Fill &empty fields from the MRZ"))
        self.fill.setObjectName("mrz_fill")
        self.fill.setEnabled(False)
        self.status = QLabel()
        self.status.setObjectName("mrz_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.mismatch_table = QTableWidget(0, 3)
        self.mismatch_table.setObjectName("mismatches")
        self.mismatch_table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("In the MRZ"), self.tr("Entered")]
        )
        self.mismatch_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mismatch_table.verticalHeader().hide()
        self.mismatch_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mismatch_table.hide()
        self.accept_mismatches = QCheckBox(
            self.tr("The differences are explained (e.g. another spelling of the name)")
        )
        self.accept_mismatches.setObjectName("accept_mismatches")
        self.accept_mismatches.hide()
        layout = QVBoxLayout(self)
        # What appears while typing (status, differences) comes last, so nothing the officer
        # is about to click moves; the status keeps two lines of room.
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2)
        layout.addWidget(self.edit)
        layout.addWidget(self.fill, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        layout.addWidget(self.mismatch_table)
        layout.addWidget(self.accept_mismatches)

        # What the MRZ says, beside the scans: the officer compares it with the document,
        # because matching check digits do not prove that the characters were read right.
        self.read = QLabel()
        self.read.setObjectName("mrz_read")
        self.read.setTextFormat(Qt.TextFormat.RichText)
        self.read.setWordWrap(True)
        self.read.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.read.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read.setToolTip(
            self.tr("Matching check digits only show that the characters agree with each "
                    "other, not that they were read right.")
        )  # fmt: skip

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """Plural texts too (see :func:`inspector.ui.i18n.translate_in_classes`)."""
        return translate_in_classes(type(self), text, disambiguation, n)

    def set_read_only(self, locked: bool) -> None:
        self.edit.setReadOnly(locked)
        self.accept_mismatches.setEnabled(not locked)

    def show_check(self, check: en.DocumentCheckResult, lang: str, *, can_fill: bool) -> None:
        """The status of the check digits, the differences with what was entered, and what the
        MRZ says; *lang* is the officer's language (nl or en) for the core's messages."""
        self.fill.setEnabled(check.mrz is not None and can_fill)
        if check.mrz_error is not None:
            error = check.mrz_error.text(lang)
            self.status.setText(style.span(f"✗ {error}", style.ERROR))
        elif check.mrz is not None:
            parts = []
            for c in check.mrz.checks:
                name = QCoreApplication.translate(
                    "RegistrationWizard", str(CHECK_NAMES.get(c.name, c.name.replace("_", " ")))
                )
                if c.ok:
                    rule = ""
                    if c.rule != RULE_ICAO:
                        rule = f" ({html.escape(RULE_TEXTS[c.rule].text(lang))})"
                    parts.append(style.span(f"✓ {name}{rule}", style.OK_TEXT))
                else:
                    why = self.tr("check digit {0}, should be {1}").format(c.found, c.expected)
                    parts.append(style.span(f"<b>✗ {name}</b> ({why})", style.ERROR))
            head = self.tr("{0} document, check digits:").format(check.mrz.format)
            lines = [head + " " + " · ".join(parts)]
            for problem in [*([check.refusal] if check.refusal else []), *check.mrz.problems]:
                text = html.escape(problem.text(lang))
                lines.append(style.span(f"✗ {text}", style.ERROR, bold=True))
            self.status.setText("<br>".join(lines))
        else:
            self.status.setText(
                style.span(
                    self.tr("No MRZ entered: the check digits are not checked."), style.UNKNOWN
                )
            )
        self._show_read(check.mrz)
        self._show_mismatches(check.mismatches)

    def _show_mismatches(self, mismatches: list[Mismatch]) -> None:
        self.mismatch_table.setRowCount(len(mismatches))
        for row, m in enumerate(mismatches):
            label = MISMATCH_FIELDS.get(m.field, (m.field, m.field))[0]
            for col, value in enumerate(
                (
                    QCoreApplication.translate("RegistrationWizard", str(label)),
                    m.mrz_value,
                    m.entered_value,
                )
            ):
                item = QTableWidgetItem(value)
                if col:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.mismatch_table.setItem(row, col, item)
        self.mismatch_table.setFixedHeight(
            self.mismatch_table.horizontalHeader().height()
            + sum(self.mismatch_table.rowHeight(r) for r in range(len(mismatches)))
            + 4
        )
        self.mismatch_table.setVisible(bool(mismatches))
        self.accept_mismatches.setVisible(bool(mismatches))
        if mismatches:
            self.status.setText(
                self.status.text()
                + "<br>"
                + style.span(
                    self.tr("The MRZ differs from what was entered in %n field(s):", "",
                            len(mismatches)),
                    style.ERROR, bold=True,
                )
            )  # fmt: skip

    def _show_read(self, mrz: MrzResult | None) -> None:
        """The values read from the MRZ, beside the scans, for the officer to compare."""
        if mrz is None:
            self.read.clear()
            return

        def day(value: dt.date | None) -> str:
            return value.strftime("%d-%m-%Y") if value else "?"

        rows = [
            (self.tr("Surname"), mrz.surname),
            (self.tr("Given names"), mrz.given_names),
            (self.tr("Document number"), mrz.document_number),
            (self.tr("Nationality"), mrz.nationality),
            (self.tr("Date of birth"), day(mrz.birth_date)),
            (self.tr("Sex"), mrz.sex.replace("<", "X")),
            (self.tr("Valid until"), day(mrz.expiry_date)),
        ]
        body = "".join(
            f"<tr><td>{html.escape(label)}:&nbsp;</td>"
            f"<td><b>{html.escape(value or '-')}</b></td></tr>"
            for label, value in rows
        )
        self.read.setText(
            "<b>{}</b><table>{}</table>".format(
                self.tr("Read from the MRZ: compare with the document"), body
            )
        )
