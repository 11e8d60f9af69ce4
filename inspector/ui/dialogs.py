"""Start-up dialogs: first run (store + first officer), unlock, and a new inspection."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from inspector.paths import DataPaths
from inspector.ui.background import KeyAhead, wait_for
from inspector.ui.style import Role, set_role

# The first window (first start, unlock) is drawn before the store's modules are loaded: they
# are imported where they are used, by then mostly loaded in the background (ui/background.py).
if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

    from inspector.core import vault
    from inspector.core.workspace import InspectionSummary, Workspace


def _error_label() -> QLabel:
    """An inline message whose room is kept while hidden: nothing jumps when it appears, and a
    longer one is cut with a "more" link (ui/message.py) instead of pushing the fields."""
    from inspector.ui.message import MessageLabel

    label = MessageLabel(lines=2)
    label.setObjectName("error")
    label.setWordWrap(True)
    set_role(label, Role.ERROR_STRONG)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * 2)
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.hide()
    return label


class _FitHeight(QObject):
    """Keeps a dialog as high as its wrapped texts need at its width: Qt gives a window the
    minimum height of its layout, which does not count the extra lines of wrapped labels."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show, QEvent.Type.Resize):
            widget = watched
            layout = widget.layout() if isinstance(widget, QWidget) else None
            if layout is not None and isinstance(widget, QWidget):
                needed = (
                    layout.totalHeightForWidth(widget.width())
                    if layout.hasHeightForWidth()
                    else layout.totalMinimumSize().height()
                )
                needed = max(needed, layout.totalMinimumSize().height())
                if widget.minimumHeight() != needed:
                    widget.setMinimumHeight(needed)
                if widget.height() < needed:
                    widget.resize(widget.width(), needed)
        return False


def _grow_with_messages(dialog: QWidget, layout: QLayout, width: int) -> None:
    """The dialog is at least *width* wide and grows when a message needs more lines,
    instead of fields overlapping."""
    layout.addItem(QSpacerItem(width - 24, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed))
    fit = _FitHeight(dialog)
    dialog.installEventFilter(fit)


class _SelectOnFocus(QObject):
    """Selects a suggested (not typed) text when the field is entered, so typing replaces it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if (
            event.type() == QEvent.Type.FocusIn
            and isinstance(watched, QLineEdit)
            and not watched.isModified()
        ):
            QTimer.singleShot(0, watched.selectAll)
        return False


class _ReturnKeys(QObject):
    """Return or Enter in one of the fields runs its action and is taken (not passed on to
    the dialog, whose default button would act on it a second time)."""

    def __init__(self, actions: dict[QLineEdit, Callable[[], Any]], parent: QObject) -> None:
        super().__init__(parent)
        self.actions = actions
        for field in actions:
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: Any) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        # Qt.Key_Return and Qt.Key_Enter as numbers: Qt's namespace of enums costs tens of
        # milliseconds to create, at the first key press of the first window.
        if event.type() == QEvent.Type.KeyPress and event.key() in (0x01000004, 0x01000005):
            for field, action in self.actions.items():
                if field is watched:
                    action()
                    return True
        return False


def _show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class BusyBar(QWidget):
    """What is being done and a moving bar, for a step longer than a blink (the KDF). Keeps
    its place in the layout when hidden, so that nothing jumps when it appears."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()

    def busy(self, text: str) -> None:
        self.label.setText(text)
        self.show()


