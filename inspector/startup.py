"""Start-up of the desktop app: early checks with plain messages, before Qt is imported."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

#: Shared libraries Qt needs on Linux, and the Debian package that brings each.
DEBIAN_PACKAGES = {
    "libEGL.so": "libegl1",
    "libGL.so": "libgl1",
    "libOpenGL.so": "libopengl0",
    "libxkbcommon.so": "libxkbcommon0",
    "libxkbcommon-x11.so": "libxkbcommon-x11-0",
    "libglib-2.0.so": "libglib2.0-0",
    "libgthread-2.0.so": "libglib2.0-0",
    "libfontconfig.so": "libfontconfig1",
    "libfreetype.so": "libfreetype6",
    "libdbus-1.so": "libdbus-1-3",
    "libpulse.so": "libpulse0",
    "libpulse-mainloop-glib.so": "libpulse-mainloop-glib0",
    "libxcb-cursor.so": "libxcb-cursor0",
}


#: What Qt's X11 (xcb) platform plugin loads at run time, and the Debian package of each. Qt
#: aborts the process when one is missing, so the app checks before creating the window.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
}


def missing_xcb_packages(load: Any = None) -> list[str]:
    """Debian packages whose libraries Qt's X11 plugin needs but cannot load here."""
    import ctypes

    loader = load or ctypes.CDLL
    missing = []
    for soname, package in XCB_LIBRARIES.items():
        try:
            loader(soname)
        except OSError:
            missing.append(package)
    return missing


#: Where Microsoft publishes the Visual C++ runtime that Qt's DLLs are built against.
VC_REDIST_URL = "https://aka.ms/vs/17/release/vc_redist.x64.exe"


def missing_library_hint(message: str, platform: str | None = None) -> str:
    """A sentence naming what to install for a missing library in Qt's ImportError: the
    Debian package on Linux, the Visual C++ runtime on Windows."""
    if (platform or sys.platform) == "win32":
        return (
            f"Qt could not be loaded ({message}). Qt on Windows needs the Microsoft Visual "
            "C++ Redistributable (x64, 2015-2022): ask IT to install it, or get it from "
            f"{VC_REDIST_URL}"
        )
    m = re.search(r"(lib[\w.+-]+\.so)(?:\.[\d.]+)?", message)
    if not m:
        return f"Qt could not be loaded: {message}"
    lib = m.group(1)
    package = DEBIAN_PACKAGES.get(lib)
    if package:
        return (
            f"Qt needs the system library {lib}, which is missing. "
            f"On Debian or Ubuntu: apt-get install {package}"
        )
    return f"Qt needs the system library {lib}, which is missing; install the package that has it"


def early_checks(smoke_test: bool) -> str | None:
    """None when the window can start, else one sentence saying what is missing."""
    if sys.version_info < (3, 11):  # noqa: UP036 - says so plainly on an old Python
        return "inspector needs Python 3.11 or newer"
    if smoke_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        return (
            "no screen found (neither DISPLAY nor WAYLAND_DISPLAY is set); start the app in "
            "a desktop session, or use the subcommands (inspector --help), which need none"
        )
    try:
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as exc:
        return missing_library_hint(str(exc))
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if (
        sys.platform.startswith("linux")
        and platform in ("", "xcb")
        and (os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))
    ):
        missing = missing_xcb_packages()
        if missing:
            return (
                "Qt's X11 support needs system libraries that are missing. On Debian or "
                f"Ubuntu: apt-get install {' '.join(missing)}"
            )
    return None


def start_gui(data_dir: str | None, *, smoke_test: str | None = None) -> int:
    """Open the window; *smoke_test* ("full" or "first-frame") runs offscreen and exits."""
    from inspector.paths import data_dir_problem, resolve_data_dir

    problem = data_dir_problem(resolve_data_dir(data_dir)) or early_checks(bool(smoke_test))
    if problem:
        print(f"inspector: {problem}", file=sys.stderr)
        return 1
    from inspector.ui.app import run

    return run(data_dir, smoke_test=smoke_test)
