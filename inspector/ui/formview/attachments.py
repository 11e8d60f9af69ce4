"""Photo and document-scan fields: attach a file or take a picture, store it encrypted, caption it.

The picture never touches the disk in plaintext: files are read into memory and the camera
captures to memory (QImageCapture.capture, not captureToFile); the workspace encrypts it.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.core.workspace import WorkspaceError
from inspector.error_kinds import message_for
from inspector.forms import Field, FieldType
from inspector.ui.formview import prompts
from inspector.ui.formview.context import FormContext, touch_height
from inspector.ui.formview.editors import FieldEditor
from inspector.ui.imaging import encode
from inspector.ui.message import MessageLabel
from inspector.ui.style import Role, set_role

#: Largest file accepted as one attachment.
MAX_BYTES = 30 * 1024 * 1024
_IMAGE_MIMES = {"image/jpeg", "image/png", "image/webp", "image/bmp", "image/gif", "image/tiff"}


def has_camera() -> bool:
    """Whether the laptop has a camera (asked anew: one may be plugged in). Imports Qt
    Multimedia, so it is called only when the officer asks for the camera."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # pragma: no cover - depends on the Qt build
        return False
    return bool(QMediaDevices.videoInputs())


def _jpeg_bytes(image: QImage) -> bytes:
    return encode(image, "JPEG", 90)


