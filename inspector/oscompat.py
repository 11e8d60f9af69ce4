"""Operating-system differences in one place (mostly Windows): atomic replace that survives a
scanner holding the file, UTF-8 console output, network shares, cloud-synced folders, the
Credential Manager's persistence, and one running window per data dir."""

from __future__ import annotations

import contextlib
import ntpath
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

#: How often and how long a replace is retried when the target is held open. Defender, the
#: search indexer or a second copy of the app hold files for milliseconds to a second or so.
REPLACE_ATTEMPTS = 12
REPLACE_FIRST_DELAY_S = 0.01
REPLACE_MAX_DELAY_S = 0.25


def replace_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    attempts: int = REPLACE_ATTEMPTS,
    sleep: Callable[[float], None] | None = None,
) -> None:
    """``os.replace(src, dst)``, retried briefly while Windows says the file is in use.

    On Windows a replace fails with PermissionError (sharing violation, access denied) while
    another process has the target open without FILE_SHARE_DELETE. That passes within a
    second; the last PermissionError is raised when it does not.
    """
    if sleep is None:
        import time

        sleep = time.sleep
    delay = REPLACE_FIRST_DELAY_S
    for attempt in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            sleep(delay)
            delay = min(delay * 2, REPLACE_MAX_DELAY_S)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write *data* to *path* so that a reader sees the old or the new file, never a mix;
    the temporary file is removed on any failure."""
    import tempfile  # here: oscompat is in the first frame, which writes nothing

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        replace_file(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- console -----------------------------------------------------------------------------------


def utf8_console(streams: tuple[IO[str] | None, ...] | None = None) -> None:
    """Make stdout and stderr write UTF-8 (a Windows console or redirected output is cp1252
    by default, and printing 'ś' or 'ї' there raises UnicodeEncodeError)."""
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding != "utf8":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


# -- where the data dir is -----------------------------------------------------------------------


def network_share_reason(
    path: Path,
    *,
    platform: str = sys.platform,
    drive_type: Callable[[str], int] | None = None,
    mounts: str | None = None,
) -> str | None:
    """Why *path* is on a network share (SQLite's WAL mode needs a local disk), or None."""
    text = str(path)
    if platform == "win32":
        if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
            return "it is a network path (UNC)"
        if text.startswith("\\\\?\\UNC\\"):
            return "it is a network path (UNC)"
        drive = ntpath.splitdrive(text)[0]
        if drive:
            kind = (drive_type or _windows_drive_type)(drive + "\\")
            if kind == 4:  # DRIVE_REMOTE
                return f"drive {drive} is a network drive"
        return None
    fs = _mount_fs_type(path, mounts)
    if fs in {"nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "9p", "sshfs", "fuse.sshfs"}:
        return f"it is on a network file system ({fs})"
    return None


def _windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _mount_fs_type(path: Path, mounts: str | None) -> str | None:
    """The file system type of the mount that holds *path* (Linux /proc/mounts)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = str(path)
    best, best_fs = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_fs = point, parts[2]
    return best_fs


#: Folder names of the sync clients that upload what is saved in them.
CLOUD_FOLDER_NAMES = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "icloud drive",
    "iclouddrive",
    "nextcloud",
    "owncloud",
    "box sync",
)


def cloud_sync_name(path: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """The cloud service that syncs *path* (OneDrive, Dropbox, ...), or None."""
    env = os.environ if environ is None else environ
    text = os.path.normcase(os.path.abspath(path))
    for var in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = env.get(var)
        if root:
            root_n = os.path.normcase(os.path.abspath(root))
            if text == root_n or text.startswith(root_n.rstrip("\\/") + os.sep):
                return "OneDrive"
    for part in Path(path).parts:
        low = part.lower()
        for name in CLOUD_FOLDER_NAMES:
            if low == name or low.startswith(name + " -") or low.startswith(name + "-"):
                return part.split(" -")[0]
    return None


# -- keyring ---------------------------------------------------------------------------------


def keep_keyring_local(backend: Any) -> None:
    """Windows Credential Manager: keep the data key on this machine.

    keyring's WinVaultKeyring writes CRED_PERSIST_ENTERPRISE by default, which roams with the
    user's profile to their other domain computers; the data key must stay on this laptop.
    """
    for candidate in getattr(backend, "backends", None) or [backend]:
        if type(candidate).__name__ == "WinVaultKeyring":
            candidate.persist = "local machine"


# -- one window per data dir ---------------------------------------------------------------------


class AlreadyRunning(Exception):
    """Another copy of the window has this data dir open."""


class InstanceLock:
    """An exclusive lock file in the data dir, held while the window runs.

    The operating system releases it when the process ends, also after a crash or a kill, so
    a stale lock never keeps the officer out.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")  # noqa: SIM115 - held for the life of the window
        try:
            _lock(handle)
        except OSError as exc:
            handle.close()
            raise AlreadyRunning(str(self.path.parent)) from exc
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                _unlock(self._handle)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - Windows only

    def _lock(handle: IO[bytes]) -> None:
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:

    def _lock(handle: IO[bytes]) -> None:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
