"""Screenshots of the main screens and of every step of the registration wizard, as an officer
sees them on a 1366x768 laptop (windows maximized: 1366x700 inside the title bar and task bar),
made offscreen with the app's own fonts, style and Dutch interface, on a fictitious store.

Run: .venv/bin/python docs/screenshots/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests" / "ui"))
sys.path.insert(0, str(HERE.parents[1] / "tests"))

#: A maximized window on a 1366x768 screen, less the title bar and the task bar.
SCREEN = (1366, 700)


def main() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QApplication

    from inspector import localtime
    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.ui import inspection_page as page_mod
    from inspector.ui.app import create_application
    from inspector.ui.dialogs import FirstRunDialog, NewInspectionDialog, UnlockDialog
    from inspector.ui.formview import attachments
    from inspector.ui.main_window import MainWindow

    import scripted_officer as scripted
    from officer_walk import answer_missing, set_field, type_text

    attachments.has_camera = lambda: False  # type: ignore[assignment]
    paths = DataPaths(Path(tempfile.mkdtemp(prefix="inspector-shots-")) / "data")
    app = create_application(paths)

    def save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        app.processEvents()
        widget.grab().save(str(HERE / name))
        print("wrote", name)

    first = FirstRunDialog(paths)
    first.municipality.setText("Gemeente Voorbeeld")
    type_text(first.officer_name, "Toezichthouder Test")
    first.keyfile_ok.setChecked(True)
    first.show()
    save(first, "first-run.png")
    ws = vault.initialise(
        paths,
        officer_name="Toezichthouder Test",
        username="test",
        password="geheim-123-vos",
        municipality="Gemeente Voorbeeld",
    )
    first.close()

    unlock = UnlockDialog(paths)
    unlock.set_single_officer(True)
    unlock.show()
    save(unlock, "unlock.png")
    unlock.close()

    window = MainWindow(ws)
    window.resize(*SCREEN)
    window.show()
    save(window, "main-window-empty.png")

    new = NewInspectionDialog(ws, window)
    new.address.setText("Voorbeeldstraat 12")
    new.postcode.setText("2801 AB")
    new.city.setText("Gouda")
    new.bag_vbo.setText("12345")
    new.show()
    new._create()  # the BAG id is refused, naming the field
    save(new, "new-inspection.png")
    new.close()

    for address, postcode, city in (
        ("Voorbeeldstraat 12", "2801 AB", "Gouda"),
        ("Testlaan 5", "5981 CD", "Panningen"),
        ("Proefweg 33", "4871 EF", "Etten-Leur"),
    ):
        ws.inspections.create(address=address, postcode=postcode, city=city)
    window.refresh_list()
    save(window, "inspections-list.png")

    inspection = ws.inspections.list_all()[-1]
    window.open_inspection(inspection.id)
    page = window.inspection_page
    assert isinstance(page, page_mod.InspectionPage)
    location = page.show_part("verblijfslocatie")
    set_field(location, "floor_area_m2", "62")
    set_field(location, "persons_present", "7")
    for area, persons in (("8", 3), ("12", 2), ("9,5", 2)):
        instance = location.add_repeat_instance("bedrooms")
        index = location.instance_ids("bedrooms").index(instance)
        set_field(location, f"bedrooms[{index}].area_m2", area)
        set_field(location, f"bedrooms[{index}].persons", persons)
        set_field(location, f"bedrooms[{index}].beds", persons)
    location.flush()
    location.go_to_section("bedrooms_page")
    save(window, "location-questionnaire.png")

    control = page.show_part("controlelocatie")
    page.refresh_findings()  # the visit has started: start time and officer filled in
    control.go_to_section("control")
    save(window, "control-location.png")

    residents = page.show_part("residents")
    residents.add_resident("Петро", "uk")
    type_text(residents.view.field_editor("surname").line, "Тестовий")
    type_text(residents.view.field_editor("given_names").line, "Петро")
    residents.view.flush()
    residents.view.go_to_section("identity")
    save(window, "resident-uk.png")
    resident_id = residents.add_resident("Ion", "ro")
    for key, value in scripted.questionnaire_answers(localtime.today()).items():
        ws.answers.save(inspection.id, "betrokkene", 1, key, value, resident_id=resident_id)
    residents.reload(select=resident_id)

    page.show_part("findings")
    page.refresh_findings()
    save(window, "findings.png")

    result = page_mod.review_mod.review(ws, inspection.id)
    dialog = page_mod.FinalizeDialog(result, "nl", window)
    dialog.show()
    save(dialog, "finalize-check.png")
    dialog.close()

    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#8fa7bf"))
    photo = paths.root.parent / "foto.png"
    image.save(str(photo))
    page.show_part("photos").add_file(str(photo), "Keuken: één kookplaat voor zeven personen")
    save(window, "photos.png")
    page.show_part("registrations")
    save(window, "registrations-list.png")
    # The administrator has filled in the municipality's details: letters can be made.
    from inspector.settings import save_settings

    from tests_support import letter_ready

    ws.settings = letter_ready(ws.settings)
    save_settings(paths.settings, ws.settings)
    window._update_letters_setup()
    letters = page.show_part("letters")
    # The preview is made in the background: wait until it (or its refusal) shows.
    import scripted_officer

    scripted_officer.wait_until(lambda: not letters.is_rendering())  # type: ignore[attr-defined]
    import time

    until = time.monotonic() + 2.0  # the PDF view draws its pages in the background
    while time.monotonic() < until:
        app.processEvents()
        time.sleep(0.02)
    save(window, "letters-window.png")
    invitations_and_settings(ws, paths, save, window)

    wizard_steps(ws, inspection.id, resident_id, paths, save, window)
    page.show_part("findings")
    page.refresh_findings()  # Ion signed: the registration duty is met
    save(window, "findings-after-registration.png")
    answer_missing(page.show_part("controlelocatie"))
    window.close()
    ws.close()
    QTimer.singleShot(0, app.quit)
    QApplication.processEvents()
    print("screenshots written to", HERE)


def invitations_and_settings(ws, paths, save, window) -> None:  # type: ignore[no-untyped-def]
    """The invitations to a group registration (an imported employer's list, Peel en Maas)
    after saving, and the norms tab of the administrator's settings."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QApplication, QTabWidget

    from inspector import localtime
    from inspector.ui.letters.invitations import InvitationsDialog
    from inspector.ui.settings_dialog import SettingsDialog

    park = next(i for i in ws.inspections.list_all() if i.city == "Panningen")
    listed = paths.root.parent / "lijst-werkgever.csv"
    listed.write_text(
        "achternaam;voornamen;datum_aankomst;geboortedatum;geboorteplaats;geboorteland;bsn;"
        "kamer\n"
        "Testowa;Anna;2026-11-02;1990-05-17;Łódź;PL;;Chalet 12\n"
        "Exemplu;Ion;2026-11-02;1985-01-02;Brașov;RO;;Chalet 13\n"
        "Тестовий;Петро;2026-11-09;1992-03-04;Львів;UA;;Chalet 14\n",
        encoding="utf-8",
    )
    ws.registrations.import_residents(park.id, listed)
    dialog = InvitationsDialog(ws, park.id, window)
    day = localtime.today()
    dialog.date.setDate(QDate(day.year, day.month, day.day).addDays(10))
    dialog.place.setText("Kantine van het park, Voorbeeldweg 1, Panningen")
    dialog.documents["rental_contract"].setChecked(True)
    dialog.documents["payslip"].setChecked(True)
    dialog.show()
    folder = paths.root.parent / "Documenten"
    folder.mkdir(exist_ok=True)
    import inspector.ui.letters.invitations as invitations_mod

    invitations_mod.ask_folder = lambda *_a: folder  # type: ignore[assignment]
    dialog.save()
    import scripted_officer

    scripted_officer.wait_until(lambda: not dialog.is_saving())  # type: ignore[attr-defined]
    save(dialog, "invitations-dialog.png")
    dialog.reject()

    settings = SettingsDialog(ws, window)
    settings.show()
    tabs = settings.findChild(QTabWidget, "settings_tabs")
    tabs.setCurrentWidget(settings.norms_page)
    settings.norm_fields["minimum_wage_month"].setText("2.191,80")
    app = QApplication.instance()
    assert app is not None
    app.processEvents()
    settings.norms_page.ensureWidgetVisible(settings.norm_fields["minimum_wage_month"], 50, 120)
    save(settings, "settings-norms.png")
    settings.reject()


def wizard_steps(ws, inspection_id, resident_id, paths, save, window) -> None:  # type: ignore[no-untyped-def]
    """Every step of the on-the-spot registration, in the dialog as it opens (maximized)."""
    from test_registration_walk import GOOD_MRZ, scan_file, td3

    from inspector.ui import inspection_page as page_mod

    import scripted_officer as scripted

    dialog = page_mod.RegistrationDialog(ws, inspection_id, resident_id, window)
    dialog.resize(*SCREEN)
    dialog.show()
    wizard = dialog.wizard
    officer = scripted.ScriptedOfficer(wizard)
    save(dialog, "registration-consent-ro.png")
    officer.consent(True)
    save(dialog, "registration-details.png")
    officer.click(wizard.form_page.form_next)  # civil status still missing: the message names it
    save(dialog, "registration-details-missing.png")
    officer.details({"civil_status": "unmarried"})
    save(dialog, "registration-document.png")
    tmp = paths.root.parent
    mrz = td3("EXEMPLU", "IOAN", "RO7654321", "ROU", "900517", "M", "300101")
    officer.paste(wizard.document_page.mrz_edit, mrz)
    officer.document({}, front=scan_file(tmp, "f.png", "lightblue"),
                     back=scan_file(tmp, "b.png", "wheat"))  # fmt: skip
    save(dialog, "registration-idcheck-mismatch.png")
    officer.paste(wizard.document_page.mrz_edit, GOOD_MRZ)
    officer.next_from_document()
    save(dialog, "registration-signature-empty.png")
    officer.resident_signs()
    save(dialog, "registration-signature.png")
    officer.sign()
    save(dialog, "registration-done.png")
    dialog.reject()

    other = ws.residents.add(inspection_id, "Anna", "pl")
    declined = page_mod.RegistrationDialog(ws, inspection_id, other.id, window)
    declined.resize(*SCREEN)
    declined.show()
    scripted.ScriptedOfficer(declined.wizard).consent(False)
    save(declined, "registration-declined.png")
    declined.reject()


if __name__ == "__main__":
    main()
