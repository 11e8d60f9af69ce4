"""Independent steps on two threads (``inspector.sync.halves.in_two``): a batch's checks at
the service and its receipts' verification on the laptop."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from inspector.sync.halves import in_two


@pytest.mark.parametrize("count", [0, 1, 2, 5, 200])
def test_the_answers_come_in_the_order_of_the_items(count: int) -> None:
    items = list(range(count))
    with ThreadPoolExecutor(1) as pool:
        assert in_two(lambda x: x * 10, items, pool.submit) == [x * 10 for x in items]


def test_every_other_item_runs_in_the_second_thread() -> None:
    here = threading.current_thread().name
    with ThreadPoolExecutor(1, "second") as pool:
        where = in_two(lambda _x: threading.current_thread().name, list(range(7)), pool.submit)
    assert where[0::2] == [here] * 4
    assert all(name.startswith("second") for name in where[1::2])


@pytest.mark.parametrize("failing", [2, 3])
def test_a_failing_step_in_either_half_raises(failing: int) -> None:
    def step(x: int) -> int:
        if x == failing:
            raise ValueError(f"step {x}")
        return x

    with ThreadPoolExecutor(1) as pool, pytest.raises(ValueError, match=f"step {failing}"):
        in_two(step, list(range(6)), pool.submit)