class CameraDialog(QDialog):
    """A live view and a 'Take photo' button; the picture is kept in memory only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(self.tr("Take photo"))
        self.image: QImage | None = None
        self.camera = QCamera(self)
        self.capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.viewer = QVideoWidget()
        self.viewer.setMinimumSize(QSize(480, 360))
        self.session.setVideoOutput(self.viewer)
        self.error = QLabel()
        set_role(self.error, Role.ERROR)
        self.error.hide()
        self.shoot = QPushButton(self.tr("Take photo"))
        self.shoot.setMinimumHeight(touch_height(self.shoot))
        self.shoot.clicked.connect(self._shoot)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.viewer, 1)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(self.shoot)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.capture.imageCaptured.connect(self._captured)
        self.capture.errorOccurred.connect(lambda _id, _err, text: self._failed(text))
        self.camera.errorOccurred.connect(lambda _err, text: self._failed(text))
        self.camera.start()

    def _shoot(self) -> None:
        self.shoot.setEnabled(False)
        self.capture.capture()

    def _captured(self, _request: int, image: QImage) -> None:
        self.image = image
        self.camera.stop()
        self.accept()

    def _failed(self, text: str) -> None:
        self.shoot.setEnabled(True)
        self.error.setText(self.tr("The camera reports a problem: {0}").format(text))
        self.error.show()

    def done(self, result: int) -> None:
        self.camera.stop()
        super().done(result)


class AttachmentEditor(FieldEditor):
    """photo and document_scan: a thumbnail, a caption, and buttons to attach, shoot, remove."""

    def __init__(self, f: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(f, ctx, parent)
        #: The repeat instance the field belongs to ('' at top level); set by the form view.
        self.instance_id = ""
        self.attachment_id: str | None = None
        self.kind = "document_scan" if f.type is FieldType.DOCUMENT_SCAN else "photo"
        line_height = self.fontMetrics().height()
        self.thumb_size = QSize(line_height * 9, line_height * 7)
        self.thumb = QLabel()
        self.thumb.setObjectName("thumbnail")
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setFixedSize(self.thumb_size)  # a photo appearing moves nothing
        set_role(self.thumb, Role.PLACEHOLDER)
        self.thumb.setWordWrap(True)
        self.attach_button = QPushButton()
        self.camera_button = QPushButton(self.tr("Take photo…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        for button in (self.attach_button, self.camera_button, self.remove_button):
            button.setMinimumHeight(touch_height(button))
        # Whether there is a camera is asked only when the button is pressed: probing loads Qt
        # Multimedia, which costs time and prints backend warnings on every start.
        self.caption = QLineEdit()
        self.caption.setObjectName("caption")
        self.caption.setMinimumHeight(touch_height(self.caption))
        self.caption.setMaxLength(300)
        self.error = MessageLabel(lines=2)  # room kept, shown or not (9.8)
        set_role(self.error, Role.ERROR)
        self.error.hide()
        side = QVBoxLayout()
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.camera_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        side.addLayout(buttons)
        self.caption_label = QLabel()
        set_role(self.caption_label, Role.SECONDARY)
        # What appears with a photo keeps its room while there is none.
        for widget in (self.remove_button, self.caption_label, self.caption, self.error):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        side.addWidget(self.caption_label)
        side.addWidget(self.caption)
        side.addWidget(self.error)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(side, 1)
        self.attach_button.clicked.connect(self._attach_file)
        self.camera_button.clicked.connect(self._take_photo)
        self.remove_button.clicked.connect(self._remove)
        self.caption.editingFinished.connect(self._save_caption)
        self.relabel()
        self._update()

    # -- texts and state

    def relabel(self) -> None:
        if self.kind == "photo":
            self.attach_button.setText(self.tr("Attach photo…"))
            self.caption.setPlaceholderText(self.tr("What does the photo show?"))
        else:
            self.attach_button.setText(self.tr("Attach scan…"))
            self.caption.setPlaceholderText(self.tr("Which document is this?"))
        self.caption_label.setText(self.tr("Caption"))
        if self.attachment_id is None:
            self.thumb.setText(self.tr("No photo") if self.kind == "photo" else self.tr("No scan"))

    def _update(self) -> None:
        present = self.attachment_id is not None
        editable = not self.ctx.read_only
        self.attach_button.setEnabled(editable)
        self.camera_button.setEnabled(editable)
        self.remove_button.setVisible(present)
        self.remove_button.setEnabled(editable)
        self.caption.setEnabled(present and editable)
        self.caption_label.setVisible(present)
        self.caption.setVisible(present)

    def raw(self) -> Any:
        return self.attachment_id

    def _show(self, value: Any) -> None:
        self.attachment_id = value if isinstance(value, str) and value else None
        self.caption.clear()
        self.thumb.setPixmap(QPixmap())
        if self.attachment_id is None:
            self.relabel()
        else:
            self._load_preview()
        self._update()

    def set_read_only(self, read_only: bool) -> None:
        self._update()

    def focus_widgets(self) -> list[QWidget]:
        return [self.attach_button, self.camera_button, self.remove_button, self.caption]

    def _load_preview(self) -> None:
        assert self.attachment_id is not None
        ws = self.ctx.workspace
        try:
            content, mime = ws.attachments.content(self.attachment_id)
            meta = [
                a
                for a in ws.attachments.list_for(
                    self.ctx.inspection_id, resident_id=self.ctx.resident_id
                )
                if a["id"] == self.attachment_id
            ]
        except WorkspaceError:
            self.thumb.setText(self.tr("The file cannot be found"))
            return
        if meta:
            self.caption.setText(meta[0].get("caption") or "")
        self._preview(content, mime)

    def _preview(self, content: bytes, mime: str) -> None:
        if mime not in _IMAGE_MIMES:
            self.thumb.setPixmap(QPixmap())
            self.thumb.setText(
                self.tr("Document ({0}, {1} kB)").format(
                    mime.split("/")[-1].upper(), max(1, len(content) // 1024)
                )
            )
            return
        data = QByteArray(content)
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(self.thumb_size, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        buffer.close()
        if image.isNull():
            self.thumb.setText(self.tr("This image cannot be shown"))
            return
        self.thumb.setText("")
        self.thumb.setPixmap(QPixmap.fromImage(image))

    # -- actions

    def _attach_file(self) -> None:
        if self.kind == "photo":
            filters = self.tr("Photos (*.jpg *.jpeg *.png *.webp *.bmp *.gif *.tif *.tiff)")
        else:
            filters = self.tr("Scans (*.jpg *.jpeg *.png *.pdf *.tif *.tiff)")
        path = prompts.choose_file(self, self.tr("Choose a file"), filters, self.ctx.workspace)
        if not path:
            return
        file = Path(path)
        try:
            size = file.stat().st_size
            if size > MAX_BYTES:
                self._fail(self.tr("The file is larger than 30 MB."))
                return
            content = file.read_bytes()
        except OSError:
            self._fail(self.tr("The file cannot be read."))
            return
        mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self.attach(content, mime)

    def _take_photo(self) -> None:
        if not has_camera():
            QMessageBox.information(
                self,
                self.tr("Camera"),
                self.tr("No camera was found. Choose a photo file instead."),
            )
            return
        dialog = CameraDialog(self)
        if dialog.exec() and dialog.image is not None:
            self.attach(_jpeg_bytes(dialog.image), "image/jpeg")
        dialog.deleteLater()

    def attach(self, content: bytes, mime: str) -> None:
        """Store the bytes encrypted, make them the answer, drop the picture they replace."""
        if self.ctx.read_only:
            return
        previous = self.attachment_id
        try:
            new_id = self.ctx.workspace.attachments.add(
                self.ctx.inspection_id,
                kind=self.kind,
                content=content,
                mime=mime,
                caption=self.caption.text().strip() or None,
                resident_id=self.ctx.resident_id,
                field_ref=f"{self.ctx.form.id}/{self.field.id}",
                instance_id=self.instance_id or None,
            )
        except WorkspaceError as exc:
            self._fail(message_for(exc, self.ctx.officer_language))
            return
        self.error.hide()
        self.attachment_id = new_id
        self._preview(content, mime)
        self._update()
        self._emit_edit(commit=True)
        if previous is not None:
            self._drop(previous)

    def _remove(self) -> None:
        if self.attachment_id is None or self.ctx.read_only:
            return
        if not prompts.confirm(
            self, self.tr("Remove"), self.tr("Remove this picture? It cannot be brought back.")
        ):
            return
        previous = self.attachment_id
        self._show(None)
        self._emit_edit(commit=True)
        self._drop(previous)

    def _drop(self, attachment_id: str) -> None:
        try:
            self.ctx.workspace.attachments.remove(attachment_id)
        except WorkspaceError as exc:
            self._fail(message_for(exc, self.ctx.officer_language))

    def _save_caption(self) -> None:
        if self.attachment_id is None or self.ctx.read_only:
            return
        try:
            self.ctx.workspace.attachments.set_caption(
                self.attachment_id, self.caption.text().strip()
            )
        except WorkspaceError as exc:
            self._fail(message_for(exc, self.ctx.officer_language))

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
