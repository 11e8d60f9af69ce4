"""Invitations to a group registration on location (Peel en Maas practice, 12.6).

The officer picks the day, the time, the place and what else to bring, ticks the residents
(those from the employer's list are ticked), and saves one PDF per resident, in the resident's
language followed by the Dutch text, into a folder of their choice (Documents first, then the
folder used last). The files are named after what they are, never after a resident.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from inspector import LANGUAGE_NAMES, localtime
from inspector.core.ids import InspectionId
from inspector.core.letter_context import InvitationRecipient, write_letter
from inspector.core.workspace import Workspace
from inspector.error_kinds import message_for
from inspector.letters import InvitationInfo, LetterError
from inspector.letters.templates import INVITATION_DOCUMENTS, load_documents
from inspector.ui.geometry import fit_to_screen
from inspector.ui.message import MessageLabel
from inspector.ui.operations import Operation, TextProgress, show_failure
from inspector.ui.saving import ask_folder, remember_folder
from inspector.ui.style import Role, set_role

#: A place or an extra document longer than this is a mistake (a pasted text).
MAX_TEXT = 200


class InvitationsDialog(QDialog):
    """Make and save the invitations of one inspection.

    Signals:
        saved(int): the number of invitations saved, after each save.
    """

    saved = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        inspection_id: InspectionId,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("invitations")
        self.setWindowTitle(self.tr("Invitations to a group registration"))
        self.ws = workspace
        self.inspection_id = inspection_id
        self.today = today or localtime.today()
        self.lang = "en" if workspace.settings.interface_language == "en" else "nl"
        self._saving: Operation[list[Path]] | None = None
        #: The files of the last save.
        self.files: list[Path] = []

        intro = QLabel(
            self.tr("One letter per resident, in the resident's language followed by the Dutch "
                    "text: when and where the residents can register in the BRP on location, "
                    "and what to bring (the identity document and the usual papers are always "
                    "named).")
        )  # fmt: skip
        intro.setWordWrap(True)
        self.date = QDateEdit()
        self.date.setObjectName("invitation_date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        start = QDate(self.today.year, self.today.month, self.today.day)
        self.date.setMinimumDate(start)
        self.date.setDate(start.addDays(7))
        self.time = QTimeEdit()
        self.time.setObjectName("invitation_time")
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(9, 30))
        self.place = QLineEdit()
        self.place.setObjectName("invitation_place")
        self.place.setMaxLength(MAX_TEXT)
        self.place.setPlaceholderText(self.tr("E.g. the canteen of the park, Voorbeeldweg 1"))
        # The documents every letter names in its own language; the identity document and
        # the usual papers are always in the letter.
        names = load_documents(self.lang)
        self.documents: dict[str, QCheckBox] = {}
        documents = QGridLayout()
        for i, key in enumerate(INVITATION_DOCUMENTS):
            name = names.get(key, key)
            box = QCheckBox(name[:1].upper() + name[1:])
            box.setObjectName(f"document_{key}")
            self.documents[key] = box
            documents.addWidget(box, i // 2, i % 2)
        self.bring = QPlainTextEdit()
        self.bring.setObjectName("invitation_bring")
        self.bring.setPlaceholderText(
            self.tr("Something else (optional, one per line; printed as typed in every letter)")
        )
        self.bring.setMaximumHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        form = QFormLayout()
        form.addRow(self.tr("&Date"), self.date)
        form.addRow(self.tr("&Time"), self.time)
        form.addRow(self.tr("&Place"), self.place)
        form.addRow(self.tr("Also bring"), documents)
        form.addRow(self.tr("&Other"), self.bring)

        self.residents = QListWidget()
        self.residents.setObjectName("invitation_residents")
        self.recipients: list[InvitationRecipient] = workspace.letters.invitation_recipients(
            inspection_id
        )
        for r in self.recipients:
            parts = [r.name or self.tr("(no name)")]
            if r.room:
                parts.append(self.tr("room {0}").format(r.room) if r.room[0].isdigit() else r.room)
            parts.append(LANGUAGE_NAMES.get(r.language, r.language))
            if r.listed:
                parts.append(self.tr("from the employer's list"))
            item = QListWidgetItem(" · ".join(parts))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if r.listed else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, r.resident_id)
            self.residents.addItem(item)
        self.residents.itemChanged.connect(lambda _item: self._update())
        residents_label = QLabel(self.tr("&Invite"))
        residents_label.setBuddy(self.residents)

        # Two lines kept for a message, shown or not (9.8).
        self.message = MessageLabel(lines=2)
        self.message.setObjectName("invitation_message")
        set_role(self.message, Role.ERROR)
        self.saved_label = MessageLabel(lines=2)
        self.saved_label.setObjectName("saved")
        set_role(self.saved_label, Role.SAVED)
        self.save_button = QPushButton(self.tr("&Save invitations in a folder…"))
        self.save_button.setObjectName("save_invitations")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(residents_label)
        layout.addWidget(self.residents, 1)
        layout.addWidget(self.saved_label)
        layout.addLayout(buttons)
        fit_to_screen(self, QSize(760, 600))
        self._update()

    # -- state ------------------------------------------------------------------------------

    def chosen(self) -> list[str]:
        """The ids of the ticked residents, in the list's order."""
        out = []
        for i in range(self.residents.count()):
            item = self.residents.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _update(self) -> None:
        count = len(self.chosen())
        self.save_button.setEnabled(count > 0 and self._saving is None)
        if not self.recipients:
            self.message.setText(
                self.tr("This inspection has no residents yet: import the employer's list or "
                        "add residents first.")
            )  # fmt: skip

    def invitation(self) -> InvitationInfo | None:
        """What the letters say, or None with the reason shown (Dutch in the window)."""
        place = " ".join(self.place.text().split())
        if not place:
            self.message.setText(self.tr("Fill in the place where the residents can come."))
            self.place.setFocus()
            return None
        picked = self.date.date()
        day = date(picked.year(), picked.month(), picked.day())
        if day < self.today:
            self.message.setText(self.tr("The date has passed: choose a day from today on."))
            self.date.setFocus()
            return None
        bring = [" ".join(line.split()) for line in self.bring.toPlainText().splitlines()]
        bring = [line for line in bring if line]
        if any(len(line) > MAX_TEXT for line in bring):
            self.message.setText(
                self.tr("A line under 'Other' is longer than {0} characters.").format(MAX_TEXT)
            )
            self.bring.setFocus()
            return None
        clock = self.time.time()
        when = datetime.combine(day, time(clock.hour(), clock.minute()))
        documents = tuple(key for key, box in self.documents.items() if box.isChecked())
        return InvitationInfo(when=when, place=place, bring=tuple(bring), documents=documents)

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        """Check the answers, ask for the folder, then make and write the letters in the
        background; the files are listed when done."""
        if self._saving is not None:
            return
        self.message.clear()
        invitation = self.invitation()
        chosen = self.chosen()
        if invitation is None:
            return
        if not chosen:
            self.message.setText(self.tr("Tick at least one resident to invite."))
            return
        folder = ask_folder(self, self.ws, self.tr("Save the invitations in"))
        if folder is None:
            return
        ws, inspection_id = self.ws, self.inspection_id

        def work() -> list[Path]:
            letters = ws.letters.render_invitations(
                inspection_id, invitation, "pdf", via="window", resident_ids=chosen
            )
            names = ws.letters.invitation_file_names(inspection_id, invitation, letters, "pdf")
            written = []
            for (_rid, _lang, data), name in zip(letters, names, strict=True):
                path = folder / name
                write_letter(path, data)
                written.append(path)
            return written

        self.save_button.setEnabled(False)
        self.saved_label.clear()
        self._saving = Operation(
            work,
            writes=True,
            parent=self,
            label=self.tr("Making the invitations…"),
            progress=TextProgress(self.message.setText, self.message.clear),
        )
        self._saving.on_success(self._saved).on_failure(self._not_saved).start()

    def is_saving(self) -> bool:
        return self._saving is not None

    def reject(self) -> None:
        """Closing waits for a save under way (its files would be half written)."""
        if self._saving is None:
            super().reject()

    def _saved(self, files: list[Path]) -> None:
        self._saving = None
        self.files = files
        self._update()
        if files:
            remember_folder(self.ws, files[0])
        self.saved_label.setText(
            self.tr("%n invitation(s) saved in {0}: {1}", "", len(files)).format(
                str(files[0].parent) if files else "", "; ".join(p.name for p in files)
            )
        )
        self.saved.emit(len(files))

    def _not_saved(self, exc: Exception) -> None:
        self._saving = None
        self._update()
        if isinstance(exc, LetterError):
            self.message.setText(message_for(exc, self.lang))
        elif isinstance(exc, OSError):
            self.message.setText(
                self.tr("The invitations could not be saved: {0}.").format(
                    exc.strerror or type(exc).__name__
                )
            )
        else:
            show_failure(self, exc)
