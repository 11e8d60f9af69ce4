"""A list of independent, GIL-releasing steps on two threads (no Qt, no I/O of its own)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")
U = TypeVar("U")


def in_two(fn: Callable[[T], U], items: list[T], submit: Callable[..., Future[Any]]) -> list[U]:
    """``[fn(x) for x in items]``, every other item in a thread of *submit* (an executor's
    ``submit``), the rest in this one: for steps that release the GIL (Ed25519 signatures,
    SHA-256), whose two halves then take about half the time on two cores. In the order of
    *items*; raises what *fn* raised. *submit*'s threads must never wait for this one."""
    if len(items) < 2:
        return [fn(x) for x in items]
    other = submit(lambda: [fn(x) for x in items[1::2]])
    here = [fn(x) for x in items[0::2]]
    there = other.result()
    return [here[n // 2] if n % 2 == 0 else there[n // 2] for n in range(len(items))]
