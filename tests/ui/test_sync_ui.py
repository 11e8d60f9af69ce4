"""The window's sync (issue #14): the provisioning dialog, the Sync page with its progress bar,
the status-bar item, office answers on the registration and the inspection, the background
worker — buttons pressed against a real ``inspector serve`` on SQLite."""

from __future__ import annotations

import base64
import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from sqlalchemy import select, update
from sync.service_support import Service, add_device, prepare

from inspector.server import service
from inspector.settings import load_settings
from inspector.storage.models import utcnow
from inspector.sync import client, devices, keys
from inspector.sync.models import OutboxRecord, SyncLink
from inspector.sync.trust import b64
from inspector.ui import sync_page as sp
from inspector.ui.main_window import MainWindow
from inspector.ui.settings_dialog import SettingsDialog
from inspector.ui.sync_worker import SyncResult, SyncWorker

from tests_support import registration_helpers

TESTS = Path(__file__).resolve().parent.parent
SHOTS = TESTS.parent / "docs" / "screenshots"
#: With INSPECTOR_SCREENSHOTS the interface is Dutch: the English texts are not checked then.
ENGLISH = not os.environ.get("INSPECTOR_SCREENSHOTS")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def svc(office: Any, tmp_path: Path) -> Iterator[Service]:
    url = f"sqlite:///{tmp_path / 'service.sqlite3'}"

    def bundle_for(public: bytes) -> Any:
        with office.unit() as s:
            return keys.trust_bundle(s, public)

    prepare(url, bundle_for).dispose()
    server = Service(url, tmp_path)
    server.start()
    yield server
    server.kill()


def _code(svc: Service, office: Any) -> str:
    """The whole one-time code: the service's half and the office's (which certifies keys)."""
    device_id, code = add_device(svc)
    with office.unit() as s:
        return devices.device_code(s, device_id, code)


def _fingerprint(office: Any) -> str:
    with office.unit() as s:
        return str(keys.trust_bundle(s).fingerprint)


