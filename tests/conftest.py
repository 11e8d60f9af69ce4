"""Test set-up shared by every test: headless Qt, an in-memory keyring, fast KDFs."""

from __future__ import annotations

import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("INSPECTOR_DATA_DIR", None)
os.environ.pop("INSPECTOR_PASSPHRASE", None)
os.environ.pop("INSPECTOR_OFFICER", None)
os.environ.pop("INSPECTOR_CUSTOM_DIR", None)

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import keyring.errors  # noqa: E402
import pytest  # noqa: E402

from inspector.security import passwords  # noqa: E402

#: Cheap scrypt for tests; production uses passwords.KdfParams() (N=2**15).
FAST_KDF = passwords.KdfParams(n=2**10, r=8, p=1)
passwords.DEFAULT_PARAMS = FAST_KDF
#: Cheap Argon2id for tests; production uses passwords.key_file_cost() (about 0.5 s).
FAST_ARGON2 = passwords.Argon2Params(t=1, m=1024, p=1)
passwords.ARGON2 = FAST_ARGON2
#: Cheap screen gate for tests (production: passwords.Argon2Params(2, 19456, 1)); its memory
#: differs from FAST_ARGON2's so that a test can tell which cost a hash was made with.
FAST_GATE = passwords.Argon2Params(t=1, m=2048, p=1)
passwords.GATE_ARGON2 = FAST_GATE


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An in-memory keyring backend: tests never touch a real keychain."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def data_paths(tmp_path: Path):  # type: ignore[no-untyped-def]
    from inspector.paths import DataPaths

    return DataPaths(tmp_path / "data")


PASSWORD = "geheim-123-vos"


@pytest.fixture
def workspace(data_paths):  # type: ignore[no-untyped-def]
    """A fresh store with one officer, unlocked, whose settings hold contact details."""
    from tests_support import make_store, settle_background

    ws = make_store(data_paths)
    yield ws
    settle_background()
    ws.close()


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An office store (administrator) with the office root, a registry and an enforcement
    key: the sync, planning and Sync-page tests use it."""
    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.sync import keys

    ws = vault.initialise(
        DataPaths(tmp_path / "office"),
        officer_name="Beheerder Voorbeeld",
        username="beheer",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
    )
    with ws.unit() as s:
        keys.create_recipient_key(s, "registry")
        keys.create_recipient_key(s, "enforcement")
    yield ws
    ws.close()


@pytest.fixture(autouse=True, scope="session")
def screenshot_look(request):  # type: ignore[no-untyped-def]
    """With INSPECTOR_SCREENSHOTS=1 the screens look as officers see them: the app's fonts,
    style sheet and Dutch interface (tests that pin English texts are not run that way)."""
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        qapp = request.getfixturevalue("qapp")
        from inspector.ui.app import install_fonts, install_translation
        from inspector.ui.style import install_style

        install_fonts(qapp)
        install_style(qapp)
        install_translation(qapp, "nl")
    yield


def _interface_language() -> tuple[Any, Any]:
    """The running QApplication (None before the first Qt test) and its interface language."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    return app, (app.property("interface_language") if app is not None else None)


@pytest.fixture(autouse=True)
def interface_language_kept() -> Iterator[None]:
    """A test that installs a translation leaves the language as it found it: a later test
    reading Dutch messages must not depend on which tests ran before it."""
    _, before = _interface_language()
    yield
    app, after = _interface_language()
    if app is None or after == before:
        return
    from inspector.ui.app import install_translation

    install_translation(app, before or "en")
    app.setProperty("interface_language", before)


@pytest.fixture(autouse=True)
def no_customisations() -> Iterator[None]:
    """The municipality's own files (custom/) are chosen per process; reset between tests."""
    from inspector.paths import use_customisations

    yield
    use_customisations(None)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 6 MB tmpfs (Linux, with mount rights; skipped elsewhere), filled with
    ``tests_support.fill_disk`` for a full disk; unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if sys.platform != "linux":
        pytest.skip("a tmpfs is Linux")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a small tmpfs is not permitted here: {done.stderr!r}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture(autouse=True, scope="session")
def _garbage_collected_on_the_main_thread() -> Iterator[None]:
    """As in the app (inspector.ui.collector): no automatic collection in a worker thread,
    where it could free a Qt object of the GUI thread and crash the run at random."""
    import gc

    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_due_garbage() -> Iterator[None]:
    from inspector.ui.collector import collect_due

    yield
    collect_due()
