"""The letters panel of an inspection: choose letter and language, preview, print, save.

Letters are rendered in memory and previewed from a QBuffer: a letter holds personal data,
and nothing personal may reach the disk unencrypted unless the officer explicitly saves it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector import LANGUAGE_NAMES, localtime
from inspector.core.filenames import suggested_file_name
from inspector.core.ids import InspectionId, ResidentId
from inspector.core.letter_context import write_letter
from inspector.core.workspace import ResidentSummary, Workspace, WorkspaceError
from inspector.error_kinds import message_for
from inspector.letters import (
    KINDS,
    ContactDetailsMissing,
    LetterContext,
    LetterError,
    available_languages,
    render,
)
from inspector.oscompat import cloud_sync_name
from inspector.ui.dialogs import BusyBar
from inspector.ui.message import MessageLabel
from inspector.ui.operations import Operation, interface_language, show_failure
from inspector.ui.saving import ask_save_path, remember_folder
from inspector.ui.style import Role, set_role

#: Printing above this resolution only makes the job bigger, not the letter sharper.
MAX_PRINT_DPI = 300

#: The warning about a cloud-synced folder is given once per run of the app.
_cloud_warned = False


class LetterPanel(QWidget):
    """Letters for one inspection, optionally addressed to one resident."""

    #: A letter left the app: kind, language, format ("pdf"/"docx"), how ("print"/"save").
    letterProduced = Signal(str, str, str, str)  # noqa: N815 - Qt naming
    #: The preview was rendered again (page count); emitted after every successful render.
    previewChanged = Signal(int)  # noqa: N815 - Qt naming
    #: A rendering in the background ended (a letter or a message is shown now).
    rendered = Signal()

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: InspectionId,
        resident_id: ResidentId | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.inspection_id = inspection_id
        self.resident_id = resident_id
        self._context: LetterContext | None = None
        self._pdf: bytes = b""
        self._buffer: QBuffer | None = None
        self._generation = 0
        self._operation: Operation[tuple[LetterContext, bytes]] | None = None
        # The DOCX being made for saving (kept so that it is not collected while it runs).
        self._saving: Operation[bytes] | None = None

        self.kind_combo = QComboBox()
        # The invitation needs a date, time and place and is made for a whole employer's list
        # (inspector letter invitations), not from one resident's letters panel; the refusal
        # decision is made by burgerzaken at the office (the clerk's desk).
        for kind in (k for k in KINDS if k not in ("invitation", "refusal")):
            self.kind_combo.addItem(self._kind_name(kind), kind)
        self.lang_combo = QComboBox()
        self.resident_label = QLabel()
        self.resident_label.setWordWrap(True)

        # The invitations to a group registration: one letter per resident, with a day, a
        # time and a place, made in a dialog of their own (12.6).
        self.invitations_button = QPushButton(self.tr("&Invitations to a group registration…"))
        self.invitations_button.setObjectName("invitations")
        self.invitations_button.clicked.connect(self.open_invitations)
        invitations_row = QHBoxLayout()
        invitations_row.addWidget(self.invitations_button)
        invitations_row.addStretch(1)

        form = QFormLayout()
        form.addRow(self.tr("Letter"), self.kind_combo)
        form.addRow(self.tr("Language"), self.lang_combo)
        form.addRow(self.tr("Addressed to"), self.resident_label)
        form.addRow(self.tr("Group registration"), invitations_row)

        # Three lines kept, shown or not: a long refusal never pushes the preview (9.8).
        self.error_label = MessageLabel(lines=3)
        self.error_label.setWordWrap(True)
        set_role(self.error_label, Role.ERROR_BOX)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.notice_label = QLabel()
        self.notice_label.setObjectName("cloud_notice")
        self.notice_label.setWordWrap(True)
        set_role(self.notice_label, Role.NOTICE_BOX)
        self.notice_label.hide()

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setMinimumHeight(300)
        self.pages_label = QLabel()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved")
        self.saved_label.setWordWrap(True)
        set_role(self.saved_label, Role.SAVED)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_label.hide()

        self.print_button = QPushButton(self.tr("Print…"))
        self.save_pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.save_docx_button = QPushButton(self.tr("Save as DOCX…"))
        self.print_button.clicked.connect(self.print_letter)
        self.save_pdf_button.clicked.connect(self.save_pdf)
        self.save_docx_button.clicked.connect(self.save_docx)
        self.busy_bar = BusyBar()
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages_label)
        buttons.addWidget(self.busy_bar, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_pdf_button)
        buttons.addWidget(self.save_docx_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.saved_label)
        layout.addLayout(buttons)

        self._fill_languages(self._default_language())
        self._update_resident_label()
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.lang_combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    # -- texts ------------------------------------------------------------------------------

    def _kind_name(self, kind: str) -> str:
        names = {
            "control": self.tr("Control letter for the residents"),
            "receipt": self.tr("Receipt of the declaration (BRP, before processing)"),
            "confirmation": self.tr("Confirmation of registration (BRP, once processed)"),
            "rni-referral": self.tr("Referral to the RNI counter"),
            "report": self.tr("Report of findings"),
            "referral-nla": self.tr("Referral to the Labour Authority (NLA)"),
            "referral-snf": self.tr("Referral to the SNF (Stichting Normering Flexwonen)"),
        }
        return names.get(kind, kind)

    # -- state ------------------------------------------------------------------------------

    def kind(self) -> str:
        """The chosen letter kind, e.g. "control"."""
        return str(self.kind_combo.currentData())

    def language(self) -> str:
        """The chosen language code, e.g. "pl"."""
        return str(self.lang_combo.currentData())

    def set_kind(self, kind: str) -> None:
        index = self.kind_combo.findData(kind)
        if index < 0:
            raise ValueError(f"unknown letter kind {kind!r}")
        self.kind_combo.setCurrentIndex(index)

    def set_language(self, lang: str) -> None:
        index = self.lang_combo.findData(lang)
        if index < 0:
            raise ValueError(f"language {lang!r} is not available for this letter")
        self.lang_combo.setCurrentIndex(index)

    def set_resident(self, resident_id: ResidentId | None) -> None:
        """Address the letters to *resident_id* (None: to the inspection / all residents);
        the language switches to the resident's own."""
        self.resident_id = resident_id
        self._update_resident_label()
        self.lang_combo.blockSignals(True)
        self._fill_languages(self._default_language())
        self.lang_combo.blockSignals(False)
        self.refresh()

    def open_invitations(self) -> None:
        from inspector.ui.letters.invitations import InvitationsDialog

        dialog = InvitationsDialog(self.workspace, self.inspection_id, self)
        dialog.exec()

    def pdf_bytes(self) -> bytes:
        """The previewed letter as PDF (empty when it could not be made)."""
        return self._pdf

    def page_count(self) -> int:
        return self.document.pageCount() if self._pdf else 0

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def _resident(self) -> ResidentSummary | None:
        """The addressed resident, or None for a letter to all residents of the address."""
        if not self.resident_id:
            return None
        try:
            residents = self.workspace.residents.list_for(self.inspection_id)
        except WorkspaceError:
            return None
        return next((r for r in residents if r.id == self.resident_id), None)

    def _default_language(self) -> str:
        resident = self._resident()
        return resident.language if resident else "nl"

    def _fill_languages(self, preferred: str) -> None:
        available = available_languages(self.kind())
        self.lang_combo.clear()
        for code in available:
            self.lang_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        index = self.lang_combo.findData(preferred)
        self.lang_combo.setCurrentIndex(max(index, 0))

    def _update_resident_label(self) -> None:
        resident = self._resident()
        self.resident_label.setText(
            resident.name if resident else self.tr("All residents of the address (no one by name)")
        )

    def _kind_changed(self) -> None:
        # Keep the chosen language where the new letter has it; else the resident's; else nl.
        current = self.language() if self.lang_combo.count() else ""
        langs = available_languages(self.kind())
        preferred = current if current in langs else self._default_language()
        self.lang_combo.blockSignals(True)
        self._fill_languages(preferred)
        self.lang_combo.blockSignals(False)
        self.refresh()

    # -- rendering --------------------------------------------------------------------------

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _explain(self, exc: Exception) -> str:
        lang = "en" if self.workspace.settings.interface_language == "en" else "nl"
        if isinstance(exc, ContactDetailsMissing):
            return message_for(exc, lang)  # already a whole sentence that says what to do
        text = message_for(exc, lang).strip().rstrip(".")
        return self.tr("This letter cannot be made: {reason}.").format(reason=text)

    def is_rendering(self) -> bool:
        """A preview is being made in the background."""
        return self._operation is not None

    def refresh(self) -> None:
        """Render the chosen letter again in the background and show it when it is ready
        (``rendered``); a problem is shown in plain words. A choice changed meanwhile starts
        a new rendering, and the outdated one is dropped when it arrives."""
        if not self.lang_combo.count():
            return
        self._generation += 1
        generation = self._generation
        kind, lang = self.kind(), self.language()
        inspection_id, resident_id = self.inspection_id, self.resident_id
        workspace = self.workspace
        self._set_ready(False)
        # The preview is audited (a letter with personal data on screen): a write, so it takes
        # its turn on the writer lane.
        op = Operation(
            lambda: workspace.letters.preview(
                kind, lang, inspection_id=inspection_id, resident_id=resident_id
            ),
            writes=True,
            parent=self,
            label=self.tr("Making the letter…"),
            progress=self.busy_bar,
        )
        op.on_success(lambda made: self._rendered(generation, made, None))
        op.on_failure(lambda exc: self._rendered(generation, None, exc))
        self._operation = op
        op.start()

    def _rendered(
        self,
        generation: int,
        made: tuple[LetterContext, bytes] | None,
        error: Exception | None,
    ) -> None:
        if generation != self._generation:
            return  # the officer chose another letter meanwhile: its rendering follows
        self._operation = None
        if made is None:
            self._context, self._pdf = None, b""
            self._load(b"")
            if isinstance(error, LetterError | WorkspaceError):
                self._show_error(self._explain(error))
            else:
                self._clear_error()
                if error is not None:
                    show_failure(self, error)  # a bug: to the crash handler
        else:
            self._context, self._pdf = made
            self._clear_error()
            self._load(self._pdf)
        self._set_ready(bool(self._pdf))
        if self._pdf:
            self.previewChanged.emit(self.page_count())
        self.rendered.emit()

    def _set_ready(self, ok: bool) -> None:
        for button in (self.print_button, self.save_pdf_button, self.save_docx_button):
            button.setEnabled(ok)
        pages = self.page_count() if ok else 0
        if not ok:
            self.pages_label.setText("")
        elif pages == 1:
            self.pages_label.setText(self.tr("1 page"))
        else:
            self.pages_label.setText(self.tr("{count} pages").format(count=pages))

    def _load(self, pdf: bytes) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        if not pdf:
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)

    # -- output -----------------------------------------------------------------------------

    def _record(self, fmt: str, via: str) -> None:
        try:
            self.workspace.letters.record(
                self.kind(),
                self.language(),
                fmt,
                self.inspection_id,
                self.resident_id,
                via=via,
            )
        except WorkspaceError as exc:  # pragma: no cover - the store went away
            self._show_error(self._explain(exc))
            return
        self.letterProduced.emit(self.kind(), self.language(), fmt, via)

    def _suggested_name(self, fmt: str) -> str:
        """What the letter is, the address and the date: never a resident's name (file names
        end up in lists of recent files)."""
        inspection = self._context.inspection if self._context else None
        address = f"{inspection.address} {inspection.city}" if inspection else ""
        return suggested_file_name(
            self._kind_name(self.kind()), address, localtime.today(), fmt, self.language()
        )

    def _ask_path(self, fmt: str) -> Path | None:
        if fmt == "pdf":
            title, pattern = self.tr("Save letter as PDF"), self.tr("PDF document (*.pdf)")
        else:
            title, pattern = self.tr("Save letter as DOCX"), self.tr("Word document (*.docx)")
        return ask_save_path(self, self.workspace, title, self._suggested_name(fmt), pattern)

    def save(self, fmt: str) -> Path | None:
        """Ask where, then write the letter as *fmt* ("pdf" or "docx"); None when cancelled or
        refused. The PDF is the preview's and is written at once; the DOCX is made off the GUI
        thread (``operations``) and written when it is ready: ``letterProduced`` says so."""
        if self._context is None:
            return None
        path = self._ask_path(fmt)
        if path is None:
            return None
        if fmt == "pdf":
            return path if self._write(path, fmt, self._pdf) else None
        kind, lang, context = self.kind(), self.language(), self._context
        self.save_docx_button.setEnabled(False)
        op = Operation(
            lambda: render(kind, lang, context, fmt),
            writes=False,  # rendering only; the file and the audit follow on the GUI thread
            parent=self,
            label=self.tr("Making the DOCX…"),
            progress=self.busy_bar,
        )
        op.on_success(lambda data: None if self._write(path, fmt, data) else None)
        op.on_failure(self._not_made)
        op.finished.connect(lambda: self.save_docx_button.setEnabled(self._context is not None))
        self._saving = op
        op.start()
        return path

    def _not_made(self, exc: Exception) -> None:
        if isinstance(exc, LetterError | WorkspaceError):
            self._show_error(self._explain(exc))
        else:
            show_failure(self, exc)  # a bug: to the crash handler

    def _write(self, path: Path, fmt: str, data: bytes) -> bool:
        try:
            write_letter(path, data)
        except OSError as exc:
            self._show_error(
                self.tr("The letter could not be saved in {path}: {reason}.").format(
                    path=str(path), reason=message_for(exc, interface_language())
                )
            )
            return False
        self._clear_error()
        remember_folder(self.workspace, path)
        self.saved_label.setText(self.tr("Saved as {0}").format(str(path)))
        self.saved_label.show()
        self._warn_if_synced(path)
        self._record(fmt, "save")
        return True

    def _warn_if_synced(self, path: Path) -> None:
        """Once per run: say so when the letter went into a folder a cloud service syncs."""
        global _cloud_warned
        service = cloud_sync_name(path.parent)
        if service is None or _cloud_warned:
            return
        _cloud_warned = True
        self.notice_label.setText(
            self.tr(
                "This folder is synchronised with {service}: the letter, with personal data, "
                "is copied unencrypted to the cloud. Save letters in the export folder of the "
                "app ({folder}) unless the municipality allows this."
            ).format(service=service, folder=str(self.workspace.paths.exports))
        )
        self.notice_label.show()

    def save_pdf(self) -> Path | None:
        return self.save("pdf")

    def save_docx(self) -> Path | None:
        return self.save("docx")

    def print_letter(self) -> bool:
        """Print through the system print dialog; True when the pages went to the printer."""
        pages = self.page_count()
        if not pages:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._suggested_name("pdf").removesuffix(".pdf"))
        printer.setFullPage(True)
        printer.setFromTo(1, pages)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, pages)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        first, last = 0, pages - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = printer.fromPage() - 1
            last = min(pages, printer.toPage() or pages) - 1
        if not self._paint(printer, range(first, last + 1)):
            self._show_error(self.tr("The printer could not be started. Check the printer."))
            return False
        self._clear_error()
        self._record("pdf", "print")
        return True

    def _paint(self, printer: QPrinter, pages: range) -> bool:
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            for n, page in enumerate(pages):
                if n and not printer.newPage():
                    return False
                points = self.document.pagePointSize(page)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = self.document.render(page, size)
                target = painter.viewport()
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
        finally:
            painter.end()
        return True
