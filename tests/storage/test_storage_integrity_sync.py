"""The sync tables' secrets bound to their rows (store format 3): a private key, the device's
bearer secret or something that came down, moved to another row or column in SQL, or its
row's bookkeeping changed, no longer reads; it is refused where it would be used and named by
``doctor``. A format-2 store (made by the previous code) is upgraded at its first unlock."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from inspector.core import doctor, vault
from inspector.paths import DataPaths
from inspector.storage import seal
from inspector.storage.types import is_damaged
from inspector.sync import client, keys
from inspector.sync.models import SyncInbox, SyncKey, SyncLink

from tests_support import PASSWORD, make_store, use_keyfile

FORMAT2 = Path(__file__).resolve().parent.parent / "data" / "store_format2"
URL = "https://sync.voorbeeld.example"


def _sql(paths: DataPaths, *statements: tuple[str, tuple[object, ...]]) -> None:
    con = sqlite3.connect(paths.database)
    for sql, params in statements:
        con.execute(sql, params)
    con.commit()
    con.close()


def _one(paths: DataPaths, sql: str, params: tuple[object, ...] = ()) -> object:
    con = sqlite3.connect(paths.database)
    try:
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def synced(data_paths: DataPaths) -> tuple[str, str]:
    """A store with device keys, a link to the service and two items that came down."""
    ws = make_store(data_paths)
    with ws.unit() as s:
        sign, box = keys.device_keys(s, create=True)
        ids = sign.key_id, box.key_id
        s.add(
            SyncLink(
                id=1,
                server_url=URL,
                device_id="00000000-0000-4000-8000-000000000001",
                credential="token-fictief",
                root_public=b"P" * 32,
                trust_bundle="{}",
            )
        )
        for seq, message in ((1, "eerste fictief"), (2, "tweede fictief")):
            s.add(
                SyncInbox(
                    seq=seq, kind="outcome", record_id=f"rec-{seq}", content={"message": message}
                )
            )
    ws.close()
    return ids


def _read(paths: DataPaths) -> dict[str, object]:
    ws = vault.unlock(paths, PASSWORD, "test")
    try:
        with ws.unit() as s:
            return {
                **{f"key:{k.purpose}": k.private for k in s.query(SyncKey)},
                "credential": s.get(SyncLink, 1).credential,  # type: ignore[union-attr]
                **{f"inbox:{i.seq}": i.content for i in s.query(SyncInbox)},
            }
    finally:
        ws.close()


def test_sync_secrets_are_sealed_to_their_rows(data_paths: DataPaths, synced) -> None:  # type: ignore[no-untyped-def]
    values = _read(data_paths)
    assert not any(is_damaged(v) for v in values.values())
    assert values["credential"] == "token-fictief"
    assert values["inbox:1"] == {"message": "eerste fictief"}
    assert _one(data_paths, "PRAGMA user_version") == seal.FORMAT == 4
    assert _one(data_paths, "SELECT min(seal_v) FROM sync_key") == 1


def test_private_keys_swapped_between_rows_are_refused(data_paths: DataPaths, synced) -> None:  # type: ignore[no-untyped-def]
    sign_id, box_id = synced
    sign = _one(data_paths, "SELECT private FROM sync_key WHERE key_id = ?", (sign_id,))
    box = _one(data_paths, "SELECT private FROM sync_key WHERE key_id = ?", (box_id,))
    _sql(
        data_paths,
        ("UPDATE sync_key SET private = ? WHERE key_id = ?", (box, sign_id)),
        ("UPDATE sync_key SET private = ? WHERE key_id = ?", (sign, box_id)),
    )
    values = _read(data_paths)
    assert is_damaged(values["key:device-sign"]) and is_damaged(values["key:device-box"])
    ws = vault.unlock(data_paths, PASSWORD, "test")
    with ws.unit() as s:
        row = s.get(SyncKey, sign_id)
        assert row is not None
        with pytest.raises(keys.KeyError_, match="buiten de app om gewijzigd"):
            keys.signing_private(row)
    ws.close()


def test_a_key_relabelled_in_sql_no_longer_opens(data_paths: DataPaths, synced) -> None:  # type: ignore[no-untyped-def]
    sign_id, _box_id = synced
    # Passing the device's signing key off as the office root key.
    _sql(data_paths, ("UPDATE sync_key SET purpose = 'root' WHERE key_id = ?", (sign_id,)))
    values = _read(data_paths)
    assert is_damaged(values["key:root"]) and not is_damaged(values["key:device-box"])


def test_the_credential_redirected_to_another_server_is_refused(
    data_paths: DataPaths,
    synced,  # type: ignore[no-untyped-def]
) -> None:
    _sql(data_paths, ("UPDATE sync_link SET server_url = 'https://aanvaller.example'", ()))
    assert is_damaged(_read(data_paths)["credential"])
    with pytest.raises(client.SyncFailure, match="changed outside the app"):
        client._auth(_read(data_paths)["credential"])  # type: ignore[arg-type]


def test_values_moved_between_columns_and_items_are_refused(
    data_paths: DataPaths,
    synced,  # type: ignore[no-untyped-def]
) -> None:
    first = _one(data_paths, "SELECT content FROM sync_inbox WHERE seq = 1")
    credential = _one(data_paths, "SELECT credential FROM sync_link")
    _sql(
        data_paths,
        ("UPDATE sync_inbox SET content = ? WHERE seq = 2", (first,)),
        ("UPDATE sync_inbox SET content = ? WHERE seq = 1", (credential,)),
    )
    values = _read(data_paths)
    assert is_damaged(values["inbox:1"]) and is_damaged(values["inbox:2"])
    assert values["credential"] == "token-fictief"
    ws = vault.unlock(data_paths, PASSWORD, "test")
    try:
        messages = [m["message"] for m in client.status(ws)["messages"]]
    finally:
        ws.close()
    assert messages == ["beschadigd — niet te lezen"] * 2
    report = doctor.diagnose(data_paths, PASSWORD, "test")
    assert ("sync_inbox", "content", "1") in report.damaged
    assert ("sync_inbox", "content", "2") in report.damaged
    assert not any(t == "sync_link" for t, _c, _r in report.damaged)
    assert "fictief" not in report.text()


def test_a_format_2_store_gets_its_sync_secrets_sealed_on_unlock(tmp_path: Path) -> None:
    use_keyfile()
    paths = DataPaths(tmp_path / "store")
    shutil.copytree(FORMAT2, paths.root, ignore=shutil.ignore_patterns("make_store.py"))
    assert _one(paths, "PRAGMA user_version") == 2
    before = _one(paths, "SELECT credential FROM sync_link")
    ws = vault.unlock(paths, "tweede-opslag-vos-12", "twee")
    ws.close()
    assert _one(paths, "PRAGMA user_version") == seal.FORMAT
    assert _one(paths, "SELECT credential FROM sync_link") != before
    assert _one(paths, "SELECT min(seal_v) FROM sync_inbox") == 1
    ws = vault.unlock(paths, "tweede-opslag-vos-12", "twee")
    try:
        assert len(ws.inspections.list_all()) == 1 and ws.verify_audit().ok
        with ws.unit() as s:
            assert {k.key_id: k.private for k in s.query(SyncKey)} == {
                "root-fictief": b"R" * 32,
                "box-fictief": b"B" * 32,
            }
            assert s.get(SyncLink, 1).credential == "token-fictief-2"  # type: ignore[union-attr]
            assert [i.content for i in s.query(SyncInbox).order_by(SyncInbox.seq)] == [
                {"note": "fictief een"},
                {"note": "fictief twee"},
            ]
    finally:
        ws.close()
    # The format put back to 2 (to slip in column-bound values) is refused.
    _sql(paths, ("PRAGMA user_version = 2", ()))
    with pytest.raises(vault.StoreRolledBack, match="older format"):
        vault.unlock(paths, "tweede-opslag-vos-12", "twee")
