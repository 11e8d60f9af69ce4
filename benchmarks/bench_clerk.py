"""Benchmark: the registry clerk's desk.

``.venv/bin/python benchmarks/bench_clerk.py [--records 1000] [--queue 10000] [--scan-kb 60]``
prints:

- pulling and verifying N sealed registrations from a real ``inspector serve`` (SQLite) into
  a clerk's store (signature, every hash, recipient key, decrypting, storing encrypted), as a
  ratio to only downloading the same records over the same connection;
- the queue of 10,000 received registrations shown: read and decrypted from the store, put in
  the table model, the table painted (goal < 300 ms);
- opening one registration: decrypting it and its files (AES-GCM, which authenticates them),
  the warnings, and drawing the review screen with both ID scans and the signed PDF
  (goal < 500 ms).

The residents are made up (``Benchmark-<n>``); the scans are drawn specimen cards.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent / "tests" / "sync"))
sys.path.insert(0, str(HERE.parent / "tests" / "clerk"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import httpx  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519  # noqa: E402

from inspector import localtime  # noqa: E402
from inspector.core import vault  # noqa: E402
from inspector.paths import DataPaths  # noqa: E402
from inspector.server import service  # noqa: E402
from inspector.storage import codec  # noqa: E402
from inspector.sync import envelope, keys  # noqa: E402
from inspector.sync.trust import TrustBundle  # noqa: E402

PASSWORD = "benchmark-wachtwoord-1"
MB = 1 << 20


def _office(root: Path) -> Any:
    ws = vault.initialise(
        DataPaths(root),
        officer_name="Medewerker Benchmark",
        username="balie",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
        key_mode="keyfile",
        role="clerk",
    )
    with ws.unit() as s:
        keys.create_recipient_key(s, "registry")
        keys.create_recipient_key(s, "enforcement")
    return ws


def _payload(n: int, ids: list[str]) -> dict[str, Any]:
    born = date(1970, 1, 1) + timedelta(days=(n * 37) % 12000)
    form = {
        "surname": f"Benchmark-{n:05d}",
        "given_names": "Proef",
        "birth_date": born,
        "birth_place": "Voorbeeldstad",
        "birth_country": "PL",
        "sex": "female" if n % 2 else "male",
        "nationalities": ["PL"],
        "document_type": "passport",
        "document_number": f"PX{n:07d}",
        "document_country": "PL",
        "document_expiry": date(2030, 1, 1),
        "street": "Voorbeeldstraat",
        "house_number": f"{n % 200 + 1}",
        "postcode": "2801 AB",
        "town": "Gouda",
        "moving_in_date": date(2026, 11, 1),
        "arrival_date": date(2026, 10, 20),
        "address_abroad_country": "PL",
        "officer_name": f"Toezichthouder {n % 7}",
        "signing_place": "Gouda",
        "preferred_language": "pl",
    }
    kinds = ["id_front", "id_back", "signature", "document"]
    return {
        "kind": "registration",
        "enrolment": {
            "id": str(uuid.uuid4()),
            "inspection_id": str(uuid.uuid4()),
            "inspection_reference": f"2026-BNCH-{n % 500:04d}",
            "resident_id": str(uuid.uuid4()),
            "version": 1,
            "state": "signed",
            "kind": "ingezetene",
            "data": {
                "form": form,
                "document_check": {"mrz": None, "visual_check": True},
                "unverified_at_signing": [],
            },
            "signed_at": datetime(2026, 11, 2, 10, 0, tzinfo=UTC).isoformat(),
            "officer_id": str(uuid.uuid4()),
            "supersedes_id": None,
        },
        "address": {"address": "Voorbeeldstraat 1", "postcode": "2801 AB", "city": "Gouda"},
        "attachments": [
            {"id": i, "kind": k, "mime": "application/pdf" if k == "document" else "image/jpeg"}
            for i, k in zip(ids, kinds, strict=True)
        ],
    }


def _files(scan_kb: int) -> list[bytes]:
    from clerk_support import PEOPLE, id_card_jpeg

    front = id_card_jpeg(PEOPLE[0], "id_front")
    back = id_card_jpeg(PEOPLE[0], "id_back")
    # Pad the drawn card to the asked size with a JPEG comment-free tail the viewer ignores.
    pad = max(0, scan_kb * 1024 - len(front))
    return [front + os.urandom(pad), back + os.urandom(pad), os.urandom(3000), os.urandom(70_000)]


def _seal_into_service(
    db: Any, bundle: TrustBundle, device: tuple[str, ed25519.Ed25519PrivateKey], count: int,
    scan_kb: int,
) -> int:  # fmt: skip
    device_id, dev = device
    reg = bundle.current_recipient("registry")
    recips = [envelope.Recipient(reg.key_id, x25519.X25519PublicKey.from_public_bytes(reg.public))]
    files = _files(scan_kb)
    total = 0
    for n in range(count):
        ids = [str(uuid.uuid4()) for _ in files]
        buf = io.BytesIO()
        envelope.seal(
            buf,
            record_id=str(uuid.uuid4()),
            kind="registration",
            version=1,
            supersedes=None,
            created=datetime.now(UTC).isoformat(),
            device_id=device_id,
            device_key=dev,
            recipients=recips,
            payload=codec.encode(_payload(n, ids)),
            attachments=[
                envelope.AttachmentSource(i, len(data), lambda data=data: [data])
                for i, data in zip(ids, files, strict=True)
            ],
        )
        blob = buf.getvalue()
        total += len(blob)
        with db.session() as s:
            service.import_record(s, io.BytesIO(blob), len(blob), hashlib.sha256(blob).hexdigest())
    return total


def bench_pull(root: Path, count: int, scan_kb: int) -> Any:
    from service_support import Service, free_port, prepare  # noqa: F401

    from inspector.clerk import receive

    office = _office(root / "office")

    def bundle_for(pub: bytes) -> TrustBundle:
        with office.unit() as s:
            return keys.trust_bundle(s, pub)

    url = f"sqlite:///{root / 'service.sqlite3'}"
    db = prepare(url, bundle_for)
    from inspector.sync import devices

    with db.session() as s:
        added, code = service.add_device(s, "Laptop bench")
    # The whole code (the office's half too) and the key proof, as a laptop provisions: the
    # clerk's store accepts a device's signature only with keys its office root certified.
    with office.unit() as s:
        service_half, office_half = devices.split_code(devices.device_code(s, added, code))
    assert office_half is not None
    dev = ed25519.Ed25519PrivateKey.generate()
    sign_public = dev.public_key().public_bytes_raw()
    box_public = x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
    with db.session() as s:
        device_id, _cred = service.provision(
            s, service_half, sign_public, box_public,
            devices.proof(office_half, sign_public, box_public),
        )  # fmt: skip
        token = service.add_user(s, "Balie bench", "registry")[1]
    with db.session() as s:
        bundle = service.trust(s)
    assert bundle is not None
    t0 = time.perf_counter()
    total = _seal_into_service(db, bundle, (device_id, dev), count, scan_kb)
    print(
        f"prepared {count} sealed registrations ({total / MB:.0f} MB, {scan_kb} KB per scan) "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    # The per-user rate limit (1,200 a minute) would stop a pull of 1,000 right after the
    # download-only pass: the benchmark measures throughput, not the limit.
    svc = Service(url, root, ("--rate", "1000000"))
    svc.start()
    try:
        h = {"Authorization": f"Bearer {token}"}
        t0 = time.perf_counter()
        got = 0
        with httpx.Client(base_url=svc.url, timeout=120) as c:
            after = 0
            while True:
                batch = c.get("/v1/records", params={"after": after, "limit": 200}, headers=h)
                rows = batch.json()["records"]
                if not rows:
                    break
                for r in rows:
                    with c.stream("GET", f"/v1/records/{r['record_id']}/sealed", headers=h) as resp:
                        for block in resp.iter_bytes():
                            got += len(block)
                    after = r["seq"]
        download = time.perf_counter() - t0
        receive.link(office, svc.url, token)
        t0 = time.perf_counter()
        summary = receive.pull(office)
        pulled = time.perf_counter() - t0
    finally:
        svc.kill()
        db.dispose()
    assert summary.received == count, summary.describe()
    print(
        f"pull + verify {count} records: {pulled:.1f} s ({count / pulled:.0f} records/s); "
        f"only downloading them: {download:.1f} s ({got / MB / download:.0f} MB/s); "
        f"ratio {pulled / download:.1f}x (of which downloading inside the pull "
        f"{summary.download_seconds:.1f} s)"
    )
    return office


def _fill_queue(office: Any, target: int) -> None:
    """Copies of the received registrations (new ids) until the queue holds *target*."""
    from sqlalchemy import func, select

    from inspector.clerk.models import ClerkRegistration

    with office.unit() as s:
        have = int(s.scalar(select(func.count()).select_from(ClerkRegistration)) or 0)
        template = s.scalars(select(ClerkRegistration)).first()
        assert template is not None
        payload, summary = dict(template.payload), dict(template.summary)
        start = datetime.now(UTC)
        for n in range(have, target):
            s.add(
                ClerkRegistration(
                    record_id=str(uuid.uuid4()),
                    seq=100_000 + n,
                    device_id=template.device_id,
                    source_id=str(uuid.uuid4()),
                    version=1,
                    state=("received", "in_progress", "processed")[n % 3],
                    on_the_spot=n % 5 != 0,
                    received_at=start - timedelta(hours=n % 400),
                    due_on=localtime.today() + timedelta(days=(n % 15) - 5),
                    summary={**summary, "surname": f"Benchmark-{n:05d}"},
                    person_hash=hashlib.sha256(str(n).encode()).hexdigest(),
                    payload=payload,
                )
            )


def bench_queue_and_open(office: Any, queue_size: int) -> None:
    from PySide6.QtWidgets import QApplication

    from inspector.clerk.desk import ClerkDesk
    from inspector.ui.clerk.desk import ClerkDeskWidget

    app = QApplication.instance() or QApplication([])
    _fill_queue(office, queue_size)
    desk = ClerkDesk(office)
    widget = ClerkDeskWidget(desk)
    widget.resize(1366, 700)
    widget.show()
    app.processEvents()
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        widget.queue.refresh()
        widget.queue.table.viewport().repaint()
        app.processEvents()
        times.append(time.perf_counter() - t0)
    rows = widget.queue.model.rowCount()
    print(
        f"queue of {queue_size} received registrations ({rows} open shown): median "
        f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms (goal < 300 ms)"
    )
    from sqlalchemy import select

    from inspector.clerk.models import ClerkFile

    with office.unit() as s:
        rid = s.scalars(select(ClerkFile.record_id)).first()
    assert rid is not None
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        widget.open_registration(rid)
        assert widget.open_op is not None and widget.open_op.wait_delivered(30_000)
        widget.review.show_scan("id_back")
        widget.review.repaint()
        app.processEvents()
        times.append(time.perf_counter() - t0)
        widget.show_queue()
        app.processEvents()
    print(
        f"opening one registration (decrypt, checks, both scans and the PDF drawn): median "
        f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms (goal < 500 ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--queue", type=int, default=10_000)
    parser.add_argument("--scan-kb", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="inspector-bench-clerk-") as folder:
        office = bench_pull(Path(folder), args.records, args.scan_kb)
        try:
            bench_queue_and_open(office, args.queue)
        finally:
            office.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
