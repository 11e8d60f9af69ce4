"""AddressImportDialog: one source of address data (BAG, BRP counts, LAA, owners, signals,
registered persons) read, shown with its column mapping before anything is imported,
corrected, imported; the refused rows listed with their row numbers and reasons."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
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

from inspector.addresses import sources
from inspector.addresses.model import SOURCE_KINDS, SourceKind
from inspector.planning.manager import PlanningManager
from inspector.tabular import FileError, column_letter
from inspector.ui.operations import Operation, TextProgress, show_failure
from inspector.ui.style import ERROR, span

FILE_FILTER = "CSV, Excel, LibreOffice (*.csv *.txt *.xlsx *.ods);;All files (*)"


def choose_file(parent: QWidget, title: str) -> str:
    """The file chosen by the coordinator ('' when cancelled); tests replace this."""
    path, _selected = QFileDialog.getOpenFileName(parent, title, "", FILE_FILTER)
    return path


class AddressImportDialog(QDialog):
    """Choose the kind and the file, see the mapping (to correct), import, read the report.

    Signals:
        imported(str): the kind of data imported, after each import.
        proposed(): a read is over: the mapping is shown, or the message says why not.
    """

    imported = Signal(str)
    proposed = Signal()

    def __init__(
        self, planning: PlanningManager, lang: str = "nl", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("address_import")
        self.setWindowTitle(self.tr("Import address data"))
        self.planning = planning
        self.lang = lang
        self.proposal: sources.Proposal | None = None
        self._importing: Operation[sources.SourceResult] | None = None
        self._reading: Operation[sources.Proposal] | None = None
        self.resize(1100, 640)

        self.kind = QComboBox()
        for kind in SOURCE_KINDS:
            self.kind.addItem(sources.source_name(kind, lang), kind)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("File (CSV, .xlsx or .ods)"))
        self.browse = QPushButton(self.tr("&Browse…"))
        self.read_button = QPushButton(self.tr("&Read"))
        self.sheet = QComboBox()
        self.sheet.setVisible(False)
        self.columns_hint = QLabel()
        self.columns_hint.setWordWrap(True)
        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("Read as"), self.tr("First values")]
        )
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.verticalHeader().setDefaultSectionSize(38)
        self.mapping.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping.setColumnWidth(0, 260)
        self.mapping.setColumnWidth(1, 240)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(110)
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Data")))
        top.addWidget(self.kind)
        top.addWidget(self.path, 1)
        top.addWidget(self.browse)
        top.addWidget(self.sheet)
        top.addWidget(self.read_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.columns_hint)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.report)
        layout.addLayout(buttons)

        self.browse.clicked.connect(lambda: self._browse())
        self.read_button.clicked.connect(lambda: self.read())
        self.import_button.clicked.connect(lambda: self.do_import())
        self.close_button.clicked.connect(lambda: self.accept())
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.sheet.activated.connect(lambda _i: self.read())
        self._kind_changed()

    def current_kind(self) -> SourceKind:
        kind: SourceKind = self.kind.currentData()
        return kind

    def _kind_changed(self) -> None:
        names = ", ".join(sources.describe_columns(self.current_kind(), self.lang))
        self.columns_hint.setText(self.tr("Columns: {0}").format(names))
        self._clear()

    def _clear(self) -> None:
        self.proposal = None
        self.mapping.setRowCount(0)
        self.import_button.setEnabled(False)
        self.message.clear()

    def _browse(self) -> None:
        path = choose_file(self, self.tr("Choose the file with address data"))
        if path:
            self.path.setText(path)
            self.read()

    def _error(self, text: str) -> None:
        self.message.setText(span(escape(text), ERROR))

    def read(self) -> None:
        """Read the first rows of the file, off the GUI thread, to show the proposed mapping
        (nothing is imported; the whole file is read only by the import)."""
        self._clear()
        self.report.clear()
        text = self.path.text().strip()
        if not text:
            self._error(self.tr("Choose a file first."))
            self.proposed.emit()
            return
        sheet = self.sheet.currentText() if self.sheet.isVisible() else None
        path, kind = Path(text), self.current_kind()
        self._set_reading(True)
        self._reading = Operation(
            lambda: sources.propose(path, kind, sheet=sheet or None),
            writes=False,
            parent=self,
            label=self.tr("Reading…"),
            progress=TextProgress(self.message.setText, self.message.clear),
        )
        op = self._reading
        op.on_success(lambda proposal: self._proposed(op, proposal))
        op.on_failure(lambda exc: self._not_read(op, exc)).start()

    def _set_reading(self, busy: bool) -> None:
        for widget in (self.kind, self.path, self.browse, self.read_button, self.sheet):
            widget.setEnabled(not busy)

    def _proposed(self, op: Operation[sources.Proposal], proposal: sources.Proposal) -> None:
        if op is not self._reading:
            return
        self._reading = None
        self._set_reading(False)
        if proposal.choices_needed:
            self.sheet.clear()
            self.sheet.addItems(proposal.sheets)
            self.sheet.setVisible(True)
            self._error(proposal.choices_needed[0].text(self.lang))
        else:
            self.proposal = proposal
            self._fill_mapping(proposal)
        self.proposed.emit()

    def _not_read(self, op: Operation[sources.Proposal], exc: Exception) -> None:
        if op is not self._reading:
            return
        self._reading = None
        self._set_reading(False)
        if isinstance(exc, FileError):
            self._error(exc.message.text(self.lang))
        else:
            show_failure(self, exc)
        self.proposed.emit()

    def _fill_mapping(self, proposal: sources.Proposal) -> None:
        specs = sources.fields(proposal.kind)
        self.mapping.setRowCount(len(proposal.headers))
        for position, header in enumerate(proposal.headers):
            label = f"{column_letter(position)}  {header}".rstrip()
            self.mapping.setItem(position, 0, QTableWidgetItem(label))
            box = QComboBox()
            box.addItem(self.tr("— not used —"), "")
            for spec in specs:
                box.addItem(spec.nl if self.lang == "nl" else spec.en, spec.name)
            box.setCurrentIndex(max(0, box.findData(proposal.mapping.get(position, ""))))
            box.currentIndexChanged.connect(lambda _i: self._check_mapping())
            self.mapping.setCellWidget(position, 1, box)
            values = [cells[position] for _n, cells in proposal.preview if position < len(cells)]
            self.mapping.setItem(position, 2, QTableWidgetItem("  |  ".join(values[:4])))
        self._check_mapping()

    def chosen_mapping(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for row in range(self.mapping.rowCount()):
            box = self.mapping.cellWidget(row, 1)
            if isinstance(box, QComboBox) and box.currentData():
                out[row] = str(box.currentData())
        return out

    def _check_mapping(self) -> None:
        if self.proposal is None:
            return
        chosen = self.chosen_mapping()
        names = list(chosen.values())
        double = sorted({n for n in names if names.count(n) > 1})
        missing = [
            s for s in sources.fields(self.proposal.kind) if s.required and s.name not in names
        ]
        problems = []
        if missing:
            problems.append(
                self.tr("Missing: {0}.").format(
                    ", ".join(s.nl if self.lang == "nl" else s.en for s in missing)
                )
            )
        if double:
            labels = [sources.field_label(self.proposal.kind, n, self.lang) for n in double]
            problems.append(self.tr("Chosen twice: {0}.").format(", ".join(labels)))
        if problems:
            self._error(" ".join(problems))
        else:
            self.message.setText(
                self.tr("Header in row {0}; check the columns, then import.").format(
                    self.proposal.header_row
                )
            )
        self.import_button.setEnabled(not problems)

    def do_import(self) -> None:
        """Read, check and keep the data on the writer lane (100,000 rows take seconds)."""
        if self.proposal is None or self._importing is not None:
            return
        sheet = self.proposal.sheet if self.proposal.source_format != "csv" else None
        path, kind, mapping = (
            Path(self.path.text().strip()),
            self.proposal.kind,
            self.chosen_mapping(),
        )
        planning = self.planning

        def work() -> sources.SourceResult:
            result = sources.read_source(path, kind, mapping=mapping, sheet=sheet)
            planning.save_source(result)
            return result

        self.import_button.setEnabled(False)
        self._importing = Operation(
            work,
            writes=True,
            parent=self,
            label=self.tr("Importing…"),
            progress=TextProgress(self.message.setText, self.message.clear),
        )
        self._importing.on_success(self._imported).on_failure(self._not_imported).start()

    def reject(self) -> None:
        """Closing waits for an import under way (its report would be lost)."""
        if self._importing is None:
            super().reject()

    def accept(self) -> None:
        if self._importing is None:
            super().accept()

    def _imported(self, result: sources.SourceResult) -> None:
        self._importing = None
        lines = [result.summary().text(self.lang)]
        lines += [w.text(self.lang) for w in result.warnings]
        row_word = self.tr("Row")
        lines += [f"{row_word} {e.row_number}: {e.reason.text(self.lang)}" for e in result.errors]
        self.report.setPlainText("\n".join(lines))
        self.message.setText(self.tr("Imported."))
        self.imported.emit(result.kind)

    def _not_imported(self, exc: Exception) -> None:
        self._importing = None
        if isinstance(exc, FileError):
            self._error(exc.message.text(self.lang))
            self.import_button.setEnabled(True)
            return
        show_failure(self, exc)
        self.import_button.setEnabled(True)