class FirstRunDialog(QDialog):
    """Creates the store: municipality name and the first officer account."""

    def __init__(
        self, paths: DataPaths, parent: QWidget | None = None, *, check_key_mode: bool = True
    ) -> None:
        """With *check_key_mode* False the OS keyring is not asked here: the caller does it in
        the background and passes the answer to :meth:`set_key_mode`."""
        super().__init__(parent)
        self.paths = paths
        self.workspace: Workspace | None = None
        self.setWindowTitle(self.tr("Inspector: first start"))
        intro = QLabel(
            self.tr(
                "<h2>Welcome</h2><p>This laptop has no inspection data yet. Create the first "
                "officer account. Everything you record is kept encrypted on this laptop.</p>"
            )
        )
        intro.setWordWrap(True)
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText(self.tr("e.g. Gemeente Gouda"))
        self.officer_name = QLineEdit()
        self.officer_name.setPlaceholderText(self.tr("Full name"))
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.officer_name.textChanged.connect(self._suggest_username)
        self._select_on_focus = _SelectOnFocus(self)
        self.username.installEventFilter(self._select_on_focus)
        # Labels stay as the style places them (left on Windows and Linux): the first window
        # does not touch Qt's namespace ``Qt``, whose ~100 enums cost tens of ms to create.
        form = QFormLayout()
        form.addRow(self.tr("Municipality"), self.municipality)
        form.addRow(self.tr("Your name"), self.officer_name)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password or PIN"), self.password)
        form.addRow(self.tr("Repeat password"), self.password2)

        self.key_mode: vault.KeyMode | None = None
        self.keyfile_notice = QLabel()
        self.keyfile_notice.setWordWrap(True)
        self.keyfile_ok = QCheckBox(self.tr("I understand"))
        self.keyfile_ok.hide()
        self.keyfile_detail = QLabel()
        self.keyfile_detail.setWordWrap(True)
        set_role(self.keyfile_detail, Role.SECONDARY, "font-size: 9pt;")
        self.keyfile_detail.hide()
        if check_key_mode:
            self._check_key_mode()
        else:
            self.keyfile_notice.setText(self.tr("Looking for the operating system's keyring…"))
        self.error = _error_label()
        self.progress = BusyBar()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create account"))
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        _grow_with_messages(self, layout, 560)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.keyfile_notice)
        layout.addWidget(self.keyfile_detail)
        layout.addWidget(self.keyfile_ok)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)

    def _check_key_mode(self) -> None:
        from inspector.core import vault

        self.set_key_mode(*vault.choose_key_mode())

    def set_key_mode(self, mode: vault.KeyMode, reason: str) -> None:
        """Where the data key will be kept, and for a key file why (said before creating)."""
        self.key_mode = mode
        if mode == "keyfile":
            self.keyfile_notice.setText(
                self.tr(
                    "<b>No OS keyring on this computer.</b> The key that encrypts your data "
                    "will be kept in a key file, protected by your password. Choose a strong "
                    "password: without it the data cannot be opened."
                )
            )
            # The technical reason stays as the system gives it, for the IT department.
            self.keyfile_detail.setText(
                self.tr("Technical reason, for the IT department: {0}").format(reason)
            )
            self.keyfile_detail.show()
            self.keyfile_ok.show()
        else:
            self.keyfile_notice.setText(
                self.tr("The encryption key is kept in the operating system's keyring.")
            )
            self.keyfile_ok.hide()
            self.keyfile_detail.hide()

    def _suggest_username(self, name: str) -> None:
        if not self.username.isModified():
            self.username.setText(".".join(name.lower().split()))

    def problem(self) -> str | None:
        from inspector.security.passwords import password_problem

        if self.key_mode is None:
            self._check_key_mode()
        if not self.municipality.text().strip():
            return self.tr("Fill in the name of the municipality.")
        if not self.officer_name.text().strip():
            return self.tr("Fill in your name.")
        if not self.username.text().strip():
            return self.tr("Choose a username.")
        if self.key_mode == "keyfile" and password_problem(self.password.text(), key_file=True):
            return self.tr(
                "Without an OS keyring the password alone protects your data: use at least 10 "
                "characters, not starting or ending with a space."
            )
        if password_problem(self.password.text()):
            return self.tr(
                "The password or PIN must have at least 6 characters and may not "
                "start or end with a space."
            )
        if self.password.text() != self.password2.text():
            return self.tr("The two passwords differ.")
        if self.key_mode == "keyfile" and not self.keyfile_ok.isChecked():
            return self.tr("Confirm that the key is kept in a key file protected by your password.")
        return None

    def _create(self) -> None:
        from inspector.core import vault

        problem = self.problem()
        if problem:
            _show_error(self.error, problem)
            return
        officer_name, username = self.officer_name.text(), self.username.text()
        password, municipality = self.password.text(), self.municipality.text()
        key_mode = self.key_mode
        _show_error(self.error, "")
        self.setEnabled(False)
        try:
            # The KDF and the first migration take a moment: off the GUI thread, with progress.
            self.workspace = wait_for(
                lambda: vault.initialise(
                    self.paths,
                    officer_name=officer_name,
                    username=username,
                    password=password,
                    municipality=municipality,
                    key_mode=key_mode,
                ),
                on_slow=lambda: self.progress.busy(self.tr("Creating the store…")),
            )
        except vault.VaultError as exc:
            from inspector.ui.operations import error_text

            _show_error(self.error, error_text(exc))
            return
        finally:
            self.setEnabled(True)
            self.progress.hide()
        self.password.clear()
        self.password2.clear()
        self.accept()


