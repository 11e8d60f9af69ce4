"""Encryption at rest: no canary in any byte under the data dir; data back after reopening."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from inspector.core import vault
from inspector.paths import DataPaths

from tests_support import CANARY_ADDRESS, CANARY_NAME, PASSWORD, make_store


def _needles() -> list[bytes]:
    out = []
    for text in (CANARY_NAME, CANARY_ADDRESS, "Zyxcanary", "Kanarievogelpad"):
        for variant in (text, text.lower(), text.upper()):
            out += [variant.encode("utf-8"), variant.encode("utf-16-le")]
    return out


def _scan(root: Path) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name}: {n!r}" for n in _needles() if n in data]
    return hits


def _plant(ws) -> str:  # type: ignore[no-untyped-def]
    insp = ws.inspections.create(address=CANARY_ADDRESS, postcode="9999 ZZ", city="Canarystad")
    res = ws.residents.add(insp.id, CANARY_NAME, "pl", room="Kamer Zyxcanary")
    ws.answers.save(insp.id, "betrokkene", 1, "surname", CANARY_NAME, resident_id=res.id)
    ws.answers.save(insp.id, "verblijfslocatie", 1, "remarks", f"Gesproken met {CANARY_NAME}")
    ws.attachments.add(
        insp.id,
        kind="photo",
        content=f"JPEG {CANARY_NAME}".encode(),
        mime="image/jpeg",
        caption=CANARY_ADDRESS,
        resident_id=res.id,
    )
    ws.save_ui_state({"inspection_id": insp.id})
    return insp.id


def test_no_canary_under_the_data_dir(data_paths: DataPaths) -> None:
    ws = make_store(data_paths)
    _plant(ws)
    # Scan while open too: the WAL holds the newest pages before a checkpoint.
    assert (data_paths.root / "inspector.sqlite3-wal").exists()
    assert _scan(data_paths.root) == []
    ws.close()
    assert _scan(data_paths.root) == []


def test_data_comes_back_after_reopening(data_paths: DataPaths) -> None:
    ws = make_store(data_paths)
    inspection_id = _plant(ws)
    ws.close()
    again = vault.unlock(data_paths, PASSWORD, "test")
    detail = again.inspections.get(inspection_id)
    assert detail.summary.address == CANARY_ADDRESS
    assert detail.residents[0].name == CANARY_NAME
    assert detail.resident_forms[detail.residents[0].id]["betrokkene"].values["surname"] == (
        CANARY_NAME
    )
    content, _ = again.attachments.content(again.attachments.list_for(inspection_id)[0]["id"])
    assert CANARY_NAME.encode() in content
    assert again.load_ui_state() == {"inspection_id": inspection_id}
    again.close()


def test_no_canary_through_the_command_line_with_a_key_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {
        **os.environ,
        "INSPECTOR_PASSPHRASE": PASSWORD,
        "INSPECTOR_DATA_DIR": str(data),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "inspector", *a],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    run("init", "--officer", "Toezichthouder Test", "--municipality", "Gemeente Voorbeeld")
    inspection_id = run(
        "inspection",
        "new",
        "--address",
        CANARY_ADDRESS,
        "--postcode",
        "9999ZZ",
        "--city",
        "Canarystad",
    ).stdout.strip()
    shown = run("inspection", "show", inspection_id, "--json").stdout
    assert CANARY_ADDRESS in shown
    assert (data / "datakey.json").exists()
    assert _scan(data) == []
