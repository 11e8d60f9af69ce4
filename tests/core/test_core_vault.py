"""Creating and unlocking a store: keyring and key file, wrong passwords, rate limit."""

from __future__ import annotations

import pytest

from inspector.core import vault
from inspector.paths import DataPaths

from tests_support import PASSWORD, make_store


def test_keyring_mode_stores_key_in_keyring(data_paths: DataPaths, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    ws = make_store(data_paths)
    ws.close()
    assert vault.StoreMeta.read(data_paths).key_mode == "keyring"
    assert any(user.startswith("datakey:") for _, user in memory_keyring.items)
    assert not data_paths.key_file.exists()
    ws = vault.unlock(data_paths, PASSWORD, "test")
    assert ws.officer.name == "Toezichthouder Test"
    ws.close()


def test_keyfile_mode_when_no_keyring(data_paths: DataPaths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    mode, reason = vault.choose_key_mode()
    assert mode == "keyfile"
    assert "keyring" in reason.lower()
    ws = make_store(data_paths)
    ws.close()
    assert vault.StoreMeta.read(data_paths).key_mode == "keyfile"
    assert data_paths.key_file.exists()
    ws = vault.unlock(data_paths, PASSWORD)
    ws.close()
    with pytest.raises(vault.WrongCredentials):
        vault.unlock(data_paths, "not-the-password")


def test_last_username_is_kept_in_the_keyring_only(data_paths: DataPaths, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    """9.15: the username last used to unlock is remembered beside the data key in the OS
    keyring (the files name no username, #10); a key-file store remembers none."""
    import keyring
    import keyring.backends.fail

    ws = make_store(data_paths)
    ws.close()
    assert vault.last_username(data_paths) is None
    vault.unlock(data_paths, PASSWORD).close()  # one account, no username given: nothing kept
    assert vault.last_username(data_paths) is None
    vault.unlock(data_paths, PASSWORD, "TEST").close()
    assert vault.last_username(data_paths) == "test"  # the account's own spelling
    assert any(name.startswith("last-user:") for _service, name in memory_keyring.items)
    with pytest.raises(vault.WrongCredentials):
        vault.unlock(data_paths, "not-the-password", "someone.else")
    assert vault.last_username(data_paths) == "test"  # only a successful unlock counts

    other = DataPaths(data_paths.root.parent / "keyfile-store")
    keyring.set_keyring(keyring.backends.fail.Keyring())
    make_store(other).close()
    vault.unlock(other, PASSWORD, "test").close()
    assert vault.last_username(other) is None


def test_asking_for_keyring_where_none_is_usable_fails_plainly(data_paths: DataPaths) -> None:
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(vault.VaultError, match="keyring cannot be used"):
        make_store(data_paths, key_mode="keyring")
    assert not data_paths.exists()


def test_init_refuses_existing_store(data_paths: DataPaths) -> None:
    make_store(data_paths).close()
    before = sorted(p.name for p in data_paths.root.iterdir())
    with pytest.raises(vault.StoreExists):
        make_store(data_paths)
    assert sorted(p.name for p in data_paths.root.iterdir()) == before


def test_wrong_password_and_unknown_user_are_refused_alike(data_paths: DataPaths) -> None:
    make_store(data_paths).close()
    with pytest.raises(vault.WrongCredentials) as a:
        vault.unlock(data_paths, "wrong-pass", "test")
    with pytest.raises(vault.WrongCredentials) as b:
        vault.unlock(data_paths, PASSWORD, "nobody")
    assert str(a.value) == str(b.value)


def test_wrong_attempts_are_rate_limited(data_paths: DataPaths) -> None:
    make_store(data_paths).close()
    now = [1000.0]
    clock = lambda: now[0]  # noqa: E731
    for _ in range(vault.FREE_ATTEMPTS):
        with pytest.raises(vault.WrongCredentials):
            vault.unlock(data_paths, "wrong-pass", "test", clock=clock)
    # Even the right password is refused while locked out.
    with pytest.raises(vault.LockedOut) as exc:
        vault.unlock(data_paths, PASSWORD, "test", clock=clock)
    assert 0 < exc.value.seconds <= vault.FIRST_DELAY_S
    now[0] += vault.FIRST_DELAY_S + 1
    with pytest.raises(vault.WrongCredentials):
        vault.unlock(data_paths, "wrong-again", "test", clock=clock)
    with pytest.raises(vault.LockedOut) as exc:
        vault.unlock(data_paths, PASSWORD, "test", clock=clock)
    assert exc.value.seconds > vault.FIRST_DELAY_S  # the wait doubles
    now[0] += vault.MAX_DELAY_S + 1
    vault.unlock(data_paths, PASSWORD, "test", clock=clock).close()
    assert vault.Lockout(data_paths, clock).wait_seconds() == 0


def test_reauthenticate_after_idle_lock(data_paths: DataPaths) -> None:
    ws = make_store(data_paths)
    vault.reauthenticate(ws, PASSWORD)
    with pytest.raises(vault.WrongCredentials):
        vault.reauthenticate(ws, "wrong-pass")
    ws.close()


def test_missing_store_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(vault.StoreMissing, match="does not exist"):
        vault.unlock(DataPaths(tmp_path / "nowhere"), PASSWORD)
    (tmp_path / "empty").mkdir()
    with pytest.raises(vault.StoreMissing, match="inspector init"):
        vault.unlock(DataPaths(tmp_path / "empty"), PASSWORD)


def test_several_officers_need_a_username(data_paths: DataPaths) -> None:
    from inspector.security.passwords import hash_password
    from inspector.storage.models import Officer
    from inspector.storage.upgrade import username_lookup

    ws = make_store(data_paths)
    with ws.unit() as s:
        s.add(
            Officer(
                username_lookup=username_lookup(ws.db.cipher, "second"),
                name="Tweede",
                username="second",
                role="officer",
                password_hash=hash_password("second-1"),
            )
        )
    ws.close()
    with pytest.raises(vault.UsernameNeeded):
        vault.unlock(data_paths, PASSWORD)
    vault.unlock(data_paths, "second-1", "Second").close()


def test_short_pin_refused_only_with_a_key_file(data_paths: DataPaths) -> None:
    import stat

    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(vault.VaultError, match="at least 10 characters"):
        vault.initialise(
            data_paths, officer_name="T", username="t", password="123456", municipality="M"
        )
    assert not data_paths.exists()
    ws = make_store(data_paths)
    assert stat.S_IMODE(data_paths.root.stat().st_mode) == 0o700
    ws.close()
