"""The decision refusing a registration, with the objection clause: only from a refused
registration, in the resident's language followed by the Dutch decision; from the clerk's
review screen (pressing the button), from the command line; audited."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from clerk_support import PEOPLE, register
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import select

from inspector.__main__ import main
from inspector.clerk import export, receive
from inspector.clerk.desk import ClerkDesk
from inspector.clerk.receive import ClerkError
from inspector.core.workspace import Workspace
from inspector.settings import save_settings
from inspector.storage.models import AuditEvent
from inspector.sync import client
from inspector.ui.clerk.desk import ClerkDeskWidget

from tests_support import PASSWORD, letter_ready

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]

REASON = "Het paspoort was verlopen op de dag van de aangifte; geen geldig document getoond."


def _received(world: Any, person: Any = PEOPLE[0]) -> tuple[Workspace, ClerkDesk, str]:
    office, svc, laptop = world
    register(laptop, person, real_scans=True)
    assert client.sync_once(laptop, svc.transport).ok
    receive.pull(office, svc.transport)
    office.settings = letter_ready(office.settings)
    save_settings(office.paths.settings, office.settings)  # for the command line
    desk = ClerkDesk(office, svc.transport)
    (row,) = desk.queue()
    return office, desk, row.record_id


def _text(pdf: bytes) -> str:
    raw = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", raw)


def _refuse(desk: ClerkDesk, rid: str) -> None:
    desk.take(rid)
    assert desk.decide(rid, "refused", message=REASON) == "refused"


def _audited(office: Workspace, action: str) -> list[dict[str, Any]]:
    with office.unit() as s:
        return [
            json.loads(e.details or "{}")
            for e in s.scalars(select(AuditEvent).where(AuditEvent.action == action))
        ]


def test_the_refusal_decision_only_from_a_refused_registration(world: Any) -> None:
    office, desk, rid = _received(world)
    with pytest.raises(ClerkError, match="refused registration"):
        export.refusal_letter(office, desk, rid, "pl")
    desk.take(rid)
    desk.decide(rid, "returned", message="Klopt de geboorteplaats?")
    with pytest.raises(ClerkError, match="refused registration"):
        export.refusal_letter(office, desk, rid, "pl")


def test_refusal_decision_in_polish_and_dutch_with_the_objection_clause(world: Any) -> None:
    office, desk, rid = _received(world)
    _refuse(desk, rid)
    text = _text(export.refusal_letter(office, desk, rid, "pl"))
    # The resident's language first ...
    assert "Decyzja" in text and "sprzeciw" in text and "sześciu tygodni" in text
    # ... then the Dutch decision, the legal text.
    assert "Ons besluit" in text and "binnen zes weken" in text and "6:7" in text
    assert "bezwaarschrift" in text and "8:81" in text
    # The reason as the clerk wrote it, who decided (the clerk), the date, to whom to object.
    assert REASON in text
    assert "Medewerker Burgerzaken Een" in text
    assert "college van burgemeester en wethouders" in text
    assert "Anna Przykladowa" in text
    # No BSN and no sample mark on a real decision.
    assert "111222333" not in text and "VOORBEELD –" not in text
    (event,) = _audited(office, "clerk.letter")
    assert event["kind"] == "refusal" and event["lang"] == "pl"
    # Nothing personal in the audit details.
    assert "Przykladowa" not in str(event) and REASON not in str(event)


def test_the_command_line_makes_the_refusal_decision(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    office, desk, rid = _received(world)
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSWORD)
    base = ["--data-dir", str(office.paths.root), "clerk", "letter", rid[:8], "--lang", "ro"]
    out = tmp_path / "besluit.pdf"
    # Before the refusal: the confirmation is refused (not processed), so is --kind refusal.
    assert main([*base, "--out", str(out)]) != 0
    assert main([*base, "--kind", "refusal", "--out", str(out)]) != 0
    assert "refused registration" in capsys.readouterr().err and not out.exists()
    _refuse(desk, rid)
    # The letter that fits the outcome is chosen by itself.
    assert main([*base, "--out", str(out)]) == 0
    assert "Besluit tot weigering" in capsys.readouterr().out
    text = _text(out.read_bytes())
    assert "contestație" in text and "Ons besluit" in text and REASON in text


def test_the_review_screen_saves_the_refusal_decision(
    qtbot: Any, world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office, desk, rid = _received(world, PEOPLE[1])  # Ion, Romanian
    window = ClerkDeskWidget(desk)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    queue = window.queue
    QTest.mouseClick(
        queue.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=queue.table.visualRect(queue.model.index(0, 1)).center(),
    )
    QTest.mouseClick(queue.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review, timeout=30_000)
    review = window.review
    assert not review.refusal_button.isEnabled()
    QTest.mouseClick(review.take_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(review.outcome_button, Qt.MouseButton.LeftButton)
    dialog = window.outcome_dialog
    assert dialog is not None and dialog.isVisible()
    QTest.mouseClick(dialog.radios["refused"], Qt.MouseButton.LeftButton)
    dialog.text.setPlainText(REASON)
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert review.status.text().startswith("Geweigerd")
    assert review.refusal_button.isEnabled() and not review.letter_button.isEnabled()
    assert REASON in review.context.text()
    QTest.mouseClick(review.scans.fit, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    folder = Path(os.environ.get("INSPECTOR_CLERK_SHOTS") or tmp_path)
    assert window.grab().save(str(folder / "clerk-refusal.png"))
    assert window.width() <= 1366

    saved: list[Path] = []

    def save_as(_parent: Any, _title: str, start: str, _pattern: str) -> tuple[str, str]:
        target = tmp_path / Path(start).name
        saved.append(target)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    QTest.mouseClick(review.refusal_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert review.message.text().startswith("Opgeslagen"), review.message.text()
    (path,) = saved
    assert path.name.startswith("besluit-weigering-")
    text = _text(path.read_bytes())
    # Ion reads Romanian: the Romanian text first, then the Dutch decision.
    assert text.index("contestație") < text.index("Ons besluit")
    assert REASON in text


def test_typed_text_is_shown_as_text_not_markup(
    qtbot: Any, world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name or a reason with '<' in it is shown as typed (rich text must not read it)."""
    from inspector.clerk.models import ClerkRegistration

    office, desk, rid = _received(world)
    with office.unit() as s:
        row = s.get(ClerkRegistration, rid)
        assert row is not None
        row.summary = {**row.summary, "surname": "<b>Fictief</b>"}
    desk.take(rid)
    desk.decide(rid, "refused", message="Leeftijd <18 volgens <i>document</i>: weigeren")
    window = ClerkDeskWidget(desk)
    qtbot.addWidget(window)
    window.show()
    window.open_registration(rid)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review, timeout=30_000)
    review = window.review
    assert "&lt;b&gt;Fictief&lt;/b&gt;" in review.title.text()
    assert "Leeftijd &lt;18 volgens &lt;i&gt;document&lt;/i&gt;" in review.context.text()
    assert "<i>" not in review.context.text()