#: A pause in typing this long (ms) and the key file's derivation starts for the text in the
#: field (UnlockForm.derive_ahead). Longer than nearly every gap between two keys of a password
#: typed from memory (110-300 ms): at 150 ms two derivations started on half-typed text per
#: unlock, which the unlock then had to wait for, and keys came later while they ran
#: (benchmarks/bench_startup.py, #16's second round). So it only starts when the officer
#: really stops: a hesitation before Return, or the username typed after the password.
TYPING_PAUSE_MS = 350


class UnlockForm(QWidget):
    """Username and password; emits ``unlocked`` with the workspace. Used at start and on lock.

    The password check (the KDF) runs off the GUI thread with a busy bar when it takes longer
    than a blink; ``try_unlock`` returns when it is done. *prepare*, when given, runs in the
    same worker right after unlocking (reading what the next window shows); its result is kept
    in ``prepared``.
    """

    unlocked = Signal(object)

    def __init__(
        self,
        paths: DataPaths,
        *,
        username: str = "",
        fixed_user: bool = False,
        reauthenticate: Callable[[str], None] | None = None,
        prepare: Callable[[Workspace], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        #: Set for the idle lock: checks the signed-in officer's password again.
        self.reauthenticate = reauthenticate
        self.prepare = prepare
        self.prepared: Any = None
        self.title = QLabel(self.tr("<h2>Inspector is locked</h2>"))
        self.username = QLineEdit(username)
        self.username.setReadOnly(fixed_user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # Return is taken here and goes no further: in a dialog it would also press the
        # default button, a second (counted) attempt with the field just cleared.
        self._return_keys = _ReturnKeys(
            {self.password: self.try_unlock, self.username: self.password.setFocus}, self
        )
        #: The key file's derivation run ahead for the text in the field (derive_ahead).
        self._ahead: KeyAhead | None = None
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._derive_ahead)
        self.password.textChanged.connect(self._password_changed)
        form = QFormLayout()  # label alignment: see FirstRunDialog
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password or PIN"), self.password)
        self.error = _error_label()
        self.progress = BusyBar()
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(
            self.tr("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setAutoDefault(False)
        buttons.accepted.connect(self.try_unlock)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._busy = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)

    def derive_ahead(self, derive: Callable[[str], Any]) -> None:
        """From now on run *derive* (the key file's KDF, ``vault.prepare_unlock``) for the text
        in the password field whenever the officer pauses typing; Return then reuses it when
        the text is unchanged. Checks and counts nothing: that happens at Return."""
        self._ahead = KeyAhead(derive)
        if self.password.text():
            self._pause.start()

    def _password_changed(self, _text: str) -> None:
        if self._ahead is not None:
            self._ahead.drop()  # wipes what was derived for the text before
            self._pause.start()

    def _derive_ahead(self) -> None:
        if self._ahead is not None and self.password.isEnabled() and not self._busy:
            self._ahead.want(self.password.text())

    def focus(self) -> None:
        needs_name = not self.username.text() and not self.username.placeholderText()
        (self.username if needs_name else self.password).setFocus()

    def show_problem(self, text: str) -> None:
        """Say what is wrong with the store (found while loading, before any password)."""
        _show_error(self.error, text)

    def _check(self, password: str, username: str | None) -> Workspace | None:
        """Runs in a worker thread: the password check, then *prepare*."""
        from inspector.core import vault

        if self.reauthenticate is not None:
            self.reauthenticate(password)
            return None
        ahead, taken = self._ahead, []

        def take() -> Any:
            # Where the key is needed (after the attempt was counted): the derivation started
            # at Return (or at a pause, for this text), done by now or waited for.
            assert ahead is not None
            result = ahead.take(password)
            taken.append(result)
            return result

        if ahead is not None:
            # The key file's KDF starts now, in its own thread, while the unlock reads the
            # store's bookkeeping and counts the attempt; nothing is checked before that. It
            # gets going first: the two would otherwise take turns at the interpreter.
            ahead.want(password)
            ahead.wait_started(password, 0.05)
        try:
            ws = vault.unlock(
                self.paths, password, username, prepared=take if ahead is not None else None
            )
        finally:
            for prepared in taken:
                if prepared is not None:
                    prepared.wipe()
            if ahead is not None and not taken:
                ahead.drop()  # refused before the key was needed: wipe what is derived
        if self.prepare is not None:
            try:
                self.prepared = self.prepare(ws)
            except BaseException:
                ws.close()
                raise
        return ws

    def try_unlock(self) -> None:
        if self._busy:
            return
        password, username = self.password.text(), self.username.text() or None
        self._busy = True
        _show_error(self.error, "")
        try:
            ws = wait_for(
                lambda: self._check(password, username),
                on_slow=lambda: self.progress.busy(self.tr("Unlocking…")),
            )
        except Exception as exc:
            self._refused(exc)
            return
        finally:
            self._busy = False
            self.progress.hide()
        self.password.clear()
        _show_error(self.error, "")
        self.unlocked.emit(ws)

    def _refused(self, exc: Exception) -> None:
        # The worker has loaded the vault module (a failed import is re-raised here).
        from inspector.core import vault
        from inspector.settings import SettingsError

        if isinstance(exc, vault.LockedOut):
            self._locked_out(exc.seconds)
        elif isinstance(exc, vault.WrongCredentials):
            self.password.clear()
            _show_error(self.error, self.tr("Wrong username or password."))
            wait = vault.Lockout(self.paths).wait_seconds()
            if wait > 0:
                self._locked_out(wait)
        elif isinstance(exc, vault.UsernameNeeded):
            _show_error(self.error, self.tr("Fill in your username."))
        elif isinstance(exc, vault.VaultError):
            from inspector.ui.operations import error_text

            _show_error(self.error, error_text(exc))
        elif isinstance(exc, SettingsError):
            # Read before the password is checked: nothing was opened, counted or written.
            if exc.fields:
                text = self.tr(
                    "The municipality's settings file (settings.yaml) holds an invalid value "
                    "({0}); nothing was opened or changed. Ask the administrator to correct "
                    "it, then unlock again."
                ).format(", ".join(exc.fields))
            else:
                text = self.tr(
                    "The municipality's settings file (settings.yaml) cannot be read; nothing "
                    "was opened or changed. Ask the administrator to correct it, then unlock "
                    "again."
                )
            _show_error(self.error, text)
        else:
            raise exc

    def _locked_out(self, seconds: float) -> None:
        self.unlock_button.setEnabled(False)
        self.password.setEnabled(False)
        self._remaining = int(seconds) + 1
        self._tick()
        self._countdown.start()

    def _tick(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self._countdown.stop()
            self.unlock_button.setEnabled(True)
            self.password.setEnabled(True)
            _show_error(self.error, "")
            self.password.setFocus()
            return
        _show_error(
            self.error,
            self.tr("Too many wrong attempts. Try again in {0} s.").format(self._remaining),
        )


class UnlockDialog(QDialog):
    def __init__(
        self,
        paths: DataPaths,
        parent: QWidget | None = None,
        *,
        prepare: Callable[[Workspace], Any] | None = None,
        on_unlocked: Callable[[Workspace], None] | None = None,
    ) -> None:
        """*prepare* runs in the unlock's worker (see :class:`UnlockForm`); *on_unlocked* on
        the GUI thread before the dialog closes, so that the next window is up first."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Inspector: unlock"))
        self.on_unlocked = on_unlocked
        self.setMinimumWidth(440)
        self.workspace: Workspace | None = None
        self.form = UnlockForm(paths, prepare=prepare, parent=self)
        self.form.title.setText(self.tr("<h2>Unlock Inspector</h2>"))
        self.form.unlocked.connect(self._done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.form.focus()

    def set_single_officer(self, single: bool) -> None:
        """With one account on this laptop no username is needed (it stays encrypted)."""
        if single and not self.form.username.text():
            self.form.username.setPlaceholderText(self.tr("Not needed: one account on this laptop"))
            if self.focusWidget() in (None, self.form.username):
                self.form.password.setFocus()

    def set_last_username(self, username: str | None) -> None:
        """With several accounts: offer the one last used on this laptop (selected, so that
        another officer's typing replaces it) and go to the password."""
        edit = self.form.username
        if not username or edit.text() or edit.isModified():
            return
        edit.setText(username)
        edit.selectAll()
        edit.installEventFilter(_SelectOnFocus(edit))
        if self.focusWidget() in (None, edit):
            self.form.password.setFocus()

    @property
    def prepared(self) -> Any:
        """What *prepare* returned for the unlocked workspace."""
        return self.form.prepared

    def _done(self, ws: Workspace) -> None:
        self.workspace = ws
        if self.on_unlocked is not None:
            self.on_unlocked(ws)
        self.accept()


class NewInspectionDialog(QDialog):
    """Address, postcode (validated as typed), city, optional BAG ids."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.created: InspectionSummary | None = None
        self.setWindowTitle(self.tr("New inspection"))
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("Street and number"))
        self.postcode = QLineEdit()
        self.postcode.setPlaceholderText("1234 AB")
        self.postcode.setMaxLength(7)
        self.city = QLineEdit()
        self.bag_vbo = QLineEdit()
        self.bag_vbo.setPlaceholderText(self.tr("16 digits (optional)"))
        self.bag_num = QLineEdit()
        self.bag_num.setPlaceholderText(self.tr("16 digits (optional)"))
        self.postcode_error = _error_label()
        self.postcode.editingFinished.connect(self._check_postcode)
        self.bag_error = _error_label()
        #: The field the message under the form is about; editing it takes the message away.
        self._error_for: QLineEdit | None = None
        for edit in (self.address, self.postcode, self.city, self.bag_vbo, self.bag_num):
            edit.textEdited.connect(lambda _text, e=edit: self._edited(e))
        form = QFormLayout()
        from PySide6.QtCore import Qt  # not at the top: see FirstRunDialog

        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Postcode"), self.postcode)
        form.addRow("", self.postcode_error)
        form.addRow(self.tr("City"), self.city)
        form.addRow(self.tr("BAG verblijfsobject id"), self.bag_vbo)
        form.addRow(self.tr("BAG nummeraanduiding id"), self.bag_num)
        self.error = _error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        _grow_with_messages(self, layout, 560)
        layout.addLayout(form)
        layout.addWidget(self.bag_error)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _edited(self, edit: QLineEdit) -> None:
        if edit is self._error_for:
            self._error_for = None
            _show_error(self.error, "")
            _show_error(self.bag_error, "")

    def _fail(self, edit: QLineEdit, text: str, label: QLabel | None = None) -> None:
        _show_error(label or self.error, text)
        self._error_for = edit
        edit.setFocus()

    def _bag_message(self, name: str, code: str, kind: str | None) -> str:
        kinds = {
            "verblijfsobject": self.tr("verblijfsobject"),
            "nummeraanduiding": self.tr("nummeraanduiding"),
            "pand": self.tr("pand"),
        }
        if code == "digits":
            return self.tr("{0}: a BAG id has 16 digits.").format(name)
        if code == "object_type":
            return self.tr("{0}: digits 5 and 6 give the kind of object (01, 10 or 20).").format(
                name
            )
        return self.tr("{0}: this id is of a {1}.").format(name, kinds.get(kind or "", kind))

    def _check_postcode(self) -> bool:
        from inspector.identifiers import normalize_postcode

        text = self.postcode.text()
        normal = normalize_postcode(text)
        if text and normal is None:
            _show_error(
                self.postcode_error,
                self.tr("Not a Dutch postcode: four digits, then two letters (1234 AB)."),
            )
            return False
        if normal:
            self.postcode.setText(normal)
        _show_error(self.postcode_error, "")
        return True

    def _create(self) -> None:
        from inspector.core.workspace import WorkspaceError
        from inspector.identifiers import bag_id_check

        _show_error(self.error, "")
        _show_error(self.bag_error, "")
        if not self.address.text().strip():
            self._fail(self.address, self.tr("Fill in the address."))
            return
        if not self.postcode.text().strip() or not self._check_postcode():
            self._fail(self.postcode, self.tr("Fill in a valid postcode."))
            return
        if not self.city.text().strip():
            self._fail(self.city, self.tr("Fill in the city."))
            return
        bag = {}
        for key, edit, name in (
            ("verblijfsobject", self.bag_vbo, self.tr("BAG verblijfsobject id")),
            ("nummeraanduiding", self.bag_num, self.tr("BAG nummeraanduiding id")),
        ):
            value = edit.text().strip()
            if value:
                problem = bag_id_check(value, key)
                if problem:
                    self._fail(edit, self._bag_message(name, *problem), self.bag_error)
                    return
                bag[key] = value
        try:
            self.created = self.workspace.inspections.create(
                address=self.address.text(),
                postcode=self.postcode.text(),
                city=self.city.text(),
                bag_ids=bag,
            )
        except WorkspaceError as exc:
            from inspector.ui.operations import error_text

            _show_error(self.error, error_text(exc))
            return
        self.accept()