def _when_dialog(kind: type, act: Callable[[Any], None]) -> QTimer:
    """Run *act* on the dialog of *kind* as soon as it is the active modal window."""
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        dialog = found[0] if found else None
        if dialog is not None:
            timer.stop()
            try:
                act(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()  # never leave the test waiting on a modal window

    timer.timeout.connect(poll)
    timer.start()
    return timer


def _click(qtbot: Any, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _type(qtbot: Any, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def _window(qtbot: Any, ws: Any) -> MainWindow:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _finalized(ws: Any, photo_bytes: int = 0, address: str = "Synchroonstraat 4") -> str:
    insp = ws.inspections.create(address=address, postcode="9999 ZZ", city="Gouda")
    if photo_bytes:
        ws.attachments.add(
            insp.id, kind="photo", content=os.urandom(photo_bytes), mime="image/jpeg"
        )
    ws.inspections.finalize(insp.id)
    return str(insp.id)


def test_link_sync_with_progress_and_the_office_answer_shows(
    qtbot: Any, workspace: Any, office: Any, svc: Service
) -> None:
    """Link with the dialog (the fingerprint confirmed), the first sync starts by itself and
    shows a progress bar; an answer of burgerzaken shows on the registration and inspection."""
    h = registration_helpers()
    # Made before linking: waits unsealed, sealed when the laptop is linked.
    _finalized(workspace, photo_bytes=6_000_000)
    rid = h.make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=h.TODAY)
    h.complete(workspace, eid)
    workspace.registrations.sign(eid, today=h.TODAY)
    window = _window(qtbot, workspace)
    assert "not linked" in window.sync_status.text() or not ENGLISH
    _click(qtbot, window.sync_status)
    page = window.sync_page
    assert window.pages.currentWidget() is page
    assert not page.sync_button.isEnabled()
    assert "not linked" in page.info.text() or not ENGLISH

    code = _code(svc, office)
    seen: dict[str, Any] = {}

    def link(dialog: sp.ProvisionDialog) -> None:
        # A code of the wrong shape is refused with a sentence, nothing is asked of the server.
        _type(qtbot, dialog.url, svc.url)
        _type(qtbot, dialog.code, "ABC")
        _click(qtbot, dialog.fetch_button)
        seen["bad_code"] = dialog.error.text()
        assert dialog.fingerprint_box.isHidden()
        _type(qtbot, dialog.code, code)
        _click(qtbot, dialog.fetch_button)
        seen["groups"] = " ".join(g.text() for g in dialog.groups)
        seen["fetch_error"] = dialog.error.text()
        # Nothing is pinned before the officer confirms the ten groups.
        seen["link_before_confirm"] = dialog.link_button.isEnabled()
        # On the box itself (a click far right of its text is no click on a check box).
        qtbot.mouseClick(
            dialog.confirm, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.confirm.height() // 2)
        )
        seen["link_after_confirm"] = dialog.link_button.isEnabled()
        if os.environ.get("INSPECTOR_SCREENSHOTS"):
            SHOTS.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(SHOTS / "sync-provision.png"))
        seen["size"] = (dialog.width(), dialog.height())
        _click(qtbot, dialog.link_button)

    progress: list[tuple[str, int, int]] = []
    shown: list[int] = []

    def during_upload(record_id: str, done: int, size: int) -> None:
        progress.append((record_id, done, size))
        if 0 < done < size and not shown:
            shown.append(page.progress.value())
            assert page.progress_box.isVisible()
            if os.environ.get("INSPECTOR_SCREENSHOTS"):
                window.grab().save(str(SHOTS / "sync-page-upload.png"))

    window.sync_worker.progress.connect(during_upload)
    results: list[SyncResult] = []
    window.sync_worker.finished.connect(results.append)
    timer = _when_dialog(sp.ProvisionDialog, link)
    _click(qtbot, page.link_button)
    timer.stop()
    assert "24 letters and digits" in seen["bad_code"] or not ENGLISH
    assert seen["groups"] == _fingerprint(office), seen
    assert seen["link_before_confirm"] is False and seen["link_after_confirm"] is True
    assert seen["size"][0] <= 1366 and seen["size"][1] <= 768
    # Linked: the first sync started by itself.
    qtbot.waitUntil(lambda: bool(results), timeout=120_000)
    result = results[0]
    assert result.ok, result
    assert result.summary is not None and result.summary.delivered == 2
    # The progress bar moved through the big record and was shown while it did.
    big = max(progress, key=lambda p: p[2])
    assert big[2] > 6_000_000
    assert len({d for r, d, _s in progress if r == big[0]}) >= 3
    assert shown, "no progress shown during the upload"
    assert page.progress_box.isHidden()
    if not ENGLISH:
        return
    # Every record delivered with a receipt, in the table and the status bar.
    model = page.model
    states = {model.data(model.index(r, 1)) for r in range(model.rowCount())}
    assert states == {"Delivered (receipt)"}
    assert "all delivered" in window.sync_status.text()
    assert "Server: " + svc.url in page.info.text()

    # Burgerzaken returns the registration with a question; "Sync now" brings it down.
    with workspace.unit() as s:
        reg_record = s.scalars(
            select(OutboxRecord.record_id).where(OutboxRecord.kind == "registration")
        ).one()
    db = svc.db()
    try:
        with db.session() as s:
            token = service.add_user(s, "registry 1", "registry")[1]
    finally:
        db.dispose()
    auth = {"Authorization": f"Bearer {token}"}
    listed = httpx.get(f"{svc.url}/v1/records", headers=auth).json()["records"]
    device_id = next(r["device_id"] for r in listed if r["record_id"] == reg_record)
    box = httpx.get(f"{svc.url}/v1/devices/{device_id}/box-key", headers=auth).json()
    sealed = client.seal_downlink(
        base64.b64decode(box["box_public"]),
        device_id,
        "outcome",
        reg_record,
        "returned",
        {"message": "Geboorteplaats graag controleren"},
    )
    r = httpx.post(
        f"{svc.url}/v1/records/{reg_record}/outcome",
        json={"state": "returned", "sealed": b64(sealed)},
        headers=auth,
    )
    assert r.status_code == 200
    # The inspection in which the resident registered.
    window.open_inspection(workspace.registrations.get(eid).inspection_id)
    insp_page = window.inspection_page
    assert insp_page is not None and insp_page.office_answers.isHidden()
    regs = insp_page.show_part("registrations")
    office_col = regs.model.COLUMNS.index("office")
    assert regs.model.data(regs.model.index(0, office_col)) == ""
    sync_page = window.show_sync()
    with qtbot.waitSignal(window.sync_worker.finished, timeout=60_000) as done:
        _click(qtbot, sync_page.sync_button)
    assert done.args[0].summary.pulled == 1
    answer = "question from burgerzaken: Geboorteplaats graag controleren"
    assert answer in sync_page.model.data(sync_page.model.index(0, 3)) + "".join(
        str(sync_page.model.data(sync_page.model.index(r, 3)))
        for r in range(sync_page.model.rowCount())
    )
    assert "answers from the office: 1" in sync_page.received.text()
    # On the open inspection: the header line and the registrations list.
    assert insp_page.office_answers.isVisible() is False  # the Sync page is in front
    window.pages.setCurrentWidget(insp_page)
    assert insp_page.office_answers.isVisible()
    assert answer in insp_page.office_answers.text()
    assert regs.model.data(regs.model.index(0, office_col)) == answer


def test_server_away_says_so_plainly_and_retries_with_backoff(
    qtbot: Any, workspace: Any, office: Any, svc: Service
) -> None:
    client.provision(workspace, svc.url, _code(svc, office), _fingerprint(office))
    _finalized(workspace)
    svc.kill()
    window = _window(qtbot, workspace)
    page = window.show_sync()
    assert "1 waiting" in window.sync_status.text()
    with qtbot.waitSignal(window.sync_worker.finished, timeout=60_000) as done:
        _click(qtbot, page.sync_button)
    assert not done.args[0].ok
    problem = page.model.data(page.model.index(0, page.model.COLUMNS.index("problem")))
    assert problem == "The office server cannot be reached; the app tries again by itself."
    assert page.error.isVisible() and page.error.text() == problem
    # The next try comes by itself, sooner than the interval: exponential backoff.
    worker = window.sync_worker
    assert worker.timer.isActive() and worker.backoff is not None
    assert worker.backoff.failures == 1
    assert worker.next_delay_s is not None and worker.next_delay_s <= 15.0
    # The service comes back: the next sync delivers, the backoff resets.
    svc.start()
    with workspace.unit() as s:
        # A new port, changed through the store (the credential is bound to the server's
        # address: a change in SQL past the store would make it unusable, by design).
        link = s.get(SyncLink, 1)
        assert link is not None
        link.server_url = svc.url
    with qtbot.waitSignal(worker.finished, timeout=60_000) as done:
        _click(qtbot, page.sync_button)
    assert done.args[0].ok
    assert worker.backoff.failures == 0
    assert worker.next_delay_s == workspace.settings.sync_interval_minutes * 60
    assert page.error.isHidden()


def test_records_waiting_too_long_are_warned_about(qtbot: Any, workspace: Any) -> None:
    _finalized(workspace)
    window = _window(qtbot, workspace)
    # Not linked: no warning while the records are new.
    assert "⚠" not in window.sync_status.text()
    days = workspace.settings.sync_warning_days
    with workspace.unit() as s:
        s.execute(update(OutboxRecord).values(created_at=utcnow() - timedelta(days=days, hours=1)))
    # The status item is updated after each sync; a finished (unlinked) run refreshes it.
    with qtbot.waitSignal(window.sync_worker.finished, timeout=10_000) as done:
        window.sync_worker.sync_now()
    assert done.args[0].not_provisioned
    # Unlinked records are warned about too: they cannot leave the laptop.
    assert f"waiting longer than {days} days" in window.sync_status.text()
    _click(qtbot, window.sync_status)
    page = window.sync_page
    assert page.warning.isVisible()
    assert f"longer than {days} days" in page.warning.text()


def test_the_worker_never_blocks_and_runs_one_sync_at_a_time(qtbot: Any, workspace: Any) -> None:
    """A slow sync runs while the GUI thread keeps working; progress arrives on the GUI
    thread; a second "sync now" does not start a second one; closing stops it between two
    blocks."""
    with workspace.unit() as s:
        s.add(
            SyncLink(
                id=1,
                server_url="http://127.0.0.1:9",
                device_id="dev-test",
                credential="x",
                root_public=b"\0" * 32,
                trust_bundle="{}",
                down_cursor=0,
            )
        )
    release = threading.Event()
    threads: list[str] = []

    def slow_sync(ws: Any, progress: Callable[[str, int, int], None]) -> Any:
        threads.append(threading.current_thread().name)
        progress("rec-1", 0, 10)
        release.wait(10)
        progress("rec-1", 5, 10)  # raises SyncCancelled once the worker is shut down
        return client.SyncSummary(delivered=1)

    worker = SyncWorker(workspace, run=slow_sync)
    gui_thread: list[bool] = []
    worker.progress.connect(
        lambda *_a: gui_thread.append(threading.current_thread() is threading.main_thread())
    )
    with qtbot.waitSignal(worker.progress, timeout=5000):
        assert worker.sync_now()
    assert worker.is_running()
    assert not worker.sync_now()  # one at a time
    # The GUI thread is free meanwhile: a timer on it fires.
    ticks: list[int] = []
    QTimer.singleShot(10, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks), timeout=2000)
    with qtbot.waitSignal(worker.finished, timeout=5000) as done:
        release.set()
    assert done.args[0].ok and threads == ["inspector-sync"]
    assert gui_thread and all(gui_thread)
    assert worker.timer.isActive()  # the next one is planned

    # Shut down mid-sync: the run is told to stop at its next block.
    release.clear()
    stopped: list[str] = []

    def stoppable(ws: Any, progress: Callable[[str, int, int], None]) -> Any:
        release.wait(10)
        try:
            progress("rec-2", 1, 10)
        except client.SyncCancelled:
            stopped.append("cancelled")
            raise
        return client.SyncSummary()

    worker._run = stoppable
    worker.sync_now()
    threading.Timer(0.2, release.set).start()
    worker.shutdown(timeout=5)
    assert stopped == ["cancelled"]
    assert not worker.timer.isActive()


