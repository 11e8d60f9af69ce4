"""Operating-system differences: retried replace, UTF-8 console, network shares, cloud folders,
the Credential Manager's persistence, one window per data dir."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector import oscompat

windows_only = pytest.mark.skipif(
    sys.platform != "win32",
    reason="needs Windows: sharing violations, drive types and the Credential Manager exist "
    "only there (the logic around them is tested here with stand-ins)",
)


def test_replace_retries_while_the_target_is_held(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    src, dst = tmp_path / "new", tmp_path / "target"
    src.write_text("new")
    dst.write_text("old")
    real = os.replace
    failures = iter([PermissionError(13, "in use"), PermissionError(32, "sharing violation")])
    sleeps: list[float] = []

    def flaky(a, b):  # type: ignore[no-untyped-def]
        for exc in failures:
            raise exc
        real(a, b)

    monkeypatch.setattr(oscompat.os, "replace", flaky)
    oscompat.replace_file(src, dst, sleep=sleeps.append)
    assert dst.read_text() == "new"
    assert not src.exists()
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0]


def test_replace_gives_up_after_a_while(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def always(a, b):  # type: ignore[no-untyped-def]
        raise PermissionError(32, "sharing violation")

    monkeypatch.setattr(oscompat.os, "replace", always)
    sleeps: list[float] = []
    with pytest.raises(PermissionError):
        oscompat.replace_file(tmp_path / "a", tmp_path / "b", attempts=5, sleep=sleeps.append)
    assert len(sleeps) == 4
    assert sum(sleeps) < 2.0


def test_other_errors_are_not_retried(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        oscompat.replace_file(tmp_path / "missing", tmp_path / "b", sleep=pytest.fail)


def test_write_atomic_leaves_no_temporary_file_on_failure(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "settings.yaml"
    target.write_text("old")

    def held(a, b):  # type: ignore[no-untyped-def]
        raise PermissionError(32, "sharing violation")

    monkeypatch.setattr(oscompat.os, "replace", held)
    monkeypatch.setattr(oscompat, "REPLACE_ATTEMPTS", 2)
    with pytest.raises(PermissionError):
        oscompat.write_atomic(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.yaml"]


def test_settings_ui_state_and_letters_use_the_retrying_replace(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from inspector.core.letter_context import write_letter
    from inspector.settings import Settings, load_settings, save_settings

    calls: list[str] = []
    real = os.replace
    first = {"done": False}

    def once_busy(a, b):  # type: ignore[no-untyped-def]
        calls.append(Path(b).name)
        if not first["done"]:
            first["done"] = True
            raise PermissionError(32, "sharing violation")
        real(a, b)

    monkeypatch.setattr(oscompat.os, "replace", once_busy)
    save_settings(tmp_path / "settings.yaml", Settings(idle_lock_minutes=7))
    assert load_settings(tmp_path / "settings.yaml").idle_lock_minutes == 7
    # A new letter is linked complete in one step; replacing an existing one goes through
    # the retrying replace.
    write_letter(tmp_path / "brief.pdf", b"%PDF-1.4 eerst")
    write_letter(tmp_path / "brief.pdf", b"%PDF-1.4 test")
    assert (tmp_path / "brief.pdf").read_bytes() == b"%PDF-1.4 test"
    assert calls[:2] == ["settings.yaml", "settings.yaml"]
    assert calls[-1] == "brief.pdf"


@windows_only
def test_replace_waits_for_a_reader_on_windows(tmp_path: Path) -> None:  # pragma: no cover
    import threading

    target = tmp_path / "held"
    target.write_text("old")
    handle = open(target, "rb")  # noqa: SIM115 - Python opens without FILE_SHARE_DELETE
    timer = threading.Timer(0.2, handle.close)
    timer.start()
    oscompat.write_atomic(target, b"new")
    timer.join()
    assert target.read_bytes() == b"new"


# -- console ------------------------------------------------------------------------------


def test_utf8_console_lets_cp1252_output_print_polish_and_ukrainian() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    with pytest.raises(UnicodeEncodeError):
        print("Wiśniewska Олена", file=stream)
        stream.flush()
    raw.seek(0)
    raw.truncate()
    oscompat.utf8_console((stream, None))
    print("Wiśniewska Олена", file=stream)
    stream.flush()
    assert raw.getvalue().decode("utf-8").strip() == "Wiśniewska Олена"


def test_cli_output_redirected_as_cp1252_is_utf8(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "INSPECTOR_PASSPHRASE": "x"}
    env.pop("PYTHONUTF8", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector",
            "--data-dir",
            str(tmp_path / "nowhere"),
            "forms",
            "check",
            str(tmp_path / "Łódź-ї.yaml"),
        ],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert b"Traceback" not in result.stderr
    assert "Łódź-ї.yaml" in result.stdout.decode("utf-8") + result.stderr.decode("utf-8")


# -- where the data dir is ----------------------------------------------------------------

MOUNTS = """\
/dev/sda1 / ext4 rw 0 0
server:/export /mnt/share nfs4 rw 0 0
//fileserver/team /mnt/team cifs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/officer/.local/share/inspector", None),
        ("/mnt/share/inspector", "nfs4"),
        ("/mnt/team/x/inspector", "cifs"),
        ("/mnt/teamwork/inspector", None),
        ("/tmp/inspector", None),
    ],
)
def test_network_file_systems_are_recognised(path: str, expected: str | None) -> None:
    reason = oscompat.network_share_reason(Path(path), platform="linux", mounts=MOUNTS)
    assert (reason is None) if expected is None else (expected in (reason or ""))


