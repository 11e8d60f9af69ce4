"""The upgrade path: a store made by the previous release (tests/data/store-b76eeb9) opens with
this version, its records decrypt and its audit chain stays intact."""

from __future__ import annotations

import shutil
from pathlib import Path

from inspector.core import vault
from inspector.paths import DataPaths

OLD_STORE = Path(__file__).resolve().parents[1] / "data" / "store-b76eeb9"
OLD_PASSWORD = "Oude-versie-test-2025"


def old_store_copy(target: Path) -> DataPaths:
    """A copy of the previous release's store (opening may migrate it)."""
    shutil.copytree(OLD_STORE, target, ignore=shutil.ignore_patterns("README.md"))
    return DataPaths(target)


def test_the_previous_release_store_opens(tmp_path: Path) -> None:
    paths = old_store_copy(tmp_path / "data")
    with vault.unlock(paths, OLD_PASSWORD, "test") as ws:
        inspections = ws.inspections.list_all()
        assert [i.address for i in inspections] == ["Voorbeeldstraat 1"]
        detail = ws.inspections.get(inspections[0].id)
        assert sorted(r.name for r in detail.residents) == ["Anna Testowa", "Петро Тестовий"]
        assert ws.verify_audit().ok
