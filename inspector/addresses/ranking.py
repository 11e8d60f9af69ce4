"""The ranked list: every BAG address scored by its indicators, highest first, and filters by
area (postcode range, wijk) and by indicator."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, overload

from inspector.addresses.indicators import (
    Hit,
    IndicatorContext,
    context,
    evaluate,
    reason,
    score,
    surely_none,
)
from inspector.addresses.model import AddressData
from inspector.settings import AddressSelection, Norms


class Ranked(NamedTuple):
    """One address in the ranked list: its score (0-100), its place (1 = first) and the
    indicators that apply, strongest contribution first. (A named tuple: the list holds one
    per address, 100,000 of them are made in a blink.)"""

    key: str
    score: float
    hits: tuple[Hit, ...]
    place: int = 0

    def reasons(self, lang: str = "nl") -> list[str]:
        return [reason(h, lang) for h in self.hits]

    @property
    def indicators(self) -> frozenset[str]:
        return frozenset(h.indicator for h in self.hits)


class Ranking(Sequence[Ranked]):
    """The ranked list: address keys in order, with the scores and hits of the addresses where
    an indicator applies (most have none: they are not given an object each, so that ranking
    and filtering 100,000 addresses stays well under a second)."""

    def __init__(
        self,
        keys: list[str],
        scores: dict[str, float],
        hits: dict[str, tuple[Hit, ...]],
        places: list[int] | None = None,
    ) -> None:
        self.keys = keys
        self.scores = scores
        self.hits = hits
        self._places = places

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> Ranked: ...

    @overload
    def __getitem__(self, index: slice) -> list[Ranked]: ...

    def __getitem__(self, index: int | slice) -> Ranked | list[Ranked]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.keys)))]
        if index < 0:
            index += len(self.keys)
        key = self.keys[index]
        place = self._places[index] if self._places is not None else index + 1
        return Ranked(key, self.scores.get(key, 0.0), self.hits.get(key, ()), place)

    def place(self, index: int) -> int:
        return self._places[index] if self._places is not None else index + 1

    def subset(self, indexes: list[int]) -> Ranking:
        return Ranking(
            [self.keys[i] for i in indexes],
            self.scores,
            self.hits,
            [self.place(i) for i in indexes],
        )


def rank(
    data: AddressData,
    norms: Norms,
    selection: AddressSelection,
    today: date,
) -> Ranking:
    """Every BAG address of *data*, highest score first (ties: by postcode and number, so the
    order is stable and independent of the order of the files)."""
    ctx: IndicatorContext = context(data, norms, selection, today)
    weights = selection.weights
    scores: dict[str, float] = {}
    hits_of: dict[str, tuple[Hit, ...]] = {}
    for key in data.bag:
        if surely_none(data, key, ctx):
            continue
        hits = evaluate(data, key, ctx)
        if hits:
            hits.sort(key=lambda h: -weights.get(h.indicator, 0.0) * h.strength)
            value = score(hits, weights)
            hits_of[key] = tuple(hits)
            if value > 0:
                scores[key] = value
    order = data.ordered_keys()
    position = {key: i for i, key in enumerate(order)} if len(scores) > 1000 else None
    bag = data.bag
    scored = sorted(
        scores,
        key=(lambda k: (-round(scores[k], 9), position[k]))
        if position is not None
        else (lambda k: (-round(scores[k], 9), bag[k].order)),
    )
    keys = scored + [k for k in order if k not in scores]
    return Ranking(keys, scores, hits_of)


@dataclass(frozen=True)
class Filter:
    """What the coordinator narrows the list to. Postcodes compare as written ("7100 AA" to
    "7199 ZZ"; a bare "7100" means 7100 AA, a bare "7199" as an end means 7199 ZZ)."""

    postcode_from: str = ""
    postcode_to: str = ""
    wijken: frozenset[str] = frozenset()
    #: Only addresses where at least one of these indicators applies.
    indicators: frozenset[str] = frozenset()
    min_score: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)

    def _bounds(self) -> tuple[str, str]:
        low = self.postcode_from.strip().upper()
        high = self.postcode_to.strip().upper()
        if len(low) == 4:
            low += " AA"
        if len(high) == 4:
            high += " ZZ"
        return low, high

    def active(self) -> bool:
        return bool(
            self.postcode_from.strip()
            or self.postcode_to.strip()
            or self.wijken
            or self.indicators
            or self.min_score
        )

    def apply(self, ranked: Ranking, data: AddressData) -> Ranking:
        low, high = self._bounds()
        wijken = {w.casefold() for w in self.wijken}
        scores, hits = ranked.scores, ranked.hits
        kept: list[int] = []
        for index, key in enumerate(ranked.keys):
            if self.min_score and scores.get(key, 0.0) < self.min_score:
                continue
            if low or high:
                postcode = key.split("|", 1)[0]
                if (low and postcode < low) or (high and postcode > high):
                    continue
            if wijken:
                bag = data.bag.get(key)
                if bag is None or bag.wijk.casefold() not in wijken:
                    continue
            if self.indicators and not any(
                h.indicator in self.indicators for h in hits.get(key, ())
            ):
                continue
            kept.append(index)
        return ranked.subset(kept)


def wijken(data: AddressData) -> list[str]:
    """The wijken the BAG data names, sorted."""
    return sorted({b.wijk for b in data.bag.values() if b.wijk})


def selected(ranked: Ranking, keys: Collection[str]) -> list[Ranked]:
    wanted = set(keys)
    return [ranked[i] for i, key in enumerate(ranked.keys) if key in wanted]
