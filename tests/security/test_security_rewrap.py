"""A key file made at an older cost (fewer passes, one lane, scrypt) gets today's cost at the
next successful unlock (issue #16, #10 point 5): the new file is checked before it replaces the
old one, the change is in the audit log, a wrong password changes nothing, and a process killed
at any moment of the rewrap leaves a key file that opens."""

from __future__ import annotations

import base64
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

from inspector.core import vault
from inspector.core.workspace import Workspace
from inspector.paths import DataPaths
from inspector.security import keystore, passwords
from inspector.security.crypto import new_data_key
from inspector.security.keystore import KeyFileKeyStore, KeyStoreError
from inspector.security.passwords import Argon2Params
from inspector.storage.models import AuditEvent

from tests_support import PASSWORD, keyfile_env, make_store, use_keyfile

#: The cost a file was made at "on an older laptop" and today's, both cheap for the tests but
#: different in passes and lanes as the real change is (t=3 -> t=10 p=1 -> ... p=4).
OLD = Argon2Params(t=1, m=1024, p=1)
NEW = Argon2Params(t=2, m=1024, p=2)


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[Argon2Params]:
    """The cost of every Argon2id run of the key file."""
    calls: list[Argon2Params] = []
    real = keystore.derive_argon2

    def counted(secret: str, salt: bytes, params: Any = None) -> bytes:
        calls.append(params or passwords.ARGON2)
        return real(secret, salt, params)

    monkeypatch.setattr(keystore, "derive_argon2", counted)
    return calls


def _kdf(path: Path) -> tuple[int, int, int]:
    kdf = json.loads(path.read_text(encoding="utf-8"))["kdf"]
    return int(kdf["t"]), int(kdf["m"]), int(kdf["p"])


def _audit(ws: Workspace) -> list[tuple[str, dict[str, Any]]]:
    with ws.unit() as s:
        return [
            (e.action, json.loads(e.details))
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]


def test_an_older_cost_is_raised_at_the_next_unlock(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, derivations: list[Argon2Params]
) -> None:
    use_keyfile()
    monkeypatch.setattr(passwords, "ARGON2", OLD)
    ws = make_store(data_paths)
    ws.inspections.create(address="Proefstraat 1", postcode="1234 AB", city="Voorbeeld", bag_ids={})
    ws.close()
    assert _kdf(data_paths.key_file) == (1, 1024, 1)
    monkeypatch.setattr(passwords, "ARGON2", NEW)  # the app now asks for more

    before = data_paths.key_file.read_bytes()
    with pytest.raises(vault.WrongCredentials):
        vault.unlock(data_paths, "verkeerd-wachtwoord-1")
    assert data_paths.key_file.read_bytes() == before  # a wrong password changes nothing

    derivations.clear()
    ws = vault.unlock(data_paths, PASSWORD)
    # One run to open at the old cost, one to wrap at the new one.
    assert derivations == [OLD, NEW]
    assert _kdf(data_paths.key_file) == (2, 1024, 2)
    rewrapped = [d for action, d in _audit(ws) if action == "keyfile.rewrapped"]
    assert rewrapped == [
        {"old_cost": "argon2id t=1 m=1024 p=1", "new_cost": "argon2id t=2 m=1024 p=2"}
    ]
    ws.close()

    derivations.clear()
    ws = vault.unlock(data_paths, PASSWORD)
    assert derivations == [NEW]  # one run at today's cost, nothing rewrapped again
    assert [i.address for i in ws.inspections.list_all()] == ["Proefstraat 1"]  # same data key
    assert [a for a, _d in _audit(ws)].count("keyfile.rewrapped") == 1
    ws.close()
    assert not list(data_paths.root.glob(".datakey.json.*"))


