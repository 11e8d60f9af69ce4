"""The cost of an officer's password hash follows where the data key lives: the key file's
Argon2id with a key file (the hash must not be the cheaper target for the same password), the
screen gate's (OWASP minimum) with the OS keyring; older hashes are upgraded at the next
successful unlock."""

from __future__ import annotations

import sqlite3

import pytest

from inspector.core import vault
from inspector.paths import DataPaths
from inspector.security import passwords

from tests_support import PASSWORD, make_store, use_keyfile


def _stored_hash(paths: DataPaths) -> str:
    with sqlite3.connect(paths.database) as conn:
        (encoded,) = conn.execute("SELECT password_hash FROM officer").fetchone()
    return str(encoded)


def _cost(encoded: str) -> tuple[str, int, int, int]:
    scheme, t, m, p, _salt, _digest = encoded.split("$")
    return scheme, int(t), int(m), int(p)


def _as(params: passwords.Argon2Params) -> tuple[str, int, int, int]:
    return "argon2id", params.t, params.m, params.p


def test_production_gate_is_owasps_minimum_and_cheaper_than_the_key_file() -> None:
    gate = passwords.Argon2Params(t=2, m=19456, p=1)
    assert passwords.hash_params(key_file=False) == passwords.GATE_ARGON2
    assert passwords.hash_params(key_file=True) == passwords.ARGON2
    # The production values (conftest lowers both for speed): compare the class defaults too.
    key_file = passwords.key_file_cost()
    assert (gate.t, gate.m) == (2, 19 * 1024) and key_file.t * key_file.m > 10 * gate.t * gate.m


def test_keyring_store_hashes_at_the_gate_cost(data_paths: DataPaths) -> None:
    make_store(data_paths).close()
    assert _cost(_stored_hash(data_paths)) == _as(passwords.GATE_ARGON2)
    vault.unlock(data_paths, PASSWORD, "test").close()
    assert _cost(_stored_hash(data_paths)) == _as(passwords.GATE_ARGON2)


def test_keyfile_store_keeps_the_key_files_cost(data_paths: DataPaths) -> None:
    use_keyfile()
    make_store(data_paths).close()
    assert _cost(_stored_hash(data_paths)) == _as(passwords.ARGON2)
    vault.unlock(data_paths, PASSWORD, "test").close()
    assert _cost(_stored_hash(data_paths)) == _as(passwords.ARGON2)


def test_existing_keyring_store_unlocks_and_its_hash_is_made_cheaper(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the previous code made it: the key file's Argon2id cost for the hash in keyring mode.
    with monkeypatch.context() as m:
        m.setattr(passwords, "GATE_ARGON2", passwords.ARGON2)
        make_store(data_paths).close()
    old = _stored_hash(data_paths)
    assert _cost(old) == _as(passwords.ARGON2) != _as(passwords.GATE_ARGON2)
    with pytest.raises(vault.WrongCredentials):
        vault.unlock(data_paths, "verkeerd-wachtwoord-1", "test")
    assert _stored_hash(data_paths) == old  # a wrong password changes nothing

    ws = vault.unlock(data_paths, PASSWORD, "test")
    assert ws.officer.name == "Toezichthouder Test"
    ws.close()
    new = _stored_hash(data_paths)
    assert _cost(new) == _as(passwords.GATE_ARGON2)
    # The re-sealed officer row still reads, the new hash checks the same password only.
    ws = vault.unlock(data_paths, PASSWORD, "test")
    assert ws.officer.username == "test"
    ws.close()
    assert _stored_hash(data_paths) == new
    with pytest.raises(vault.WrongCredentials):
        vault.unlock(data_paths, "verkeerd-wachtwoord-1", "test")


def test_a_cheaper_hash_in_a_keyfile_store_is_raised_to_the_key_files_cost(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_keyfile()
    with monkeypatch.context() as m:
        m.setattr(passwords, "ARGON2", passwords.GATE_ARGON2)
        make_store(data_paths).close()
    assert _cost(_stored_hash(data_paths)) == _as(passwords.GATE_ARGON2)
    vault.unlock(data_paths, PASSWORD, "test").close()
    assert _cost(_stored_hash(data_paths)) == _as(passwords.ARGON2)


def test_keyring_unknown_username_costs_the_gate_like_a_known_one(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store(data_paths).close()
    costs: list[int] = []
    real = passwords.derive_argon2

    def measuring(secret: str, salt: bytes, params: passwords.Argon2Params | None = None) -> bytes:
        costs.append((params or passwords.ARGON2).m)
        return real(secret, salt, params)

    monkeypatch.setattr(passwords, "derive_argon2", measuring)
    for username in ("test", "onbekend"):
        costs.clear()
        with pytest.raises(vault.WrongCredentials):
            vault.unlock(data_paths, "verkeerd-wachtwoord-1", username)
        data_paths.attempts.unlink()
        from inspector.security.attempts import AttemptCounter

        AttemptCounter(data_paths.attempts).create()
        assert costs == [passwords.GATE_ARGON2.m], username
