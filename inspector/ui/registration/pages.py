"""Small building blocks of the registration screens: texts in two languages, scans, the PDF."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector.core.workspace import Workspace
from inspector.forms import FormDefinition
from inspector.ui.imaging import encode
from inspector.ui.style import Role, set_role

SCAN_FILTER = "Images and PDF (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf)"
MIME_BY_SUFFIX = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".bmp": "image/bmp",
    ".pdf": "application/pdf",
}


def subform(form: FormDefinition, keep: dict[str, set[str] | None]) -> FormDefinition:
    """The same form (same id and version, so answers land in the same record) showing only
    some sections, and in them only some fields (None: all)."""
    sections = []
    for section in form.sections:
        if section.id not in keep:
            continue
        wanted = keep[section.id]
        fields = section.fields if wanted is None else tuple(
            f for f in section.fields if f.id in wanted
        )  # fmt: skip
        sections.append(replace(section, fields=fields))
    return replace(form, sections=tuple(sections), _cache={})


def heading(text: str, scale: float = 1.25) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def paragraph(text: str, *, secondary: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if secondary:
        set_role(label, Role.TRANSLATION_ITALIC)
    return label


def image_from_bytes(content: bytes, mime: str) -> QImage:
    """A scan as an image; a PDF scan shows its first page."""
    if mime == "application/pdf":
        return render_pdf_page(content, 0, 1400)
    image = QImage()
    image.loadFromData(content)
    return image


def render_pdf_page(content: bytes, page: int, width: int) -> QImage:
    """Page ``page`` of a PDF as an image ``width`` pixels wide (QtPdf)."""
    from PySide6.QtGui import QPainter
    from PySide6.QtPdf import QPdfDocument

    data = QByteArray(content)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buffer)
    if doc.pageCount() <= page:
        return QImage()
    size = doc.pagePointSize(page)
    height = int(width * size.height() / max(1.0, size.width()))
    image = doc.render(page, QSize(width, height))
    doc.close()
    buffer.close()
    # Pages render with a transparent background: put them on white paper.
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper


def choose_scan_file(parent: QWidget, title: str, ws: Workspace) -> str:
    """A scan file chosen by the officer ('' when cancelled), starting in the Pictures folder,
    then where the last scan or photo came from; tests replace this."""
    from inspector.ui.saving import ask_picture_path

    return ask_picture_path(parent, ws, title, SCAN_FILTER)


def choose_save_path(parent: QWidget, ws: Workspace, title: str, suggested: str) -> str:
    """Where to save the signed form ('' when cancelled); tests replace this."""
    from inspector.ui.saving import ask_save_path

    path = ask_save_path(parent, ws, title, suggested, "PDF (*.pdf)")
    return str(path) if path is not None else ""


def mime_of(path: str) -> str | None:
    return MIME_BY_SUFFIX.get(Path(path).suffix.lower())


class ImageViewer(QDialog):
    """A scan shown full size (1:1), scrollable, with a fit-to-window toggle."""

    def __init__(self, image: QImage, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("image_viewer")
        self.image = image
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.label)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit = QPushButton(self.tr("&Fit to window"))
        self.fit.setCheckable(True)
        self.fit.toggled.connect(self._show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.fit)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(row)
        self.resize(1000, 760)
        self._show(False)

    def _show(self, fit: bool) -> None:
        pixmap = QPixmap.fromImage(self.image)
        if fit:
            pixmap = pixmap.scaled(
                self.scroll_area.viewport().size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.label.setPixmap(pixmap)
        self.label.resize(pixmap.size())


class ScanSlot(QWidget):
    """One side of the document: buttons to scan from a file or the camera, and a thumbnail
    that opens the full-size view.

    Signals:
        file_requested / camera_requested: the officer wants to (re)scan this side.
    """

    file_requested = Signal()
    camera_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.image: QImage | None = None
        self.caption = QLabel(f"<b>{title}</b>")
        self.thumb = QPushButton(self.tr("No scan yet"))
        self.thumb.setObjectName("thumb")
        self.thumb.setFixedSize(200, 130)  # a scan appearing moves nothing
        self.thumb.setIconSize(QSize(190, 120))
        self.thumb.setEnabled(False)
        self.thumb.setToolTip(self.tr("Show the scan full size"))
        self.thumb.clicked.connect(self.show_full)
        self.from_file = QPushButton(self.tr("From file…"))
        self.from_camera = QPushButton(self.tr("Camera…"))
        self.from_file.clicked.connect(self.file_requested)
        self.from_camera.clicked.connect(self.camera_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.from_file)
        buttons.addWidget(self.from_camera)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.thumb)
        layout.addLayout(buttons)
        layout.addStretch(1)  # the MRZ read beside may grow: the buttons stay where they are
        self.viewer: ImageViewer | None = None

    def set_image(self, image: QImage | None) -> None:
        self.image = image if image is not None and not image.isNull() else None
        if self.image is None:
            self.thumb.setIcon(QPixmap())
            self.thumb.setText(self.tr("No scan yet"))
            self.thumb.setEnabled(False)
            return
        thumb = QPixmap.fromImage(self.image).scaled(
            190, 120, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.thumb.setText("")
        self.thumb.setIcon(thumb)
        self.thumb.setEnabled(True)

    def show_full(self) -> None:
        if self.image is None:
            return
        self.viewer = ImageViewer(self.image, self.title, self)
        self.viewer.open()

    def set_read_only(self, read_only: bool) -> None:
        self.from_file.setEnabled(not read_only)
        self.from_camera.setEnabled(not read_only)


class DocumentCameraDialog(QDialog):
    """Take a photo of the document with the laptop's camera (QtMultimedia)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(self.tr("Scan with the camera"))
        self.captured: QImage | None = None
        self.camera = QCamera(self)
        self.session = QMediaCaptureSession(self)
        self.capture = QImageCapture(self)
        self.video = QVideoWidget()
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.video)
        self.capture.imageCaptured.connect(self._captured)
        self.take = QPushButton(self.tr("&Take photo"))
        self.take.setDefault(True)
        self.take.clicked.connect(lambda: self.capture.capture())
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.take)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Hold the document flat and fill the frame with it.")))
        layout.addWidget(self.video, 1)
        layout.addLayout(row)
        self.resize(800, 620)
        self.camera.start()

    def _captured(self, _request_id: int, image: QImage) -> None:
        self.captured = image
        self.camera.stop()
        self.accept()

    def jpeg(self) -> bytes:
        assert self.captured is not None
        return encode(self.captured, "JPEG", 92)


def camera_available() -> bool:
    """Whether a camera can be used: Qt Multimedia loads only where its system libraries
    (e.g. libpulse) are installed; without them there is no camera, not a crash."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return False
    return bool(QMediaDevices.videoInputs())
