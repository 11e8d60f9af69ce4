"""Issue 18: the PDOK background map behind the ranked addresses, switched on in the map view.

The tiles come from a local HTTP server that serves a fake tile (tests never reach the
internet); a server that gives none sends the map back to the plain plot with a Dutch message.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from test_planning_ui import _load

from inspector.addresses.ranking import rank
from inspector.settings import Settings
from inspector.ui.planning.ranked_view import RankedListView

TODAY = date(2026, 11, 30)
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
#: The fake tile's ground colour: nothing else on the plain map is this colour.
TILE_GROUND = QColor(236, 233, 214)


def _tile_png() -> bytes:
    """A fake tile that looks a little like a map: ground with a grid of streets."""
    from PySide6.QtGui import QPainter, QPen

    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(TILE_GROUND)
    painter = QPainter(image)
    painter.setPen(QPen(QColor(255, 255, 255), 3))
    for at in range(24, 256, 64):
        painter.drawLine(at, 0, at, 256)
        painter.drawLine(0, at, 256, at)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


class _Tiles(BaseHTTPRequestHandler):
    status = 200
    delay = 0.0
    body = b""
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        type(self).asked.append(self.path)
        time.sleep(self.delay)
        try:
            self.send_response(self.status)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(self.body)))
            self.end_headers()
            self.wfile.write(self.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the map was closed while the tile was on its way

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def tile_server(qapp) -> Iterator[type[_Tiles]]:  # type: ignore[no-untyped-def]
    handler = type("Tiles", (_Tiles,), {"asked": [], "body": _tile_png()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.url = f"http://127.0.0.1:{server.server_address[1]}/brt/{{z}}/{{x}}/{{y}}.png"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler
    server.shutdown()
    server.server_close()


def _view(qtbot, tmp_path: Path, url: str) -> RankedListView:  # type: ignore[no-untyped-def]
    data = _load(tmp_path)
    s = Settings()
    view = RankedListView("nl")
    qtbot.addWidget(view)
    view.resize(1300, 640)
    view.set_tiles_url(url)
    view.set_ranking(data, rank(data, s.norms, s.address_selection, TODAY))
    view.show()
    qtbot.waitExposed(view)
    return view


def _ground_pixels(view: RankedListView) -> int:
    image = view.map.grab().toImage()
    return sum(
        1
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
        if image.pixelColor(x, y) == TILE_GROUND
    )


def test_the_background_map_is_switched_on_in_the_view_and_drawn_behind_the_points(  # type: ignore[no-untyped-def]
    qtbot, tmp_path, tile_server
) -> None:
    view = _view(qtbot, tmp_path, tile_server.url)
    assert view.background.isEnabled() and not view.background.isChecked()
    assert _ground_pixels(view) == 0 and not tile_server.asked  # off: nothing asked
    with qtbot.waitSignal(view.map.tileLoaded, timeout=15_000):
        qtbot.mouseClick(view.background, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    # Every tile asked for has its answer (a request still on its way would reach the server
    # later and look like a new one).
    qtbot.waitUntil(
        lambda: view.map.tiles_pending() == 0
        and view.map.tiles_loaded() >= len(tile_server.asked),
        timeout=15_000,
    )
    assert view.background.isChecked()
    # Tiles of the Dutch RD tile matrix: /z/x/y.png with a level for a town-sized view.
    levels = {int(m.group(1)) for m in (re.search(r"/brt/(\d+)/\d+/\d+\.png$", p)
                                        for p in tile_server.asked) if m}  # fmt: skip
    assert len(levels) == 1 and 5 <= levels.pop() <= 14
    assert _ground_pixels(view) > 100  # the tile is drawn, the points on top of it
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(SHOTS / "planning-map-tiles.png"))
    # Off again: the plain plot, nothing more asked.
    asked = len(tile_server.asked)
    qtbot.mouseClick(view.background, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    view.map.repaint()
    assert _ground_pixels(view) == 0 and len(tile_server.asked) == asked


def test_no_tile_means_the_plain_plot_and_a_dutch_message(  # type: ignore[no-untyped-def]
    qtbot, tmp_path, tile_server
) -> None:
    tile_server.status = 404
    tile_server.body = b"not found"
    view = _view(qtbot, tmp_path, tile_server.url)
    with qtbot.waitSignal(view.map.tilesFailed, timeout=15_000):
        qtbot.mouseClick(view.background, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert not view.background.isChecked() and not view.map.tiles_on()
    assert "achtergrondkaart is niet bereikbaar" in view.map_message.text()
    assert "code 404" in view.map_message.text()
    assert view.map.point_count() > 0 and _ground_pixels(view) == 0
    qtbot.wait(20)  # the layout makes room for the message
    assert view.map_message.height() >= 2 * view.map_message.fontMetrics().lineSpacing()
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        view.grab().save(str(SHOTS / "planning-map-offline.png"))


def test_slow_tiles_never_hold_up_the_screen(qtbot, tmp_path, tile_server) -> None:  # type: ignore[no-untyped-def]
    tile_server.delay = 1.5
    view = _view(qtbot, tmp_path, tile_server.url)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(50)
    started = time.perf_counter()
    qtbot.mouseClick(view.background, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    view.map.repaint()  # asks for the tiles
    assert time.perf_counter() - started < 1.0  # the click and the paint did not wait
    with qtbot.waitSignal(view.map.tileLoaded, timeout=15_000):
        pass
    # Every tile asked for has its answer (a request still on its way would reach the server
    # later and look like a new one).
    qtbot.waitUntil(
        lambda: view.map.tiles_pending() == 0
        and view.map.tiles_loaded() >= len(tile_server.asked),
        timeout=15_000,
    )
    timer.stop()
    # The event loop kept turning while the server took 1.5 s per tile.
    assert len([t for t in ticks if t < started + 1.4]) >= 10


def test_no_server_at_all_says_no_connection(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    view = _view(qtbot, tmp_path, f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png")
    with qtbot.waitSignal(view.map.tilesFailed, timeout=15_000):
        qtbot.mouseClick(view.background, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert "geen verbinding" in view.map_message.text()
    assert not view.background.isChecked()


def test_without_a_tile_source_the_switch_is_off(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, tmp_path, "")
    assert not view.background.isEnabled()
    assert "map_tiles_url" in view.background.toolTip()
    assert view.map._network is None


def test_the_background_map_choice_is_remembered_for_the_next_session(  # type: ignore[no-untyped-def]
    qtbot, workspace, tile_server, tmp_path
) -> None:
    from test_planning_ui import _ranked, _town

    from inspector.addresses.sources import read_source
    from inspector.planning.manager import PlanningManager
    from inspector.ui.planning.planning_page import PlanningPage

    town = _town(tmp_path, 300)
    for kind in ("bag", "brp"):  # imported earlier: the page ranks them when it opens
        PlanningManager(workspace).save_source(read_source(town[kind], kind))

    selection = workspace.settings.address_selection.model_copy(
        update={"map_tiles_url": tile_server.url}
    )
    workspace.settings = workspace.settings.model_copy(update={"address_selection": selection})

    def open_page() -> PlanningPage:
        page = PlanningPage(workspace, today=TODAY)
        qtbot.addWidget(page)
        page.resize(1366, 740)
        page.show()
        qtbot.waitExposed(page)
        _ranked(qtbot, page)
        return page

    first = open_page()
    assert first.ranked.map.point_count() > 0
    box = first.ranked.background
    assert box.isEnabled() and not box.isChecked() and not tile_server.asked
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert box.isChecked() and workspace.load_ui_state()["planning_background_map"] is True
    first.close()

    # The next session, offline: tried at once without a click, falls back to the plain
    # plot with the message, and the choice stays (tomorrow it is tried again).
    tile_server.status, tile_server.body = 404, b"not found"
    offline = PlanningPage(workspace, today=TODAY)
    qtbot.addWidget(offline)
    with qtbot.waitSignal(offline.ranked.map.tilesFailed, timeout=30_000):
        offline.resize(1366, 740)
        offline.show()
        _ranked(qtbot, offline)
    assert not offline.ranked.background.isChecked()
    assert "niet bereikbaar" in offline.ranked.map_message.text()
    assert workspace.load_ui_state()["planning_background_map"] is True
    offline.close()

    tile_server.status, tile_server.body = 200, _tile_png()
    online = open_page()  # on again and drawn; then switched off by the coordinator
    assert online.ranked.background.isChecked() and online.ranked.map.tiles_on()
    qtbot.waitUntil(lambda: online.ranked.map.tiles_loaded() > 0, timeout=15_000)
    qtbot.mouseClick(online.ranked.background, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert workspace.load_ui_state()["planning_background_map"] is False
    online.close()
    last = open_page()
    assert not last.ranked.background.isChecked() and not last.ranked.map.tiles_on()
