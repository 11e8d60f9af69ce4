"""Start-up hints on Windows: a Qt that cannot load names the Visual C++ runtime."""

from __future__ import annotations

import builtins
import sys

import pytest

from inspector.startup import VC_REDIST_URL, early_checks, missing_library_hint

DLL_ERROR = "DLL load failed while importing QtWidgets: The specified module could not be found."


def test_windows_names_the_visual_cpp_runtime() -> None:
    hint = missing_library_hint(DLL_ERROR, platform="win32")
    assert "Visual C++ Redistributable" in hint and VC_REDIST_URL in hint
    assert "apt-get" not in hint


def test_linux_keeps_naming_the_debian_package() -> None:
    hint = missing_library_hint("libEGL.so.1: cannot open shared object file", platform="linux")
    assert "apt-get install libegl1" in hint and "Visual C++" not in hint


def test_early_checks_on_windows_report_the_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def failing(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("PySide6"):
            raise ImportError(DLL_ERROR)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(builtins, "__import__", failing)
    problem = early_checks(smoke_test=False)
    assert problem is not None and "Visual C++" in problem
