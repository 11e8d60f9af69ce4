"""The parts of an open inspection that hold lists: the residents (each with the resident
questionnaire in their language) and the photos (each with its caption)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector import LANGUAGE_NAMES, LANGUAGES
from inspector.core.ids import InspectionId, ResidentId
from inspector.core.workspace import Workspace, WorkspaceError
from inspector.error_kinds import message_for
from inspector.storage.types import is_damaged
from inspector.ui.inspection_dialogs import AddResidentDialog

if TYPE_CHECKING:
    from inspector.ui.formview import FormView


PHOTO_TYPES = "Images (*.png *.jpg *.jpeg *.bmp *.webp)"


class ResidentsPart(QWidget):
    """Residents found at the location, each with the resident questionnaire in their language.

    Signals:
        stored(): a resident was added, imported or changed.
        whereChanged(dict): the resident now shown (ids only).
        letterRequested(str): the officer wants a letter for this resident.
        registerRequested(str): the officer wants to register this resident in the BRP.
    """

    stored = Signal()
    whereChanged = Signal(dict)  # noqa: N815 - Qt naming
    letterRequested = Signal(str)  # noqa: N815 - Qt naming
    registerRequested = Signal(str)  # noqa: N815 - Qt naming

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: InspectionId,
        read_only: bool,
        make_view: Callable[[ResidentId, str], FormView],
    ) -> None:
        """*make_view(resident_id, language)* builds the resident questionnaire's view."""
        super().__init__()
        self.workspace = workspace
        self.inspection_id = inspection_id
        self.read_only = read_only
        self._make_view = make_view
        self.view: FormView | None = None
        self.resident_id: ResidentId | None = None
        self.list = QListWidget()
        self.list.setMaximumWidth(220)
        self.list.currentRowChanged.connect(self._select_row)
        self.add_button = QPushButton(self.tr("&Add resident"))
        # clicked(bool) would fill add_resident's `name`: the slot takes no arguments.
        self.add_button.clicked.connect(self._add_clicked)
        self.import_button = QPushButton(self.tr("Import employer's list…"))
        self.import_button.clicked.connect(self._import)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.activated.connect(self._language_changed)
        self.register_button = QPushButton(self.tr("Register in the BRP now"))
        self.register_button.clicked.connect(self._register)
        self.letter_button = QPushButton(self.tr("Letter…"))
        self.letter_button.setToolTip(self.tr("A letter for this resident, in their language"))
        self.letter_button.clicked.connect(self._letter)
        for w in (self.add_button, self.import_button, self.register_button):
            w.setEnabled(not read_only)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.add_button)
        left.addWidget(self.import_button)
        self.right = QVBoxLayout()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Questions in:")))
        bar.addWidget(self.language)
        bar.addStretch(1)
        bar.addWidget(self.letter_button)
        bar.addWidget(self.register_button)
        self.right.addLayout(bar)
        self.empty = QLabel(self.tr("Add the people you find at this address."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right.addWidget(self.empty, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(self.right, 1)
        self.reload()

    def reload(self, select: ResidentId | None = None) -> None:
        residents = self.workspace.residents.list_for(self.inspection_id)
        self.list.blockSignals(True)
        self.list.clear()
        for r in residents:
            item = QListWidgetItem(f"{r.name}  ({r.language})")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setSizeHint(QSize(200, 36))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._residents = {r.id: r for r in residents}
        target = select or self.resident_id or (residents[0].id if residents else None)
        if target:
            self.select_resident(target)
        else:
            self._set_view(None)

    def select_resident(self, resident_id: ResidentId) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == resident_id:
                if self.list.currentRow() != row:
                    self.list.setCurrentRow(row)
                else:
                    self._select_row(row)
                return

    def _select_row(self, row: int) -> None:
        if row < 0:
            return
        resident_id = self.list.item(row).data(Qt.ItemDataRole.UserRole)
        if resident_id == self.resident_id and self.view is not None:
            return
        self._set_view(resident_id)
        self.whereChanged.emit(
            {"inspection_id": self.inspection_id, "part": "residents", "resident_id": resident_id}
        )

    def _set_view(self, resident_id: ResidentId | None) -> None:
        if self.view is not None:
            self.view.flush()
            self.right.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None
        self.resident_id = resident_id
        self.empty.setVisible(resident_id is None)
        self.language.setEnabled(resident_id is not None and not self.read_only)
        self.register_button.setEnabled(resident_id is not None and not self.read_only)
        self.letter_button.setEnabled(resident_id is not None)
        if resident_id is None:
            return
        resident = self._residents[resident_id]
        self.language.setCurrentIndex(LANGUAGES.index(resident.language))
        self.view = self._make_view(resident_id, resident.language)
        self.right.addWidget(self.view, 1)

    def _add_clicked(self) -> None:
        self.add_resident()

    def add_resident(self, name: str | None = None, language: str | None = None) -> str | None:
        if name is None:
            dialog = AddResidentDialog(self)
            if not dialog.exec():
                return None
            name, language = dialog.name.text(), dialog.language.currentData()
        resident = self.workspace.residents.add(self.inspection_id, name, language or "nl")
        self.reload(select=resident.id)
        self.stored.emit()
        return resident.id

    def _language_changed(self, index: int) -> None:
        if self.resident_id is None:
            return
        code = self.language.itemData(index)
        self._residents[self.resident_id] = self.workspace.residents.update(
            self.resident_id, language=code
        )
        item = self.list.currentItem()
        if item is not None:
            item.setText(f"{self._residents[self.resident_id].name}  ({code})")
        if self.view is not None:
            # The officer reads the Dutch beside any other language, at once (not only after
            # coming back to this resident).
            self.view.set_language(code, show_dutch_beside=code != "nl")

    def _letter(self) -> None:
        if self.resident_id is not None:
            self.letterRequested.emit(self.resident_id)

    def _register(self) -> None:
        if self.resident_id is not None:
            self.registerRequested.emit(self.resident_id)

    def _import(self) -> None:
        from inspector.ui.registration import ImportResidentsDialog

        ImportResidentsDialog(self.workspace, self.inspection_id, self).exec()
        self.reload()
        self.stored.emit()


class PhotosPart(QWidget):
    """Every photo of the inspection as a thumbnail with its caption; add general photos.

    Signals:
        saved(): a photo or a caption was stored.
    """

    saved = Signal()

    def __init__(self, workspace: Workspace, inspection_id: InspectionId, read_only: bool) -> None:
        super().__init__()
        self.workspace = workspace
        self.inspection_id = inspection_id
        self.read_only = read_only
        self.grid = QListWidget()
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setIconSize(QSize(180, 135))
        self.grid.setGridSize(QSize(210, 190))
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setWordWrap(True)
        self.grid.currentItemChanged.connect(self._selected)
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(self.tr("Caption: what does the photo show?"))
        self.caption.editingFinished.connect(self._save_caption)
        self.add_button = QPushButton(self.tr("Add photo from file…"))
        self.add_button.clicked.connect(self._add)
        self.add_button.setEnabled(not read_only)
        self.caption.setReadOnly(read_only)
        self.empty = QLabel(self.tr("No photos yet. Photos taken at a question appear here too."))
        bar = QHBoxLayout()
        bar.addWidget(self.caption, 1)
        bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.grid, 1)
        layout.addLayout(bar)

    def refresh(self) -> None:
        self.grid.clear()
        items = [
            a
            for a in self.workspace.attachments.list_for(self.inspection_id, kind="photo")
            if a["resident_id"] is None
        ]
        self.empty.setVisible(not items)
        for meta in items:
            content, _ = self.workspace.attachments.content(meta["id"])
            # A photo that does not read as its own (swapped or damaged outside the app) is
            # listed without a picture, saying so; the others show as always.
            damaged = is_damaged(content)
            image = QImage() if damaged else QImage.fromData(content)
            icon = (
                QIcon(
                    QPixmap.fromImage(
                        image.scaled(
                            180,
                            135,
                            Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation,
                        )
                    )
                )
                if not image.isNull()
                else QIcon()
            )
            caption = meta["caption"]
            item = QListWidgetItem(icon, str(caption) if caption else self.tr("(no caption)"))
            item.setData(Qt.ItemDataRole.UserRole, meta["id"])
            if damaged:
                item.setToolTip(str(content))
            self.grid.addItem(item)

    def _selected(self, item: QListWidgetItem | None) -> None:
        self.caption.setText(
            "" if item is None or item.text() == self.tr("(no caption)") else item.text()
        )

    def _save_caption(self) -> None:
        item = self.grid.currentItem()
        if item is None or self.read_only:
            return
        self.workspace.attachments.set_caption(
            item.data(Qt.ItemDataRole.UserRole), self.caption.text().strip()
        )
        item.setText(self.caption.text().strip() or self.tr("(no caption)"))
        self.saved.emit()

    def _add(self) -> None:
        from inspector.ui.saving import ask_picture_path

        # The Pictures folder first, then the folder the last photo came from.
        path = ask_picture_path(self, self.workspace, self.tr("Add photo"), self.tr(PHOTO_TYPES))
        if path:
            self.add_file(path)

    def add_file(self, path: str, caption: str = "") -> str | None:
        from pathlib import Path

        from inspector.ui.formview.attachments import MAX_BYTES

        try:
            if Path(path).stat().st_size > MAX_BYTES:
                QMessageBox.warning(
                    self,
                    self.tr("Add photo"),
                    self.tr("The file is larger than {0} MB.").format(MAX_BYTES // 2**20),
                )
                return None
            data = Path(path).read_bytes()
        except OSError:
            QMessageBox.warning(self, self.tr("Add photo"), self.tr("The file cannot be read."))
            return None
        if QImage.fromData(data).isNull():
            QMessageBox.warning(
                self, self.tr("Add photo"), self.tr("This file is not an image that can be shown.")
            )
            return None
        suffix = Path(path).suffix.lower().lstrip(".")
        mime = {"jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(suffix, f"image/{suffix}")
        try:
            att = self.workspace.attachments.add(
                self.inspection_id,
                kind="photo",
                content=data,
                mime=mime,
                caption=caption,
                field_ref="inspection/general",
            )
        except WorkspaceError as exc:
            lang = "en" if self.workspace.settings.interface_language == "en" else "nl"
            QMessageBox.warning(self, self.tr("Add photo"), message_for(exc, lang))
            return None
        self.saved.emit()
        self.refresh()
        return att
