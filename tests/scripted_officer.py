"""A scripted officer that walks the registration wizard and counts keystrokes and clicks.

A helper of the tests, kept out of the product package; the benchmark
(benchmarks/bench_registration.py) and the screenshots (docs/screenshots/make_screenshots.py)
import it too, with tests/ on their path.
Counting rules (the officer's actions only; the resident's signature is not counted):

- a click on a button, radio button, check box or field: 1 click;
- typed text: 1 keystroke per character, plus 1 (Tab) to leave the field;
- a country: click the field, type 3 letters of its name, Enter: 1 click + 4 keystrokes;
- pasting (the MRZ from a document reader): click the box + Ctrl+V: 1 click + 1 keystroke;
- choosing a file in the file dialog: 2 clicks (double-click the file) after the button.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QWidget

from inspector.core import registrations as en
from inspector.forms import FieldType
from inspector.ui.formview import FormView
from inspector.ui.registration import pages
from inspector.ui.registration.wizard import STEP_DOCUMENT, STEP_FORM, RegistrationWizard


@dataclass
class Actions:
    clicks: int = 0
    keystrokes: int = 0

    @property
    def total(self) -> int:
        return self.clicks + self.keystrokes


def _text_of(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


class ScriptedOfficer:
    """Drives an :class:`RegistrationWizard` as an officer would, counting the actions."""

    def __init__(self, wizard: RegistrationWizard) -> None:
        self.wizard = wizard
        self.actions = Actions()

    # -- primitive actions -----------------------------------------------------------------

    def click(self, widget: QWidget) -> None:
        pos = QPoint()
        if isinstance(widget, QRadioButton | QCheckBox):
            # Only the indicator and the label take clicks, not the rest of a wide row.
            pos = QPoint(min(10, widget.width() // 2), widget.height() // 2)
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        self.actions.clicks += 1
        QApplication.processEvents()

    def type_text(self, widget: QWidget, text: str, *, leave: bool = True) -> None:
        """Type into a line edit: one keystroke per character (non-ASCII through setText)."""
        widget.setFocus()
        if text.isascii():
            QTest.keyClicks(widget, text)
        else:
            # keyClicks aborts on non-ASCII in this PySide6 release; the count stays honest.
            widget.setText(widget.text() + text)  # type: ignore[attr-defined]
        self.actions.keystrokes += len(text)
        if leave:
            QTest.keyClick(widget, Qt.Key.Key_Tab)
            self.actions.keystrokes += 1
        QApplication.processEvents()

    def paste(self, widget: QWidget, text: str) -> None:
        widget.setFocus()
        widget.setPlainText(text)  # type: ignore[attr-defined]
        self.actions.clicks += 1
        self.actions.keystrokes += 1
        QApplication.processEvents()

    # -- form fields -----------------------------------------------------------------------

    def fill(self, view: FormView, values: Mapping[str, Any], *, only_empty: bool = True) -> None:
        """Fill the fields of ``view`` from ``values`` that are empty on screen."""
        current = view.evaluation.values
        for field_id, value in values.items():
            if only_empty and current.get(field_id) not in (None, "", []):
                continue
            if view.field_row(field_id) is None:
                if not view.form.has_field(field_id):
                    continue
                view.go_to_section(view.form.field(field_id).section_id)
            editor = view.field_editor(field_id)
            if editor is None:
                continue
            self.set_field(editor, value)
        view.flush()

    def set_field(self, editor: Any, value: Any) -> None:
        t = editor.field.type
        if t in (FieldType.SINGLE_CHOICE, FieldType.YES_NO) and hasattr(editor, "buttons"):
            buttons = editor.buttons
            button = buttons[value] if isinstance(buttons, dict) else buttons[
                list(editor.VALUES).index(value)
            ]  # fmt: skip
            self.click(button)
        elif t in (FieldType.SINGLE_CHOICE, FieldType.YES_NO):
            editor.choose(value)
            self.actions.clicks += 2
        elif t in (FieldType.COUNTRY, FieldType.LANGUAGE):
            editor.choose(value)
            self.actions.clicks += 1
            self.actions.keystrokes += 4
        elif t is FieldType.NATIONALITY:
            for code in value:
                editor.add(code)
                self.actions.clicks += 1
                self.actions.keystrokes += 4
        elif t is FieldType.LONG_TEXT:
            self.click(editor.edit)
            editor.edit.setPlainText(str(value))
            self.actions.keystrokes += len(str(value)) + 1  # the text, then Tab
            editor.committed.emit()
        else:
            line = editor.line
            self.click(line)
            self.type_text(line, _text_of(value))
        QApplication.processEvents()

    # -- the steps -------------------------------------------------------------------------

    def consent(self, yes: bool = True) -> None:
        w = self.wizard
        self.click(w.consent_page.consent_yes if yes else w.consent_page.consent_no)

    def details(self, values: Mapping[str, Any]) -> bool:
        w = self.wizard
        assert w.form_page.form_view is not None
        self.fill(w.form_page.form_view, values)
        if w.form_page.confirm_short_stay.isVisible():
            self.click(w.form_page.confirm_short_stay)
        self.click(w.form_page.form_next)
        return w.current_step() == STEP_DOCUMENT

    def document(
        self,
        values: Mapping[str, Any],
        *,
        front: str,
        back: str | None,
        mrz: str | None = None,
    ) -> None:
        w = self.wizard
        assert w.document_page.doc_view is not None
        self.fill(w.document_page.doc_view, values)
        if mrz is not None:
            self.paste(w.document_page.mrz_edit, mrz)
        with scan_files([front] + ([back] if back else [])):
            self.click(w.document_page.scan_front.from_file)
            self.actions.clicks += 2
            if back:
                self.click(w.document_page.scan_back.from_file)
                self.actions.clicks += 2
        if not w.document_page.visual_check.isChecked():
            self.click(w.document_page.visual_check)

    def next_from_document(self) -> None:
        self.click(self.wizard.document_page.doc_next)

    def resident_signs(self) -> None:
        """The resident draws a signature with the mouse (not counted as officer actions)."""
        draw_signature(self.wizard.signature_page.pad)

    def sign(self) -> None:
        """Press "Sign" and wait until the signing (in the background) has ended."""
        self.click(self.wizard.signature_page.sign_button)
        wait_until(lambda: not self.wizard.signature_page.is_signing())


def wait_until(done: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the event loop run until *done()* (work in the background delivers through it)."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the background work did not end in time")
        QApplication.processEvents()
        time.sleep(0.005)


@contextlib.contextmanager
def scan_files(paths: list[str]) -> Iterator[None]:
    """Answer the file dialog with ``paths`` in order (a scanner's files)."""
    queue = list(paths)
    original = pages.choose_scan_file

    def fake(_parent: QWidget, _title: str, _ws: object) -> str:
        return queue.pop(0) if queue else ""

    pages.choose_scan_file = fake
    try:
        yield
    finally:
        pages.choose_scan_file = original


def signature_strokes(width: int, height: int) -> list[list[QPoint]]:
    """A handwriting-like signature: two looping strokes and a final flourish."""
    import math

    strokes = []
    for x0, x1, loops in ((0.08, 0.42, 4), (0.47, 0.80, 5)):
        points = []
        steps = loops * 12
        for i in range(steps + 1):
            t = i / steps
            angle = t * loops * 2 * math.pi
            x = x0 + (x1 - x0) * t + 0.018 * math.cos(angle)
            y = 0.55 - 0.16 * math.sin(angle) * (0.6 + 0.4 * math.sin(t * math.pi))
            points.append(QPoint(int(x * width), int(y * height)))
        strokes.append(points)
    flourish = [
        QPoint(int((0.12 + 0.7 * t) * width), int((0.78 - 0.06 * math.sin(t * math.pi)) * height))
        for t in (i / 20 for i in range(21))
    ]
    strokes.append(flourish)
    return strokes


def draw_signature(pad: QWidget) -> None:
    """Strokes with press, moves and release, as a mouse would draw them."""
    for points in signature_strokes(max(pad.width(), 480), max(pad.height(), 180)):
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for p in points[1:]:
            # QTest.mouseMove carries no pressed button: send the move event itself.
            event = QMouseEvent(
                QMouseEvent.Type.MouseMove,
                QPointF(p),
                QPointF(pad.mapToGlobal(p)),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
            QApplication.sendEvent(pad, event)
        QTest.mouseRelease(
            pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1]
        )
    QApplication.processEvents()


#: A fictitious resident, as the officer would enter them on an empty form.
PERSON: dict[str, Any] = {
    "registration_kind": "ingezetene",
    "surname": "Exemplu",
    "given_names": "Ion",
    "birth_date": dt.date(1990, 5, 17),
    "birth_place": "Brașov",
    "birth_country": "RO",
    "sex": "male",
    "nationalities": ["RO"],
    "civil_status": "unmarried",
    "address_abroad_country": "RO",
    "address_abroad": "Strada Exemplu 1, Brașov",
    "expected_stay": "at_least_4_months",
    "street": "Voorbeeldstraat",
    "house_number": "12 A",
    "unit": "3",
    "postcode": "2801 AB",
    "town": "Gouda",
}


def person_dates(today: dt.date) -> dict[str, Any]:
    return {
        "arrival_date": today - dt.timedelta(days=20),
        "moving_in_date": today - dt.timedelta(days=20),
    }


DOCUMENT: dict[str, Any] = {
    "document_type": "passport",
    "document_number": "RO1234567",
    "document_country": "RO",
    "document_expiry": dt.date(2030, 1, 1),
}


def questionnaire_answers(today: dt.date) -> dict[str, Any]:
    """The resident questionnaire as filled in earlier during the inspection."""
    answers = {k: v for k, v in PERSON.items() if k not in ("registration_kind", "civil_status")}
    answers.update(person_dates(today))
    answers.update(DOCUMENT)
    answers["current_registration"] = "none"
    for key in ("street", "house_number", "unit", "postcode", "town"):
        answers.pop(key)
    return answers


def clear_prefill(wizard: RegistrationWizard) -> None:
    """Turn the prefilled form back into an empty one (the benchmark's baseline)."""
    assert wizard.registration_id is not None
    values = wizard.ws.answers.load(
        wizard.inspection_id, en.FORM_ID, resident_id=wizard.resident_id
    ).values
    wizard.ws.registrations.save_values(wizard.registration_id, {k: None for k in values})
    wizard.go(STEP_FORM)  # rebuild the view on the empty form
