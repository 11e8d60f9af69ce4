"""The coordinator's planning: stored address data, planned visits and their route, sending
visits sealed to the team's laptops, and reading back what the officers found.

One session per action (``ws.unit()``); the caller gets plain dataclasses. Audit and log lines
hold ids and counts only, never an address or a name.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import select

from inspector.addresses.indicators import information
from inspector.addresses.model import (
    AddressData,
    BagObject,
    BrpCounts,
    EarlierInspection,
    LaaSignal,
    OwnerRecord,
    RegisteredPerson,
    Signal,
    SourceKind,
    address_key,
)
from inspector.addresses.ranking import Ranked
from inspector.addresses.sources import SourceResult
from inspector.error_kinds import KnownError
from inspector.identifiers import normalize_postcode
from inspector.messages import BilingualMessage
from inspector.planning.models import (
    AddressSource,
    PlannedVisit,
    PlanningCursor,
    PlanningLink,
    PlanningNotice,
)
from inspector.settings import AddressSelection
from inspector.states import ClerkState, NoticeState, VisitState
from inspector.storage.models import new_id, utcnow
from inspector.storage.types import is_damaged

if TYPE_CHECKING:
    from inspector.core.workspace import Workspace

log = logging.getLogger(__name__)

_RECORD_TYPES: dict[str, type[Any]] = {
    "bag": BagObject,
    "brp": BrpCounts,
    "laa": LaaSignal,
    "owners": OwnerRecord,
    "signals": Signal,
    "persons": RegisteredPerson,
    # Not a file: the office's finalized inspections that were not planned visits.
    "inspections": EarlierInspection,
}

MARKS = ("lives_here", "not_here", "unknown")
#: A name that retention has removed (``core.retention.purge_registered_persons``).
REMOVED = "—"
MARK_NAMES = {
    "lives_here": ("woont hier", "lives here"),
    "not_here": ("woont hier niet", "does not live here"),
    "unknown": ("onbekend", "unknown"),
}


class PlanningError(KnownError):
    """A planning action cannot be done: ``PlanningError(code, nl, en, **params)`` like every
    KnownError; the screens show it in the interface language."""


@dataclass(frozen=True)
class SourceInfo:
    kind: str
    rows: int
    refused: int
    imported_at: datetime


@dataclass(frozen=True)
class Person:
    """A registered person of a planned address, as the visit carries them."""

    id: str
    surname: str
    given_names: str
    birth_date: str | None = None
    bsn: str | None = None

    @property
    def name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()


@dataclass(frozen=True)
class Visit:
    """A planned visit as the screens and the sync use it."""

    id: str
    side: str
    visit_date: date
    slot: str
    position: int
    state: str
    key: str
    address: str
    postcode: str
    city: str
    bag_ids: dict[str, str]
    reasons: list[str]
    information: list[str]
    persons: list[Person]
    officers: list[str]
    partners: list[str]
    devices: list[str]
    x: float | None = None
    y: float | None = None
    inspection_id: str | None = None
    outcome: dict[str, Any] | None = None

    def content(self) -> dict[str, Any]:
        """What is stored (encrypted) of the visit; :meth:`downlink` is what goes down."""
        return {
            "visit_id": self.id,
            "visit_date": self.visit_date.isoformat(),
            "slot": self.slot,
            "position": self.position,
            "key": self.key,
            "address": self.address,
            "postcode": self.postcode,
            "city": self.city,
            "bag_ids": self.bag_ids,
            "reasons": self.reasons,
            "information": self.information,
            "persons": [dataclasses.asdict(p) for p in self.persons],
            "officers": self.officers,
            "partners": self.partners,
            "devices": self.devices,
            "x": self.x,
            "y": self.y,
        }

    def downlink(self) -> dict[str, Any]:
        """What goes down to the team's laptops: what the visit needs. Not the nationality
        counts (shown to the coordinator only, never a reason to visit) nor the device list."""
        content = self.content()
        content["information"] = []
        content["devices"] = []
        return content


def visit_from_row(row: PlannedVisit) -> Visit:
    c = row.content
    return Visit(
        id=row.id,
        side=row.side,
        visit_date=row.visit_date,
        slot=row.slot,
        position=row.position,
        state=row.state,
        key=str(c.get("key", "")),
        address=str(c.get("address", "")),
        postcode=str(c.get("postcode", "")),
        city=str(c.get("city", "")),
        bag_ids=dict(c.get("bag_ids") or {}),
        reasons=list(c.get("reasons") or []),
        information=list(c.get("information") or []),
        persons=[Person(**p) for p in c.get("persons") or []],
        officers=list(c.get("officers") or []),
        partners=list(c.get("partners") or []),
        devices=list(c.get("devices") or []),
        x=c.get("x"),
        y=c.get("y"),
        inspection_id=row.inspection_id,
        outcome=row.outcome,
    )


def _encode_records(kind: str, records: Sequence[Any]) -> dict[str, Any]:
    names = [f.name for f in dataclasses.fields(_RECORD_TYPES[kind])]
    return {
        "fields": names,
        "rows": [[getattr(r, n) for n in names] for r in records],
    }


def _decode_records(kind: str, content: dict[str, Any]) -> list[Any]:
    cls = _RECORD_TYPES[kind]
    names = content["fields"]
    out = []
    for row in content["rows"]:
        values = dict(zip(names, row, strict=True))
        if kind == "bag":
            values["uses"] = tuple(values["uses"])
        out.append(cls(**values))
    return out


def earlier_from_record(payload: dict[str, Any]) -> EarlierInspection | None:
    """An inspection record (opened at the office) as an earlier inspection of its address:
    the address key from its location, the day it was finalized, its breaches. None when the
    location has no postcode and house number or the inspection is not finalized."""
    inspection = payload.get("inspection") or {}
    location = inspection.get("location") or {}
    if not isinstance(location, dict):
        return None
    postcode = normalize_postcode(location.get("postcode"))
    m = re.fullmatch(
        r".*?(\d{1,5})\s*[-/ ]?\s*([A-Za-z0-9]{0,6})\s*", str(location.get("address") or "")
    )
    finalized = str(inspection.get("finalized_at") or "")[:10]
    if postcode is None or m is None or not finalized:
        return None
    try:
        on = date.fromisoformat(finalized)
    except ValueError:
        return None
    breaches = [f for f in payload.get("findings") or [] if f.get("outcome") == "breach"]
    return EarlierInspection(address_key(postcode, int(m.group(1)), m.group(2)), on, len(breaches))


@dataclass(frozen=True)
class RouteStart:
    """Where a day's route starts (the office, from the settings): RD coordinates where known,
    and the postcode for ordering by postcode."""

    label: str
    x: float | None
    y: float | None
    postcode: str


def route_start(selection: AddressSelection, data: AddressData | None = None) -> RouteStart | None:
    """The route's start from the settings: their RD coordinates, else the BAG coordinates of
    the office's postcode and house number in *data*, else its postcode alone. None when the
    settings name no start (the route then starts at the highest-ranked address)."""
    postcode = selection.route_start_postcode
    x, y = selection.route_start_x, selection.route_start_y
    if not postcode and x is None:
        return None
    m = re.fullmatch(r"(\d{1,5})\s*[-/ ]?\s*([A-Za-z0-9]{0,6})", selection.route_start_number)
    if x is None and m and data is not None:
        bag = data.bag.get(address_key(postcode, int(m.group(1)), m.group(2)))
        if bag is not None and bag.x is not None and bag.y is not None:
            x, y = bag.x, bag.y
    return RouteStart(selection.route_start_label or "kantoor", x, y, postcode)


def order_route(visits: Sequence[Visit], start: RouteStart | None = None) -> list[Visit]:
    """The day's visits in route order, always the nearest next: from *start* (the office)
    when given, else from the first visit planned (the highest ranked). Distance from the BAG
    coordinates (RD, metres) where both places have them (for the visits: where every visit
    has them), else by postcode (digits, then letters: neighbouring postcodes are neighbours).
    """
    todo = sorted(visits, key=lambda v: v.position)
    if start is not None and start.x is None and not start.postcode:
        start = None  # nothing to measure from
    if start is None and len(todo) < 3:
        return todo
    all_xy = all(v.x is not None and v.y is not None for v in todo)

    def distance(a: Visit | RouteStart, b: Visit) -> float:
        if all_xy and a.x is not None and a.y is not None:
            return math.hypot(a.x - (b.x or 0.0), a.y - (b.y or 0.0))
        return abs(_postcode_number(a.postcode) - _postcode_number(b.postcode))

    route: list[Visit] = []
    here: Visit | RouteStart = start if start is not None else todo[0]
    while todo:
        nearest = min(todo, key=lambda v: (distance(here, v), v.position))
        todo.remove(nearest)
        route.append(nearest)
        here = nearest
    return route


def _postcode_number(postcode: str) -> int:
    digits, _, letters = postcode.partition(" ")
    try:
        base = int(digits) * 676
    except ValueError:
        return 0
    if len(letters) == 2:
        base += (ord(letters[0]) - 65) * 26 + ord(letters[1]) - 65
    return base


@dataclass
class PlanRequest:
    """What the coordinator fills in on the planning screen."""

    visit_date: date
    slot: str
    officers: list[str]
    partners: list[str] = field(default_factory=list)
    #: Device ids (from the office service) of the team's laptops.
    devices: list[str] = field(default_factory=list)


class PlanningManager:
    """The coordinator's planning on a workspace (the office store with its keys)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- address data -------------------------------------------------------------------------

    def save_source(self, result: SourceResult) -> SourceInfo:
        """Keep an import (replacing the previous one of its kind); audited with counts only."""
        with self.ws.unit() as s:
            row = s.get(AddressSource, result.kind)
            if row is None:
                row = AddressSource(kind=result.kind)
                s.add(row)
            row.content = _encode_records(result.kind, result.records)
            row.rows = len(result.records)
            row.refused = len(result.rejected_rows)
            row.imported_at = utcnow()
            self.ws.audit(
                s,
                "addresses.imported",
                "address_source",
                result.kind,
                rows=row.rows,
                refused=row.refused,
            )
            return SourceInfo(row.kind, row.rows, row.refused, row.imported_at)

    def sources(self) -> list[SourceInfo]:
        with self.ws.unit() as s:
            rows = s.execute(
                select(
                    AddressSource.kind,
                    AddressSource.rows,
                    AddressSource.refused,
                    AddressSource.imported_at,
                )
            ).all()
            return [SourceInfo(k, n, r, at) for k, n, r, at in rows]

    def load_data(self) -> AddressData:
        """Every stored source, joined, plus the earlier inspections the app knows of (the
        outcomes of visits that came back)."""
        data = AddressData()
        with self.ws.unit() as s:
            for row in s.scalars(select(AddressSource)):
                kind: SourceKind = row.kind  # type: ignore[assignment]
                getattr(data, f"add_{kind}")(_decode_records(kind, row.content))
            earlier = []
            for v in s.scalars(
                select(PlannedVisit).where(
                    PlannedVisit.side == "coordinator", PlannedVisit.state == VisitState.REPORTED
                )
            ):
                outcome = v.outcome or {}
                key = str((v.content or {}).get("key", ""))
                finalized = outcome.get("finalized_on")
                on = date.fromisoformat(finalized) if finalized else v.visit_date
                earlier.append(EarlierInspection(key, on, int(outcome.get("findings", 0))))
        data.add_inspections(earlier)
        return data

    def keep_earlier_inspections(self, found: dict[str, EarlierInspection]) -> int:
        """Keep earlier inspections (by inspection id; a corrected record replaces the first)
        for the ranking's "earlier findings"; returns how many are kept in all."""
        if not found:
            return 0
        with self.ws.unit() as s:
            return self._keep_earlier(s, found)

    def _keep_earlier(self, s: Any, found: dict[str, EarlierInspection]) -> int:
        row = s.get(AddressSource, "inspections")
        known: dict[str, EarlierInspection] = {}
        if row is not None:
            ids = list(row.content.get("ids") or [])
            known = dict(zip(ids, _decode_records("inspections", row.content), strict=False))
        known.update(found)
        content = _encode_records("inspections", list(known.values()))
        content["ids"] = list(known)
        if row is None:
            row = AddressSource(kind="inspections", content=content, rows=0, refused=0)
            s.add(row)
        row.content, row.rows, row.imported_at = content, len(known), utcnow()
        return len(known)

    # -- planning ------------------------------------------------------------------------------

    def plan(
        self, data: AddressData, chosen: Iterable[Ranked], request: PlanRequest
    ) -> list[Visit]:
        """Planned visits for the chosen addresses on one day, in route order."""
        chosen = list(chosen)
        if not chosen:
            raise PlanningError(
                "planning.no_addresses",
                "Kies eerst een of meer adressen.",
                "Choose addresses first.",
            )
        if not request.officers:
            raise PlanningError(
                "planning.no_team",
                "Geef ten minste één toezichthouder op in het team.",
                "Name at least one officer of the team.",
            )
        with self.ws.unit() as s:
            taken = {
                (str((v.content or {}).get("key")), v.visit_date)
                for v in s.scalars(
                    select(PlannedVisit).where(
                        PlannedVisit.side == "coordinator",
                        PlannedVisit.visit_date == request.visit_date,
                    )
                )
            }
            start = len([1 for _k, d in taken if d == request.visit_date])
        visits: list[Visit] = []
        for i, r in enumerate(chosen):
            if (r.key, request.visit_date) in taken:
                continue
            bag = data.bag.get(r.key)
            if bag is None:
                raise PlanningError(
                    "planning.not_in_bag",
                    "Dit adres staat niet in de BAG-gegevens.",
                    "This address is not in the BAG.",
                )
            persons = [
                Person(
                    id=new_id(),
                    surname=p.surname,
                    given_names=p.given_names,
                    birth_date=p.birth_date.isoformat() if p.birth_date else None,
                    bsn=p.bsn,
                )
                for p in data.persons.get(r.key, [])
            ]
            visits.append(
                Visit(
                    id=new_id(),
                    side="coordinator",
                    visit_date=request.visit_date,
                    slot=request.slot,
                    position=start + i,
                    state=VisitState.PLANNED,
                    key=r.key,
                    address=bag.label,
                    postcode=bag.postcode,
                    city=bag.city,
                    bag_ids={"verblijfsobject": bag.vbo_id},
                    reasons=r.reasons("nl"),
                    information=information(data, r.key),
                    persons=persons,
                    officers=list(request.officers),
                    partners=list(request.partners),
                    devices=list(request.devices),
                    x=bag.x,
                    y=bag.y,
                )
            )
        with self.ws.unit() as s:
            for v in visits:
                s.add(
                    PlannedVisit(
                        id=v.id,
                        side="coordinator",
                        visit_date=v.visit_date,
                        slot=v.slot,
                        position=v.position,
                        state=VisitState.PLANNED,
                        content=v.content(),
                    )
                )
            self.ws.audit(
                s, "planning.planned", "planned_visit", None, count=len(visits),
                day=request.visit_date.isoformat(),
            )  # fmt: skip
        self.reorder(request.visit_date, route_start(self.ws.settings.address_selection, data))
        return [v for v in self.visits(request.visit_date) if v.id in {x.id for x in visits}]

    def visits(self, on: date | None = None) -> list[Visit]:
        """The coordinator's visits (of one day), in route order."""
        with self.ws.unit() as s:
            q = select(PlannedVisit).where(PlannedVisit.side == "coordinator")
            if on is not None:
                q = q.where(PlannedVisit.visit_date == on)
            rows = s.scalars(q.order_by(PlannedVisit.visit_date, PlannedVisit.position)).all()
            return [visit_from_row(r) for r in rows]

    def reorder(self, on: date, start: RouteStart | None = None) -> list[Visit]:
        """Put the day's visits in route order (nearest next, from *start* when given: see
        :func:`route_start`) and keep that order."""
        route = order_route(self.visits(on), start)
        with self.ws.unit() as s:
            for position, v in enumerate(route):
                row = s.get(PlannedVisit, v.id)
                assert row is not None
                row.position = position
                content = dict(row.content)
                content["position"] = position
                row.content = content
        return self.visits(on)

    def remove(self, visit_id: str) -> None:
        with self.ws.unit() as s:
            row = s.get(PlannedVisit, visit_id)
            if row is None or row.side != "coordinator":
                raise PlanningError(
                    "planning.no_such_visit", "Dit bezoek bestaat niet.", "No such visit."
                )
            if row.state != VisitState.PLANNED:
                raise PlanningError(
                    "planning.visit_sent",
                    "Een verstuurd bezoek kan niet meer worden verwijderd.",
                    "A visit that was sent cannot be removed.",
                )
            s.delete(row)
            self.ws.audit(s, "planning.removed", "planned_visit", visit_id)

    # -- the office service ------------------------------------------------------------------

    def link(self, server_url: str, token: str = "") -> None:
        """Keep the office service's address and the coordinator's access code (encrypted,
        bound to the address). An empty *token* keeps the stored one, but only for the same
        address: a code is issued for one service. Audited without the values."""
        url = server_url.strip().rstrip("/")
        parsed = httpx.URL(url) if url else None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
            raise PlanningError(
                "planning.no_service_url",
                "Vul het adres van de dienst op kantoor in, bijv. https://sync.gemeente.nl.",
                "Fill in the office service's address, e.g. https://sync.gemeente.nl.",
            )
        with self.ws.unit() as s:
            row = s.get(PlanningLink, 1)
            token = token.strip()
            if not token:
                if row is None or row.server_url != url or is_damaged(row.token):
                    raise PlanningError(
                        "planning.no_token",
                        "Vul de toegangscode van de coördinator in (een code hoort bij één "
                        "dienst).",
                        "Fill in the coordinator's access code (a code belongs to one service).",
                    )
                token = row.token
            if row is None:
                s.add(PlanningLink(id=1, server_url=url, token=token, linked_at=utcnow()))
            else:
                row.server_url, row.token, row.linked_at = url, token, utcnow()
            self.ws.audit(s, "planning.linked", "planning_link", "1")

    def linked_to(self) -> str | None:
        """The office service's address the coordinator is linked to, None when not linked."""
        with self.ws.unit() as s:
            row = s.get(PlanningLink, 1)
            return None if row is None else row.server_url

    def unlink(self) -> None:
        with self.ws.unit() as s:
            row = s.get(PlanningLink, 1)
            if row is not None:
                s.delete(row)
                self.ws.audit(s, "planning.unlinked", "planning_link", "1")

    def _connection(self, server_url: str | None, token: str | None) -> tuple[str, str]:
        """The address and access code to use: given, or the stored link."""
        if server_url and token:
            return server_url.rstrip("/"), token
        with self.ws.unit() as s:
            row = s.get(PlanningLink, 1)
            if row is None:
                raise PlanningError(
                    "planning.not_linked",
                    "Koppel eerst de dienst op kantoor (adres en toegangscode).",
                    "Link the office service first (address and access code).",
                )
            if is_damaged(row.token):
                raise PlanningError(
                    "planning.token_unreadable",
                    "De bewaarde toegangscode is onleesbaar (niet voor deze dienst opgeslagen); "
                    "koppel opnieuw met de toegangscode.",
                    "The kept access code cannot be read (not saved for this service); link "
                    "again with the access code.",
                )
            return row.server_url, row.token

    def devices(
        self,
        server_url: str | None = None,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> list[dict[str, str]]:
        """The laptops the office service knows (id, label, state), to choose a team's.
        Without *server_url* and *token*: the stored link."""
        server_url, token = self._connection(server_url, token)
        with httpx.Client(base_url=server_url.rstrip("/"), transport=transport, timeout=30) as c:
            resp = c.get("/v1/devices", headers={"Authorization": f"Bearer {token}"})
        if resp.status_code != 200:
            raise PlanningError(
                "planning.service_devices",
                "De dienst geeft de laptops niet: {detail}",
                "The service does not list the laptops: {detail}",
                detail=resp.json().get("detail", resp.status_code),
            )
        return [
            {"id": str(d["id"]), "label": str(d["label"]), "state": str(d["state"])}
            for d in resp.json().get("devices", [])
        ]

    def send(
        self,
        visit_ids: Iterable[str],
        server_url: str | None = None,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> int:
        """Seal each visit to the X25519 key of every laptop of its team and post it to the
        office service; returns the number of messages posted."""
        from inspector.sync.client import seal_downlink
        from inspector.sync.devices import DeviceKeyError, certified_keys
        from inspector.sync.trust import b64

        server_url, token = self._connection(server_url, token)
        headers = {"Authorization": f"Bearer {token}"}
        posted = 0
        ids = list(visit_ids)
        with httpx.Client(base_url=server_url.rstrip("/"), transport=transport, timeout=60) as c:
            boxes: dict[str, bytes] = {}
            for visit_id in ids:
                with self.ws.unit() as s:
                    row = s.get(PlannedVisit, visit_id)
                    if row is None or row.side != "coordinator":
                        raise PlanningError(
                            "planning.no_such_visit", "Dit bezoek bestaat niet.", "No such visit."
                        )
                    visit = visit_from_row(row)
                if not visit.devices:
                    raise PlanningError(
                        "planning.no_devices",
                        "Kies de laptops van het team voordat u verstuurt.",
                        "Choose the team's laptops before sending.",
                    )
                for device in visit.devices:
                    if device not in boxes:
                        # Only keys the office root certified: a service cannot swap them.
                        try:
                            keys_of = certified_keys(self.ws, c, headers, device)
                        except DeviceKeyError as exc:
                            raise PlanningError(
                                BilingualMessage(
                                    "planning.device_keys", exc.message.nl, exc.message.en
                                )
                            ) from exc
                        if keys_of.state != "active":
                            raise PlanningError(
                                "planning.device_inactive",
                                "De laptop {device} is niet actief ({state}).",
                                "Laptop {device} is not active ({state}).",
                                device=device,
                                state=keys_of.state,
                            )
                        boxes[device] = keys_of.box_public
                    sealed = seal_downlink(
                        boxes[device], device, "visit", None, None, visit.downlink()
                    )
                    resp = c.post(
                        f"/v1/devices/{device}/visits",
                        json={"sealed": b64(sealed)},
                        headers=headers,
                    )
                    if resp.status_code != 200:
                        raise PlanningError(
                            "planning.service_refuses_visit",
                            "De dienst weigert het bezoek: {detail}",
                            "The service refuses the visit: {detail}",
                            detail=resp.json().get("detail", resp.status_code),
                        )
                    posted += 1
                with self.ws.unit() as s:
                    row = s.get(PlannedVisit, visit_id)
                    assert row is not None
                    row.state = VisitState.SENT if row.state == VisitState.PLANNED else row.state
                    row.sent_at = utcnow()
                    self.ws.audit(
                        s, "planning.sent", "planned_visit", visit_id, devices=len(visit.devices)
                    )
        return posted

    def collect_outcomes(
        self,
        server_url: str | None = None,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> int:
        """Read the finalized inspections that came in since last time, open them with this
        store's enforcement key, and keep the address investigation of each planned visit.

        A record counts only when it is signed by the key the office root certified for its
        laptop (a service that offers other keys cannot slip a record in); one that is not is
        left unread and audited (``planning.record_refused``, ids and the check only). A record
        the service does not hand over stops the reading there: it is read next time."""
        from inspector.storage import codec
        from inspector.sync import envelope, keys
        from inspector.sync.devices import DeviceKeyError, certified_keys

        server_url, token = self._connection(server_url, token)
        headers = {"Authorization": f"Bearer {token}"}
        found = 0
        device_keys: dict[str, bytes | None] = {}
        with httpx.Client(base_url=server_url.rstrip("/"), transport=transport, timeout=60) as c:

            def device_key(device_id: str) -> bytes | None:
                if device_id not in device_keys:
                    try:
                        device_keys[device_id] = certified_keys(
                            self.ws, c, headers, device_id
                        ).sign_public
                    except DeviceKeyError:
                        device_keys[device_id] = None
                return device_keys[device_id]

            with self.ws.unit() as s:
                cursor = s.get(PlanningCursor, 1)
                after = cursor.records_after if cursor else 0
            stopped = False
            while not stopped:
                resp = c.get("/v1/records", params={"after": after}, headers=headers)
                if resp.status_code != 200:
                    raise PlanningError(
                        "planning.service_records",
                        "De dienst geeft de dossiers niet: {detail}",
                        "The service does not give the records: {detail}",
                        detail=resp.json().get("detail", resp.status_code),
                    )
                records = resp.json().get("records", [])
                if not records:
                    break
                for rec in records:
                    if rec.get("kind") != "inspection":
                        after = max(after, int(rec["seq"]))
                        continue
                    data = c.get(f"/v1/records/{rec['record_id']}/sealed", headers=headers)
                    if data.status_code != 200:
                        stopped = True  # read from here next time
                        break
                    after = max(after, int(rec["seq"]))
                    signer = device_key(str(rec.get("device_id")))  # its own unit of work
                    with self.ws.unit() as s:
                        f = io.BytesIO(data.content)
                        header = envelope.read_header(f)
                        mine = {
                            k.key_id
                            for k in keys.list_keys(s)
                            if k.has_private and k.purpose == "recipient"
                        }
                        kid = next((k for k in header.manifest["recipients"] if k in mine), None)
                        if kid is None:
                            continue
                        f.seek(0)
                        try:
                            if signer is None:
                                raise envelope.EnvelopeError(
                                    "the laptop's keys are not certified by the office"
                                )
                            opened = envelope.open_record(
                                f, kid, keys.recipient_private(s, kid), signer
                            )
                        except envelope.EnvelopeError as exc:
                            self.ws.audit(
                                s, "planning.record_refused", "record", str(rec["record_id"]),
                                device=str(rec.get("device_id")), check=str(exc)[:200],
                            )  # fmt: skip
                            continue
                        payload = codec.decode(opened.payload)
                        if self._apply_outcome(s, payload, rec["record_id"]):
                            found += 1
                        else:  # not a planned visit: it still counts as an earlier one
                            earlier = earlier_from_record(payload)
                            inspection_id = str((payload.get("inspection") or {}).get("id"))
                            if earlier is not None:
                                self._keep_earlier(s, {inspection_id: earlier})
            with self.ws.unit() as s:
                cursor = s.get(PlanningCursor, 1)
                if cursor is None:
                    s.add(PlanningCursor(id=1, records_after=after))
                else:
                    cursor.records_after = after
                self.ws.audit(s, "planning.outcomes_read", "planned_visit", None, count=found)
        return found

    def collect_notices(
        self,
        server_url: str | None = None,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> NoticeCount:
        """Read burgerzaken's notices (outcomes of registrations) that came in since last
        time. Each is checked (``sync.notices.open_notice``: the signing key certified by this
        store's own office root as a registry issuer, the signature, this store's enforcement
        key) and kept once per notice id; a notice that fails a check is kept as refused with
        the failed check (its bytes encrypted, for investigation), logged and audited."""
        from inspector.sync import keys
        from inspector.sync.devices import root_key_row
        from inspector.sync.trust import TrustError, unb64

        server_url, token = self._connection(server_url, token)
        headers = {"Authorization": f"Bearer {token}"}
        count = NoticeCount()
        with self.ws.unit() as s:
            cursor = s.get(PlanningCursor, 1)
            after = cursor.notices_after if cursor else 0
            root = root_key_row(s)
            root_public = None if root is None else root.public
            mine = {
                k.key_id: keys.recipient_private(s, k.key_id)
                for k in keys.list_keys(s)
                if k.has_private and k.purpose == "recipient" and k.role == "enforcement"
            }
        if root_public is None or not mine:
            raise PlanningError(
                "planning.no_enforcement_key",
                "Deze opslag heeft geen sleutel van handhaving om berichten van burgerzaken te "
                "openen.",
                "This store holds no enforcement key to open burgerzaken's notices.",
            )
        with httpx.Client(base_url=server_url.rstrip("/"), transport=transport, timeout=60) as c:
            while True:
                resp = c.get("/v1/notices", params={"after": after}, headers=headers)
                if resp.status_code != 200:
                    raise PlanningError(
                        "planning.notices_refused",
                        "De dienst geeft de berichten van burgerzaken niet: {detail}",
                        "The service does not give burgerzaken's notices: {detail}",
                        detail=str(resp.json().get("detail", resp.status_code)),
                    )
                found = resp.json().get("notices", [])
                if not found:
                    break
                for item in found:
                    seq = int(item["seq"])
                    nid = str(item.get("notice_id", ""))[:36]
                    try:
                        data = unb64(str(item.get("sealed", "")))
                    except TrustError:
                        data = b""
                    with self.ws.unit() as s:
                        after = max(after, seq)
                        self._keep_notice(s, nid, seq, data, root_public, mine, count)
                        cursor = s.get(PlanningCursor, 1)
                        if cursor is None:
                            s.add(PlanningCursor(id=1, records_after=0, notices_after=after))
                        else:
                            cursor.notices_after = after
        return count

    def _keep_notice(
        self,
        s: Any,
        nid: str,
        seq: int,
        data: bytes,
        root_public: bytes,
        mine: dict[str, Any],
        count: NoticeCount,
    ) -> None:
        from inspector.sync import notices

        if s.get(PlanningNotice, nid) is not None:
            count.again += 1  # pulled before: stored once
            return
        try:
            notice = notices.open_notice(data, root_public, mine)
            if notice.notice_id != nid:
                raise notices.NoticeError("the notice's id is not the one the service lists")
        except notices.NoticeError as exc:
            reason = str(exc)[:300]
            s.add(
                PlanningNotice(
                    notice_id=nid, seq=seq, state=NoticeState.REFUSED, reason=reason,
                    sealed=data[: notices.MAX_NOTICE] or None,
                )
            )  # fmt: skip
            log.warning("notice %s refused: %s", nid, reason)
            self.ws.audit(s, "planning.notice_refused", "planning_notice", nid, reason=reason)
            count.refused += 1
            return
        content = notice.content
        s.add(
            PlanningNotice(
                notice_id=nid,
                seq=seq,
                state=NoticeState.RECEIVED,
                outcome=str(content["outcome"]),
                inspection_id=content.get("inspection_id"),
                content={**content, "issuer": notice.issuer_key_id, "created": notice.created},
            )
        )
        self.ws.audit(
            s, "planning.notice_received", "planning_notice", nid, outcome=content["outcome"]
        )
        count.received += 1

    def notices(self, state: str = NoticeState.RECEIVED) -> list[RegistrationNotice]:
        """The notices of burgerzaken kept (received ones: their content; refused ones: the
        failed check), oldest first."""
        with self.ws.unit() as s:
            rows = s.scalars(
                select(PlanningNotice)
                .where(PlanningNotice.state == state)
                .order_by(PlanningNotice.seq)
            ).all()
            out = []
            for r in rows:
                c = r.content if isinstance(r.content, dict) else {}
                out.append(
                    RegistrationNotice(
                        notice_id=r.notice_id,
                        state=r.state,
                        outcome=r.outcome,
                        decided_on=date.fromisoformat(c["decided_on"])
                        if c.get("decided_on") else None,
                        inspection_id=r.inspection_id,
                        inspection_reference=c.get("inspection_reference"),
                        resident_id=c.get("resident_id"),
                        registration_id=c.get("registration_id"),
                        address=c.get("address"),
                        reason=r.reason,
                        received_at=r.received_at,
                    )
                )  # fmt: skip
            return out

    def _apply_outcome(self, s: Any, payload: dict[str, Any], record_id: str) -> bool:
        investigation = payload.get("address_investigation")
        if not isinstance(investigation, dict):
            return False
        row = s.get(PlannedVisit, str(investigation.get("visit_id", "")))
        if row is None or row.side != "coordinator":
            return False
        inspection = payload.get("inspection") or {}
        finalized = str(inspection.get("finalized_at") or "")[:10] or None
        row.outcome = {
            "record_id": record_id,
            "inspection_id": inspection.get("id"),
            "reference": inspection.get("reference"),
            "finalized_on": finalized,
            "findings": len(
                [f for f in payload.get("findings", []) if f.get("outcome") == "breach"]
            ),
            "marks": investigation.get("marks", []),
            "found": investigation.get("found", []),
        }
        row.state = VisitState.REPORTED
        row.reported_at = utcnow()
        self.ws.audit(s, "planning.outcome", "planned_visit", row.id)
        return True


@dataclass
class NoticeCount:
    """What a read of burgerzaken's notices did."""

    received: int = 0
    refused: int = 0
    #: Listed again by the service (read before): nothing stored twice.
    again: int = 0


@dataclass(frozen=True)
class RegistrationNotice:
    """A notice of burgerzaken as the coordinator keeps it."""

    notice_id: str
    state: str
    outcome: str | None
    decided_on: date | None
    inspection_id: str | None
    inspection_reference: str | None
    resident_id: str | None
    registration_id: str | None
    address: str | None
    reason: str | None
    received_at: datetime

    def text(self, lang: str = "nl") -> str:
        """ "ingeschreven (verwerkt op 30-11-2026)", "teruggestuurd met vraag", "geweigerd"."""
        on = "" if self.decided_on is None else f"{self.decided_on:%d-%m-%Y}"
        if self.outcome == ClerkState.PROCESSED:
            return f"ingeschreven (verwerkt op {on})" if lang == "nl" else f"registered ({on})"
        if self.outcome == ClerkState.RETURNED:
            return (
                f"teruggestuurd met vraag ({on})" if lang == "nl"
                else f"returned with a question ({on})"
            )  # fmt: skip
        if self.outcome == ClerkState.REFUSED:
            return f"geweigerd ({on})" if lang == "nl" else f"refused ({on})"
        return "?"


@dataclass(frozen=True)
class AddressResult:
    """What a visit found, for the coordinator's list: per registered person their mark, the
    persons found who are not registered, and who burgerzaken should look into."""

    visit: Visit
    lives_here: list[str]
    not_here: list[str]
    unknown: list[str]
    found_unregistered: list[str]
    findings: int
    #: Burgerzaken's outcomes of the registrations made on this visit: (who, what) — the
    #: resident's name as the visit reported them found, else "bewoner".
    registrations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def for_burgerzaken(self) -> list[str]:
        """Persons for an address investigation (adresonderzoek): registered but not living
        here, and living here but not registered."""
        return [*self.not_here, *self.found_unregistered]


def results(
    visits: Iterable[Visit],
    notices: Iterable[RegistrationNotice] = (),
    lang: str = "nl",
) -> list[AddressResult]:
    """What each visit that came back found, with burgerzaken's outcomes of the
    registrations made there (*notices*: matched by inspection; a later notice of the same
    registration replaces an earlier one)."""
    by_inspection: dict[str, dict[str, RegistrationNotice]] = {}
    for n in notices:
        if n.state == NoticeState.RECEIVED and n.inspection_id:
            per = by_inspection.setdefault(n.inspection_id, {})
            per[n.registration_id or n.notice_id] = n
    out = []
    for v in visits:
        if v.outcome is None:
            continue
        found_names = {
            str(f.get("resident_id")): str(f.get("name") or REMOVED)
            for f in v.outcome.get("found", [])
        }
        registrations = [
            (
                found_names.get(str(n.resident_id), "bewoner" if lang == "nl" else "resident"),
                n.text(lang),
            )
            for n in by_inspection.get(str(v.outcome.get("inspection_id") or ""), {}).values()
        ]
        names = {p.id: p.name for p in v.persons}
        groups: dict[str, list[str]] = {m: [] for m in MARKS}
        for mark in v.outcome.get("marks", []):
            groups.setdefault(str(mark.get("mark")), []).append(
                names.get(str(mark.get("person_id"))) or str(mark.get("name") or REMOVED)
            )
        found = [str(f.get("name") or REMOVED) for f in v.outcome.get("found", [])]
        out.append(
            AddressResult(
                v,
                groups["lives_here"],
                groups["not_here"],
                groups["unknown"],
                found,
                int(v.outcome.get("findings", 0)),
                registrations,
            )
        )
    return out
