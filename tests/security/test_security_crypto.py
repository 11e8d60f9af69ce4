"""AES-GCM cipher, password hashing and the key file."""

from __future__ import annotations

import json

import pytest

from inspector.security.crypto import DataCipher, DecryptionError, new_data_key
from inspector.security.keystore import KeyFileKeyStore, WrongPassphrase
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
    assert encoded.startswith("scrypt$")
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
    assert store.unwrap("officer-a", "pass-a-123") == key
    assert store.unwrap("officer-b", "pass-b-123") == key
    with pytest.raises(WrongPassphrase):
        store.unwrap("officer-a", "pass-b-123")
    raw = (tmp_path / "datakey.json").read_text()
    assert key.hex() not in raw
    assert json.loads(raw)["entries"]["officer-a"]["kdf"] == "scrypt"


def test_key_file_needs_a_longer_password() -> None:
    assert password_problem("123456") is None
    assert "10 characters" in (password_problem("123456", key_file=True) or "")
    assert password_problem("lang-genoeg-1", key_file=True) is None


def test_tampered_kdf_parameters_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = KeyFileKeyStore(tmp_path / "datakey.json")
    store.wrap("officer-a", "pass-a-123456", new_data_key())
    data = json.loads((tmp_path / "datakey.json").read_text())
    data["entries"]["officer-a"]["n"] = 2**40
    (tmp_path / "datakey.json").write_text(json.dumps(data))
    from inspector.security.keystore import KeyStoreError

    with pytest.raises(KeyStoreError, match="damaged"):
        store.unwrap("officer-a", "pass-a-123456")
    assert not verify_password("x", "scrypt$1099511627776$8$1$AAAA$AAAA")


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
