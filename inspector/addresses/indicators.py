"""Indicators per address, each with its reason in numbers, and the score they add up to.

An indicator looks at one kind of evidence and gives a strength between 0 and 1 and the facts
behind it; :func:`reason` turns the facts into the sentence the ranked list shows ("9
ingeschreven op 62 m² = 6,9 m² per persoon (norm 12)"). The score is the weighted mean of the
strengths (0-100), with the weights of the municipality's settings.

Nationality is never an indicator: the count of persons with a non-Dutch nationality (and
the RNI contact addresses) is shown beside the reasons (:func:`information`) and used nowhere
else. docs/address-selection.md explains why (AP guidance on risk profiles, the algorithm
register).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from inspector.addresses.model import (
    LAA_TYPES,
    AddressData,
    BagObject,
)
from inspector.settings import ADDRESS_INDICATORS, AddressSelection, Norms

INDICATOR_NAMES: dict[str, tuple[str, str]] = {
    "occupancy": ("bewoningsgraad", "occupancy"),
    "landlord_report": ("melding verhuurder", "landlord's report"),
    "turnover": ("verhuizingen", "moves"),
    "non_residential": ("wonen zonder woonfunctie", "living without residential use"),
    "owner": ("eigenaar met meer signalen", "owner with more signals"),
    "laa": ("LAA-signalen", "LAA signals"),
    "complaints": ("klachten en signalen", "complaints and signals"),
    "findings": ("eerdere bevindingen", "earlier findings"),
}
assert set(INDICATOR_NAMES) == set(ADDRESS_INDICATORS)


@dataclass(frozen=True)
class Hit:
    """One indicator that applies: its strength (0-1] and the numbers behind it."""

    indicator: str
    strength: float
    facts: tuple[Any, ...]


@dataclass(frozen=True)
class IndicatorContext:
    """What every address is judged against: norms, the selection settings, today, the
    owners' numbers of addresses with signals, and the addresses where a source other than
    the BAG and the BRP counts may give an indicator (computed once for the whole data)."""

    norms: Norms
    selection: AddressSelection
    today: date
    owner_signalled: Mapping[str, int]
    named: frozenset[str] = frozenset()
    signalled: frozenset[str] = frozenset()


def _months(since: date, today: date) -> int:
    return (today.year - since.year) * 12 + today.month - since.month - (today.day < since.day)


def _recent(on: date | None, ctx: IndicatorContext) -> bool:
    return on is None or _months(on, ctx.today) < ctx.selection.signal_months


def has_signal(data: AddressData, key: str) -> bool:
    """Whether an address has a signal of its own (LAA, complaint, partner, earlier finding):
    what makes it count for its owner's indicator."""
    return bool(
        data.laa.get(key)
        or data.signals.get(key)
        or any(i.findings for i in data.inspections.get(key, ()))
    )


def context(
    data: AddressData, norms: Norms, selection: AddressSelection, today: date
) -> IndicatorContext:
    counts: dict[str, int] = {}
    signalled = frozenset(k for k in data.owners if has_signal(data, k))
    for key in signalled:
        owner = data.owners[key].owner
        counts[owner] = counts.get(owner, 0) + 1
    # Owner records matter only with a landlord's report or an owner with enough signals.
    owners_that_count = {
        key
        for key, o in data.owners.items()
        if o.reported_persons or counts.get(o.owner, 0) - (key in signalled) >= selection.owner_from
    }
    named = frozenset(owners_that_count) | set(data.laa) | set(data.signals) | set(data.inspections)
    return IndicatorContext(norms, selection, today, counts, named, signalled)


def surely_none(data: AddressData, key: str, ctx: IndicatorContext) -> bool:
    """A quick test that no indicator applies (most addresses): only the BAG and BRP counts
    name the address, and neither crowding, turnover nor living without residential use
    applies. Exactly :func:`evaluate` returning nothing where it says True (tested)."""
    if key in ctx.named:
        return False
    brp = data.brp.get(key)
    if brp is None:
        return True
    if brp.moved_in_24 + brp.moved_out_24 >= ctx.selection.turnover_from:
        return False
    registered = brp.registered
    if not registered:
        return True
    bag = data.bag.get(key)
    if bag is None:
        return True
    uses = bag.uses
    if "woonfunctie" in uses:
        norm = ctx.norms.m2_per_person
    elif "logiesfunctie" in uses:
        norm = ctx.norms.m2_per_person_lodging
    else:
        return False  # registered without a residential use
    area = bag.area_m2
    return not area or area / registered >= norm


