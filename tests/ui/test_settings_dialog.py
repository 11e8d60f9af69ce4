"""Issue 9.4 / 12.14: the administrator's settings screen, driven by typing and buttons."""

from __future__ import annotations

import io
import os
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from inspector import localtime
from inspector.letters import ContactDetailsMissing
from inspector.letters.sample import placeholder_png
from inspector.paths import DataPaths
from inspector.settings import load_settings
from inspector.ui.main_window import MainWindow
from inspector.ui.settings_dialog import SettingsDialog

from tests_support import letter_rendered, make_store

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

#: Fictitious details an administrator types (ASCII: qtbot.keyClicks).
TYPED = {
    "name": "Gemeente Teststad",
    "burgerzaken.address": "Postbus 12, 9999 ZZ Teststad",
    "burgerzaken.phone": "0182 123 456",
    "burgerzaken.email": "burgerzaken@teststad.example",
    "handhaving.address": "Postbus 12, 9999 ZZ Teststad",
    "handhaving.phone": "0182 123 457",
    "handhaving.email": "handhaving@teststad.example",
    "meldpunt.email": "meldpunt@teststad.example",
    "rni_counter.department": "RNI-loket Teststad",
    "rni_counter.address": "Stadhuisplein 1, 9999 ZZ Teststad",
}


