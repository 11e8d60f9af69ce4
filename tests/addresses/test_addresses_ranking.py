"""Indicators with their reasons in numbers, weights, filters, and nationality never ranks."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.addresses.indicators import context, evaluate, information, surely_none
from inspector.addresses.model import (
    AddressData,
    BagObject,
    BrpCounts,
    EarlierInspection,
    LaaSignal,
    OwnerRecord,
    Signal,
    address_key,
)
from inspector.addresses.ranking import Filter, rank
from inspector.settings import AddressSelection, Norms

TODAY = date(2026, 11, 30)
NORMS = Norms()
SELECTION = AddressSelection()


def _bag(number: int, area: float = 100, uses: tuple[str, ...] = ("woonfunctie",),
         postcode: str = "7100 AA", wijk: str = "Centrum") -> BagObject:  # fmt: skip
    return BagObject(
        key=address_key(postcode, number),
        vbo_id=f"999901{number:010d}",
        street="Proefstraat",
        number=number,
        addition="",
        postcode=postcode,
        city="Proefdorp",
        area_m2=area,
        uses=uses,
        wijk=wijk,
    )


def _data(*bags: BagObject) -> AddressData:
    data = AddressData()
    data.add_bag(bags)
    return data


def _reasons(data: AddressData, key: str, lang: str = "nl") -> list[str]:
    ranked = {r.key: r for r in rank(data, NORMS, SELECTION, TODAY)}
    return ranked[key].reasons(lang)


def test_occupancy_gives_the_issue_example_with_its_numbers() -> None:
    bag = _bag(1, area=62)
    data = _data(bag)
    data.add_brp([BrpCounts(bag.key, registered=9)])
    assert _reasons(data, bag.key) == ["9 ingeschreven op 62 m² = 6,9 m² per persoon (norm 12)"]
    assert _reasons(data, bag.key, "en") == ["9 registered on 62 m² = 6.9 m² per person (norm 12)"]


def test_lodging_is_measured_against_10_m2_and_a_roomy_address_has_no_reason() -> None:
    chalet = _bag(1, area=36, uses=("logiesfunctie",))
    house = _bag(3, area=36)
    roomy = _bag(5, area=120)
    data = _data(chalet, house, roomy)
    data.add_brp([BrpCounts(k.key, registered=3) for k in (chalet, house, roomy)])
    # 12 m² per person: not under the lodging norm (10), under the dwelling norm (12)? no: equal.
    assert _reasons(data, chalet.key) == []
    data.add_brp([BrpCounts(chalet.key, registered=4), BrpCounts(house.key, registered=4)])
    assert _reasons(data, chalet.key) == ["4 ingeschreven op 36 m² = 9 m² per persoon (norm 10)"]
    assert _reasons(data, house.key) == ["4 ingeschreven op 36 m² = 9 m² per persoon (norm 12)"]
    assert _reasons(data, roomy.key) == []


def test_turnover_counts_moves_in_and_out_from_the_threshold() -> None:
    busy, quiet = _bag(1), _bag(3)
    data = _data(busy, quiet)
    data.add_brp(
        [
            BrpCounts(busy.key, 2, moved_in_12=3, moved_out_12=2, moved_in_24=8, moved_out_24=6),
            BrpCounts(quiet.key, 2, moved_in_24=3, moved_out_24=2),
        ]
    )
    assert _reasons(data, busy.key) == ["14 verhuizingen in 24 maanden (5 in de laatste 12)"]
    assert _reasons(data, quiet.key) == []


def test_registered_on_a_non_residential_use() -> None:
    shed = _bag(1, area=800, uses=("industriefunctie",))
    data = _data(shed)
    data.add_brp([BrpCounts(shed.key, registered=3)])
    assert _reasons(data, shed.key) == [
        "3 ingeschreven op een adres met gebruiksdoel industriefunctie (geen woon- of "
        "logiesfunctie)"
    ]


def test_owner_with_several_signalled_addresses_laa_complaints_and_findings() -> None:
    bags = [_bag(n) for n in (1, 3, 5, 7)]
    data = _data(*bags)
    data.add_owners([OwnerRecord(b.key, "KVK-90000001") for b in bags])
    data.add_laa(
        [
            LaaSignal(bags[1].key, "overbewoning", date(2026, 5, 1)),
            LaaSignal(bags[1].key, "doorstroomadres", date(2026, 6, 1)),
            LaaSignal(bags[2].key, "cjib", date(2019, 1, 1)),  # older than 24 months
        ]
    )
    data.add_signals(
        [
            Signal(bags[2].key, "klacht", "buren", date(2026, 9, 1)),
            Signal(bags[2].key, "partner", "NLA", date(2026, 10, 1)),
        ]
    )
    data.add_inspections([EarlierInspection(bags[3].key, date(2025, 9, 30), 5)])
    assert _reasons(data, bags[0].key) == ["de eigenaar heeft nog 3 adressen met signalen"]
    assert "2 LAA-signalen: overbewoning, doorstroomadres" in _reasons(data, bags[1].key)
    assert "1 klacht van buren en 1 signaal van partners (NLA)" in _reasons(data, bags[2].key)
    assert "vorige controle 14 maanden geleden: 5 bevindingen" in _reasons(data, bags[3].key)


def test_a_landlord_report_of_more_persons_than_registered() -> None:
    bag = _bag(1, area=90)
    data = _data(bag)
    data.add_brp([BrpCounts(bag.key, registered=2)])
    data.add_owners([OwnerRecord(bag.key, "EIG-1", reported_persons=8)])
    assert _reasons(data, bag.key) == [
        "verhuurder meldde 8 arbeidsmigranten op 90 m² = 11,2 m² per persoon (norm 12); "
        "6 meer dan er ingeschreven zijn"
    ]


def test_weights_from_the_settings_change_the_order() -> None:
    crowded, busy = _bag(1, area=40), _bag(3, area=200)
    data = _data(crowded, busy)
    data.add_brp(
        [
            BrpCounts(crowded.key, registered=6),
            BrpCounts(busy.key, registered=2, moved_in_24=12, moved_out_24=10),
        ]
    )
    default = [r.key for r in rank(data, NORMS, SELECTION, TODAY)]
    turnover_first = AddressSelection(weights={**SELECTION.weights, "occupancy": 0.5})
    other = [r.key for r in rank(data, NORMS, turnover_first, TODAY)]
    assert default == [crowded.key, busy.key]
    assert other == [busy.key, crowded.key]


def test_filters_by_postcode_range_wijk_and_indicator() -> None:
    a = _bag(1, area=40, postcode="7100 AA", wijk="Centrum")
    b = _bag(1, area=40, postcode="7150 KL", wijk="Haven")
    c = _bag(1, area=40, postcode="7200 AB", wijk="Haven")
    data = _data(a, b, c)
    data.add_brp([BrpCounts(x.key, registered=6) for x in (a, b, c)])
    data.add_laa([LaaSignal(c.key, "overbewoning")])
    ranked = rank(data, NORMS, SELECTION, TODAY)

    def keys(f: Filter) -> list[str]:
        return sorted(r.key for r in f.apply(ranked, data))

    assert keys(Filter(postcode_from="7100", postcode_to="7199")) == [a.key, b.key]
    assert keys(Filter(postcode_from="7150 KL", postcode_to="7200 AB")) == [b.key, c.key]
    assert keys(Filter(wijken=frozenset({"haven"}))) == [b.key, c.key]
    assert keys(Filter(indicators=frozenset({"laa"}))) == [c.key]


def test_the_quick_test_agrees_with_every_indicator(tmp_path: Path) -> None:
    from addresses_support import load_town

    data = load_town(tmp_path, 4000, seed=3)
    ctx = context(data, NORMS, SELECTION, TODAY)
    quick = {k for k in data.bag if surely_none(data, k, ctx)}
    assert len(quick) > 2000  # it is worth having
    assert all(evaluate(data, k, ctx) == [] for k in quick)


def _town_with_nationality(seed: int, n: int) -> AddressData:
    rng = random.Random(seed)
    data = AddressData()
    for i in range(n):
        bag = _bag(i + 1, area=rng.randint(30, 150), uses=rng.choice(
            (("woonfunctie",), ("logiesfunctie",), ("industriefunctie",))))  # fmt: skip
        data.add_bag([bag])
        registered = rng.randint(0, 12)
        data.add_brp(
            [BrpCounts(bag.key, registered, moved_in_24=rng.randint(0, 9),
                       moved_out_24=rng.randint(0, 9), non_dutch=rng.randint(0, registered),
                       rni=rng.randint(0, 2))]
        )  # fmt: skip
        if rng.random() < 0.3:
            data.add_laa([LaaSignal(bag.key, "overbewoning")])
    return data


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), shuffle=st.integers(0, 10_000))
def test_changing_nationality_counts_alone_never_changes_order_or_scores(
    seed: int, shuffle: int
) -> None:
    data = _town_with_nationality(seed, 60)
    before = [(r.key, r.score, r.reasons()) for r in rank(data, NORMS, SELECTION, TODAY)]
    rng = random.Random(shuffle)
    for key, brp in list(data.brp.items()):
        # every non-Dutch count changed, to anything from none to all of the registered
        data.brp[key] = dataclasses.replace(brp, non_dutch=rng.randint(0, brp.registered))
    after = [(r.key, r.score, r.reasons()) for r in rank(data, NORMS, SELECTION, TODAY)]
    assert after == before


def test_nationality_is_shown_but_says_it_does_not_count() -> None:
    bag = _bag(1, area=62)
    data = _data(bag)
    data.add_brp([BrpCounts(bag.key, registered=9, non_dutch=4, rni=1)])
    assert information(data, bag.key) == [
        "4 van 9 met een niet-Nederlandse nationaliteit (alleen ter informatie, telt niet mee)",
        "1 RNI-contactadressen (alleen ter informatie)",
    ]
    assert all("nationalit" not in r for r in _reasons(data, bag.key))


def test_no_weight_may_name_nationality() -> None:
    with pytest.raises(ValueError, match="unknown indicator"):
        AddressSelection(weights={"nationality": 1.0})


def test_the_synthetic_hot_addresses_rank_on_top(tmp_path: Path) -> None:
    from addresses_support import gen_addresses, load_town

    data = load_town(tmp_path, 5000, seed=11)
    hot = set(gen_addresses().generate(5000, 11).hot)
    top = [r.key for r in rank(data, NORMS, SELECTION, TODAY)[: len(hot)]]
    assert len(set(top) & hot) / len(hot) > 0.8
