"""Images to bytes (PNG, JPEG) in memory: a photo, a scan or a signature never touches the disk
unencrypted on its way into the store."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageWriter


def encode(image: QImage, fmt: str, quality: int = -1) -> bytes:
    """*image* as *fmt* ("PNG", "JPEG"); *quality* 0-100 where the format has one.

    Through QImageWriter: ``QImage.save`` on a device wants the format as ``str`` while its
    type stubs say ``bytes``.
    """
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(fmt.encode("ascii")))
    writer.setQuality(quality)
    if not writer.write(image):
        raise ValueError(f"the image cannot be written as {fmt}: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())
