"""ImportResidentsDialog: the employer's list for a group registration, read, checked, imported.

The officer picks the file; the dialog reads it at once and shows how: the sheet (chosen when
a workbook has more than one list), each column of the file and what it is read as (to
correct), the columns not used, the date order where the dates leave it open, the hidden rows.
The columns it names come from :data:`importlist.COLUMNS`, the list the importer reads.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector import localtime
from inspector.core import registrations as en
from inspector.core.ids import InspectionId
from inspector.core.workspace import Workspace, WorkspaceError
from inspector.employer_list import importlist
from inspector.ui import style
from inspector.ui.operations import Operation, TextProgress, error_text, show_failure


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


LIST_FILTER = "Lists (*.xlsx *.ods *.csv *.txt);;All files (*)"


def choose_list_file(parent: QWidget, title: str, ws: Workspace) -> str:
    """The list chosen by the officer ('' when cancelled), starting in the Documents folder,
    then where the last list came from; tests replace this."""
    from inspector.ui.saving import ask_document_path

    return ask_document_path(parent, ws, title, LIST_FILTER)


class ImportResidentsDialog(QDialog):
    """Choose the employer's list, see how it is read (and correct it), import, read the report.

    The import itself runs in the background (the writer lane); closing waits for it.

    Signals:
        imported(int): the number of residents created (0 included), after each import.
        import_done(): an import ended, imported or not.
    """

    imported = Signal(int)
    #: An import ended (imported or refused: the report or the reason shows).
    import_done = Signal()

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: InspectionId,
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
        self.lang = "en" if self.ws.settings.interface_language == "en" else "nl"
        self.report: en.ImportReport | None = None
        self.preview: importlist.ImportResult | None = None
        self._importing: Operation[en.ImportReport] | None = None
        self._previewed_path = ""
        self._filling = False
        names = ", ".join(
            importlist.column_label(spec.column, self.lang) + (" *" if spec.required else "")
            for spec in importlist.COLUMNS
        )
        self.intro = QLabel(
            self.tr("Columns: {0} (* required; Dutch, English or Polish headers). Excel "
                    "(.xlsx), LibreOffice (.ods), CSV or Unicode text. People already "
                    "imported are skipped.").format(names)
        )  # fmt: skip
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setObjectName("path")
        self.path.setPlaceholderText(self.tr("The list file"))
        self.path.editingFinished.connect(self._path_edited)
        browse = self.browse_button = QPushButton(self.tr("&Choose…"))
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

        # How the list is read: sheet, columns, date orders, hidden rows.
        self.sheet_box = QComboBox()
        self.sheet_box.setObjectName("sheet")
        self.sheet_box.currentIndexChanged.connect(lambda _i: self._sheet_changed())
        self.mapping = QTableWidget(0, 3)
        self.mapping.setObjectName("mapping")
        self.mapping.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("Header in the file"), self.tr("Read as")]
        )
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        self.mapping.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mapping_boxes: dict[int, QComboBox] = {}
        self.date_boxes: dict[importlist.Column, QComboBox] = {}
        self.date_form = QFormLayout()
        self.include_hidden = QCheckBox()
        self.include_hidden.setObjectName("include_hidden")
        self.include_hidden.toggled.connect(lambda _on: self._options_changed())
        self.preview_label = QLabel()
        self.preview_label.setObjectName("preview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.RichText)
        self.options = QWidget()
        options = QVBoxLayout(self.options)
        options.setContentsMargins(0, 0, 0, 0)
        sheet_row = QFormLayout()
        self.sheet_label = QLabel(self.tr("Sheet:"))
        sheet_row.addRow(self.sheet_label, self.sheet_box)
        options.addLayout(sheet_row)
        options.addWidget(self.mapping, 1)
        options.addLayout(self.date_form)
        options.addWidget(self.include_hidden)
        options.addWidget(self.preview_label)
        self.options.hide()

        self.output = QPlainTextEdit()
        self.output.setObjectName("report")
        self.output.setReadOnly(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.output.setFont(mono)
        close = QPushButton(self.tr("C&lose"))
        close.clicked.connect(self.accept)
        # Next step of the Peel en Maas practice: invite the listed residents (12.6).
        self.invitations_button = QPushButton(self.tr("Make &invitations…"))
        self.invitations_button.setObjectName("invitations")
        self.invitations_button.setToolTip(
            self.tr("Invitations to register on location: one letter per resident of the list, "
                    "in their language.")
        )  # fmt: skip
        self.invitations_button.setEnabled(self._has_listed())
        self.invitations_button.clicked.connect(self.open_invitations)
        bottom = QHBoxLayout()
        bottom.addWidget(self.invitations_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.options, 3)
        layout.addWidget(self.output, 2)
        layout.addLayout(bottom)
        self.resize(880, 640)

    # -- reading the list ---------------------------------------------------------------------

    def browse(self) -> None:
        path = choose_list_file(self, self.tr("Choose the employer's list"), self.ws)
        if path:
            self.path.setText(path)
            self.read_preview()

    def _path_edited(self) -> None:
        if self.path.text().strip() != self._previewed_path:
            self.read_preview()

    def current_options(self) -> importlist.ListOptions:
        """The officer's choices as shown in the dialog."""
        sheet = self.sheet_box.currentData() if self.sheet_box.count() else None
        mapping = {position: box.currentData() for position, box in self.mapping_boxes.items()}
        orders = {
            column: box.currentData()
            for column, box in self.date_boxes.items()
            if box.currentData() is not None
        }
        return importlist.ListOptions(
            sheet=sheet,
            mapping=mapping or None,
            date_orders=orders or None,
            include_hidden=self.include_hidden.isChecked(),
        )

    def read_preview(self, *, keep_choices: bool = False) -> None:
        """Read the file (nothing is imported) and show how it is read."""
        text = self.path.text().strip()
        self._previewed_path = text
        if not text:
            return
        options = self.current_options() if keep_choices else importlist.ListOptions()
        if self.report is None:
            self.output.clear()  # a "choose first" from before no longer holds
        try:
            self.preview = importlist.read_list(
                Path(text), today=self.today or localtime.today(), options=options
            )
        except importlist.FileError as exc:
            self.preview = None
            self.options.show()
            self._show_refusal(exc.message.text(self.lang))
            return
        self._fill(self.preview, options)

    def _options_changed(self) -> None:
        if not self._filling:
            self.read_preview(keep_choices=True)

    def _sheet_changed(self) -> None:
        """Another sheet has other columns: its mapping and date orders start afresh."""
        if self._filling:
            return
        self.mapping_boxes.clear()
        self._clear_dates()
        self.read_preview(keep_choices=True)

    def _show_refusal(self, reason: str) -> None:
        self._filling = True
        self.mapping.setRowCount(0)
        self.mapping_boxes.clear()
        self._clear_dates()
        self.include_hidden.hide()
        self.sheet_box.clear()
        self.sheet_box.hide()
        self.sheet_label.hide()
        self.preview_label.setText(
            style.span(
                _escape(self.tr("The list cannot be imported: {0}").format(reason)), style.ERROR
            )
        )
        self._filling = False

    def _clear_dates(self) -> None:
        # takeRow and deleteLater, not removeRow: removeRow deletes the row's widgets at once,
        # and the date box whose change led here is still sending its signal (a use after
        # free: the test run crashed now and then at exactly this change).
        while self.date_form.rowCount():
            row = self.date_form.takeRow(0)
            for item in (row.labelItem, row.fieldItem):
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
        self.date_boxes.clear()

    def _fill(self, result: importlist.ImportResult, options: importlist.ListOptions) -> None:
        self._filling = True
        self.options.show()
        # Sheets: shown when the file is a workbook with more than one.
        chosen = options.sheet or result.sheet
        self.sheet_box.clear()
        for info in result.sheets:
            label = info.name
            if info.hidden:
                label += " " + self.tr("(hidden)")
            if not info.has_list:
                label += " " + self.tr("(no list)")
            self.sheet_box.addItem(label, info.name)
        many = len(result.sheets) > 1
        if many and not result.choices_needed or options.sheet:
            self.sheet_box.setCurrentIndex(max(0, self.sheet_box.findData(chosen)))
        elif many:
            self.sheet_box.insertItem(0, self.tr("Choose the sheet…"), None)
            self.sheet_box.setCurrentIndex(0)
        self.sheet_box.setVisible(many)
        self.sheet_label.setVisible(many)
        # Columns: every column of the file with what it is read as.
        by_position = {position: column for column, position in result.mapping.items()}
        positions = sorted({*by_position, *(p for p, _n in result.unused_columns)})
        self.mapping.setRowCount(len(positions))
        self.mapping_boxes.clear()
        for row, position in enumerate(positions):
            name = result.headers[position] if position < len(result.headers) else ""
            self.mapping.setItem(row, 0, QTableWidgetItem(importlist.column_letter(position)))
            self.mapping.setItem(row, 1, QTableWidgetItem(name))
            box = QComboBox()
            box.setObjectName(f"map_{position}")
            box.addItem(self.tr("— not used —"), None)
            for spec in importlist.COLUMNS:
                box.addItem(importlist.column_label(spec.column, self.lang), spec.column)
            box.setCurrentIndex(max(0, box.findData(by_position.get(position))))
            box.currentIndexChanged.connect(lambda _i: self._options_changed())
            self.mapping.setCellWidget(row, 2, box)
            self.mapping_boxes[position] = box
        # Date orders: asked where the dates read both ways.
        given = options.date_orders if isinstance(options.date_orders, dict) else {}
        self._clear_dates()
        asked = {m.code.removeprefix("choose_date_order_") for m in result.choices_needed}
        for decided in result.date_columns:
            if decided.column not in asked and decided.column not in given:
                continue
            box = QComboBox()
            box.setObjectName(f"date_order_{decided.column}")
            box.addItem(self.tr("Choose…"), None)
            box.addItem(self.tr("day-month-year"), "dmy")
            box.addItem(self.tr("month-day-year"), "mdy")
            box.setCurrentIndex(max(0, box.findData(given.get(decided.column))))
            box.currentIndexChanged.connect(lambda _i: self._options_changed())
            label = self.tr("Dates in '{0}' ({1}):").format(
                importlist.column_label(decided.column, self.lang), ", ".join(decided.examples)
            )
            self.date_form.addRow(label, box)
            self.date_boxes[decided.column] = box
        # Hidden rows: named, imported only when asked.
        if result.hidden_rows:
            self.include_hidden.setText(
                self.tr("Also import the hidden rows ({0})").format(
                    ", ".join(str(n) for n in result.hidden_rows)
                )
            )
        self.include_hidden.setVisible(bool(result.hidden_rows))
        lines = []
        if result.choices_needed:
            lines += [
                style.span(_escape(m.text(self.lang)), style.ERROR, bold=True)
                for m in result.choices_needed
            ]
        else:
            lines.append(_escape(result.summary().text(self.lang)))
        lines += [
            _escape(w.text(self.lang))
            for w in result.warnings
            if w.code in ("unused_columns", "not_utf8") or w.code.startswith("date_order")
        ]
        self.preview_label.setText("<br>".join(lines))
        self._filling = False

    # -- importing ----------------------------------------------------------------------------

    def run_import(self) -> None:
        text = self.path.text().strip()
        if not text:
            return
        if text != self._previewed_path:
            self.read_preview()
        if self.preview is not None and self.preview.choices_needed:
            self.output.setPlainText(
                self.tr("Choose first: {0} Nothing was imported.").format(
                    " ".join(m.text(self.lang) for m in self.preview.choices_needed)
                )
            )
            return
        options = self.current_options() if self.preview is not None else None
        ws, inspection_id, today = self.ws, self.inspection_id, self.today
        self.import_button.setEnabled(False)
        self.output.clear()
        # Reading, checking and storing a list of hundreds takes a while: on the writer lane,
        # the report when it is done.
        self._importing = Operation(
            lambda: ws.registrations.import_residents(
                inspection_id, Path(text), today=today, options=options
            ),
            writes=True,
            parent=self,
            label=self.tr("Importing the list…"),
            progress=TextProgress(self.output.setPlainText, self.output.clear),
        )
        self._importing.on_success(self._imported).on_failure(self._not_imported).start()

    def is_importing(self) -> bool:
        return self._importing is not None

    def reject(self) -> None:
        """Closing waits for an import under way (its report would be lost)."""
        if self._importing is None:
            super().reject()

    def _import_ended(self) -> None:
        self._importing = None
        self.import_button.setEnabled(bool(self.path.text().strip()))

    def _has_listed(self) -> bool:
        return any(r.listed for r in self.ws.letters.invitation_recipients(self.inspection_id))

    def open_invitations(self) -> None:
        from inspector.ui.letters.invitations import InvitationsDialog

        InvitationsDialog(self.ws, self.inspection_id, self, today=self.today).exec()

    def _imported(self, report: en.ImportReport) -> None:
        self._import_ended()
        self.report = report
        self.invitations_button.setEnabled(self._has_listed())
        self.output.setPlainText("\n".join(en.report_lines(report, self.lang)))
        self.imported.emit(len(report.created))
        self.import_done.emit()

    def _not_imported(self, exc: Exception) -> None:
        self._import_ended()
        if isinstance(exc, en.ImportFailed):
            self.report = None
            self.output.setPlainText(
                self.tr("The list cannot be imported: {0} Nothing was imported.").format(
                    exc.message.text(self.lang)
                )
            )
        elif isinstance(exc, WorkspaceError):
            self.output.setPlainText(error_text(exc))
        else:
            show_failure(self, exc)
        self.import_done.emit()