def norm_for(bag: BagObject, norms: Norms) -> float:
    """m² per person for the use: lodging only where the object has no residential use."""
    if "logiesfunctie" in bag.uses and "woonfunctie" not in bag.uses:
        return norms.m2_per_person_lodging
    return norms.m2_per_person


def _crowding(persons: int, area: float, norm: float) -> float:
    per_person = area / persons
    if per_person >= norm:
        return 0.0
    return min(1.0, 2.0 * (norm - per_person) / norm)  # full strength at half the norm


def evaluate(data: AddressData, key: str, ctx: IndicatorContext) -> list[Hit]:
    """Every indicator that applies to the address *key*, in the order of the indicators."""
    hits: list[Hit] = []
    bag = data.bag.get(key)
    brp = data.brp.get(key)
    registered = brp.registered if brp else 0
    area = bag.area_m2 if bag else None
    residential = bag is not None and ("woonfunctie" in bag.uses or "logiesfunctie" in bag.uses)
    norm = norm_for(bag, ctx.norms) if bag else ctx.norms.m2_per_person
    if registered and area and residential:
        strength = _crowding(registered, area, norm)
        if strength > 0:
            hits.append(
                Hit("occupancy", strength, (registered, float(area), area / registered, norm))
            )
    owner = data.owners.get(key)
    if owner is not None and owner.reported_persons:
        reported = owner.reported_persons
        crowd = _crowding(reported, area, norm) if area and residential else 0.0
        unregistered = max(0, reported - registered)
        strength = max(crowd, min(1.0, unregistered / 4))
        if strength > 0:
            hits.append(
                Hit("landlord_report", strength, (reported, float(area or 0.0), norm, unregistered))
            )
    if brp is not None:
        moves = brp.moves_24
        sel = ctx.selection
        if moves >= sel.turnover_from:
            strength = min(1.0, moves / max(sel.turnover_full, sel.turnover_from))
            hits.append(Hit("turnover", strength, (moves, brp.moved_in_12 + brp.moved_out_12)))
    if registered and bag is not None and not residential:
        hits.append(Hit("non_residential", min(1.0, registered / 2), (registered, bag.uses)))
    if owner is not None:
        others = ctx.owner_signalled.get(owner.owner, 0) - (key in ctx.signalled)
        if others >= ctx.selection.owner_from:
            hits.append(Hit("owner", min(1.0, others / 4), (others,)))
    laa = [s for s in data.laa.get(key, ()) if _recent(s.received, ctx)]
    if laa:
        types = tuple(dict.fromkeys(s.type for s in laa))
        hits.append(Hit("laa", min(1.0, len(laa) / 2), (len(laa), types)))
    signals = [s for s in data.signals.get(key, ()) if _recent(s.received, ctx)]
    if signals:
        complaints = sum(1 for s in signals if s.kind == "klacht")
        partners = tuple(s.source or "?" for s in signals if s.kind != "klacht")
        strength = min(1.0, (complaints + 2 * len(partners)) / 3)
        hits.append(Hit("complaints", strength, (complaints, partners)))
    earlier = [i for i in data.inspections.get(key, ()) if i.findings]
    if earlier:
        last = max(earlier, key=lambda i: i.on)
        age = max(0, _months(last.on, ctx.today))
        decay = 0.5 ** (age / ctx.selection.findings_half_life_months)
        hits.append(Hit("findings", min(1.0, last.findings / 5) * decay, (last.findings, age)))
    return hits


def score(hits: list[Hit], weights: Mapping[str, float]) -> float:
    """Weighted mean strength, 0-100 (weights of the indicators that exist, hit or not)."""
    total = sum(weights.get(name, 0.0) for name in ADDRESS_INDICATORS)
    if not total or not hits:
        return 0.0
    return 100.0 * sum(weights.get(h.indicator, 0.0) * h.strength for h in hits) / total


