"""The key file's derivation done ahead while the password is typed (issue #16): reused only
for the very text, salt and cost it was made for; checks, writes and counts nothing; the
attempt at Return is counted and checked as any other."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from inspector.core import vault
from inspector.paths import DataPaths
from inspector.security import keystore
from inspector.security.keystore import KeyFileKeyStore

from tests_support import PASSWORD, make_store, use_keyfile


@pytest.fixture
def keyfile_store(data_paths: DataPaths) -> DataPaths:
    use_keyfile()
    make_store(data_paths).close()
    return data_paths


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every Argon2id run of the key file."""
    calls: list[str] = []
    real = keystore.derive_argon2

    def counted(secret: str, salt: bytes, params: Any = None) -> bytes:
        calls.append(secret)
        return real(secret, salt, params)

    monkeypatch.setattr(keystore, "derive_argon2", counted)
    return calls


def _files(paths: DataPaths) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths.root.iterdir() if p.is_file()}


def test_prepared_key_opens_without_a_second_derivation(
    keyfile_store: DataPaths, derivations: list[str]
) -> None:
    store = KeyFileKeyStore(keyfile_store.key_file)
    prepared = store.prepare(PASSWORD)
    assert derivations == [PASSWORD]
    opened = store.open(PASSWORD, prepared)
    assert len(opened) == 1 and derivations == [PASSWORD]  # reused, not derived again
    assert store.open(PASSWORD) == opened  # the same key as a derivation at Return


def test_prepared_key_is_for_its_own_text_salt_and_cost_only(
    keyfile_store: DataPaths, derivations: list[str]
) -> None:
    store = KeyFileKeyStore(keyfile_store.key_file)
    prepared = store.prepare(PASSWORD)
    # Another text (the officer typed on): derived afresh, and it opens nothing.
    assert store.open(PASSWORD + "x", prepared) == []
    assert derivations == [PASSWORD, PASSWORD + "x"]
    # Another salt or cost (the key file was replaced meanwhile): not reused.
    assert prepared.key_for(PASSWORD, b"\0" * 16, prepared.params) is None
    other = keystore.Argon2Params(prepared.params.t + 1, prepared.params.m, prepared.params.p)
    assert prepared.key_for(PASSWORD, prepared.salt, other) is None
    assert prepared.key_for(PASSWORD, prepared.salt, prepared.params) is not None
    prepared.wipe()
    assert prepared.key_for(PASSWORD, prepared.salt, prepared.params) is None
    assert prepared._kek is None


def test_deriving_ahead_writes_and_counts_nothing(keyfile_store: DataPaths) -> None:
    before = _files(keyfile_store)
    prepared = vault.prepare_unlock(keyfile_store, "verkeerd-wachtwoord-1")
    assert prepared is not None
    assert _files(keyfile_store) == before  # no counter, key file, anchor or log touched
    assert vault.Lockout(keyfile_store).wait_seconds() == 0


def test_a_wrong_password_derived_ahead_is_counted_at_return(keyfile_store: DataPaths) -> None:
    for _ in range(vault.FREE_ATTEMPTS):
        prepared = vault.prepare_unlock(keyfile_store, "verkeerd-wachtwoord-1")
        with pytest.raises(vault.WrongCredentials):
            vault.unlock(keyfile_store, "verkeerd-wachtwoord-1", "test", prepared=prepared)
    prepared = vault.prepare_unlock(keyfile_store, PASSWORD)
    with pytest.raises(vault.LockedOut):  # the rate limit holds, derived ahead or not
        vault.unlock(keyfile_store, PASSWORD, "test", prepared=prepared)


def test_unlock_with_the_key_derived_ahead(
    keyfile_store: DataPaths, derivations: list[str]
) -> None:
    prepared = vault.prepare_unlock(keyfile_store, PASSWORD)
    derivations.clear()
    ws = vault.unlock(keyfile_store, PASSWORD, "test", prepared=prepared)
    try:
        assert derivations == [] and ws.officer.username == "test"
    finally:
        ws.close()


def test_keyring_stores_derive_nothing_ahead(data_paths: DataPaths) -> None:
    make_store(data_paths, key_mode="keyring").close()
    assert vault.prepare_unlock(data_paths, PASSWORD) is None


