"""The cost of the store's integrity: row binding on autosave and listing, the key derivation.

Prints: autosave p99 and listing 5,000 inspections with every value bound to its row (targets
p99 < 20 ms and < 300 ms; before the binding: 3.2 ms and 129 ms), the cost of the SQL function
that hands each ciphertext its row, and one Argon2id derivation at production cost (~0.5 s).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _store import PASSWORD, autosave_and_listing_ms, store_with  # noqa: E402


def autosave_and_listing(n: int = 5000, saves: int = 300) -> None:
    from inspector.core import vault
    from inspector.paths import DataPaths

    data = store_with(n)
    ws = vault.unlock(DataPaths(data), PASSWORD, "bench")
    f = autosave_and_listing_ms(ws, saves)
    print(
        f"autosave, values bound to their row, {n} inspections: median "
        f"{f['save_median']:.2f} ms, p99 {f['save_p99']:.2f} ms over {saves} commits "
        "(target p99 < 20 ms; 3.2 ms before the binding)"
    )
    assert not any(i.damaged for i in f["items"])
    print(
        f"listing {len(f['items'])} inspections, each location checked against its row: median "
        f"{f['list_median']:.0f} ms (target < 300 ms; 129 ms before the binding)"
    )
    ws.close()


def sealing_function(rows: int = 100_000) -> None:
    from inspector.storage import seal

    blob = b"\x01" + b"x" * 60
    t = time.perf_counter()
    for i in range(rows):
        seal.pack(blob, "0b1f3c8e-2d4a-4c6b-9e7f-1a2b3c4d5e6f", i, "finalized", None)
    per = (time.perf_counter() - t) / rows * 1e6
    print(f"binding one value to its row (SQL function, canonical encoding): {per:.1f} µs")


def key_derivation(runs: int = 3) -> None:
    from inspector.security.passwords import Argon2Params, derive_argon2

    production = Argon2Params()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        derive_argon2("bench-wachtwoord", b"0123456789abcdef", production)
        times.append(time.perf_counter() - t)
    print(
        f"Argon2id t={production.t} m={production.m // 1024} MiB p={production.p}: median "
        f"{statistics.median(times) * 1000:.0f} ms per attempt (target ~500 ms)"
    )


if __name__ == "__main__":
    autosave_and_listing()
    sealing_function()
    key_derivation()