def _fresh(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A store as after the first start: no contact details yet."""
    return make_store(DataPaths(tmp_path / "data"), letters=False)


def _type(qtbot, dialog: SettingsDialog, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    edit = dialog.findChild(QLineEdit, key.replace(".", "__"))
    assert edit is not None, key
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_letters_are_refused_until_the_details_are_set(tmp_path: Path) -> None:
    ws = _fresh(tmp_path)
    try:
        insp = ws.inspections.create(address="Teststraat 1", postcode="9999 ZZ", city="Teststad")
        try:
            ws.letters.render("control", "nl", "pdf", inspection_id=insp.id)
        except ContactDetailsMissing as exc:
            text = exc.text("nl")
        else:  # pragma: no cover - the refusal is the point
            raise AssertionError("a letter was made without contact details")
        assert "Toezicht en handhaving: postadres" in text
        assert "Meldpunt Wet goed verhuurderschap" in text
        assert "Instellingen gemeente" in text
        assert "Burgerzaken" not in text  # the control letter does not name burgerzaken
    finally:
        ws.close()


def test_old_sample_details_are_refused_too(tmp_path: Path) -> None:
    """Settings written by earlier versions hold the sample details: never printed."""
    ws = _fresh(tmp_path)
    try:
        ws.paths.settings.write_text(
            "municipality:\n  name: Gemeente Gouda\n  address: Postbus 1, 1234 AB Voorbeeld\n"
            "  phone: 14 0000\n  email: handhaving@voorbeeld.example\n",
            encoding="utf-8",
        )
        settings = load_settings(ws.paths.settings)
        assert settings.municipality.handhaving.phone == "14 0000"
        ws.settings = settings
        insp = ws.inspections.create(address="Teststraat 1", postcode="9999 ZZ", city="Teststad")
        try:
            ws.letters.render("report", "nl", "pdf", inspection_id=insp.id)
        except ContactDetailsMissing as exc:
            assert "voorbeeldgegevens vervangen" in str(exc)
        else:  # pragma: no cover
            raise AssertionError("sample details were printed")
    finally:
        ws.close()


def test_typing_the_details_and_saving_makes_letters_possible(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = _fresh(tmp_path)
    try:
        dialog = SettingsDialog(ws)
        qtbot.addWidget(dialog)
        dialog.show()
        assert "Brieven kunnen nog niet worden gemaakt" in dialog.missing.text()
        for key, text in TYPED.items():
            _type(qtbot, dialog, key, text)
        assert "Alle gegevens voor de brieven zijn ingevuld" in dialog.missing.text()
        png = tmp_path / "logo.png"
        png.write_bytes(placeholder_png(120, 60, (0, 90, 60)))
        dialog.set_logo(png)
        assert dialog.fields["logo"].text() == "logo.png"
        assert (
            dialog.logo_preview.pixmap() is not None and not dialog.logo_preview.pixmap().isNull()
        )
        if os.environ.get("INSPECTOR_SCREENSHOTS"):
            SHOTS.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(SHOTS / "settings-municipality.png"))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == dialog.DialogCode.Accepted
        saved = load_settings(ws.paths.settings).municipality
        assert saved.burgerzaken.phone == "0182 123 456"
        assert saved.handhaving.email == "handhaving@teststad.example"
        assert saved.logo == "logo.png" and (ws.paths.root / "logo.png").is_file()
        assert ws.settings.municipality == saved
        insp = ws.inspections.create(address="Teststraat 1", postcode="9999 ZZ", city="Teststad")
        rid = ws.residents.add(insp.id, "Anna Testowa", "pl").id
        control = ws.letters.render("control", "pl", "pdf", inspection_id=insp.id, resident_id=rid)
        assert control.startswith(b"%PDF")
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(control)).pages)
        # Each letter uses its own office: the control letter handhaving and the meldpunt.
        assert "handhaving@teststad.example" in text and "meldpunt@teststad.example" in text
        assert "burgerzaken@teststad.example" not in text
        assert "voorbeeld.example" not in text
    finally:
        ws.close()


def test_a_bad_email_is_refused_and_nothing_is_saved(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = _fresh(tmp_path)
    try:
        before = ws.paths.settings.read_text(encoding="utf-8")
        dialog = SettingsDialog(ws)
        qtbot.addWidget(dialog)
        dialog.show()
        _type(qtbot, dialog, "burgerzaken.email", "burgerzaken-at-teststad")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert "Burgerzaken: e-mailadres is geen e-mailadres" in dialog.error.text()
        assert ws.paths.settings.read_text(encoding="utf-8") == before
        # The typed value stays on screen to be corrected.
        assert dialog.fields["burgerzaken.email"].text() == "burgerzaken-at-teststad"
    finally:
        ws.close()


def test_a_file_that_is_no_image_is_refused_as_logo(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = _fresh(tmp_path)
    try:
        dialog = SettingsDialog(ws)
        qtbot.addWidget(dialog)
        bad = tmp_path / "logo.png"
        bad.write_bytes(b"not an image")
        dialog.set_logo(bad)
        assert "PNG- of JPEG" in dialog.error.text() and dialog.fields["logo"].text() == ""
    finally:
        ws.close()


def test_the_main_window_menu_opens_the_settings(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    action = window.settings_action
    assert action.isEnabled()  # the first officer is the administrator
    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        seen.append(dialog.fields["burgerzaken.email"].text())
        qtbot.mouseClick(
            dialog.findChild(type(dialog.save_button), "save"), Qt.MouseButton.LeftButton
        )

    QTimer.singleShot(0, close_it)
    menu = window.menuBar().actions()[0].menu()
    assert action in menu.actions()
    action.trigger()
    assert seen == ["burgerzaken@teststad.example"]


def test_the_main_window_asks_for_missing_details_at_start(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = _fresh(tmp_path)
    try:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        window.show()
        assert window.letters_setup.isVisible()
        assert "Burgerzaken: postadres" in window.letters_setup.toolTip()

        def fill_and_save() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, SettingsDialog)
            for key, text in TYPED.items():
                _type(qtbot, dialog, key, text)
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, fill_and_save)
        qtbot.mouseClick(window.letters_setup, Qt.MouseButton.LeftButton)
        assert not window.letters_setup.isVisible()
        assert load_settings(ws.paths.settings).municipality.burgerzaken.phone == "0182 123 456"
    finally:
        ws.close()


def test_letters_panel_says_what_is_missing_once(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The panel shows the refusal as the core words it, not wrapped in a second sentence."""
    from inspector.ui.letters import LetterPanel

    ws = _fresh(tmp_path)
    try:
        insp = ws.inspections.create(address="Teststraat 1", postcode="9999 ZZ", city="Teststad")
        panel = letter_rendered(qtbot, LetterPanel(ws, insp.id, None))
        qtbot.addWidget(panel)
        text = panel.error_text()
        assert text.startswith("Deze brief kan nog niet worden gemaakt: ")
        assert text.count("kan") == 1 and "Instellingen gemeente" in text
        assert not panel.print_button.isEnabled()
    finally:
        ws.close()


# -- the norms the rules read (12.12 minimum wage and the others) --------------------------------


def _norms_tab(qtbot, dialog: SettingsDialog) -> None:  # type: ignore[no-untyped-def]
    """Open the norms tab by clicking it, as the administrator does."""
    from PySide6.QtWidgets import QTabWidget

    tabs = dialog.findChild(QTabWidget, "settings_tabs")
    assert tabs is not None
    bar = tabs.tabBar()
    index = tabs.indexOf(dialog.norms_page)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def test_the_minimum_wage_is_set_in_the_window_and_the_signal_follows(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    from inspector.rules import ResidentInput, compute

    answers = {"housing_deduction": "yes", "housing_deduction_amount": 150,
               "housing_deduction_period": "week"}  # fmt: skip

    def signalled() -> bool:
        result = compute(
            None, [ResidentInput("r1", answers)], workspace.settings.norms, today=localtime.today()
        )
        return any(s.code == "housing_deduction_above_max" for s in result.signals)

    assert workspace.settings.norms.minimum_wage_month is None and not signalled()
    dialog = SettingsDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    _norms_tab(qtbot, dialog)
    _type(qtbot, dialog, "norms.minimum_wage_month", "2.191,80")
    _type(qtbot, dialog, "norms.m2_per_person", "15")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "" and dialog.result() == dialog.DialogCode.Accepted
    stored = load_settings(workspace.paths.settings).norms
    assert stored.minimum_wage_month == 2191.8 and stored.m2_per_person == 15
    assert workspace.settings.norms.minimum_wage_month == 2191.8
    assert signalled()  # 150 a week is about 650 a month: more than 25 % of 2,191.80
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        again = SettingsDialog(workspace)
        qtbot.addWidget(again)
        again.resize(820, 640)
        again.show()
        _norms_tab(qtbot, again)
        again.grab().save(str(SHOTS / "settings-norms.png"))


def test_bad_norms_are_refused_in_dutch_and_nothing_is_saved(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    before = workspace.paths.settings.read_bytes()
    dialog = SettingsDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog, "name", "Gemeente Anders")  # a change on another tab: not kept either
    _norms_tab(qtbot, dialog)
    _type(qtbot, dialog, "norms.m2_per_person", "twaalf")
    _type(qtbot, dialog, "norms.max_persons_per_dwelling", "4")
    _type(qtbot, dialog, "norms.housing_deduction_max_share", "1,5")
    # The officer looks at another tab before saving: the refusal brings the field back.
    from PySide6.QtWidgets import QTabWidget

    tabs = dialog.findChild(QTabWidget, "settings_tabs")
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = dialog.error.text()
    assert text.startswith("Niet opgeslagen: ")
    assert "Gebruiksoppervlakte per persoon, woning: 'twaalf' is geen getal" in text
    assert "Bron van die regel: vul in welke lokale regel" in text
    assert "Inhouding voor huisvesting hoogstens: kies een getal groter dan 0 en hoogstens 1" in (
        text
    )
    assert dialog.isVisible()
    assert tabs.currentWidget() is dialog.norms_page
    field = dialog.findChild(QLineEdit, "norms__m2_per_person")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    assert field.selectedText() == "twaalf"  # typing replaces it
    assert workspace.paths.settings.read_bytes() == before
    assert workspace.settings.norms.max_persons_per_dwelling is None


def test_every_norm_the_rules_read_is_on_the_settings_screen() -> None:
    from inspector.settings import NORM_FIELDS, Norms

    assert [key for key, *_ in NORM_FIELDS] == list(Norms.model_fields)


def test_norms_and_selection_tabs_in_interface_language(qtbot, qapp, workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QGroupBox, QLabel, QTabWidget

    from inspector.addresses.setting_values import LABELS_EN, RETENTION_FIELDS, START_FIELDS
    from inspector.settings import NORM_FIELDS, NORM_FIELDS_EN
    from inspector.ui.app import install_translation

    assert set(NORM_FIELDS_EN) == {key for key, *_rest in NORM_FIELDS}
    assert set(LABELS_EN) == {f[0] for f in START_FIELDS} | {f[0] for f in RETENTION_FIELDS}

    def shown(dialog: SettingsDialog) -> tuple[list[str], set[str]]:
        tabs = dialog.findChild(QTabWidget, "settings_tabs")
        assert tabs is not None
        texts = {w.text() for w in dialog.findChildren(QLabel)}
        texts |= {g.title() for g in dialog.findChildren(QGroupBox)}
        return [tabs.tabText(i) for i in range(tabs.count())], texts

    before = qapp.property("interface_language")
    try:
        install_translation(qapp, "nl")
        dialog = SettingsDialog(workspace)
        qtbot.addWidget(dialog)
        names, texts = shown(dialog)
        assert "Normen" in names and "Adresselectie" in names
        assert {"Eén toilet per", "<b>Voorzieningen (SNF)</b>", "Vertrekpunt van de route",
                "Bewoningsgraad"} <= texts  # fmt: skip
        install_translation(qapp, "en")
        dialog = SettingsDialog(workspace)
        qtbot.addWidget(dialog)
        dialog.show()
        names, texts = shown(dialog)
        assert "Norms" in names and "Address selection" in names
        assert {"One toilet per", "<b>Facilities (SNF)</b>", "persons", "Start of the route",
                "Keeping registered persons", "Keep registered persons after importing",
                "Occupancy"} <= texts  # fmt: skip
        assert "Eén toilet per" not in texts and "Vertrekpunt van de route" not in texts
        _norms_tab(qtbot, dialog)
        dialog.grab().save(str(tmp_path / "settings-norms-en.png"))
    finally:
        install_translation(qapp, "en")  # no translator, as the other tests run
        qapp.setProperty("interface_language", before)