@pytest.mark.parametrize(
    ("path", "drive_type", "refused"),
    [
        (r"\\fileserver\team\inspector", 3, True),
        (r"\\?\UNC\fileserver\team\inspector", 3, True),
        (r"\\?\C:\Users\officer\inspector", 3, False),
        (r"H:\inspector", 4, True),  # DRIVE_REMOTE: a mapped network drive
        (r"C:\Users\officer\AppData\Local\inspector", 3, False),  # DRIVE_FIXED
    ],
)
def test_windows_unc_paths_and_network_drives_are_refused(
    path: str, drive_type: int, refused: bool
) -> None:
    reason = oscompat.network_share_reason(
        Path(path), platform="win32", drive_type=lambda root: drive_type
    )
    assert (reason is not None) is refused


def test_cli_refuses_a_data_dir_on_a_network_share(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from inspector.__main__ import main

    monkeypatch.setattr(
        oscompat, "_mount_fs_type", lambda path, mounts: "cifs" if "share" in str(path) else "ext4"
    )
    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", "Correct-Horse-42-battery")
    code = main(
        ["--data-dir", str(share / "data"), "init", "--officer", "A B", "--municipality", "Gouda"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "network share" in err and "local disk" in err
    assert not (share / "data").exists()


def test_the_window_refuses_a_data_dir_on_a_network_share(
    tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    from inspector.startup import start_gui

    monkeypatch.setattr(oscompat, "_mount_fs_type", lambda path, mounts: "nfs")
    assert start_gui(str(tmp_path / "data"), smoke_test=True) == 1
    assert "network share" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/home/o/OneDrive - Gemeente Gouda/Documenten/brief.pdf", "OneDrive"),
        ("/home/o/Dropbox/brief.pdf", "Dropbox"),
        ("/home/o/Documents/brief.pdf", None),
        ("/home/o/inspector/export/brief.pdf", None),
    ],
)
def test_cloud_synced_folders_are_recognised(path: str, service: str | None) -> None:
    assert oscompat.cloud_sync_name(Path(path), environ={}) == service


def test_onedrive_is_recognised_by_its_environment_variable(tmp_path: Path) -> None:
    synced = tmp_path / "Bedrijf" / "Documenten"
    env = {"OneDriveCommercial": str(tmp_path / "Bedrijf")}
    assert oscompat.cloud_sync_name(synced / "brief.pdf", environ=env) == "OneDrive"
    assert oscompat.cloud_sync_name(tmp_path / "brief.pdf", environ=env) is None


# -- keyring --------------------------------------------------------------------------------


class WinVaultKeyring:
    """Stands in for keyring.backends.Windows.WinVaultKeyring (same name, a persist value)."""

    persist = "enterprise"


class OtherKeyring:
    persist = "enterprise"


def test_the_windows_credential_manager_keeps_the_key_on_this_machine() -> None:
    win, other = WinVaultKeyring(), OtherKeyring()
    oscompat.keep_keyring_local(win)
    oscompat.keep_keyring_local(other)
    assert win.persist == "local machine"
    assert other.persist == "enterprise"


def test_a_chained_keyring_is_searched_for_the_windows_backend() -> None:
    class Chainer:
        def __init__(self) -> None:
            self.backends = [OtherKeyring(), WinVaultKeyring()]

    chain = Chainer()
    oscompat.keep_keyring_local(chain)
    assert chain.backends[1].persist == "local machine"


def test_saving_the_data_key_sets_local_persistence(memory_keyring, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector.security.keystore import KeyringKeyStore

    seen: list[object] = []
    monkeypatch.setattr(
        "inspector.security.keystore.keep_keyring_local", lambda backend: seen.append(backend)
    )
    KeyringKeyStore("store-1").save(b"k" * 32)
    assert seen == [memory_keyring]


@windows_only
def test_the_real_credential_manager_stores_local_machine() -> None:  # pragma: no cover
    import keyring
    from keyring.backends.Windows import WinVaultKeyring as Real
    from win32ctypes.pywin32 import win32cred

    backend = Real()
    oscompat.keep_keyring_local(backend)
    backend.set_password("inspector-test", "probe", "value")
    try:
        cred = win32cred.CredRead(
            Type=win32cred.CRED_TYPE_GENERIC, TargetName="probe@inspector-test"
        )
        assert cred["Persist"] == win32cred.CRED_PERSIST_LOCAL_MACHINE
    finally:
        backend.delete_password("inspector-test", "probe")
    assert keyring


# -- one window per data dir -----------------------------------------------------------------


def test_a_second_lock_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    first = oscompat.InstanceLock(tmp_path / "window.lock")
    second = oscompat.InstanceLock(tmp_path / "window.lock")
    other = oscompat.InstanceLock(tmp_path / "other" / "window.lock")
    with first:
        with pytest.raises(oscompat.AlreadyRunning):
            second.acquire()
        with other:
            pass
    with second:  # released by the first: the next start gets it
        pass


def test_the_lock_is_released_when_the_process_dies(tmp_path: Path) -> None:
    lock_file = tmp_path / "window.lock"
    code = (
        "import os, sys; from pathlib import Path; from inspector.oscompat import InstanceLock;"
        f"InstanceLock(Path({str(lock_file)!r})).acquire(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    with oscompat.InstanceLock(lock_file):
        pass