def test_other_officers_keep_their_entry_until_they_unlock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, derivations: list[Argon2Params]
) -> None:
    store = KeyFileKeyStore(tmp_path / "datakey.json")
    key = new_data_key()
    monkeypatch.setattr(passwords, "ARGON2", OLD)
    store.wrap("officer-a", "wachtwoord-van-a-1", key)
    store.wrap("officer-b", "wachtwoord-van-b-1", key)
    monkeypatch.setattr(passwords, "ARGON2", NEW)
    assert store.needs_rewrap("officer-a") and store.needs_rewrap("officer-b")

    store.wrap("officer-a", "wachtwoord-van-a-1", key)
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert list(data["entries"]) == ["officer-a"] and (data["kdf"]["t"], data["kdf"]["p"]) == (2, 2)
    assert [list(g["entries"]) for g in data["older"]] == [["officer-b"]]
    assert not store.needs_rewrap("officer-a") and store.needs_rewrap("officer-b")
    assert store.cost_of("officer-b") == "argon2id t=1 m=1024 p=1"

    # Everyone pays one run per cost the file holds, found or not (no timing difference).
    for password, found in (
        ("wachtwoord-van-a-1", [("officer-a", key)]),
        ("wachtwoord-van-b-1", [("officer-b", key)]),
        ("niet-van-iemand-1", []),
    ):
        derivations.clear()
        assert store.open(password) == found
        assert derivations == [NEW, OLD]
    assert store.unwrap("officer-b", "wachtwoord-van-b-1") == key

    store.wrap("officer-b", "wachtwoord-van-b-1", key)
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert sorted(data["entries"]) == ["officer-a", "officer-b"] and "older" not in data
    derivations.clear()
    assert store.open("wachtwoord-van-b-1") == [("officer-b", key)]
    assert derivations == [NEW]


def test_too_many_older_groups_is_a_damaged_file(tmp_path: Path) -> None:
    store = KeyFileKeyStore(tmp_path / "datakey.json")
    store.wrap("officer-a", "wachtwoord-van-a-1", new_data_key())
    data = json.loads(store.path.read_text(encoding="utf-8"))
    group = {"kdf": data["kdf"], "entries": {"x": data["entries"]["officer-a"]}}
    data["older"] = [group] * (keystore.MAX_OLDER_GROUPS + 1)
    store.path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KeyStoreError, match="damaged"):
        store.open("wachtwoord-van-a-1")


