"""ImportResidentsDialog: the employer's list for a group registration, picked and reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.core import enrolments as en
from inspector.core.workspace import Workspace, WorkspaceError

LIST_FILTER = "Lists (*.xlsx *.csv *.txt);;All files (*)"


def choose_list_file(parent: QWidget, title: str) -> str:
    """The list chosen by the officer ('' when cancelled); tests replace this."""
    path, _selected = QFileDialog.getOpenFileName(parent, title, "", LIST_FILTER)
    return path


class ImportResidentsDialog(QDialog):
    """Choose the employer's list (.xlsx or CSV), import it, read the report.

    Signals:
        imported(int): the number of residents created (0 included), after each import.
    """

    imported = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: str,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_residents")
        self.setWindowTitle(self.tr("Import the employer's list"))
        self.ws = workspace
        self.inspection_id = inspection_id
        self.today = today
        self.report: en.ImportReport | None = None
        intro = QLabel(
            self.tr("Columns: surname, given names, date of arrival, date of birth, place of "
                    "birth, country, BSN, room number. Excel (.xlsx) or CSV. People already "
                    "imported are skipped.")
        )  # fmt: skip
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setObjectName("path")
        self.path.setPlaceholderText(self.tr("The list file"))
        browse = QPushButton(self.tr("&Choose…"))
        browse.clicked.connect(self.browse)
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setObjectName("import")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.run_import)
        self.path.textChanged.connect(
            lambda text: self.import_button.setEnabled(bool(text.strip()))
        )
        self.import_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(self.import_button)
        self.output = QPlainTextEdit()
        self.output.setObjectName("report")
        self.output.setReadOnly(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.output.setFont(mono)
        close = QPushButton(self.tr("C&lose"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.output, 1)
        layout.addLayout(bottom)
        self.resize(760, 480)

    def browse(self) -> None:
        path = choose_list_file(self, self.tr("Choose the employer's list"))
        if path:
            self.path.setText(path)

    def run_import(self) -> None:
        text = self.path.text().strip()
        if not text:
            return
        lang = "en" if self.ws.settings.interface_language == "en" else "nl"
        try:
            self.report = en.import_residents(
                self.ws, self.inspection_id, Path(text), today=self.today
            )
        except en.ImportFailed as exc:
            self.report = None
            self.output.setPlainText(
                self.tr("The list cannot be imported: {0} Nothing was imported.").format(
                    exc.message.text(lang)
                )
            )
            return
        except WorkspaceError as exc:
            self.output.setPlainText(str(exc))
            return
        self.output.setPlainText("\n".join(en.report_lines(self.report, lang)))
        self.imported.emit(len(self.report.created))