def test_sync_settings_are_validated_and_saved(qtbot: Any, workspace: Any) -> None:
    dialog = SettingsDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    tabs = dialog.findChild(QWidget, "settings_tabs")
    tabs.setCurrentIndex(tabs.count() - 1)  # type: ignore[attr-defined]
    interval = dialog.findChild(QLineEdit, "sync_interval_minutes")
    warning = dialog.findChild(QLineEdit, "sync_warning_days")
    retention = dialog.findChild(QLineEdit, "synced_retention_days")
    assert interval.isVisible() and interval.text() == "10"
    assert "voorgoed verloren" in dialog.findChild(QWidget, "sync_keys_warning").text()  # type: ignore[union-attr]
    _type(qtbot, interval, "vaak")
    _type(qtbot, warning, "0")
    _click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    text = dialog.error.text()
    assert "synchroniseren elke: vul een heel getal in (1 tot en met 1440)" in text
    assert "kies 1 tot en met 365 dagen" in text
    before = load_settings(workspace.paths.settings)
    assert before.sync_interval_minutes == 10 and before.sync_warning_days == 3
    _type(qtbot, interval, "15")
    _type(qtbot, warning, "5")
    _type(qtbot, retention, "0")
    _click(qtbot, dialog.save_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = load_settings(workspace.paths.settings)
    assert (saved.sync_interval_minutes, saved.sync_warning_days) == (15, 5)
    assert saved.synced_retention_days == 0
    assert workspace.settings.sync_interval_minutes == 15


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("the service cannot be reached (ConnectError)", "cannot be reached"),
        ("the service refuses this laptop: this device has been revoked; export", "revoked"),
        ("the service's storage is full; keep the record and retry later", "storage is full"),
        ("record r1 is already stored with another hash; it is refused", "different record"),
        ("no valid receipt: the receipt is for another record or other bytes", "no valid"),
        ("pull: messages cannot be fetched: HTTP 502", "answers could not be fetched"),
        ("something new (HTTP 418)", "Sending failed (something new (HTTP 418))"),
    ],
)
def test_errors_read_as_one_plain_sentence(error: str, expected: str) -> None:
    text = sp.plain_error(error)
    assert expected in text
    assert text.count(". ") <= 1 and text.endswith(".")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_byte_counts_read_as_plural_text(qapp: Any, lang: str) -> None:
    """Qt says "0 byte" below 1 kB; the Sync page says "0 bytes", "1 byte", "532 bytes"."""
    from inspector.ui.app import install_translation
    from inspector.ui.sync_page import size_text

    try:
        install_translation(qapp, lang)
        assert size_text(0) == "0 bytes"
        assert size_text(1) == "1 byte"
        assert size_text(532) == "532 bytes"
        assert size_text(None) == ""
        assert size_text(1_400_000).replace(",", ".") == "1.4 MB"
    finally:
        install_translation(qapp, "en")


