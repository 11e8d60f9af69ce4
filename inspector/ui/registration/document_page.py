"""The third step of a registration: the identity document, its MRZ and its scans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.core import registrations as en
from inspector.core.workspace import WorkspaceError
from inspector.documents.mrz import MrzResult
from inspector.error_kinds import message_for
from inspector.forms import Evaluation
from inspector.registration_form import fields as reg
from inspector.ui.formview import FormView
from inspector.ui.formview.attachments import MAX_BYTES
from inspector.ui.message import MessageLabel
from inspector.ui.operations import error_text, interface_language
from inspector.ui.registration import pages
from inspector.ui.registration.mrz_panel import MrzPanel
from inspector.ui.registration.session import (
    STEP_FORM,
    STEP_SIGNATURE,
    RegistrationSession,
    WizardPage,
)
from inspector.ui.style import Role, set_role

#: The form's fields on the document page (the rest of the form is on the details page).
DOCUMENT_SECTIONS: dict[str, set[str] | None] = {reg.DOCUMENT: set(reg.DOCUMENT_STEP_FIELDS)}


class DocumentPage(WizardPage):
    """Step 3: the identity document: its fields, the MRZ with its check digits and the
    differences with what was entered, the visual check, the scans (stored encrypted)."""

    def __init__(self, session: RegistrationSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.doc_view: FormView | None = None
        self.mrz_result: MrzResult | None = None
        self.check: en.DocumentCheckResult | None = None
        self._doc_base: dict[str, Any] = {}
        self.setObjectName("document_page")
        self.doc_holder = QVBoxLayout()

        self.mrz = MrzPanel()
        # The page's handles on the panel's parts (what it reads and sets; tests press them).
        self.mrz_edit = self.mrz.edit
        self.mrz_fill = self.mrz.fill
        self.mrz_status = self.mrz.status
        self.mismatch_table = self.mrz.mismatch_table
        self.accept_mismatches = self.mrz.accept_mismatches
        self.mrz_read = self.mrz.read
        self.mrz_edit.textChanged.connect(self._recheck)
        self.mrz_edit.textChanged.connect(self._clear_doc_message)
        self.mrz_fill.clicked.connect(self.fill_from_mrz)

        self.expiry_label = QLabel()
        self.expiry_label.setObjectName("expiry")
        self.expiry_label.setWordWrap(True)
        set_role(self.expiry_label, Role.ERROR_BOX, "font-weight: bold;")
        self.expiry_label.hide()
        self.visual_check = QCheckBox(
            self.tr("I have checked the document: it looks genuine and the photo matches "
                    "the person")
        )  # fmt: skip
        self.visual_check.setObjectName("visual_check")

        self.scan_front = pages.ScanSlot(self.tr("Front"))
        self.scan_back = pages.ScanSlot(self.tr("Back"))
        self.scan_front.file_requested.connect(lambda: self.scan_from_file("id_front"))
        self.scan_back.file_requested.connect(lambda: self.scan_from_file("id_back"))
        self.scan_front.camera_requested.connect(lambda: self.scan_from_camera("id_front"))
        self.scan_back.camera_requested.connect(lambda: self.scan_from_camera("id_back"))
        scans = QGroupBox(self.tr("Scans (stored encrypted)"))
        scan_row = QHBoxLayout(scans)
        scan_row.addWidget(self.scan_front)
        scan_row.addWidget(self.scan_back)
        # Room for what the MRZ gives (a title, seven values) before it is read, as high as
        # the scans beside it: the check box and the MRZ box below do not move when it appears.
        self.mrz_read.setMinimumHeight(self.scan_front.sizeHint().height())
        scan_row.addWidget(self.mrz_read, 1)

        right = QVBoxLayout()
        right.addWidget(scans)
        right.addWidget(self.visual_check)
        right.addWidget(self.mrz)
        right.addWidget(self.expiry_label)
        right.addStretch(1)

        self.doc_message = MessageLabel(lines=2)  # room kept: nothing above moves (9.8)
        self.doc_message.setObjectName("doc_message")
        set_role(self.doc_message, Role.ERROR)
        back = QPushButton(self.tr("◀ &Back"))
        back.clicked.connect(lambda: self.stepRequested.emit(STEP_FORM))
        self.doc_next = QPushButton(self.tr("&Next: signature ▶"))
        self.doc_next.setObjectName("doc_next")
        self.doc_next.clicked.connect(self.document_done)
        nav = QHBoxLayout()
        nav.addWidget(back)
        nav.addWidget(self.doc_message, 1)
        nav.addWidget(self.doc_next)

        body = QHBoxLayout()
        body.addLayout(self.doc_holder, 5)
        body.addLayout(right, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(nav)

    def _clear_doc_message(self) -> None:
        self.doc_message.clear()

    def enter(self) -> None:
        assert self.session.registration_id is not None
        info = self.session.ws.registrations.get(self.session.registration_id, audit_view=False)
        locked = self.session.read_only()
        if self.doc_view is not None:
            self.doc_view.flush()
            self.doc_view.setParent(None)
            self.doc_view.deleteLater()
        self.doc_view = FormView(
            self.session.ws,
            self.session.inspection_id,
            pages.subform(en.registration_form(), DOCUMENT_SECTIONS),
            resident_id=self.session.resident_id,
            language=self.session.language,
            show_dutch_beside=True,
            read_only=locked,
            today=self.session.today,
        )
        # One section: its list and page buttons would only take room.
        for widget in (
            self.doc_view.sections_list,
            self.doc_view.previous_button,
            self.doc_view.next_button,
            self.doc_view.progress,
            self.doc_view.form_title,
            self.doc_view.form_title_dutch,
        ):
            widget.hide()
        self.doc_view.evaluated.connect(lambda _ev: self._recheck())
        self.doc_view.evaluated.connect(self._doc_evaluated)
        self.doc_holder.addWidget(self.doc_view)
        self._doc_base = dict(
            self.session.ws.answers.load(
                self.session.inspection_id, en.FORM_ID, resident_id=self.session.resident_id
            ).values
        )
        check = info.data.get("document_check") or {}
        if check and not self.mrz_edit.toPlainText().strip():
            self.mrz_edit.blockSignals(True)
            self.mrz_edit.setPlainText(check.get("mrz") or "")
            self.mrz_edit.blockSignals(False)
            self.visual_check.setChecked(bool(check.get("visual_check")))
            self.accept_mismatches.setChecked(bool(check.get("accept_mismatches")))
        sides: tuple[tuple[en.ScanSide, pages.ScanSlot], ...] = (
            ("id_front", self.scan_front),
            ("id_back", self.scan_back),
        )
        for side, slot in sides:
            attachment_id = info.scan_id(side)
            if attachment_id and slot.image is None:
                content, mime = self.session.ws.attachments.content(attachment_id)
                slot.set_image(pages.image_from_bytes(content, mime))
            slot.set_read_only(locked)
        self.mrz.set_read_only(locked)
        self.visual_check.setEnabled(not locked)
        self.doc_message.clear()
        self._recheck()

    def document_values(self) -> dict[str, Any]:
        values = dict(self._doc_base)
        if self.doc_view is not None:
            for key in reg.DOCUMENT_STEP_FIELDS:
                values.pop(key, None)
            values.update(self.doc_view.evaluation.values)
        return values

    def _recheck(self) -> None:
        text = self.mrz_edit.toPlainText()
        self.check = en.check_document(self.document_values(), text, today=self.session.today)
        check = self.check
        self.mrz_result = check.mrz
        self.mrz.show_check(
            check, self.session.officer_language, can_fill=not self._read_only_cached()
        )
        if check.expired and check.expiry_date is not None:
            self.expiry_label.setText(
                self.tr("This document expired on {0}. Registration needs a valid identity "
                        "document: ask for another one.").format(
                    check.expiry_date.strftime("%d-%m-%Y"))
            )  # fmt: skip
            self.expiry_label.show()
        else:
            self.expiry_label.hide()

    def _read_only_cached(self) -> bool:
        return self.doc_view is not None and self.doc_view.read_only

    def fill_from_mrz(self) -> None:
        """Copy what the MRZ holds into the fields that are still empty."""
        if self.mrz_result is None or self.session.registration_id is None:
            return
        if self.doc_view is not None:
            self.doc_view.flush()
        current = self.session.ws.answers.load(
            self.session.inspection_id, en.FORM_ID, resident_id=self.session.resident_id
        ).values
        new = {
            k: v
            for k, v in en.values_from_mrz(self.mrz_result).items()
            if current.get(k) in (None, "", [])
        }
        if new:
            self.session.ws.registrations.save_values(self.session.registration_id, new)
        self.enter()

    def scan_from_file(self, side: en.ScanSide) -> None:
        if self.session.registration_id is None:
            return
        path = pages.choose_scan_file(
            self, self.tr("Choose the scan of the document"), self.session.ws
        )
        if not path:
            return
        mime = pages.mime_of(path)
        try:
            if Path(path).stat().st_size > MAX_BYTES:
                QMessageBox.warning(
                    self,
                    self.tr("Scan"),
                    self.tr("The file is larger than {0} MB.").format(MAX_BYTES // 2**20),
                )
                return
            content = Path(path).read_bytes()
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Scan"), self.tr("Cannot read the file: {0}")
                                .format(message_for(exc, interface_language())))  # fmt: skip
            return
        image = pages.image_from_bytes(content, mime or "")
        if mime is None or image.isNull():
            QMessageBox.warning(
                self, self.tr("Scan"), self.tr("This file is not an image or PDF that can be read.")
            )
            return
        self._store_scan(side, content, mime, image)

    def scan_from_camera(self, side: en.ScanSide) -> None:
        if not pages.camera_available():
            QMessageBox.information(
                self,
                self.tr("Camera"),
                self.tr("No camera was found. Scan the document with a scanner and choose the "
                        "file instead."),
            )  # fmt: skip
            return
        dialog = pages.DocumentCameraDialog(self)
        if dialog.exec() and dialog.captured is not None:
            self._store_scan(side, dialog.jpeg(), "image/jpeg", dialog.captured)

    def _store_scan(self, side: en.ScanSide, content: bytes, mime: str, image: QImage) -> None:
        assert self.session.registration_id is not None
        try:
            self.session.ws.registrations.attach_scan(
                self.session.registration_id, side, content, mime
            )
        except WorkspaceError as exc:
            QMessageBox.warning(self, self.tr("Scan"), error_text(exc))
            return
        slot = self.scan_front if side == "id_front" else self.scan_back
        slot.set_image(image)

    def _doc_evaluated(self, evaluation: Evaluation) -> None:
        """A message naming a missing document field goes once that field is filled."""
        text = self.doc_message.text()
        if text and text == self.doc_message.property("issues_text"):
            now = self._issues_text(evaluation)
            self.doc_message.setText(now)
            self.doc_message.setProperty("issues_text", now)

    def document_done(self) -> bool:
        assert self.session.registration_id is not None
        if self.session.read_only():
            self.doc_message.setText(self.tr("This registration cannot be changed or signed now."))
            return False
        if self.doc_view is not None:
            self.doc_view.flush()
            evaluation = self.doc_view.evaluation
            if not evaluation.is_complete:
                first = evaluation.issues()[0]
                self.doc_message.setText(self._issues_text(evaluation))
                self.doc_message.setProperty("issues_text", self.doc_message.text())
                if first.path:
                    self.doc_view.focus_field(first.path)
                return False
        self._recheck()
        check = self.check
        assert check is not None
        problems = []
        if check.expired:
            problems.append(self.tr("the document has expired"))
        if check.refusal is not None:
            problems.append(self.tr("the document is not a passport or identity card"))
        if check.mrz is not None and check.mrz.problems:
            problems.append(self.tr("a date in the MRZ cannot be right"))
        if check.mrz_error is not None:
            problems.append(self.tr("the MRZ cannot be read"))
        elif check.mrz is not None and not check.mrz.valid:
            problems.append(self.tr("a check digit of the MRZ is wrong"))
        elif check.mismatches and not self.accept_mismatches.isChecked():
            problems.append(self.tr("the MRZ differs from what was entered"))
        if not self.visual_check.isChecked():
            problems.append(self.tr("confirm the visual check"))
        if self.scan_front.image is None:
            problems.append(self.tr("scan the front"))
        try:
            self.session.ws.registrations.record_document_check(
                self.session.registration_id,
                mrz_text=self.mrz_edit.toPlainText(),
                visual_check=self.visual_check.isChecked(),
                accept_mismatches=self.accept_mismatches.isChecked(),
                today=self.session.today,
            )
        except WorkspaceError as exc:
            self.doc_message.setText(error_text(exc))
            return False
        if problems:
            self.doc_message.setText(self.tr("Not yet: {0}.").format("; ".join(problems)))
            return False
        self.doc_message.clear()
        self.stepRequested.emit(STEP_SIGNATURE)
        return True
