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


def cache_name(n: int, key_mode: str) -> str:
    """The cache folder's name: it carries what makes a store readable by this code (schema
    revision, store format, the password hash's cost, a digest of the files that write
    settings.yaml, the key file and the seal), so a store made by other code — another
    worktree's, an older checkout's — is never reused: it would be migrated, upgraded or
    refused on the first unlock and distort (or stall) the figures."""
    import hashlib

    import inspector
    from inspector.security import passwords
    from inspector.storage import seal
    from inspector.storage.db import SCHEMA_REVISION

    root = Path(inspector.__file__).parent
    digest = hashlib.sha256()
    for part in ("settings.py", "security/keystore.py", "storage/seal.py", "storage/models.py"):
        digest.update((root / part).read_bytes())
    # (Older code, measured for a before/after, had one cost for every password hash.)
    hash_params = getattr(passwords, "hash_params", lambda key_file: passwords.ARGON2)
    cost = hash_params(key_file=key_mode == "keyfile")
    return (
        f"store-{n}-{key_mode}-{SCHEMA_REVISION}-f{seal.FORMAT}-a{cost.t}m{cost.m}p{cost.p}"
        f"-{digest.hexdigest()[:8]}"
    )


def use_bench_cost() -> str | None:
    """``BENCH_ARGON2="t,m,p"``: measure the key file at this Argon2id cost instead of the
    code's (``passwords.ARGON2``), to compare costs A/B in one run of the same code. Set in the
    driver (the store is built at it) and in each measured process (else the unlock would
    rewrap the key file at the code's cost). Returns the cost in words, or None."""
    value = os.environ.get("BENCH_ARGON2")
    if not value:
        return None
    from inspector.security import passwords

    t, m, p = (int(part) for part in value.split(","))
    passwords.ARGON2 = passwords.checked_argon2(t, m, p)
    return f"Argon2id t={t} m={m // 1024} MiB p={p}"


def store_with(n: int, key_mode: str = "keyfile") -> Path:
    """A data dir holding *n* inspections, built once and then copied. The data key is in a key
    file, or with *key_mode* "keyring" in the benchmark keyring (``_keyring.py``)."""
    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.storage.models import Inspection, Resident

    cached = CACHE / cache_name(n, key_mode)
    complete = (cached / "store.json").exists() and (
        key_mode != "keyring" or _kept(cached).exists()
    )
    if not complete:
        shutil.rmtree(cached, ignore_errors=True)
        # Built aside and renamed when complete: two benchmarks started at once (several
        # worktrees share the cache) never see or remove each other's half-built store.
        CACHE.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f"{cached.name}.building-", dir=CACHE))
        if key_mode == "keyring":
            import keyring
            from _keyring import BenchKeyring

            keyring.set_keyring(BenchKeyring())
        ws = vault.initialise(
            DataPaths(building / "data"),
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
        if key_mode == "keyring":
            _keyring_entries(building / "data", _kept(cached), save=True)
        try:
            (building / "data").rename(cached)
        except OSError:  # another run finished first: use its store
            pass
        shutil.rmtree(building, ignore_errors=True)
    target = Path(tempfile.mkdtemp(prefix="inspector-bench-"))
    shutil.copytree(cached, target / "data")
    if key_mode == "keyring":
        # Every copy shares the store's id, so its keyring entries (data key, and the anchor
        # that an earlier copy's unlocks moved on) are put back as they were when it was built:
        # otherwise the next copy is refused as "an older copy put back".
        _keyring_entries(cached, _kept(cached), save=False)
    return target / "data"


def _kept(cached: Path) -> Path:
    return cached.parent / f"{cached.name}.keyring.json"


def _keyring_entries(data: Path, kept: Path, *, save: bool) -> None:
    """Keep (*save*) or put back the benchmark keyring's entries of the store in *data*, in the
    file *kept* beside the cache (benchmark keyring only: never real secrets)."""
    import json

    from _keyring import BenchKeyring

    store_id = json.loads((data / "store.json").read_text(encoding="utf-8"))["store_id"]
    bench = BenchKeyring()
    if save:
        mine = {k: v for k, v in bench._items().items() if store_id in k}
        kept.write_text(json.dumps(mine), encoding="utf-8")
        return
    for entry, value in json.loads(kept.read_text(encoding="utf-8")).items():
        service, username = entry.split("\n", 1)
        bench.set_password(service, username, value)


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