def test_sync_writes_on_the_writer_lane_while_the_officer_types(
    qtbot: Any, workspace: Any, office: Any, svc: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sync's network part runs in its own thread, its store updates on the writer lane;
    an officer typing into an answer meanwhile is neither held up nor lost."""
    from inspector.ui.sync_worker import on_writer_lane

    client.provision(workspace, svc.url, _code(svc, office), _fingerprint(office))
    _finalized(workspace, photo_bytes=3_000_000)
    insp = workspace.inspections.create(address="Typstraat 1", postcode="9999 ZZ", city="Gouda")
    window = _window(qtbot, workspace)
    window.open_inspection(insp.id)
    page = window.inspection_page
    assert page is not None
    view = page.show_part("verblijfslocatie")
    editor = view.field_editor("floor_area_m2")
    units: list[str] = []
    real_unit = workspace.unit

    def unit(*args: Any, **kwargs: Any) -> Any:
        units.append(threading.current_thread().name)
        return real_unit(*args, **kwargs)

    mid, go = threading.Event(), threading.Event()

    def run(ws: Any, progress: Callable[[str, int, int], None]) -> Any:
        def report(record_id: str, done: int, size: int) -> None:
            if not mid.is_set():  # the upload has begun: hold it there while the officer types
                mid.set()
                go.wait(30)
            progress(record_id, done, size)

        return client.sync_once(ws, progress=report, writer=on_writer_lane)

    window.sync_worker._run = run
    monkeypatch.setattr(workspace, "unit", unit)
    assert window.sync_worker.sync_now()
    qtbot.waitUntil(mid.is_set, timeout=30_000)
    started = time.perf_counter()
    editor.line.setFocus()
    qtbot.keyClicks(editor.line, "62")
    qtbot.keyClick(editor.line, Qt.Key.Key_Return)  # the officer moves on: the answer commits
    typed_in = time.perf_counter() - started
    assert window.sync_worker.is_running()
    assert workspace.answers.load(insp.id, "verblijfslocatie").values["floor_area_m2"] == 62.0
    assert typed_in < 2.0, typed_in
    with qtbot.waitSignal(window.sync_worker.finished, timeout=60_000) as done:
        go.set()
    assert done.args[0].ok, done.args[0]
    assert done.args[0].summary.delivered == 1
    # Every unit of work of the sync ran on the writer lane, none on the sync thread.
    assert "inspector-sync" not in units, units
    assert any(name.startswith("inspector-writer") for name in units), units
