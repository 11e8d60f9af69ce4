"""The rate limit of unlock attempts, attacked for real: the counter deleted, turned into a
folder, twelve parallel guesses from real processes, a full disk; and an unknown username costs
the same key derivation as a known one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from inspector.core import vault
from inspector.paths import DataPaths
from inspector.security import passwords

from tests_support import PASSWORD, fill_disk, keyfile_env, make_store, use_keyfile


def _wrong(paths: DataPaths, times: int) -> None:
    for _ in range(times):
        with pytest.raises(vault.WrongCredentials):
            vault.unlock(paths, "verkeerd-wachtwoord-1", "test")


def test_deleting_the_counter_does_not_reset_it(data_paths: DataPaths) -> None:
    make_store(data_paths).close()
    _wrong(data_paths, vault.FREE_ATTEMPTS)
    with pytest.raises(vault.LockedOut):
        vault.unlock(data_paths, PASSWORD, "test")
    data_paths.attempts.unlink()
    with pytest.raises(vault.LockedOut) as info:
        vault.unlock(data_paths, PASSWORD, "test")
    assert info.value.seconds > 60  # a deleted counter counts as the longest wait


def test_a_folder_in_place_of_the_counter_refuses_plainly(data_paths: DataPaths) -> None:
    make_store(data_paths).close()
    data_paths.attempts.unlink()
    data_paths.attempts.mkdir()
    with pytest.raises(vault.VaultError, match="geen gewoon bestand"):
        vault.unlock(data_paths, PASSWORD, "test")


def test_a_damaged_counter_counts_as_the_longest_wait(data_paths: DataPaths) -> None:
    make_store(data_paths).close()
    data_paths.attempts.write_bytes(b"\0" * 24)
    with pytest.raises(vault.LockedOut):
        vault.unlock(data_paths, PASSWORD, "test")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file locks")
def test_twelve_parallel_guesses_are_counted_one_by_one(data_paths: DataPaths) -> None:
    use_keyfile()
    make_store(data_paths).close()
    env = {**keyfile_env(), "INSPECTOR_PASSPHRASE": "verkeerd-wachtwoord-1"}
    guesses = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "inspector",
                "--data-dir",
                str(data_paths.root),
                "inspection",
                "list",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(12)
    ]
    errors = [g.communicate(timeout=300)[1] for g in guesses]
    checked = [e for e in errors if "wrong username or password" in e]
    waited = [e for e in errors if "too many wrong attempts" in e]
    assert len(checked) == vault.FREE_ATTEMPTS
    assert len(waited) == 12 - vault.FREE_ATTEMPTS
    assert not any("Traceback" in e for e in errors)


def test_unknown_username_costs_one_derivation_like_a_known_one(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store(data_paths).close()
    calls: list[int] = []
    real = passwords.derive_argon2

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(passwords, "derive_argon2", counting)
    for username in ("test", "onbekend"):
        calls.clear()
        with pytest.raises(vault.WrongCredentials):
            vault.unlock(data_paths, "verkeerd-wachtwoord-1", username)
        data_paths.attempts.unlink()  # (longest wait now, so reset it for the next round)
        from inspector.security.attempts import AttemptCounter

        AttemptCounter(data_paths.attempts).create()
        assert len(calls) == 1, username


def test_keyfile_unknown_username_costs_one_derivation(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_keyfile()
    make_store(data_paths).close()
    calls: list[int] = []
    real = passwords.derive_argon2
    from inspector.security import keystore

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(keystore, "derive_argon2", counting)
    for username, password in (("test", "verkeerd-wachtwoord-1"), ("onbekend", PASSWORD)):
        calls.clear()
        with pytest.raises(vault.WrongCredentials):
            vault.unlock(data_paths, password, username)
        assert len(calls) == 1, username


def test_counter_works_on_a_full_disk(small_disk: Path) -> None:
    paths = DataPaths(small_disk / "data")
    use_keyfile()
    make_store(paths).close()
    fill_disk(small_disk)
    _wrong(paths, vault.FREE_ATTEMPTS)
    with pytest.raises(vault.LockedOut):
        vault.unlock(paths, PASSWORD, "test")
