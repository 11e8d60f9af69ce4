"""The inspections list decrypted row by row (``Inspections.listing``, ``SummaryList``): the
same rows as reading each inspection whole, damaged ones included, in the same order, with
nothing decrypted before a row is asked for."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from inspector.core import vault
from inspector.core.workspace import DAMAGED_TEXT, Workspace
from inspector.paths import DataPaths
from inspector.storage.models import AuditEvent

from tests_support import PASSWORD, make_store


def _sql(paths: DataPaths, sql: str, params: tuple[object, ...] = ()) -> None:
    con = sqlite3.connect(paths.database)
    try:
        con.execute(sql, params)
        con.commit()
    finally:
        con.close()


def _store_with_inspections(paths: DataPaths) -> list[str]:
    """Seven inspections in every state, with residents, BAG ids and planned dates; three of
    them tampered with in SQL afterwards. Returns the ids, oldest first."""
    ws = make_store(paths)
    ids = []
    for n in range(7):
        item = ws.inspections.create(
            address=f"Lijststraat {n + 1}",
            postcode="2801 AB",
            city=("Gouda", "Voorbeeldstad")[n % 2],
            bag_ids={"verblijfsobject": "0513010000012345"} if n == 2 else None,
            planned_at=datetime(2026, 5, 4 + n, 9, 30, tzinfo=UTC) if n % 3 == 0 else None,
        )
        ids.append(str(item.id))
        for r in range(n % 3):
            ws.residents.add(item.id, f"Bewoner Proef {n}-{r}", "pl")
    ws.answers.save(ids[1], "verblijfslocatie", 1, "opmerking", "begonnen")  # in progress
    ws.inspections.finalize(ids[4])
    ws.close()
    # Moved: row 5's location ciphertext put in row 6 (both bound to their own row).
    con = sqlite3.connect(paths.database)
    try:
        blob = con.execute("SELECT location FROM inspection WHERE id = ?", (ids[5],)).fetchone()
        con.execute("UPDATE inspection SET location = ? WHERE id = ?", (blob[0], ids[6]))
        # A state flipped back outside the app (finalized -> in progress).
        con.execute(
            "UPDATE inspection SET state = 'in_progress', finalized_at = NULL WHERE id = ?",
            (ids[4],),
        )
        # One byte of row 0's ciphertext changed.
        raw = bytearray(
            con.execute("SELECT location FROM inspection WHERE id = ?", (ids[0],)).fetchone()[0]
        )
        raw[-5] ^= 0x40
        con.execute("UPDATE inspection SET location = ? WHERE id = ?", (bytes(raw), ids[0]))
        con.commit()
    finally:
        con.close()
    return ids


def test_the_lazy_list_gives_the_rows_of_reading_each_inspection(data_paths: DataPaths) -> None:
    ids = _store_with_inspections(data_paths)
    ws = vault.unlock(data_paths, PASSWORD, "test")
    listing = ws.inspections.listing()
    assert len(listing) == 7 and listing.decrypted == 0 and not listing.complete
    # Newest first without decrypting anything.
    assert listing.ids == list(reversed(ids)) and listing.decrypted == 0
    assert listing.index_of(ids[3]) == 3 and listing.index_of("nope") == -1
    assert listing.decrypted == 0
    for row, inspection_id in enumerate(listing.ids):
        whole = ws.inspections.get(inspection_id, audit_view=False).summary
        assert listing[row] == whole, inspection_id
    assert listing.complete
    damaged = {item.id for item in listing if item.damaged}
    assert damaged == {ids[0], ids[4], ids[6]}
    assert all(listing[listing.index_of(i)].address == DAMAGED_TEXT for i in damaged)
    # What the list shows of the others: the values given, and the resident counts.
    shown = listing[listing.index_of(ids[2])]
    assert (shown.address, shown.city, shown.resident_count) == ("Lijststraat 3", "Gouda", 2)
    assert dict(shown.bag_ids) == {"verblijfsobject": "0513010000012345"}
    planned = listing[listing.index_of(ids[3])].planned_at
    assert planned == datetime(2026, 5, 7, 9, 30, tzinfo=UTC)
    created = listing[listing.index_of(ids[5])].created_at
    assert created.tzinfo is not None and abs(datetime.now(UTC) - created) < timedelta(hours=1)
    # The eager list is the same rows.
    assert ws.inspections.list_all() == list(listing)
    ws.close()


def test_rows_are_decrypted_when_asked_for_and_then_in_steps(data_paths: DataPaths) -> None:
    ids = _store_with_inspections(data_paths)
    ws = vault.unlock(data_paths, PASSWORD, "test")
    listing = ws.inspections.listing()
    assert listing[1].address == "Lijststraat 6" and listing.decrypted == 1
    assert listing[-1].address == DAMAGED_TEXT and listing.decrypted == 2
    assert [i.address for i in listing[3:5]] == ["Lijststraat 4", "Lijststraat 3"]
    assert listing.decrypted == 4
    assert listing.decrypt_next(2) is False and listing.decrypted == 6
    assert listing.decrypt_next(100) is True and listing.complete
    assert [i.id for i in listing] == list(reversed(ids))
    # Listing is audited once, when read; decrypting rows later writes nothing.
    assert _actions(ws).count("inspection.listed") == 1
    ws.close()


def _actions(ws: Workspace) -> list[str]:
    with ws.unit() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))

