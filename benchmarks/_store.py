"""Benchmark fixture: a store with many inspections, made quickly and cached between runs."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

PASSWORD = "bench-pass-1"
CACHE = Path(tempfile.gettempdir()) / "inspector-bench"


def store_with(n: int, key_mode: str = "keyfile") -> Path:
    """A data dir holding *n* inspections, built once and then copied. The data key is in a key
    file, or with *key_mode* "keyring" in the benchmark keyring (``_keyring.py``)."""
    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.storage.models import Inspection, Resident

    # Format 2 (row-bound values): a cache made by older code is not reused.
    cached = CACHE / (f"store-{n}-f2" if key_mode == "keyfile" else f"store-{n}-f2-{key_mode}")
    if not (cached / "store.json").exists():
        shutil.rmtree(cached, ignore_errors=True)
        if key_mode == "keyring":
            import keyring
            from _keyring import BenchKeyring

            keyring.set_keyring(BenchKeyring())
        ws = vault.initialise(
            DataPaths(cached),
            officer_name="Bench Officer",
            username="bench",
            password=PASSWORD,
            municipality="Gemeente Benchmark",
            key_mode="keyring" if key_mode == "keyring" else "keyfile",
        )
        with ws.unit() as s:
            for i in range(n):
                row = Inspection(
                    reference=f"2026-BNCH-{i:05d}",
                    state=("planned", "in_progress", "finalized")[i % 3],
                    location={
                        "address": f"Benchmarkstraat {i}",
                        "postcode": "1234 AB",
                        "city": "Teststad",
                        "bag_ids": {},
                    },
                    officers_present=["Bench Officer"],
                    partners=[],
                    created_by=ws.officer.id,
                )
                s.add(row)
                if i % 5 == 0:
                    s.flush()
                    s.add(Resident(inspection_id=row.id, name=f"Bewoner {i}", language="pl"))
        ws.close()
    target = Path(tempfile.mkdtemp(prefix="inspector-bench-"))
    shutil.copytree(cached, target / "data")
    return target / "data"


def autosave_and_listing_ms(ws: object, saves: int = 300, listings: int = 5) -> dict[str, object]:
    """Autosave (median, p99 over *saves* commits) and listing (median of *listings*) in ms,
    measured on the unlocked workspace *ws*; ``items`` is the last listing."""
    import statistics
    import time

    insp = ws.inspections.list_all()[0]  # type: ignore[attr-defined]
    saved = []
    for i in range(saves):
        t = time.perf_counter()
        ws.answers.save(insp.id, "verblijfslocatie", 1, f"field_{i % 40}", i)  # type: ignore[attr-defined]
        saved.append((time.perf_counter() - t) * 1000)
    saved.sort()
    listed = []
    for _ in range(listings):
        t = time.perf_counter()
        items = ws.inspections.list_all()  # type: ignore[attr-defined]
        listed.append((time.perf_counter() - t) * 1000)
    return {
        "save_median": statistics.median(saved),
        "save_p99": saved[int(len(saved) * 0.99) - 1],
        "list_median": statistics.median(listed),
        "items": items,
    }
