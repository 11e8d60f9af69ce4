"""What the address data holds, per source, keyed by address: plain immutable records.

An address is known by its key: postcode, house number and addition (``"2611 ET|12|A"``), the
one thing every source a municipality can produce shares. The BAG source adds the
verblijfsobject id, floor area, use and coordinates. Everything here is counts per address,
except :class:`RegisteredPerson`, which only a planned visit needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

SourceKind = Literal["bag", "brp", "laa", "owners", "signals", "persons"]
SOURCE_KINDS: tuple[SourceKind, ...] = ("bag", "brp", "laa", "owners", "signals", "persons")

#: The LAA signal types a municipality receives (Landelijke Aanpak Adreskwaliteit, RvIG).
LAA_TYPES: dict[str, tuple[str, str]] = {
    "vow_adres": ("VOW-adres", "VOW address"),
    "vow_persoon": ("VOW-persoon", "VOW person"),
    "veelverhuizers": ("veelverhuizers", "frequent movers"),
    "samenwoners": ("samenwoners", "cohabitants"),
    "overbewoning": ("overbewoning", "overcrowding"),
    "doorstroomadres": ("doorstroomadres", "transit address"),
    "cjib": ("onbestelbare CJIB-post", "undeliverable CJIB post"),
    "briefadres": ("fiscaal briefadres", "tax 'briefadres'"),
}

SIGNAL_KINDS: dict[str, tuple[str, str]] = {
    "klacht": ("klacht van buren", "neighbours' complaint"),
    "partner": ("signaal van een partner", "partner's signal"),
}

#: BAG gebruiksdoelen (use classes of a verblijfsobject).
USES: tuple[str, ...] = (
    "woonfunctie",
    "logiesfunctie",
    "industriefunctie",
    "kantoorfunctie",
    "winkelfunctie",
    "bijeenkomstfunctie",
    "gezondheidszorgfunctie",
    "onderwijsfunctie",
    "sportfunctie",
    "celfunctie",
    "overige gebruiksfunctie",
)
RESIDENTIAL_USES = frozenset({"woonfunctie", "logiesfunctie"})


def address_key(postcode: str, number: int, addition: str = "") -> str:
    """The key that joins the sources: ``"2611 ET|12|A"`` (addition upper case, trimmed)."""
    return f"{postcode}|{number}|{addition.strip().upper()}"


@dataclass(frozen=True)
class BagObject:
    """A verblijfsobject from the BAG: id, address, floor area, uses, optional RD coordinates
    (EPSG:28992, metres) and the wijk the municipality puts it in."""

    key: str
    vbo_id: str
    street: str
    number: int
    addition: str
    postcode: str
    city: str
    area_m2: float | None
    uses: tuple[str, ...]
    x: float | None = None
    y: float | None = None
    wijk: str = ""

    @property
    def order(self) -> tuple[str, int, str]:
        """Postcode, number, addition: the order of addresses with equal scores."""
        return self.postcode, self.number, self.addition

    @property
    def label(self) -> str:
        """Street and number as written on a letter: ``Dorpsstraat 12 A``."""
        number = f"{self.number} {self.addition}".strip() if self.addition else str(self.number)
        return f"{self.street} {number}".strip()


@dataclass(frozen=True)
class BrpCounts:
    """BRP counts for one address: registered persons, moves in and out in the last 12 and 24
    months, persons with a non-Dutch nationality (shown only, never ranked) and RNI contact
    addresses."""

    key: str
    registered: int
    moved_in_12: int = 0
    moved_out_12: int = 0
    moved_in_24: int = 0
    moved_out_24: int = 0
    non_dutch: int = 0
    rni: int = 0

    @property
    def moves_24(self) -> int:
        return self.moved_in_24 + self.moved_out_24


@dataclass(frozen=True)
class LaaSignal:
    key: str
    type: str
    received: date | None = None


@dataclass(frozen=True)
class OwnerRecord:
    """Owner of an address (an id the municipality uses: a KvK number or a pseudonym), and the
    landlord's report under a duty to report renting to labour migrants (persons reported)."""

    key: str
    owner: str
    reported_persons: int | None = None
    reported_on: date | None = None


@dataclass(frozen=True)
class Signal:
    """A neighbours' complaint or a partner's signal (NLA, police, fire brigade, ...)."""

    key: str
    kind: str
    source: str = ""
    received: date | None = None


@dataclass(frozen=True)
class RegisteredPerson:
    """A person registered at an address, as the BRP extract for a planned visit gives them."""

    key: str
    surname: str
    given_names: str
    birth_date: date | None = None
    bsn: str | None = None


@dataclass(frozen=True)
class EarlierInspection:
    """An inspection this app made at the address: when, and how many findings it had."""

    key: str
    on: date
    findings: int


@dataclass
class AddressData:
    """All the coordinator's data, joined by address key. ``bag`` is the population of
    addresses; the other sources may name addresses the BAG part lacks (those are listed by
    :meth:`unknown_keys`, not ranked)."""

    bag: dict[str, BagObject] = field(default_factory=dict)
    brp: dict[str, BrpCounts] = field(default_factory=dict)
    laa: dict[str, list[LaaSignal]] = field(default_factory=dict)
    owners: dict[str, OwnerRecord] = field(default_factory=dict)
    signals: dict[str, list[Signal]] = field(default_factory=dict)
    persons: dict[str, list[RegisteredPerson]] = field(default_factory=dict)
    inspections: dict[str, list[EarlierInspection]] = field(default_factory=dict)

    _ordered: list[str] | None = field(default=None, repr=False, compare=False)

    def add_bag(self, rows: Iterable[BagObject]) -> None:
        for row in rows:
            self.bag[row.key] = row
        self._ordered = None

    def ordered_keys(self) -> list[str]:
        """The BAG addresses by postcode, number and addition (kept until the BAG changes)."""
        if self._ordered is None or len(self._ordered) != len(self.bag):
            self._ordered = sorted(self.bag, key=lambda k: self.bag[k].order)
        return self._ordered

    def add_brp(self, rows: Iterable[BrpCounts]) -> None:
        for row in rows:
            self.brp[row.key] = row

    def add_laa(self, rows: Iterable[LaaSignal]) -> None:
        for row in rows:
            self.laa.setdefault(row.key, []).append(row)

    def add_owners(self, rows: Iterable[OwnerRecord]) -> None:
        for row in rows:
            self.owners[row.key] = row

    def add_signals(self, rows: Iterable[Signal]) -> None:
        for row in rows:
            self.signals.setdefault(row.key, []).append(row)

    def add_persons(self, rows: Iterable[RegisteredPerson]) -> None:
        for row in rows:
            self.persons.setdefault(row.key, []).append(row)

    def add_inspections(self, rows: Iterable[EarlierInspection]) -> None:
        for row in rows:
            self.inspections.setdefault(row.key, []).append(row)

    def unknown_keys(self) -> set[str]:
        """Addresses named by another source but missing from the BAG data."""
        named: set[str] = set(self.brp) | set(self.laa) | set(self.owners) | set(self.signals)
        return named - set(self.bag)
