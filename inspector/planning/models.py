"""The planning tables of the local store: imported address data and planned visits.

Addresses, persons, reasons and outcomes are ciphertext under the store's data key; only
bookkeeping (ids, kinds, counts, dates, states) is readable.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from inspector.states import VisitState
from inspector.storage.models import Base, SealVersion, new_id, utcnow
from inspector.storage.types import Encrypted


class AddressSource(Base):
    """The last import of one kind of address data (a new import of the kind replaces it)."""

    __tablename__ = "address_source"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    #: {"fields": [...], "rows": [[...], ...]}: the imported records, compact.
    content: Mapped[dict[str, Any]] = mapped_column(Encrypted("address_source.content"))


VISIT_STATES = tuple(VisitState)


class PlannedVisit(Base):
    """A planned inspection of one address. The coordinator's store holds the ones it planned
    (``side`` "coordinator": planned -> sent -> reported when the outcome came back); an
    officer's laptop holds the ones that came down to it (``side`` "officer": received ->
    started -> finalized), with the inspection started from it."""

    __tablename__ = "planned_visit"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    side: Mapped[str] = mapped_column(String(12), default="coordinator", index=True)
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    slot: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(12), default=VisitState.PLANNED, index=True)
    #: Address, BAG ids, reasons, registered persons, team, devices (see planning.manager).
    content: Mapped[dict[str, Any]] = mapped_column(Encrypted("planned_visit.content"))
    #: Officer side: the inspection started from this visit.
    inspection_id: Mapped[str | None] = mapped_column(String(36), index=True)
    #: Officer side: the marks and the persons found; coordinator side: what came back.
    outcome: Mapped[dict[str, Any] | None] = mapped_column(Encrypted("planned_visit.outcome"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]


class PlanningCursor(Base):
    """How far the coordinator has read the office's records for outcomes (one row)."""

    __tablename__ = "planning_cursor"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    records_after: Mapped[int] = mapped_column(Integer, default=0)


class PlanningLink(SealVersion, Base):
    """The coordinator's link to the office service (one row): its address and the
    coordinator's access code, encrypted and bound to that address (``storage.seal``), as
    the laptop's ``sync_link.credential`` is. Set and changed on the planning screen."""

    __tablename__ = "planning_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    server_url: Mapped[str] = mapped_column(String(500))
    token: Mapped[str] = mapped_column(Encrypted("planning_link.token"))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
