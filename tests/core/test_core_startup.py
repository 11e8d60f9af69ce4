"""Start-up checks: missing system libraries are named by their Debian package."""

from __future__ import annotations

import pytest

from inspector.startup import early_checks, missing_library_hint


@pytest.mark.parametrize(
    "message,package",
    [
        ("libEGL.so.1: cannot open shared object file: No such file or directory", "libegl1"),
        ("libxkbcommon.so.0: cannot open shared object file", "libxkbcommon0"),
        ("libfontconfig.so.1: cannot open shared object file", "libfontconfig1"),
        ("libdbus-1.so.3: cannot open shared object file", "libdbus-1-3"),
        ("libpulse.so.0: cannot open shared object file", "libpulse0"),
        ("libglib-2.0.so.0: cannot open shared object file", "libglib2.0-0"),
        ("libGL.so.1: cannot open shared object file", "libgl1"),
    ],
)
def test_missing_library_names_debian_package(message: str, package: str) -> None:
    assert f"apt-get install {package}" in missing_library_hint(message)


def test_no_screen_is_explained(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.platform", "linux")
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    problem = early_checks(smoke_test=False)
    assert problem is not None and "no screen" in problem


def test_smoke_test_runs_offscreen(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert early_checks(smoke_test=True) is None
    import os

    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"


def test_missing_x11_libraries_are_named(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector import startup

    def fake_load(soname: str) -> None:
        if soname in ("libxcb-cursor.so.0", "libxcb-icccm.so.4"):
            raise OSError(soname)

    assert startup.missing_xcb_packages(fake_load) == ["libxcb-cursor0", "libxcb-icccm4"]
    monkeypatch.setattr(startup, "missing_xcb_packages", lambda: ["libxcb-cursor0"])
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    problem = early_checks(smoke_test=False)
    assert problem is not None and "apt-get install libxcb-cursor0" in problem
