"""A/B of two service (or laptop) variants on the same push, in alternating slices.

``.venv/bin/python benchmarks/ab_sync.py [--a K=V ...] [--b K=V ...] [--b-tree DIR]
[--a-in-flight N] [--b-in-flight N] [--rounds 2] [--blobs folder|database] [--postgresql]``

On a shared 2-core machine a single ``bench_sync.py`` run swings by ±0.05–0.1 of its ratio with
the load of the moment, more than most changes are worth. This script runs the plain upload
(to /dev/null) and two services, A and B, side by side and pushes the same 1,000 records
(200 with a 2 MB photo) to each in ten alternating slices per round (plain, A, B; then plain,
B, A), so that every moment's load weighs on both alike, and prints both ratios and **B's speed
relative to A's**. An A/A run (no difference) gave 0.95–1.00 here: a difference below ~5 % is
noise.

- ``--a`` / ``--b``: environment variables for service A / B (``K=V``), e.g. a switch a change
  reads while it is being tried;
- ``--b-tree DIR``: run service B from another checkout (``python -m inspector`` in *DIR*),
  e.g. main against a branch;
- ``--a-in-flight`` / ``--b-in-flight``: the laptop's uploads in flight for each (default
  ``client.PARALLEL_UPLOADS``);
- ``--postgresql``: both services on a throwaway PostgreSQL (each its own database, B's a copy
  of A's prepared one).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "sync"))

import bench_sync as bench  # noqa: E402
import httpx  # noqa: E402
from service_support import free_port, wait_healthy  # noqa: E402

MB = 1 << 20


def _env(pairs: list[str]) -> dict[str, str]:
    env = dict(os.environ)
    for pair in pairs:
        key, _, value = pair.partition("=")
        env[key] = value
    return env


def run(args: argparse.Namespace, urls: dict[str, str], tmp: Path) -> None:
    """*urls*: the database of A and of B, prepared alike (the same device and keys)."""
    svcs: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    for name, extra in (("A", args.a), ("B", args.b)):
        port = free_port()
        blobs = str(tmp / f"blobs-{name}") if args.blobs == "folder" else "database"
        proc = subprocess.Popen(
            bench.serve_command(urls[name], port, blobs),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_env(extra),
            cwd=args.b_tree if name == "B" and args.b_tree else None,
        )
        wait_healthy(f"http://127.0.0.1:{port}", proc)
        svcs[name] = (proc, port)
    pport = free_port()
    plain = bench._start(
        [sys.executable, "-c", bench._PLAIN_SERVER, str(pport)],
        f"http://127.0.0.1:{pport}/plain",
    )
    took = {"plain": 0.0, "A": 0.0, "B": 0.0}
    total = errors = 0
    try:
        for rnd in range(args.rounds):
            # New records every round (the services keep what they stored).
            batch = bench._seal_records(RECIPIENTS, DEVICE, 1000, 200, 2)
            total += sum(len(blob) for _, blob in batch)
            pushers = {}
            for name, in_flight in (("A", args.a_in_flight), ("B", args.b_in_flight)):
                bench.PARALLEL_UPLOADS = in_flight
                pushers[name] = bench.Pusher(f"http://127.0.0.1:{svcs[name][1]}", DEVICE[1])
            with httpx.Client(timeout=120) as c:
                for n in range(10):
                    part = batch[n::10]
                    order = ("plain", "A", "B") if (n + rnd) % 2 == 0 else ("plain", "B", "A")
                    for who in order:
                        start = time.perf_counter()
                        if who == "plain":
                            for _rid, blob in part:
                                c.put(f"http://127.0.0.1:{pport}/blob", content=blob)
                        else:
                            errors += pushers[who].push(part, [])
                        took[who] += time.perf_counter() - start
            for pusher in pushers.values():
                pusher.__exit__(None, None, None)
    finally:
        for proc, _port in svcs.values():
            proc.terminate()
            proc.wait(10)
        plain.terminate()
        plain.wait(10)
    print(
        f"plain {total / MB / took['plain']:.0f} MB/s; A ratio {took['plain'] / took['A']:.3f}, "
        f"B ratio {took['plain'] / took['B']:.3f}; B's speed / A's {took['A'] / took['B']:.3f}; "
        f"errors {errors}; load {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    global RECIPIENTS, DEVICE
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--a", nargs="*", default=[], metavar="K=V")
    ap.add_argument("--b", nargs="*", default=[], metavar="K=V")
    ap.add_argument("--b-tree", metavar="DIR")
    ap.add_argument("--a-in-flight", type=int, default=bench.PARALLEL_UPLOADS)
    ap.add_argument("--b-in-flight", type=int, default=bench.PARALLEL_UPLOADS)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--blobs", choices=("folder", "database"), default="folder")
    ap.add_argument("--postgresql", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if not args.postgresql:
            url = f"sqlite:///{tmp / 'a.sqlite3'}"
            RECIPIENTS, creds = bench._prepare_service(url, 1)
            DEVICE = creds[0]
            shutil.copy(tmp / "a.sqlite3", tmp / "b.sqlite3")
            run(args, {"A": url, "B": f"sqlite:///{tmp / 'b.sqlite3'}"}, tmp)
            return
        import psycopg
        from service_support import pg_cluster

        with pg_cluster() as pg:
            url = pg.create_database()
            RECIPIENTS, creds = bench._prepare_service(url, 1)
            DEVICE = creds[0]
            name_a = url.rsplit("/", 1)[1]
            with psycopg.connect(
                f"host=127.0.0.1 port={pg.port} user=postgres dbname=postgres", autocommit=True
            ) as conn:
                conn.execute(f'CREATE DATABASE "{name_a}_b" TEMPLATE "{name_a}"')
            run(args, {"A": url, "B": f"{url}_b"}, tmp)


RECIPIENTS: list = []  # type: ignore[type-arg]
DEVICE: tuple = ()  # type: ignore[type-arg]

if __name__ == "__main__":
    main()
