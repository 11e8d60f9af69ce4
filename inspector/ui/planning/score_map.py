"""A map of the ranked addresses coloured by score: a plain coordinate plot (RD metres), with
the PDOK BRT-Achtergrondkaart (WMTS, EPSG:28992) behind it only when switched on and online.

Tiles are fetched only after :meth:`ScoreMap.set_tiles_online` with a URL, never by default,
and asynchronously (``QNetworkAccessManager``: the GUI thread never waits for the network).
When no tile can be fetched the map goes back to the plain plot and says why
(``tilesFailed``). Tests serve a fake tile from a local HTTP server.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from inspector.addresses.model import AddressData
from inspector.addresses.ranking import Ranking
from inspector.ui import style
from inspector.ui.planning.ranked_model import score_colour

#: The Dutch tile matrix set of PDOK (EPSG:28992): top-left corner and metres per pixel at
#: level 0; every level halves it. Tiles are 256 × 256.
RD_ORIGIN = (-285401.92, 903401.92)
RD_RESOLUTION0 = 3440.640
TILE = 256


#: The attribution the PDOK background map asks for.
ATTRIBUTION = "Kaartgegevens © Kadaster"
#: A tile that has not come within this many milliseconds has failed.
TILE_TIMEOUT_MS = 10_000


class ScoreMap(QWidget):
    """Points of the addresses with an indicator, the strongest drawn last (on top).

    Signals:
        addressClicked(str): a point was clicked: its address key.
        tileLoaded(): a background tile came in and is drawn.
        tilesFailed(str): no background tile could be fetched; the map is the plain plot again.
            The text says why in Dutch.
    """

    addressClicked = Signal(str)
    tileLoaded = Signal()
    tilesFailed = Signal(str)

    MAX_POINTS = 20_000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(300, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._points: list[tuple[float, float, float, str]] = []
        self._bounds = QRectF()
        self._selected: set[str] = set()
        self._tiles_url = ""
        self._tiles: dict[tuple[int, int, int], QImage] = {}
        self._loaded = 0
        self._pending = 0
        self._network: object | None = None
        self.setToolTip(self.tr("Addresses by score: green low, red high"))

    def set_ranking(self, data: AddressData, ranking: Ranking) -> None:
        points = []
        for key in ranking.keys:
            value = ranking.scores.get(key)
            if value is None:
                break  # the rest score 0: not on the map
            bag = data.bag.get(key)
            if bag is not None and bag.x is not None and bag.y is not None:
                points.append((bag.x, bag.y, value, key))
            if len(points) >= self.MAX_POINTS:
                break
        points.reverse()  # strongest last: on top
        self._points = points
        if points:
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            pad = max(200.0, (max(xs) - min(xs)) * 0.05, (max(ys) - min(ys)) * 0.05)
            self._bounds = QRectF(
                min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad,
                max(ys) - min(ys) + 2 * pad,
            )  # fmt: skip
        else:
            self._bounds = QRectF()
        self.update()

    def set_selected(self, keys: set[str]) -> None:
        self._selected = set(keys)
        self.update()

    def point_count(self) -> int:
        return len(self._points)

    def _scale(self) -> tuple[float, float, float]:
        b = self._bounds
        s = min(self.width() / b.width(), self.height() / b.height())
        ox = (self.width() - b.width() * s) / 2
        oy = (self.height() - b.height() * s) / 2
        return s, ox, oy

    def to_screen(self, x: float, y: float) -> QPointF:
        s, ox, oy = self._scale()
        b = self._bounds
        return QPointF(ox + (x - b.left()) * s, oy + (b.bottom() - y) * s)

    # -- background tiles (online only) ------------------------------------------------------

    def set_tiles_online(self, url_template: str) -> None:
        """Show the WMTS background (``{z}``, ``{x}``, ``{y}`` in the URL); "" switches it off."""
        self._tiles_url = url_template
        self._tiles.clear()
        self._loaded = 0
        self._pending = 0
        self.update()

    def tiles_on(self) -> bool:
        return bool(self._tiles_url)

    def tiles_loaded(self) -> int:
        """How many background tiles are drawn (since the background was switched on)."""
        return self._loaded

    def tiles_pending(self) -> int:
        """How many background tiles are asked for and not yet answered."""
        return self._pending

    def _tile_level(self) -> int:
        s, _ox, _oy = self._scale()
        metres_per_pixel = 1 / s
        return max(0, min(14, round(math.log2(RD_RESOLUTION0 / metres_per_pixel))))

    def _visible_rd(self) -> QRectF:
        """The RD rectangle the widget shows (wider or taller than the points' bounds)."""
        s, ox, oy = self._scale()
        b = self._bounds
        left = b.left() - ox / s
        top = b.bottom() + oy / s
        return QRectF(left, top - self.height() / s, self.width() / s, self.height() / s)

    def _draw_tiles(self, painter: QPainter) -> None:
        if not self._tiles_url or self._bounds.isEmpty():
            return
        z = self._tile_level()
        size = RD_RESOLUTION0 / 2**z * TILE
        view = self._visible_rd()
        x0 = int((view.left() - RD_ORIGIN[0]) // size)
        x1 = int((view.right() - RD_ORIGIN[0]) // size)
        y0 = int((RD_ORIGIN[1] - view.bottom()) // size)
        y1 = int((RD_ORIGIN[1] - view.top()) // size)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for tx in range(max(0, x0), x1 + 1):
            for ty in range(max(0, y0), y1 + 1):
                image = self._tiles.get((z, tx, ty))
                if image is None:
                    self._fetch(z, tx, ty)
                    continue
                if image.isNull():
                    continue  # asked for, not (yet) here
                left = RD_ORIGIN[0] + tx * size
                top = RD_ORIGIN[1] - ty * size
                p0 = self.to_screen(left, top)
                p1 = self.to_screen(left + size, top - size)
                painter.drawImage(QRectF(p0, p1), image)

    def _fetch(self, z: int, x: int, y: int) -> None:
        from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

        if self._network is None:
            self._network = QNetworkAccessManager(self)
        assert isinstance(self._network, QNetworkAccessManager)
        self._tiles[(z, x, y)] = QImage()  # asked once
        url = self._tiles_url.replace("{z}", str(z)).replace("{x}", str(x))
        request = QNetworkRequest(QUrl(url.replace("{y}", str(y))))
        request.setTransferTimeout(TILE_TIMEOUT_MS)
        request.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, "inspector")
        source = self._tiles_url
        self._pending += 1
        reply = self._network.get(request)

        def done() -> None:
            reply.deleteLater()
            if source != self._tiles_url:
                return  # switched off or to another source meanwhile
            self._pending -= 1
            image = QImage()
            ok = reply.error() == QNetworkReply.NetworkError.NoError and image.loadFromData(
                reply.readAll().data()
            )
            if ok:
                self._tiles[(z, x, y)] = image
                self._loaded += 1
                self.update()
                self.tileLoaded.emit()
            elif self._loaded == 0 and self._pending == 0:
                # Not one tile came: offline, blocked, or not a tile service. Back to the plot.
                status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
                if reply.error() == QNetworkReply.NetworkError.NoError:
                    reason = "het antwoord is geen kaarttegel"
                elif status:
                    reason = f"de server geeft geen kaarttegels, code {status}"
                else:
                    reason = "geen verbinding"
                self.set_tiles_online("")
                self.tilesFailed.emit(
                    f"De achtergrondkaart is niet bereikbaar ({reason}); de kaart toont alleen "
                    "de punten."
                )

        reply.finished.connect(done)

    # -- painting and clicks -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(style.PANEL_BACKGROUND))
        if not self._points:
            painter.setPen(QColor(style.SECONDARY))
            painter.drawText(
                self.rect(), 0x84, self.tr("No addresses with coordinates and a score")
            )
            return
        self._draw_tiles(painter)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(40, 40, 40, 90), 0.6))
        for x, y, value, _key in self._points:
            p = self.to_screen(x, y)
            radius = 3.0 + value / 25
            painter.setBrush(score_colour(value))
            painter.drawEllipse(p, radius, radius)
        if self._selected:
            painter.setBrush(QColor(0, 0, 0, 0))
            painter.setPen(QPen(QColor(style.INFO_BORDER), 2.5))
            for x, y, _value, key in self._points:
                if key in self._selected:
                    painter.drawEllipse(self.to_screen(x, y), 8, 8)
        if self._loaded:
            align = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
            box = painter.boundingRect(self.rect().adjusted(0, 0, -4, -2), align, ATTRIBUTION)
            painter.setPen(QPen(QColor(0, 0, 0, 0)))
            painter.setBrush(QColor(255, 255, 255, 200))
            painter.drawRect(box.adjusted(-3, -1, 3, 1))
            painter.setPen(QColor(style.SECONDARY))
            painter.drawText(box, align, ATTRIBUTION)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self._points:
            return
        pos = event.position()
        best, best_d = "", 12.0**2
        for x, y, _value, key in self._points:
            p = self.to_screen(x, y)
            d = (p.x() - pos.x()) ** 2 + (p.y() - pos.y()) ** 2
            if d <= best_d:
                best, best_d = key, d
        if best:
            self.addressClicked.emit(best)
