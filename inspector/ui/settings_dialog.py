"""The administrator's settings screen: the municipality's name, logo and office contacts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.addresses.setting_values import (
    LABELS_EN,
    RETENTION_FIELDS,
    START_FIELDS,
    selection_from_values,
    selection_values,
    weight_label,
)
from inspector.core.admin import (
    update_address_selection,
    update_municipality,
    update_norms,
    update_sync_settings,
)
from inspector.core.workspace import Workspace
from inspector.error_kinds import message_for
from inspector.letters import LETTER_OFFICES
from inspector.settings import (
    ADDRESS_INDICATORS,
    CONTACT_FIELDS,
    GENERAL_FIELDS,
    NORM_FIELDS,
    NORM_FIELDS_EN,
    OFFICE_NAMES,
    OFFICES,
    SYNC_FIELDS,
    SettingsError,
    contact_problems,
    install_logo,
    municipality_from_values,
    municipality_values,
    norm_values,
    norms_from_text,
    sync_values_from_text,
)
from inspector.ui.message import MessageLabel
from inspector.ui.operations import error_text, interface_language
from inspector.ui.style import Role, set_role

#: Short tab names (the full name is the tab's tooltip).
_TAB_NAMES = {
    "burgerzaken": "Burgerzaken",
    "handhaving": "Handhaving",
    "meldpunt": "Meldpunt verhuur",
    "rni_counter": "RNI-loket",
}

#: What each office is for, shown on its tab.
_OFFICE_HELP = {
    "burgerzaken": "Staat op het bewijs van aangifte, de bevestiging van inschrijving en de "
    "uitnodiging.",
    "handhaving": "Staat op de brief controle huisvesting, het rapport en de doorverwijzingen.",
    "meldpunt": "Het meldpunt onder de Wet goed verhuurderschap, genoemd in de brief controle "
    "huisvesting.",
    "rni_counter": "Het RNI-loket waarnaar bewoners met een kort verblijf worden verwezen.",
}


class SettingsDialog(QDialog):
    """Edits the municipality's letter details; saving checks them in the core and says what
    letters still miss. Texts are Dutch: only the administrator of a Dutch municipality uses it."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName("settings_dialog")
        self.setWindowTitle("Instellingen gemeente")
        self.resize(880, 680)  # fits 1366×768 (the address-selection tab is the tallest)
        self.fields: dict[str, QLineEdit] = {}
        values = municipality_values(workspace.settings.municipality)

        tabs = QTabWidget()
        tabs.setObjectName("settings_tabs")
        general = QWidget()
        form = QFormLayout(general)
        for key, label in GENERAL_FIELDS:
            edit = self._edit(key, values[key])
            if key == "logo":
                self.logo_button = QPushButton("Logo kiezen…")
                self.logo_button.setObjectName("choose_logo")
                self.logo_button.clicked.connect(lambda _checked=False: self.choose_logo())
                row = QHBoxLayout()
                row.addWidget(edit, 1)
                row.addWidget(self.logo_button)
                form.addRow(label, row)
                self.logo_preview = QLabel()
                self.logo_preview.setObjectName("logo_preview")
                self.logo_preview.setMinimumHeight(90)
                self.logo_preview.setAlignment(
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                )
                form.addRow("", self.logo_preview)
                edit.textChanged.connect(lambda _text: self._show_logo())
            else:
                form.addRow(label, edit)
        tabs.addTab(general, "Gemeente")
        for office in OFFICES:
            page = QWidget()
            office_form = QFormLayout(page)
            note = QLabel(_OFFICE_HELP[office])
            note.setWordWrap(True)
            set_role(note, Role.SECONDARY)
            office_form.addRow(note)
            for key, label in CONTACT_FIELDS:
                office_form.addRow(label, self._edit(f"{office}.{key}", values[f"{office}.{key}"]))
            tabs.addTab(page, _TAB_NAMES[office])
            tabs.setTabToolTip(tabs.count() - 1, OFFICE_NAMES[office])
        self.norms_page = self._norms_tab()
        tabs.addTab(self.norms_page, self.tr("Norms"))
        tabs.setTabToolTip(tabs.count() - 1, self.tr("The norms and terms the app checks with"))
        tabs.addTab(self._selection_tab(), self.tr("Address selection"))
        tabs.setTabToolTip(
            tabs.count() - 1,
            self.tr("Weights of the indicators, start of the route, retention"),
        )
        tabs.addTab(self._sync_tab(), "Synchronisatie")
        self.tabs = tabs

        self.missing = QLabel()
        self.missing.setObjectName("missing")
        self.missing.setWordWrap(True)
        self.missing.setMinimumHeight(48)  # reserved: the layout does not jump as it changes
        self.error = MessageLabel(lines=2)  # room kept; a long message is cut, "meer…" (9.8)
        self.error.setObjectName("error")
        set_role(self.error, Role.ERROR_STRONG)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Opslaan")
        self.save_button.setObjectName("save")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        intro = QLabel(
            "<b>Deze gegevens staan op elke brief.</b> Zolang ze niet zijn ingevuld, maakt "
            "de app geen brieven: zo gaat er nooit een brief met voorbeeldgegevens de deur uit."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.missing)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show_logo()
        self._show_missing()

    def _norms_tab(self) -> QWidget:
        """The norms the rules read (settings.yaml ``norms``), grouped, in a scrolling page."""
        inner = QWidget()
        inner.setObjectName("norm_settings")
        form = QFormLayout(inner)
        note = QLabel(
            self.tr(
                "The app checks with these norms. Legal norms follow the municipality's "
                "omgevingsplan; the SNF norms the standard of Stichting Normering Flexwonen. "
                "The minimum wage changes every half year (rijksoverheid.nl): while it is "
                "empty, the app does not check the deduction for housing."
            )
        )
        note.setWordWrap(True)
        set_role(note, Role.SECONDARY)
        form.addRow(note)
        values = norm_values(self.workspace.settings.norms)
        self.norm_fields: dict[str, QLineEdit] = {}
        group = ""
        english = interface_language() == "en"
        for key, label, unit, heading in NORM_FIELDS:
            if english:
                label, unit, heading = NORM_FIELDS_EN[key]
            if heading != group:
                group = heading
                title = QLabel(f"<b>{heading}</b>")
                form.addRow(title)
            edit = QLineEdit(values[key])
            edit.setObjectName(f"norms__{key}")
            self.norm_fields[key] = edit
            if unit:
                edit.setMaximumWidth(110)
                row = QHBoxLayout()
                row.addWidget(edit)
                row.addWidget(QLabel(unit))
                row.addStretch(1)
                form.addRow(label, row)
            else:
                form.addRow(label, edit)
        scroll = QScrollArea()
        scroll.setObjectName("norms_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _go_to(self, fields: tuple[str, ...]) -> None:
        """Show the first refused norm (its tab, the field focused and selected)."""
        for name in fields:
            edit = self.norm_fields.get(name.removeprefix("norms."))
            if edit is None:
                continue
            self.tabs.setCurrentWidget(self.norms_page)
            scroll = self.norms_page
            assert isinstance(scroll, QScrollArea)
            scroll.ensureWidgetVisible(edit)

            def focus(edit: QLineEdit = edit) -> None:
                edit.setFocus()
                edit.selectAll()

            # Once the page is shown (a field on a hidden page takes no focus).
            QTimer.singleShot(0, focus)
            return

    def norm_texts(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.norm_fields.items()}

    def _sync_tab(self) -> QWidget:
        """How often laptops sync, when they warn, how long they keep delivered records."""
        page = QWidget()
        page.setObjectName("sync_settings")
        form = QFormLayout(page)
        note = QLabel(
            "Laptops versturen afgeronde controles en getekende inschrijvingen versleuteld naar "
            "kantoor: bij het openen, elke zoveel minuten en met “Nu synchroniseren”. Een "
            "afgeleverd record (door de server bevestigd) blijft nog het aantal dagen hieronder "
            "op de laptop staan (0 = meteen opruimen)."
        )
        note.setWordWrap(True)
        set_role(note, Role.SECONDARY)
        form.addRow(note)
        self.sync_fields: dict[str, QLineEdit] = {}
        for key, label, low, high, unit in SYNC_FIELDS:
            edit = QLineEdit(str(getattr(self.workspace.settings, key)))
            edit.setObjectName(key)
            edit.setMaximumWidth(90)
            edit.setToolTip(f"{low} tot en met {high} {unit}")
            self.sync_fields[key] = edit
            row = QHBoxLayout()
            row.addWidget(edit)
            row.addWidget(QLabel(unit))
            row.addStretch(1)
            form.addRow(label, row)
        keys = QLabel(
            "<b>Sleutels van kantoor:</b> records zijn versleuteld voor de privésleutels van "
            "burgerzaken en handhaving. Raakt kantoor een privésleutel kwijt zonder reservekopie "
            "(<i>inspector keys backup</i>), dan zijn de records die ervoor zijn versleuteld "
            "voorgoed verloren."
        )
        keys.setObjectName("sync_keys_warning")
        keys.setWordWrap(True)
        form.addRow(keys)
        return page

    def _selection_tab(self) -> QWidget:
        """The weights of the address-selection indicators, the route's start (the office) and
        how long the registered persons are kept (docs/address-selection.md)."""
        page = QWidget()
        page.setObjectName("selection_settings")
        values = selection_values(self.workspace.settings.address_selection)
        self.selection_fields: dict[str, QLineEdit] = {}

        def edit(key: str, width: int) -> QLineEdit:
            field = QLineEdit(values[key])
            field.setObjectName(key.replace(".", "__"))
            field.setMaximumWidth(width)
            self.selection_fields[key] = field
            return field

        lang = interface_language()
        weights = QGroupBox(self.tr("Weights of the indicators (0 = does not count)"))
        weights_form = QFormLayout(weights)
        for name in ADDRESS_INDICATORS:
            weights_form.addRow(weight_label(name, lang), edit(f"weight.{name}", 80))

        note = QLabel(
            self.tr(
                "Nationality is never an indicator; a changed weight belongs in the algorithm "
                "register too. A day's route starts at the office: the place comes from the "
                "BAG data (postcode and house number) or from RD coordinates. Empty: the "
                "route starts at the highest ranked address."
            )
        )
        note.setWordWrap(True)
        set_role(note, Role.SECONDARY)
        start = QGroupBox(self.tr("Start of the route"))
        start_form = QFormLayout(start)
        for key, label in START_FIELDS[:3]:
            start_form.addRow(
                LABELS_EN[key] if lang == "en" else label,
                edit(key, 260 if key == "route_start_label" else 110),
            )
        xy = QHBoxLayout()
        xy.addWidget(edit("route_start_x", 100))
        xy.addWidget(edit("route_start_y", 100))
        xy.addStretch(1)
        start_form.addRow(self.tr("RD coordinates x, y (m)"), xy)

        retention = QGroupBox(self.tr("Keeping registered persons"))
        retention_form = QFormLayout(retention)
        for key, label, low, high in RETENTION_FIELDS:
            field = edit(key, 70)
            field.setToolTip(self.tr("{0} to {1} days").format(low, high))
            row = QHBoxLayout()
            row.addWidget(field)
            row.addWidget(QLabel(self.tr("days")))
            row.addStretch(1)
            retention_form.addRow(LABELS_EN[key] if lang == "en" else label, row)

        right = QVBoxLayout()
        right.addWidget(note)
        right.addWidget(start)
        right.addWidget(retention)
        right.addStretch(1)
        layout = QHBoxLayout(page)
        layout.addWidget(weights, 1)
        layout.addLayout(right, 1)
        return page

    def _edit(self, key: str, value: str) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setObjectName(key.replace(".", "__"))
        edit.textChanged.connect(lambda _text: self._show_missing())
        self.fields[key] = edit
        return edit

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.fields.items()}

    def _show_missing(self) -> None:
        try:
            municipality = municipality_from_values(self.values())
        except SettingsError:
            return  # the error shows on saving
        offices = tuple(dict.fromkeys(o for group in LETTER_OFFICES.values() for o in group))
        problems = contact_problems(municipality, offices)
        if problems:
            self.missing.setText(
                "Brieven kunnen nog niet worden gemaakt. Ontbreekt: " + "; ".join(problems) + "."
            )
            set_role(self.missing, Role.NOTICE)
        else:
            self.missing.setText("Alle gegevens voor de brieven zijn ingevuld.")
            set_role(self.missing, Role.SAVED)

    def _logo_path(self) -> Path | None:
        text = self.fields["logo"].text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.workspace.paths.root / path

    def _show_logo(self) -> None:
        path = self._logo_path()
        pixmap = QPixmap(str(path)) if path is not None and path.is_file() else QPixmap()
        if pixmap.isNull():
            self.logo_preview.clear()
            self.logo_preview.setText("Geen logo" if path is None else "Logo niet gevonden")
        else:
            self.logo_preview.setPixmap(
                pixmap.scaledToHeight(80, Qt.TransformationMode.SmoothTransformation)
            )

    def choose_logo(self) -> None:
        from inspector.ui.saving import ask_picture_path

        # The Pictures folder first, then where the last picture came from (9.13).
        name = ask_picture_path(
            self, self.workspace, "Logo kiezen", "Afbeeldingen (*.png *.jpg *.jpeg)"
        )
        if name:
            self.set_logo(Path(name))

    def set_logo(self, source: Path) -> None:
        """Copy *source* into the data folder as the logo (refused files say why)."""
        try:
            self.fields["logo"].setText(install_logo(self.workspace.paths.root, source))
        except SettingsError as exc:
            self.error.setText(error_text(exc))
            return
        self.error.clear()

    def save(self) -> None:
        sync_values = {key: edit.text() for key, edit in self.sync_fields.items()}
        selection = {key: edit.text() for key, edit in self.selection_fields.items()}
        norm_texts = self.norm_texts()
        try:
            # The numbers are checked first: a refused form changes nothing at all.
            sync_values_from_text(sync_values)
            norms_from_text(norm_texts)
            selection_from_values(self.workspace.settings.address_selection, selection)
            update_municipality(self.workspace, self.values())
            update_norms(self.workspace, norm_texts)
            update_sync_settings(self.workspace, sync_values)
            update_address_selection(self.workspace, selection)
        except SettingsError as exc:
            self.error.setText(f"Niet opgeslagen: {message_for(exc, interface_language())}.")
            self._go_to(exc.fields)
            return
        except PermissionError:
            self.error.setText("Niet opgeslagen: alleen een beheerder mag deze gegevens wijzigen.")
            return
        except OSError as exc:
            self.error.setText(f"Niet opgeslagen: {message_for(exc, interface_language())}.")
            return
        self.error.clear()
        self.accept()
