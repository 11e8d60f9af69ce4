"""Helpers shared by tests (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

PASSWORD = "geheim-123-vos"
#: Fictitious canary values: they must never appear in plaintext under the data dir.
CANARY_NAME = "Zyxcanary Qwertowska"
CANARY_ADDRESS = "Kanarievogelpad 987"


class Cli:
    """``inspector --data-dir DATA ARGS...`` run in-process; a call returns (exit code, stdout,
    stderr). The fixtures ``cli_bare`` and ``cli`` (tests/cli/conftest.py) hand one out."""

    def __init__(self, data: Path, capsys: Any) -> None:
        self.data = data
        self.inspection = ""  # set by fixtures that create one
        self._capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        from inspector.__main__ import main

        code = main(["--data-dir", str(self.data), *args])
        out, err = self._capsys.readouterr()
        return code, out, err


def letter_ready(settings: Any) -> Any:
    """*settings* with fictitious (but not sample) contact details for every office, so that
    letters can be made; a letter refuses the empty or sample details of a fresh store."""
    from inspector.settings import Contact

    municipality = settings.municipality.model_copy(
        update={
            "burgerzaken": Contact(
                department="Burgerzaken",
                address="Postbus 9, 9999 ZZ Teststad",
                phone="0182 000 000",
                email="burgerzaken@teststad.example",
            ),
            "handhaving": Contact(
                department="Toezicht en handhaving",
                address="Postbus 9, 9999 ZZ Teststad",
                phone="0182 000 001",
                email="handhaving@teststad.example",
            ),
            "meldpunt": Contact(
                department="Meldpunt goed verhuurderschap",
                email="meldpunt@teststad.example",
            ),
            "rni_counter": Contact(
                department="RNI-loket Teststad",
                address="Stadhuisplein 1, 9999 ZZ Teststad",
            ),
            "registration_mandate": "Mandaatbesluit burgerzaken Teststad (fictief)",
        }
    )
    return settings.model_copy(update={"municipality": municipality})


def make_store(paths: Any, *, letters: bool = True, **kwargs: Any) -> Any:
    """A new store; with *letters* its settings hold contact details, as an administrator
    sets them after the first start."""
    from inspector.core import vault
    from inspector.settings import save_settings

    ws = vault.initialise(
        paths,
        officer_name="Toezichthouder Test",
        username="test",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
        **kwargs,
    )
    if letters:
        ws.settings = letter_ready(ws.settings)
        save_settings(paths.settings, ws.settings)
    return ws


def keyfile_env() -> dict[str, str]:
    """Environment for a child process that opens a key-file store (no keyring there)."""
    import os

    return {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "INSPECTOR_PASSPHRASE": PASSWORD,
        "INSPECTOR_OFFICER": "test",
    }


def use_keyfile() -> None:
    """Make the in-process keyring unusable so that stores use a key file (shared with children)."""
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())


def run_cli(paths: Any, *args: str, timeout: float = 120) -> Any:
    """Run ``python -m inspector --data-dir … args`` in a child process; returns the result."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "inspector", "--data-dir", str(paths.root), *args],
        capture_output=True,
        text=True,
        env=keyfile_env(),
        timeout=timeout,
    )


def settle_background() -> None:
    """Let background operations still running finish (before their store is closed)."""
    import sys

    operations = sys.modules.get("inspector.ui.operations")
    if operations is not None:
        assert operations.WRITER.wait_idle(30) and operations.READERS.wait_idle(30)


def letter_rendered(qtbot: Any, panel: Any) -> Any:
    """Wait until the letters panel has shown its letter (rendered in the background)."""
    qtbot.waitUntil(lambda: not panel.is_rendering(), timeout=30_000)
    return panel


def fill_disk(folder: Any) -> Any:
    """Fill the file system of *folder* (a ``small_disk``) to the last byte: a file named
    ``filler`` written in ever smaller blocks until nothing fits. Returns its path."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as fh:
        for block in (65536, 512, 1):
            try:
                while True:
                    fh.write(b"\0" * block)
            except OSError:
                pass
    return filler


def registration_helpers() -> ModuleType:
    """The helpers of the registration tests (a fictitious resident, a complete registration),
    loaded from tests/core/test_core_registrations.py for tests in other folders."""
    path = Path(__file__).resolve().parent / "core" / "test_core_registrations.py"
    spec = importlib.util.spec_from_file_location("_registration_helpers", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
