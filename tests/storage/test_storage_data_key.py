"""The data key is handed to each store's engine explicitly (CipherDialect), never parked on a
foreign object: two stores open in one process keep their own keys, and locking takes it away."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from inspector.paths import DataPaths
from inspector.storage.db import Database
from inspector.storage.models import Inspection
from inspector.storage.types import CipherDialect, StoreLocked, cipher_of

from tests_support import make_store


def test_two_stores_in_one_process_keep_their_own_keys(tmp_path: Path) -> None:
    one = make_store(DataPaths(tmp_path / "one"))
    two = make_store(DataPaths(tmp_path / "two"))
    try:
        a = one.inspections.create(address="Eerste Proefstraat 1", postcode="2801AB", city="Gouda")
        b = two.inspections.create(address="Tweede Proefweg 2", postcode="3011AA", city="Delft")
        assert isinstance(one.db.engine.dialect, CipherDialect)
        assert one.db.cipher is not two.db.cipher
        assert one.db.engine.dialect is not two.db.engine.dialect
        assert [i.address for i in one.inspections.list_all()] == [a.address]
        assert [i.address for i in two.inspections.list_all()] == [b.address]
        one.close()  # locks the first store only
        assert one.db.engine.dialect.cipher is None
        with pytest.raises(StoreLocked):
            _ = one.db.cipher
        assert [i.address for i in two.inspections.list_all()] == [b.address]
    finally:
        two.close()


def test_a_locked_store_refuses_its_encrypted_columns(data_paths: DataPaths) -> None:
    ws = make_store(data_paths)
    ws.inspections.create(address="Proefstraat 3", postcode="2801AB", city="Gouda")
    ws.close()
    db = Database(data_paths.database)  # opened without a key
    try:
        with db.session() as s, pytest.raises(StoreLocked):
            s.execute(select(Inspection.location)).all()
        # Bookkeeping stays readable without the key.
        with db.session() as s:
            assert len(s.scalars(select(Inspection.id)).all()) == 1
    finally:
        db.dispose()


def test_a_key_is_never_found_on_an_engine_it_was_not_given_to(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        with pytest.raises(StoreLocked):
            cipher_of(engine.dialect)
    finally:
        engine.dispose()


def test_the_key_survives_the_switch_to_reading_only(workspace) -> None:  # type: ignore[no-untyped-def]
    workspace.inspections.create(address="Proefstraat 4", postcode="2801AB", city="Gouda")
    key = workspace.db.cipher
    old = workspace.db.engine
    workspace.db._switch(read_only=True)  # what a full disk does (storage/db.py)
    try:
        assert workspace.db.engine is not old and workspace.db.cipher is key
        assert [i.address for i in workspace.inspections.list_all()] == ["Proefstraat 4"]
    finally:
        workspace.db._switch(read_only=False)