def test_key_ahead_keeps_only_the_text_paused_on(tmp_path: Path) -> None:
    from inspector.ui.background import KeyAhead

    class Result:
        def __init__(self, text: str) -> None:
            self.text = text
            self.wiped = False

        def wipe(self) -> None:
            self.wiped = True

    made: list[Result] = []
    release = threading.Event()

    def derive(text: str) -> Result:
        release.wait(5)
        made.append(Result(text))
        return made[-1]

    ahead = KeyAhead(derive)
    ahead.want("eerste-tekst")
    release.set()
    first = ahead.take("eerste-tekst", timeout=5)
    assert first is made[0] and not first.wiped
    # Taken once: the next Return with the same text derives itself.
    assert ahead.take("eerste-tekst") is None
    # A result for a text that changed is wiped, never handed out.
    ahead.want("tweede-tekst")
    for _ in range(100):
        if len(made) == 2:
            break
        threading.Event().wait(0.02)
    ahead.drop()
    assert made[1].wiped and ahead.take("tweede-tekst") is None
    # Nothing under way for the text at Return: None at once (the unlock derives itself).
    assert ahead.take("derde-tekst") is None


def test_return_on_another_text_waits_for_the_run_ahead_to_end_first() -> None:
    """Never two derivations at once: each holds the KDF's memory (64 MiB before #16's second
    round), and on two cores they slow each other down. The unlock's own derivation starts
    when the stale run ahead has ended; the stale result is wiped."""
    from inspector.ui.background import KeyAhead

    running = threading.Event()
    release = threading.Event()
    wiped: list[str] = []

    class Result:
        def __init__(self, text: str) -> None:
            self.text = text

        def wipe(self) -> None:
            wiped.append(self.text)

    def derive(text: str) -> Result:
        running.set()
        release.wait(5)
        return Result(text)

    ahead = KeyAhead(derive)
    ahead.want("halve-tekst")  # a pause in the middle of the password
    assert running.wait(5)
    taken: list[object] = []
    returned = threading.Event()

    def at_return() -> None:
        taken.append(ahead.take("halve-tekst-en-de-rest", timeout=5))
        returned.set()

    threading.Thread(target=at_return, daemon=True).start()
    assert not returned.wait(0.3)  # still waiting: the run on the older text goes on
    release.set()
    assert returned.wait(5)
    assert taken == [None]  # the unlock derives itself now, alone
    assert wiped == ["halve-tekst"]


def test_a_derivation_at_the_salt_read_before_is_used_only_while_the_file_has_it(
    keyfile_store: DataPaths, derivations: list[str]
) -> None:
    kdf = vault.key_file_kdf(keyfile_store)  # read once, while the modules load
    assert kdf is not None
    before = _files(keyfile_store)
    prepared = vault.prepare_unlock(keyfile_store, PASSWORD, kdf)
    assert prepared is not None and _files(keyfile_store) == before
    derivations.clear()
    ws = vault.unlock(keyfile_store, PASSWORD, "test", prepared=prepared)
    ws.close()
    assert derivations == []  # reused
    # The key file made again meanwhile (another salt): the old salt's derivation is unused.
    stale = vault.prepare_unlock(keyfile_store, PASSWORD, (b"\1" * 16, kdf[1]))
    derivations.clear()
    ws = vault.unlock(keyfile_store, PASSWORD, "test", prepared=stale)
    ws.close()
    assert derivations == [PASSWORD]  # derived at the file's own salt


def test_the_unlock_waits_for_the_run_it_started_to_be_under_way() -> None:
    from inspector.ui.background import KeyAhead

    gate = threading.Event()
    started: list[str] = []

    def derive(text: str) -> str:
        started.append(text)
        gate.wait(5)
        return text

    ahead = KeyAhead(derive)
    ahead.want("wachtwoord-1")
    assert ahead.wait_started("wachtwoord-1", 5) and started == ["wachtwoord-1"]
    assert ahead.wait_started("iets-anders", 0.05)  # not wanted: no waiting for it
    gate.set()
    assert ahead.take("wachtwoord-1", 5) == "wachtwoord-1"
