"""The outbox: finalizing and signing write sealed records in the same transaction."""

from __future__ import annotations

import pytest
from service_support import link_laptop
from sqlalchemy import select

from inspector.storage import codec
from inspector.sync import envelope, keys, outbox
from inspector.sync.models import OutboxRecord

from tests_support import registration_helpers

H = registration_helpers()


def _rows(ws) -> list[OutboxRecord]:  # type: ignore[no-untyped-def]
    with ws.unit() as s:
        return list(s.scalars(select(OutboxRecord).order_by(OutboxRecord.created_at)))


def _open(office, ws, row: OutboxRecord, role: str):  # type: ignore[no-untyped-def]
    path = outbox.record_path(ws.paths, row.record_id)
    with office.unit() as s:
        bundle = keys.trust_bundle(s)
        kid = bundle.current_recipient(role).key_id
        priv = keys.recipient_private(s, kid)
    with open(path, "rb") as f:
        opened = envelope.open_record(f, kid, priv)
        return opened, codec.decode(opened.payload)


def test_finalize_seals_for_both_offices(workspace, office, bundle) -> None:  # type: ignore[no-untyped-def]
    link_laptop(workspace, bundle)
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 1", postcode="9999 ZZ", city="Gouda"
    )
    workspace.attachments.add(
        insp.id, kind="photo", content=b"\x89PNG fictitious", mime="image/png"
    )
    workspace.inspections.finalize(insp.id)
    (row,) = _rows(workspace)
    assert row.state == "waiting" and row.kind == "inspection" and row.source_id == insp.id
    assert outbox.record_path(workspace.paths, row.record_id).stat().st_size == row.size
    for role in ("enforcement", "registry"):
        opened, payload = _open(office, workspace, row, role)
        assert payload["inspection"]["id"] == insp.id
        assert payload["inspection"]["location"]["address"] == "Voorbeeldstraat 1"
        assert opened.header.manifest["device_id"] == "dev-test"
    # The sealed file holds no plaintext of the record.
    raw = outbox.record_path(workspace.paths, row.record_id).read_bytes()
    assert b"Voorbeeldstraat" not in raw and b"fictitious" not in raw


def test_reopen_and_finalize_again_supersedes(workspace, bundle) -> None:  # type: ignore[no-untyped-def]
    link_laptop(workspace, bundle)
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 2", postcode="9999 ZZ", city="Gouda"
    )
    workspace.inspections.finalize(insp.id)
    workspace.inspections.reopen(insp.id, "typefout in adres")
    workspace.inspections.finalize(insp.id)
    first, second = _rows(workspace)
    assert second.version == 2 and second.supersedes == first.record_id


def test_unprovisioned_laptop_keeps_unsealed_row_then_seals(workspace, bundle) -> None:  # type: ignore[no-untyped-def]
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 3", postcode="9999 ZZ", city="Gouda"
    )
    workspace.inspections.finalize(insp.id)
    (row,) = _rows(workspace)
    assert row.state == "unsealed" and row.sha256 is None
    link_laptop(workspace, bundle)
    with workspace.unit() as s:
        assert outbox.seal_pending(s, workspace.paths) == 1
    (row,) = _rows(workspace)
    assert row.state == "waiting" and row.sha256


def test_failed_transaction_leaves_no_record_and_no_file(workspace, bundle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    link_laptop(workspace, bundle)
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 4", postcode="9999 ZZ", city="Gouda"
    )
    real = outbox.seal_row

    def seal_then_fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        real(*args, **kwargs)
        raise RuntimeError("power cut after sealing")

    monkeypatch.setattr(outbox, "seal_row", seal_then_fail)
    with pytest.raises(RuntimeError):
        workspace.inspections.finalize(insp.id)
    assert _rows(workspace) == []
    assert workspace.inspections.get(insp.id).summary.state != "finalized"
    assert list(outbox.outbox_dir(workspace.paths).glob("*.sealed")) == []


def test_signing_and_correcting_a_registration(workspace, office, bundle) -> None:  # type: ignore[no-untyped-def]
    link_laptop(workspace, bundle)
    rid = H.make_resident(workspace)
    eid = workspace.registrations.start(rid, consent=True, today=H.TODAY)
    H.complete(workspace, eid)
    workspace.registrations.sign(eid, today=H.TODAY)
    (row,) = _rows(workspace)
    assert row.kind == "registration" and row.source_id == eid and row.state == "waiting"
    opened, payload = _open(office, workspace, row, "registry")
    assert payload["enrolment"]["state"] == "signed"
    assert payload["enrolment"]["data"]["form"]["surname"] == "Exemplu"
    kinds = sorted(a["kind"] for a in payload["attachments"])
    assert kinds == ["document", "id_back", "id_front", "signature"]
    path = outbox.record_path(workspace.paths, row.record_id)
    with open(path, "rb") as f:
        for n, meta in enumerate(payload["attachments"]):
            data = b"".join(opened.attachment_chunks(f, n))
            assert len(data) == meta["size"]
    # Registration records go to burgerzaken only.
    assert len(opened.header.manifest["recipients"]) == 1
    new = workspace.registrations.correct(eid)
    H.complete(workspace, new)
    workspace.registrations.sign(new, today=H.TODAY)
    first, second = _rows(workspace)
    assert second.source_id == new and second.supersedes == first.record_id
    assert second.version == 2


def test_delivered_copies_are_purged_after_retention(workspace, bundle) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from inspector.storage.models import utcnow
    from inspector.sync import client

    link_laptop(workspace, bundle)
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 5", postcode="9999 ZZ", city="Gouda"
    )
    workspace.inspections.finalize(insp.id)
    (row,) = _rows(workspace)
    path = outbox.record_path(workspace.paths, row.record_id)
    assert client.purge_delivered(workspace, 30) == 0  # waiting: never purged
    with workspace.unit() as s:
        r = s.get(OutboxRecord, row.record_id)
        r.state, r.delivered_at = "delivered", utcnow() - timedelta(days=31)
    assert client.purge_delivered(workspace, 40) == 0 and path.exists()
    assert client.purge_delivered(workspace, 30) == 1
    assert not path.exists() and _rows(workspace)[0].state == "purged"


def test_backoff_grows_with_jitter_and_caps() -> None:
    import random

    from inspector.sync.client import Backoff

    b = Backoff(base=1.0, cap=8.0, rng=random.Random(7))
    delays = [b.next_delay() for _ in range(8)]
    assert all(0 <= d <= min(8.0, 2**n) for n, d in enumerate(delays))
    assert len(set(delays)) == len(delays)  # jittered, not a fixed ladder
    b.reset()
    assert b.next_delay() <= 1.0
