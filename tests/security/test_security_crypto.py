"""AES-GCM cipher, password hashing and the key file."""

from __future__ import annotations

import json

import pytest

from inspector.security.crypto import DataCipher, DecryptionError, new_data_key
from inspector.security.keystore import KeyFileKeyStore
from inspector.security.passwords import hash_password, password_problem, verify_password


def test_round_trip_and_context_binding() -> None:
    cipher = DataCipher(new_data_key())
    blob = cipher.encrypt_text("Kanariestraat 1", b"inspection.location")
    assert b"Kanarie" not in blob
    assert cipher.decrypt_text(blob, b"inspection.location") == "Kanariestraat 1"
    with pytest.raises(DecryptionError):
        cipher.decrypt(blob, b"resident.name")


def test_tampered_ciphertext_is_refused() -> None:
    cipher = DataCipher(new_data_key())
    blob = bytearray(cipher.encrypt(b"data"))
    blob[-1] ^= 1
    with pytest.raises(DecryptionError):
        cipher.decrypt(bytes(blob))


def test_other_key_is_refused() -> None:
    blob = DataCipher(new_data_key()).encrypt(b"data")
    with pytest.raises(DecryptionError):
        DataCipher(new_data_key()).decrypt(blob)


def test_same_plaintext_gives_different_ciphertexts() -> None:
    cipher = DataCipher(new_data_key())
    assert cipher.encrypt(b"x") != cipher.encrypt(b"x")


def test_password_hash() -> None:
    encoded = hash_password("geheim-123")
    assert encoded.startswith("argon2id$")
    assert "geheim" not in encoded
    assert verify_password("geheim-123", encoded)
    assert not verify_password("geheim-124", encoded)
    assert not verify_password("geheim-123", "garbage")


@pytest.mark.parametrize("password,ok", [("12345", False), ("123456", True), (" abcdef", False)])
def test_password_rules(password: str, ok: bool) -> None:
    assert (password_problem(password) is None) is ok


def test_key_file_wraps_per_officer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = KeyFileKeyStore(tmp_path / "datakey.json")
    key = new_data_key()
    store.wrap("officer-a", "pass-a-123", key)
    store.wrap("officer-b", "pass-b-123", key)
    assert store.open("pass-a-123") == [("officer-a", key)]
    assert store.open("pass-b-123") == [("officer-b", key)]
    assert store.open("pass-c-123") == []
    raw = (tmp_path / "datakey.json").read_text()
    assert key.hex() not in raw
    data = json.loads(raw)
    assert data["version"] == 2 and data["kdf"]["alg"] == "argon2id"
    # Nothing in the file names or tests a username: the entry is found by the derived key.
    assert set(data["entries"]["officer-a"]) == {"tag", "nonce", "wrapped"}


def test_key_file_needs_a_longer_password() -> None:
    assert password_problem("123456") is None
    assert "10 characters" in str(password_problem("123456", key_file=True))
    assert password_problem("lang-genoeg-1", key_file=True) is None


def test_the_production_cost_is_within_the_stored_bounds() -> None:
    """A key file made at today's cost must open again (its parameters are checked on reading),
    on a machine of any number of cores; the cost is ~0.5 s of Argon2id over 16 MiB
    (benchmarks/bench_store.py prints the time)."""
    from inspector.security.passwords import checked_argon2, key_file_cost

    for lanes in (None, 1, 2, 3, 4):
        production = key_file_cost(lanes)
        assert checked_argon2(production.t, production.m, production.p) == production


def test_tampered_kdf_parameters_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = KeyFileKeyStore(tmp_path / "datakey.json")
    store.wrap("officer-a", "pass-a-123456", new_data_key())
    data = json.loads((tmp_path / "datakey.json").read_text())
    from inspector.security.keystore import KeyStoreError

    # Each out of bounds, or each within its bound but together minutes of work (64 passes
    # over 1 GiB).
    for changes in ({"m": 2**40}, {"t": 10_000}, {"t": 0}, {"p": 64}, {"t": 64, "m": 2**20}):
        tampered = json.loads(json.dumps(data))
        tampered["kdf"].update(changes)
        (tmp_path / "datakey.json").write_text(json.dumps(tampered))
        with pytest.raises(KeyStoreError, match="damaged"):
            store.open("pass-a-123456")
    assert not verify_password("x", "scrypt$1099511627776$8$1$AAAA$AAAA")
    assert not verify_password("x", "argon2id$1$1099511627776$1$AAAA$AAAA")


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaa", "1234567890", "wachtwoord1", "qwertyuiop", "Amsterdam2026"]
)
def test_guessable_key_file_passwords_are_refused_in_dutch(password: str) -> None:
    problem = password_problem(password, key_file=True)
    assert problem is not None and "te makkelijk te raden" in problem.nl


def test_production_argon2_cost_is_not_lowered() -> None:
    from inspector.security.passwords import key_file_cost

    # 56 passes over 16 MiB: ~0.5 s of CPU per guess (benchmarks/bench_store.py measures it
    # beside the earlier 10 passes over 64 MiB in one lane). The work per guess (passes x
    # memory, whatever the lanes) is not below that earlier cost, the memory not below 16 MiB;
    # the lanes only spread that work over the officer's cores.
    for lanes in (1, 2, 3, 4):
        production = key_file_cost(lanes)
        assert production.t * production.m >= 10 * 65536
        assert production.m >= 16 * 1024
        assert (production.t, production.m, production.p) == (56, 16384, lanes)


def test_the_key_files_lanes_are_the_cores_this_process_may_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from inspector.security import passwords

    # The process's CPU affinity where the OS has it (taskset, a container's cpuset), not the
    # machine's count: lanes beyond the cores it may use only contend.
    monkeypatch.setattr(passwords.os, "sched_getaffinity", lambda pid: {0, 5}, raising=False)
    monkeypatch.setattr(passwords.os, "cpu_count", lambda: 16)
    assert passwords.machine_lanes() == 2 and passwords.key_file_cost().p == 2
    monkeypatch.setattr(passwords.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert passwords.machine_lanes() == 1
    monkeypatch.setattr(
        passwords.os, "sched_getaffinity", lambda pid: set(range(12)), raising=False
    )
    assert passwords.machine_lanes() == 4  # at most four (RFC 9106; the stored bound)
    # Where the OS has no affinity call (Windows, macOS): the machine's cores.
    monkeypatch.delattr(passwords.os, "sched_getaffinity", raising=False)
    for count, lanes in ((None, 1), (1, 1), (2, 2), (3, 3), (8, 4)):
        monkeypatch.setattr(passwords.os, "cpu_count", lambda count=count: count)
        assert passwords.machine_lanes() == lanes


def test_this_machines_key_file_cost_has_its_lanes() -> None:
    import os

    from inspector.security.passwords import key_file_cost

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert key_file_cost().p == max(1, min(4, cores or 1))


def test_file_based_keyrings_are_not_used() -> None:
    import keyring
    import keyring.backend

    from inspector.security.keystore import keyring_status

    class PlaintextKeyring(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            pass

        def delete_password(self, service: str, username: str) -> None:
            pass

    keyring.set_keyring(PlaintextKeyring())
    status = keyring_status()
    assert not status.usable and "plain file" in status.reason