def test_a_new_file_that_does_not_read_back_keeps_the_old_one(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    use_keyfile()
    monkeypatch.setattr(passwords, "ARGON2", OLD)
    make_store(data_paths).close()
    monkeypatch.setattr(passwords, "ARGON2", NEW)
    before = data_paths.key_file.read_bytes()
    real_dumps = json.dumps

    def garbled(data: Any, **kwargs: Any) -> str:
        # The disk gives back something else than was written (one entry's nonce differs).
        text = real_dumps(data, **kwargs)
        if isinstance(data, dict) and data.get("kdf", {}).get("t") == NEW.t:
            copy = json.loads(text)
            for entry in copy["entries"].values():
                entry["nonce"] = "AAAAAAAAAAAAAAAA"
            text = real_dumps(copy, **kwargs)
        return text

    monkeypatch.setattr(keystore.json, "dumps", garbled)
    ws = vault.unlock(data_paths, PASSWORD)  # the unlock itself goes on
    assert "keyfile.rewrapped" not in [a for a, _d in _audit(ws)]
    ws.close()
    assert "keyfile.not_verified" in caplog.text
    after = json.loads(data_paths.key_file.read_text(encoding="utf-8"))
    assert (after["kdf"]["t"], after["kdf"]["p"]) == (1, 1)  # the old entry, still there
    assert after["entries"] == json.loads(before)["entries"]
    assert not list(data_paths.root.glob(".datakey.json.*"))  # no half-made file left

    monkeypatch.setattr(keystore.json, "dumps", real_dumps)
    vault.unlock(data_paths, PASSWORD).close()  # tried again next time, and now it works
    assert _kdf(data_paths.key_file) == (2, 1024, 2)


def test_an_old_scrypt_entry_is_wrapped_at_todays_cost_and_audited(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_keyfile()
    monkeypatch.setattr(passwords, "ARGON2", NEW)
    ws = make_store(data_paths)
    officer_id, key = ws.officer.id, KeyFileKeyStore(data_paths.key_file).open(PASSWORD)[0][1]
    ws.close()
    # As format 1 kept it: one scrypt entry per officer, no Argon2id at all.
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = passwords.derive_key(PASSWORD, salt, passwords.DEFAULT_PARAMS)
    old = json.loads(data_paths.key_file.read_text(encoding="utf-8"))
    p = passwords.DEFAULT_PARAMS
    legacy = {
        "n": p.n,
        "r": p.r,
        "p": p.p,
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "wrapped": base64.b64encode(AESGCM(kek).encrypt(nonce, key, officer_id.encode())).decode(),
    }
    data_paths.key_file.write_text(
        json.dumps({"version": 1, "entries": {officer_id: legacy}, "extra": old.get("extra", {})}),
        encoding="utf-8",
    )
    ws = vault.unlock(data_paths, PASSWORD)
    rewrapped = [d for action, d in _audit(ws) if action == "keyfile.rewrapped"]
    ws.close()
    assert rewrapped == [
        {"old_cost": f"scrypt n={p.n} r=8 p=1", "new_cost": "argon2id t=2 m=1024 p=2"}
    ]
    data = json.loads(data_paths.key_file.read_text(encoding="utf-8"))
    assert data["version"] == 2 and "legacy" not in data and list(data["entries"]) == [officer_id]
    vault.unlock(data_paths, PASSWORD).close()


#: A child that rewraps one entry again and again, alternating between two costs (in passes, and
#: in lanes as between a four-core and a two-core machine), and says "wrapped" after each; the
#: test kills it at a random moment.
REWRAP_LOOP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from inspector.security import passwords
    from inspector.security.keystore import KeyFileKeyStore
    costs = [passwords.Argon2Params(1, 2048, 4), passwords.Argon2Params(2, 2048, 2)]
    store = KeyFileKeyStore(Path(sys.argv[1]))
    key = bytes.fromhex(sys.argv[2])
    i = 0
    while True:
        passwords.ARGON2 = costs[i % 2]
        store.wrap("officer-a", sys.argv[3], key)
        print("wrapped", flush=True)
        i += 1
    """
)


def test_a_process_killed_while_rewrapping_leaves_a_key_file_that_opens(tmp_path: Path) -> None:
    path = tmp_path / "datakey.json"
    key = new_data_key()
    password = "wachtwoord-van-a-1"
    KeyFileKeyStore(path).wrap("officer-a", password, key)
    rng = random.Random(16)
    seen_costs = set()
    for _ in range(20):
        child = subprocess.Popen(
            [sys.executable, "-c", REWRAP_LOOP, str(path), key.hex(), password],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "wrapped"  # imports done, rewrapping
            time.sleep(rng.uniform(0.0, 0.05))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            if child.stdout is not None:
                child.stdout.close()
        store = KeyFileKeyStore(path)
        assert store.open(password) == [("officer-a", key)]  # whole: the old file or the new
        seen_costs.add(_kdf(path))
    assert seen_costs == {(1, 2048, 4), (2, 2048, 2)}  # killed in both halves of the loop
    # Temporary files of killed writers are cleared by the next rewrap.
    KeyFileKeyStore(path).wrap("officer-a", password, key)
    assert [p.name for p in tmp_path.iterdir() if p.name != "datakey.json.lock"] == ["datakey.json"]


MEMORY_AFTER_DERIVING = textwrap.dedent(
    """
    import threading
    from inspector.security import passwords

    def resident_kb():
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])

    cost = passwords.Argon2Params(t=1, m=16384, p=1)  # today's memory, one pass
    before = resident_kb()
    for _ in range(3):  # each in a thread of its own, as ahead of Return and at Return
        worker = threading.Thread(target=passwords.derive_argon2, args=("x" * 12, b"s" * 16, cost))
        worker.start()
        worker.join()
    print(resident_kb() - before)
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc (Linux)")
def test_the_kdf_memory_goes_back_to_the_os_after_each_derivation() -> None:
    """Without the fixed mmap threshold each thread that derived kept 16 MiB resident (glibc
    raises its threshold after the first free): +29 MB on the unlock's peak memory when the
    derivation ahead and the unlock's own ran in two threads."""
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_AFTER_DERIVING], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) < 8 * 1024, out.stdout  # KiB still resident after three runs


