"""Group commit: the writes of several requests in one transaction and one commit.

A request's own work (authenticating, checking the sealed bytes, writing a large record's
file and syncing it) runs in its worker thread, several at once. What is left is a few rows
(upload, record, receipt): a :class:`GroupCommit` takes these from every request that is
ready, runs them one after the other in **one** transaction of its own thread and commits
once — one sync to disk for all of them instead of one each. On SQLite, where one writer at a
time holds the database, the writers of one process no longer wait for each other in SQLite's
busy loop (which sleeps 1, 2, 5, 10 … ms between tries) but in line here.

Each request gets its result only after the commit that holds its rows returned (a receipt
follows a durable write, as before). When a group fails (one record lost a race, a constraint,
a full disk), it is rolled back and every request of it runs again alone, in a transaction of
its own, so that one request's failure is never another's. A *work* function therefore makes
its rows anew each time it runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")

#: At most this many requests in one commit.
GROUP_MOST = 64


@dataclass
class _Item(Generic[T]):
    work: Callable[[Session], T]
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


class GroupCommit:
    """One writer thread of a service process, started at the first request."""

    def __init__(
        self, sessions: Callable[[], Any], most: int = GROUP_MOST, writers: int = 1
    ) -> None:
        """*sessions*: a context manager factory giving a session that commits on exit (and
        rolls back on an error), e.g. ``ServiceDatabase.session``. *writers*: threads that
        commit groups side by side (1 for SQLite, where one writer at a time holds the
        database; several for PostgreSQL, where each has its own server process to write
        the rows, e.g. the sealed bytes of the database blob store)."""
        self._sessions = sessions
        self._most = most
        self._writers = writers
        self._queue: list[_Item[Any]] = []
        self._cond = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._idle = 0
        #: How many commits and requests so far (for the benchmark's figures and the tests).
        self.commits = 0
        self.requests = 0
        self.largest = 0

    def run(self, work: Callable[[Session], T]) -> T:
        """Run *work* in the next group's transaction; returns its result once that
        transaction is committed, or raises what *work* (alone) or the commit raised."""
        item: _Item[T] = _Item(work)
        with self._cond:
            self._queue.append(item)
            self._threads = [t for t in self._threads if t.is_alive()]
            if not self._idle and len(self._threads) < self._writers:
                thread = threading.Thread(
                    target=self._loop, name=f"inspector-commit-{len(self._threads)}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
            self._cond.notify()
        item.done.wait()
        if item.error is not None:
            raise item.error
        return item.result  # type: ignore[no-any-return]

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._idle += 1
                while not self._queue:
                    self._cond.wait()
                self._idle -= 1
                group, self._queue = self._queue[: self._most], self._queue[self._most :]
            self._commit(group)

    def _commit(self, group: list[_Item[Any]]) -> None:
        if len(group) > 1:
            try:
                with self._sessions() as s:
                    results = [item.work(s) for item in group]
            except BaseException:  # noqa: BLE001 - the group is rolled back: each alone below
                pass
            else:
                self._count(len(group))
                for item, result in zip(group, results, strict=True):
                    item.result = result
                    item.done.set()
                return
        for item in group:
            try:
                with self._sessions() as s:
                    item.result = item.work(s)
                self._count(1)
            except BaseException as exc:  # noqa: BLE001 - handed to the request that asked
                item.error = exc
            item.done.set()

    def _count(self, n: int) -> None:
        with self._cond:
            self.commits += 1
            self.requests += n
            self.largest = max(self.largest, n)
