"""The counter of wrong unlock attempts: deleting, replacing or filling the disk does not reset it.

One small file of fixed size, updated in place (a full disk needs no new block for it) under
an exclusive file lock (parallel guesses are counted one after the other, before the slow key
derivation runs). A missing, damaged or replaced counter counts as many wrong attempts: it
never resets the waiting, at worst it makes the owner wait once.
"""

from __future__ import annotations

import os
import stat
import struct
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

MAGIC = b"INSPATT1"
_RECORD = struct.Struct(">8sQd")  # magic, failures, time of the last attempt

#: Wrong attempts allowed before the waiting starts; then 30 s, doubling, at most 15 minutes.
FREE_ATTEMPTS = 3
FIRST_DELAY_S = 30.0
MAX_DELAY_S = 900.0
#: What a counter that was deleted or tampered with counts as: the longest wait.
TAMPERED_FAILURES = FREE_ATTEMPTS + 5


class CounterUnavailable(Exception):
    """The counter cannot be read or written: the attempt is refused (fail closed)."""


class TooSoon(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"wait {seconds:.0f} s")
        self.seconds = seconds


def delay_for(failures: int) -> float:
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(FIRST_DELAY_S * 2.0 ** (failures - FREE_ATTEMPTS), MAX_DELAY_S))


class AttemptCounter:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock

    def create(self) -> None:
        """A fresh counter (a new store)."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, _RECORD.pack(MAGIC, 0, 0.0))
            os.fsync(fd)
        finally:
            os.close(fd)

    @contextmanager
    def _locked(self, *, missing_is_new: bool) -> Iterator[int]:
        try:
            st = os.lstat(self.path)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise CounterUnavailable(str(exc.strerror)) from exc
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise CounterUnavailable(
                f"{self.path.name} is geen gewoon bestand meer; verwijder het: de app maakt het "
                f"opnieuw aan (met de langste wachttijd)"
            )
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise CounterUnavailable(str(exc.strerror)) from exc
        try:
            _lock(fd)
            if st is None:
                # Deleted (or never made by an older version of the app, see missing_is_new).
                failures = 0 if missing_is_new else TAMPERED_FAILURES
                _put(fd, failures, 0.0 if missing_is_new else self.clock())
            yield fd
        finally:
            os.close(fd)  # also releases the lock

    def wait_seconds(self, *, missing_is_new: bool = False) -> float:
        with self._locked(missing_is_new=missing_is_new) as fd:
            failures, last = _get(fd, self.clock)
        return max(0.0, last + delay_for(failures) - self.clock())

    @contextmanager
    def attempt(self, *, missing_is_new: bool = False) -> Iterator[Callable[[], None]]:
        """Hold the lock through one attempt: counted before the check runs, so a process
        killed halfway has used it up; parallel attempts wait for each other (a guess cannot
        slip between the check and the count). Call the yielded function on success.

        Raises TooSoon (with the seconds to wait) while the waiting lasts.
        """
        with self._locked(missing_is_new=missing_is_new) as fd:
            failures, last = _get(fd, self.clock)
            wait = max(0.0, last + delay_for(failures) - self.clock())
            if wait > 0:
                raise TooSoon(wait)
            _put(fd, failures + 1, self.clock())
            yield lambda: _put(fd, 0, 0.0)

    def begin_attempt(self, *, missing_is_new: bool = False) -> float:
        """Count an attempt before it is checked; returns the seconds to wait (0: go ahead)."""
        with self._locked(missing_is_new=missing_is_new) as fd:
            failures, last = _get(fd, self.clock)
            wait = max(0.0, last + delay_for(failures) - self.clock())
            if wait > 0:
                return wait
            _put(fd, failures + 1, self.clock())
        return 0.0

    def succeeded(self) -> None:
        with self._locked(missing_is_new=True) as fd:
            _put(fd, 0, 0.0)


def _get(fd: int, clock: Callable[[], float]) -> tuple[int, float]:
    os.lseek(fd, 0, os.SEEK_SET)
    data = os.read(fd, _RECORD.size)
    try:
        magic, failures, last = _RECORD.unpack(data)
    except struct.error:
        magic, failures, last = b"", 0, 0.0
    if magic != MAGIC or last > clock() + 60:
        # Damaged, replaced or dated in the future: count it as the longest wait from now.
        failures, last = TAMPERED_FAILURES, clock()
        _put(fd, failures, last)
    return int(failures), float(last)


def _put(fd: int, failures: int, last: float) -> None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        written = os.write(fd, _RECORD.pack(MAGIC, failures, last))
        if written != _RECORD.size:
            raise CounterUnavailable("the attempt counter could not be written")
        os.fsync(fd)
    except OSError as exc:
        raise CounterUnavailable(str(exc.strerror)) from exc


def _lock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, _RECORD.size)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
