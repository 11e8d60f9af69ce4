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