#: A child process on a machine of the given cores: its CPU affinity is set before the app is
#: imported, so the key file's cost is computed as at a real start (lanes = the cores); only
#: the passes and memory are lowered for speed, the lanes are kept. It unlocks the key-file
#: store and prints what the unlock did.
UNLOCK_ON_CORES = textwrap.dedent(
    """
    import dataclasses, json, os, sys
    from pathlib import Path
    os.sched_setaffinity(0, {int(core) for core in sys.argv[2].split(",")})
    from inspector.security import passwords
    lanes = passwords.ARGON2.p
    passwords.ARGON2 = dataclasses.replace(passwords.ARGON2, t=1, m=1024)
    from sqlalchemy import select
    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.storage.models import AuditEvent, Officer
    ws = vault.unlock(DataPaths(Path(sys.argv[1])), os.environ["INSPECTOR_PASSPHRASE"])
    with ws.unit() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        rewrapped = [json.loads(e.details) for e in events if e.action == "keyfile.rewrapped"]
        hashed = s.get(Officer, ws.officer.id).password_hash
    addresses = [i.address for i in ws.inspections.list_all()]
    ws.close()
    print(json.dumps({"lanes": lanes, "rewrapped": rewrapped, "hash_lanes":
                      int(hashed.split("$")[3]), "addresses": addresses}))
    """
)


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity (Linux)")
def test_a_four_lane_key_file_gets_the_lanes_of_the_machine_it_is_opened_on(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key file made with four lanes (the fixed cost before, or a 4-core laptop) opens on a
    machine with fewer cores, is wrapped again with as many lanes as it has cores and audited,
    and the password hash beside it follows; then it opens there without being wrapped again.
    Copied to a machine with other cores it is wrapped again once, and no more."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        pytest.skip("needs two cores to play two machines")
    use_keyfile()
    monkeypatch.setattr(passwords, "ARGON2", Argon2Params(t=1, m=1024, p=4))
    ws = make_store(data_paths)
    ws.inspections.create(address="Proefstraat 4", postcode="1234 AB", city="Voorbeeld", bag_ids={})
    ws.close()
    assert _kdf(data_paths.key_file) == (1, 1024, 4)
    key = KeyFileKeyStore(data_paths.key_file).open(PASSWORD)[0][1]

    def unlock_on(machine: list[int]) -> dict[str, Any]:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                UNLOCK_ON_CORES,
                str(data_paths.root),
                ",".join(map(str, machine)),
            ],
            capture_output=True,
            text=True,
            env=keyfile_env(),
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
        assert result["addresses"] == ["Proefstraat 4"]  # the same data key throughout
        assert KeyFileKeyStore(data_paths.key_file).open(PASSWORD)[0][1] == key
        return result

    one_core, two_cores = cores[:1], cores[:2]
    first = unlock_on(one_core)
    assert first["lanes"] == 1 and _kdf(data_paths.key_file) == (1, 1024, 1)
    assert first["hash_lanes"] == 1  # the password hash beside it follows
    assert first["rewrapped"] == [
        {"old_cost": "argon2id t=1 m=1024 p=4", "new_cost": "argon2id t=1 m=1024 p=1"}
    ]
    again = unlock_on(one_core)  # the same machine: nothing to do, no loop
    assert again["rewrapped"] == first["rewrapped"] and _kdf(data_paths.key_file) == (1, 1024, 1)

    moved = unlock_on(two_cores)  # the store copied to a machine with two cores
    assert moved["lanes"] == 2 and moved["hash_lanes"] == 2
    assert _kdf(data_paths.key_file) == (1, 1024, 2)
    assert moved["rewrapped"][1:] == [
        {"old_cost": "argon2id t=1 m=1024 p=1", "new_cost": "argon2id t=1 m=1024 p=2"}
    ]
    assert unlock_on(two_cores)["rewrapped"] == moved["rewrapped"]
    assert not list(data_paths.root.glob(".datakey.json.*"))