def _n(value: float, digits: int = 1) -> str:
    """A number the Dutch way: 6,9; whole numbers without decimals."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}".replace(".", ",")


def _n_en(value: float, digits: int = 1) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.{digits}f}"


def reason(hit: Hit, lang: str = "nl") -> str:
    """The sentence that explains *hit*, with its numbers."""
    f = hit.facts
    nl = lang == "nl"
    n = _n if nl else _n_en
    if hit.indicator == "occupancy":
        registered, area, per, norm = f
        if nl:
            return (
                f"{registered} ingeschreven op {n(area)} m² = {n(per)} m² per persoon "
                f"(norm {n(norm)})"
            )
        return f"{registered} registered on {n(area)} m² = {n(per)} m² per person (norm {n(norm)})"
    if hit.indicator == "landlord_report":
        reported, area, norm, unregistered = f
        if nl:
            text = f"verhuurder meldde {reported} arbeidsmigranten"
            if area:
                text += f" op {n(area)} m² = {n(area / reported)} m² per persoon (norm {n(norm)})"
            if unregistered:
                text += f"; {unregistered} meer dan er ingeschreven zijn"
            return text
        text = f"landlord reported {reported} labour migrants"
        if area:
            text += f" on {n(area)} m² = {n(area / reported)} m² per person (norm {n(norm)})"
        if unregistered:
            text += f"; {unregistered} more than are registered"
        return text
    if hit.indicator == "turnover":
        moves, last12 = f
        if nl:
            return f"{moves} verhuizingen in 24 maanden ({last12} in de laatste 12)"
        return f"{moves} moves in 24 months ({last12} in the last 12)"
    if hit.indicator == "non_residential":
        registered, uses = f
        if nl:
            return (
                f"{registered} ingeschreven op een adres met gebruiksdoel {', '.join(uses)} "
                "(geen woon- of logiesfunctie)"
            )
        return f"{registered} registered at an address with use {', '.join(uses)} (not residential)"
    if hit.indicator == "owner":
        (others,) = f
        if nl:
            return f"de eigenaar heeft nog {others} adressen met signalen"
        return f"the owner has {others} more addresses with signals"
    if hit.indicator == "laa":
        count, types = f
        names = ", ".join(LAA_TYPES[t][0 if nl else 1] for t in types)
        word = "LAA-signaal" if count == 1 else "LAA-signalen"
        return f"{count} {word}: {names}" if nl else f"{count} LAA signal(s): {names}"
    if hit.indicator == "complaints":
        complaints, partners = f
        parts: list[str] = []
        if nl:
            if complaints:
                parts.append(
                    f"{complaints} {'klacht' if complaints == 1 else 'klachten'} van buren"
                )
            if partners:
                word = "signaal" if len(partners) == 1 else "signalen"
                parts.append(f"{len(partners)} {word} van partners ({', '.join(partners)})")
            return " en ".join(parts)
        if complaints:
            parts.append(f"{complaints} neighbours' complaint(s)")
        if partners:
            parts.append(f"{len(partners)} partner signal(s) ({', '.join(partners)})")
        return " and ".join(parts)
    if hit.indicator == "findings":
        findings, age = f
        if nl:
            return f"vorige controle {age} maanden geleden: {findings} bevindingen"
        return f"last inspection {age} months ago: {findings} findings"
    raise ValueError(hit.indicator)


def information(data: AddressData, key: str, lang: str = "nl") -> list[str]:
    """What is shown about an address but never ranked: nationality counts, RNI addresses."""
    brp = data.brp.get(key)
    if brp is None:
        return []
    out: list[str] = []
    if brp.non_dutch:
        out.append(
            f"{brp.non_dutch} van {brp.registered} met een niet-Nederlandse nationaliteit "
            "(alleen ter informatie, telt niet mee)"
            if lang == "nl"
            else f"{brp.non_dutch} of {brp.registered} with a non-Dutch nationality "
            "(information only, not counted)"
        )
    if brp.rni:
        out.append(
            f"{brp.rni} RNI-contactadressen (alleen ter informatie)"
            if lang == "nl"
            else f"{brp.rni} RNI contact addresses (information only)"
        )
    return out
