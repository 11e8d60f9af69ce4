"""Helpers shared by tests (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

from typing import Any

PASSWORD = "geheim-123"
#: Fictitious canary values: they must never appear in plaintext under the data dir.
CANARY_NAME = "Zyxcanary Qwertowska"
CANARY_ADDRESS = "Kanarievogelpad 987"


def make_store(paths: Any, **kwargs: Any) -> Any:
    from inspector.core import vault

    return vault.initialise(
        paths,
        officer_name="Toezichthouder Test",
        username="test",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
        **kwargs,
    )


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
