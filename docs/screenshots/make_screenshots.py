"""Screenshots of the main screens, made offscreen with the app's own fonts, style and Dutch
interface, on a fictitious store. Run: .venv/bin/python docs/screenshots/make_screenshots.py"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests" / "ui"))


def main() -> None:
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QApplication

    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.ui import inspection_page as page_mod
    from inspector.ui.app import create_application
    from inspector.ui.dialogs import FirstRunDialog
    from inspector.ui.formview import attachments
    from inspector.ui.main_window import MainWindow

    from officer_walk import answer_missing, set_field, type_text

    attachments.has_camera = lambda: False  # type: ignore[assignment]
    paths = DataPaths(Path(tempfile.mkdtemp(prefix="inspector-shots-")) / "data")
    app = create_application(paths)

    first = FirstRunDialog(paths)
    first.municipality.setText("Gemeente Voorbeeld")
    first.officer_name.setText("Toezichthouder Test")
    first.keyfile_ok.setChecked(True)
    first.show()
    app.processEvents()
    first.grab().save(str(HERE / "first-run.png"))
    ws = vault.initialise(
        paths,
        officer_name="Toezichthouder Test",
        username="test",
        password="geheim-123",
        municipality="Gemeente Voorbeeld",
    )
    first.close()

    window = MainWindow(ws)
    window.resize(1366, 860)
    window.show()
    app.processEvents()
    window.grab().save(str(HERE / "main-window-empty.png"))

    for address, postcode, city in (
        ("Voorbeeldstraat 12", "2801 AB", "Gouda"),
        ("Testlaan 5", "5981 CD", "Panningen"),
        ("Proefweg 33", "4871 EF", "Etten-Leur"),
    ):
        ws.create_inspection(address=address, postcode=postcode, city=city)
    window.refresh_list()
    app.processEvents()
    window.grab().save(str(HERE / "inspections-list.png"))

    inspection = ws.list_inspections()[-1]
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
    app.processEvents()
    window.grab().save(str(HERE / "location-questionnaire.png"))

    residents = page.show_part("residents")
    residents.add_resident("Петро", "uk")
    type_text(residents.view.field_editor("surname").line, "Тестовий")
    type_text(residents.view.field_editor("given_names").line, "Петро")
    residents.view.flush()
    residents.view.go_to_section("identity")
    app.processEvents()
    window.grab().save(str(HERE / "resident-uk.png"))

    page.show_part("findings")
    app.processEvents()
    window.grab().save(str(HERE / "findings.png"))

    result = page_mod.review_mod.review(ws, inspection.id)
    dialog = page_mod.FinalizeDialog(result, "nl", window)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(HERE / "finalize-check.png"))
    dialog.close()

    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#8fa7bf"))
    photo = paths.root.parent / "foto.png"
    image.save(str(photo))
    page.show_part("photos").add_file(str(photo), "Keuken: één kookplaat voor zeven personen")
    answer_missing(page.show_part("controlelocatie"))
    window.close()
    ws.close()
    QApplication.processEvents()
    print("screenshots written to", HERE)


if __name__ == "__main__":
    main()
