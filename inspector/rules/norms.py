"""Housing norms applied to the location answers: one Finding per norm (and per bedroom)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from inspector.rules import _values as v
from inspector.rules._text import num, persons, plural, ratio
from inspector.rules.model import LOCATION, Finding, Measured, Outcome
from inspector.settings import Norms

#: Burner norm thresholds (SNF 2016): the counts are fixed in the norm text itself.
BURNERS_SMALL_GROUP = 8
BURNERS_LARGE_GROUP = 30

#: Kinds of housing (controlelocatie accommodation_type) that are lodging (logies): the
#: 10 m² of SNF 1.3 applies there, the 12 m² of a dwelling (woonfunctie) everywhere else.
LODGING_TYPES = frozenset({"hotel_pension", "holiday_park"})
#: From this year the floor-area rule lives in the omgevingsplan (Omgevingswet, 1 Jan 2024).
OMGEVINGSWET_YEAR = 2024

# Floats from decimal input (e.g. 3 × 3.5) must not fail "exactly on the norm".
_EPS = 1e-9


def _at_least(measured: float, required: float) -> bool:
    return measured + _EPS >= required


class _Norm:
    """The fixed texts of one norm; builds its findings."""

    def __init__(
        self,
        code: str,
        norm_nl: str,
        norm_en: str,
        source: str,
        *,
        snf: bool = False,
        advice: bool = False,
    ) -> None:
        self.code = code
        self.norm_nl = norm_nl
        self.norm_en = norm_en
        self.source = source
        self.snf = snf
        self.advice = advice

    def finding(
        self,
        outcome: Outcome,
        nl: str,
        en: str,
        measured: Mapping[str, Measured],
        subject: str = LOCATION,
    ) -> Finding:
        return Finding(
            code=self.code,
            outcome=outcome,
            subject=subject,
            norm_nl=self.norm_nl,
            norm_en=self.norm_en,
            source=self.source,
            measured=dict(measured),
            message_nl=nl,
            message_en=en,
            snf=self.snf,
            advice=self.advice,
        )

    def missing(
        self, measured: Mapping[str, Measured], *fields: tuple[str, str, object]
    ) -> Finding:
        """'Not yet known', naming each (Dutch, English) field whose value is still None."""
        return self.unknown(
            [nl for nl, _en, value in fields if value is None],
            [en for _nl, en, value in fields if value is None],
            measured,
        )

    def unknown(
        self,
        missing_nl: list[str],
        missing_en: list[str],
        measured: Mapping[str, Measured],
        subject: str = LOCATION,
        prefix_nl: str = "",
        prefix_en: str = "",
    ) -> Finding:
        return self.finding(
            "unknown",
            f"{prefix_nl}Nog niet bekend: {', '.join(missing_nl)} ontbreekt",
            f"{prefix_en}Not yet known: {', '.join(missing_en)} missing",
            measured,
            subject,
        )


def _no_residents(norm: _Norm, measured: Mapping[str, Measured]) -> Finding:
    return norm.finding(
        "ok",
        "Geen bewoners: norm niet van toepassing",
        "No residents: norm does not apply",
        measured,
    )


def floor_area_source(inspection_date: date | None) -> str:
    """Where the dwelling's floor-area rule is: the omgevingsplan from 2024 on."""
    if inspection_date is not None and inspection_date.year < OMGEVINGSWET_YEAR:
        return "Bouwbesluit 2012 art. 7.18"
    return "omgevingsplan (voorheen art. 7.18 Bouwbesluit 2012)"


def floor_area_per_person(
    loc: Mapping[str, Any], norms: Norms, inspection_date: date | None = None
) -> Finding:
    """Usable floor area per person: 12 m² in a dwelling, 10 m² in lodging (SNF 1.3)."""
    lodging = v.choice(loc, "accommodation_type") in LODGING_TYPES
    minimum = norms.m2_per_person_lodging if lodging else norms.m2_per_person
    n = num(minimum, "nl")
    e = num(minimum, "en")
    if lodging:
        norm = _Norm(
            "floor_area_per_person",
            f"Minimaal {n} m² gebruiksoppervlakte per persoon (logies)",
            f"At least {e} m² usable floor area per person (lodging)",
            "SNF-norm 1.3",
            snf=True,
        )
    else:
        norm = _Norm(
            "floor_area_per_person",
            f"Minimaal {n} m² gebruiksoppervlakte per persoon (woonfunctie)",
            f"At least {e} m² usable floor area per person (dwelling)",
            floor_area_source(inspection_date),
        )
    area = v.number(loc, "floor_area_m2")
    people = v.count(loc, "persons_present")
    measured: dict[str, Measured] = {
        "floor_area_m2": area,
        "persons_present": people,
        "norm_m2_per_person": minimum,
    }
    if people == 0:
        return _no_residents(norm, measured)
    if area is None or people is None:
        return norm.missing(
            measured,
            ("gebruiksoppervlakte", "floor area", area),
            ("aantal bewoners", "number of residents", people),
        )
    per_person = area / people
    measured["m2_per_person"] = per_person
    ok = _at_least(area, minimum * people)
    return norm.finding(
        "ok" if ok else "breach",
        f"{persons(people, 'nl')} op {num(area, 'nl')} m²: "
        f"{ratio(per_person, minimum, 'nl')} m² per persoon, norm {n} m²",
        f"{persons(people, 'en')} on {num(area, 'en')} m²: "
        f"{ratio(per_person, minimum, 'en')} m² per person, norm {e} m²",
        measured,
    )


def bedrooms(loc: Mapping[str, Any], norms: Norms) -> list[Finding]:
    """Per bedroom: floor area per sleeping person (SNF 1.4.1) and persons per bedroom."""
    n_area = num(norms.bedroom_m2_per_person, "nl")
    e_area = num(norms.bedroom_m2_per_person, "en")
    area_norm = _Norm(
        "bedroom_area_per_person",
        f"Minimaal {n_area} m² slaapkameroppervlakte per persoon",
        f"At least {e_area} m² bedroom floor area per person",
        "SNF-norm 1.4.1",
        snf=True,
    )
    cap = norms.persons_per_bedroom
    crowd_norm = _Norm(
        "persons_per_bedroom",
        f"Advies: hoogstens {persons(cap, 'nl')} per slaapkamer",
        f"Advice: at most {persons(cap, 'en')} per bedroom",
        "Advies Aanjaagteam Bescherming Arbeidsmigranten",
        advice=True,
    )
    rooms = v.items(loc, "bedrooms")
    if not rooms:
        measured: dict[str, Measured] = {"bedrooms": 0}
        if v.count(loc, "persons_present") == 0:
            return [_no_residents(area_norm, measured), _no_residents(crowd_norm, measured)]
        return [
            area_norm.unknown(["slaapkamers"], ["bedrooms"], measured),
            crowd_norm.unknown(["slaapkamers"], ["bedrooms"], measured),
        ]
    findings: list[Finding] = []
    for index, room in enumerate(rooms, start=1):
        subject = f"bedroom:{index}"
        pre_nl, pre_en = f"Slaapkamer {index}: ", f"Bedroom {index}: "
        area = v.number(room, "area_m2")
        people = v.count(room, "persons")
        measured = {"bedroom": index, "area_m2": area, "persons": people}
        # floor area per sleeping person
        m = {**measured, "norm_m2_per_person": norms.bedroom_m2_per_person}
        if people == 0:
            findings.append(
                area_norm.finding(
                    "ok", f"{pre_nl}niemand slaapt hier", f"{pre_en}nobody sleeps here", m, subject
                )
            )
        elif area is None or people is None:
            findings.append(
                area_norm.unknown(
                    [
                        t
                        for t, x in (("oppervlakte", area), ("aantal personen", people))
                        if x is None
                    ],
                    [
                        t
                        for t, x in (("floor area", area), ("number of persons", people))
                        if x is None
                    ],
                    m,
                    subject,
                    pre_nl,
                    pre_en,
                )
            )
        else:
            per_person = area / people
            m["m2_per_person"] = per_person
            ok = _at_least(area, norms.bedroom_m2_per_person * people)
            findings.append(
                area_norm.finding(
                    "ok" if ok else "breach",
                    f"{pre_nl}{persons(people, 'nl')} op {num(area, 'nl')} m²: "
                    f"{ratio(per_person, norms.bedroom_m2_per_person, 'nl')} m² per persoon, "
                    f"norm {n_area} m²",
                    f"{pre_en}{persons(people, 'en')} on {num(area, 'en')} m²: "
                    f"{ratio(per_person, norms.bedroom_m2_per_person, 'en')} m² per person, "
                    f"norm {e_area} m²",
                    m,
                    subject,
                )
            )
        # persons per bedroom
        m = {**measured, "norm_persons_per_bedroom": cap}
        if people is None:
            findings.append(
                crowd_norm.unknown(
                    ["aantal personen"], ["number of persons"], m, subject, pre_nl, pre_en
                )
            )
        else:
            # Advice, never a norm: more people than advised is "advice", not a breach.
            findings.append(
                crowd_norm.finding(
                    "ok" if people <= cap else "advice",
                    f"{pre_nl}{persons(people, 'nl')}; advies: hoogstens {persons(cap, 'nl')} "
                    "per slaapkamer",
                    f"{pre_en}{persons(people, 'en')}; advice: at most {persons(cap, 'en')} "
                    "per bedroom",
                    m,
                    subject,
                )
            )
        findings.extend(bedroom_items(room, index))
    return findings


_BED = _Norm(
    "bedroom_beds",
    "Elk bed minstens 80 × 200 cm",
    "Every bed at least 80 × 200 cm",
    "SNF-norm 1.4",
    snf=True,
)
_WINDOW = _Norm(
    "bedroom_window",
    "Een raam dat open kan (daglicht en ventilatie)",
    "A window that opens (daylight and ventilation)",
    "SNF-norm 1.4",
    snf=True,
)
_WARDROBE = _Norm(
    "bedroom_wardrobe",
    "Per persoon een kledingkast van minstens 0,36 m³ en een stoel; een kast buiten de "
    "slaapkamer is afsluitbaar",
    "Per person a wardrobe of at least 0.36 m³ and a chair; a wardrobe outside the bedroom "
    "can be locked",
    "SNF-norm 1.4.2 / 1.4.3",
    snf=True,
)


def bedroom_items(room: Mapping[str, Any], index: int) -> list[Finding]:
    """Bed size, window and wardrobe of one bedroom, each against its SNF norm."""
    subject = f"bedroom:{index}"
    pre_nl, pre_en = f"Slaapkamer {index}: ", f"Bedroom {index}: "
    out: list[Finding] = []
    bed = v.yes_no(room, "bed_80x200")
    measured: dict[str, Measured] = {"bedroom": index, "bed_80x200": room.get("bed_80x200")}
    if bed is None:
        out.append(_BED.unknown(["bedmaat"], ["bed size"], measured, subject, pre_nl, pre_en))
    else:
        out.append(
            _BED.finding(
                "ok" if bed else "breach",
                pre_nl + ("bedden minstens 80 × 200 cm" if bed else "bed kleiner dan 80 × 200 cm"),
                pre_en + ("beds at least 80 × 200 cm" if bed else "bed smaller than 80 × 200 cm"),
                measured,
                subject,
            )
        )
    window = v.yes_no(room, "window")
    measured = {"bedroom": index, "window": room.get("window")}
    if window is None:
        out.append(_WINDOW.unknown(["raam"], ["window"], measured, subject, pre_nl, pre_en))
    else:
        out.append(
            _WINDOW.finding(
                "ok" if window else "breach",
                pre_nl + ("raam dat open kan" if window else "geen raam dat open kan"),
                pre_en + ("window that opens" if window else "no window that opens"),
                measured,
                subject,
            )
        )
    wardrobe = v.yes_no(room, "wardrobe_per_person")
    outside = v.yes_no(room, "wardrobe_outside_bedroom")
    lockable = v.yes_no(room, "wardrobe_lockable")
    measured = {
        "bedroom": index,
        "wardrobe_per_person": room.get("wardrobe_per_person"),
        "wardrobe_outside_bedroom": room.get("wardrobe_outside_bedroom"),
        "wardrobe_lockable": room.get("wardrobe_lockable"),
    }
    bad_nl: list[str] = []
    bad_en: list[str] = []
    if wardrobe is False:
        bad_nl.append("geen kledingkast van minstens 0,36 m³ en stoel per persoon")
        bad_en.append("no wardrobe of at least 0.36 m³ and chair per person")
    if outside is True and lockable is False:
        bad_nl.append("kast buiten de slaapkamer is niet afsluitbaar")
        bad_en.append("wardrobe outside the bedroom cannot be locked")
    if bad_nl:
        out.append(
            _WARDROBE.finding(
                "breach", pre_nl + "; ".join(bad_nl), pre_en + "; ".join(bad_en), measured, subject
            )
        )
    elif wardrobe is None or outside is None or (outside and lockable is None):
        missing = [
            (nl, en)
            for nl, en, x in (
                ("kledingkast en stoel", "wardrobe and chair", wardrobe),
                ("plaats van de kast", "where the wardrobe is", outside),
                ("afsluitbaar", "lockable", lockable if outside else True),
            )
            if x is None
        ]
        out.append(
            _WARDROBE.unknown(
                [nl for nl, _ in missing], [en for _, en in missing], measured, subject,
                pre_nl, pre_en,
            )
        )
    else:
        out.append(
            _WARDROBE.finding(
                "ok",
                pre_nl + "kledingkast en stoel per persoon",
                pre_en + "wardrobe and chair per person",
                measured,
                subject,
            )
        )
    return out


def _per_persons(
    loc: Mapping[str, Any],
    norm: _Norm,
    key: str,
    persons_per_item: int,
    one_nl: str,
    many_nl: str,
    one_en: str,
    many_en: str,
    missing_nl: str,
    missing_en: str,
) -> Finding:
    """'At least 1 <item> per N persons' (toilets, showers)."""
    have = v.count(loc, key)
    people = v.count(loc, "persons_present")
    measured: dict[str, Measured] = {
        key: have,
        "persons_present": people,
        "norm_persons_per_item": persons_per_item,
    }
    if people == 0:
        return _no_residents(norm, measured)
    if have is None or people is None:
        return norm.unknown(
            [t for t, x in ((missing_nl, have), ("aantal bewoners", people)) if x is None],
            [t for t, x in ((missing_en, have), ("number of residents", people)) if x is None],
            measured,
        )
    needed = math.ceil(people / persons_per_item)
    measured["needed"] = needed
    ok = have >= needed
    return norm.finding(
        "ok" if ok else "breach",
        f"{persons(people, 'nl')}, {have} {plural(have, one_nl, many_nl)}: norm 1 per "
        f"{persons(persons_per_item, 'nl')}, nodig {needed}",
        f"{persons(people, 'en')}, {have} {plural(have, one_en, many_en)}: norm 1 per "
        f"{persons(persons_per_item, 'en')}, {needed} needed",
        measured,
    )


def toilets(loc: Mapping[str, Any], norms: Norms) -> Finding:
    """At least one toilet per N persons (SNF 2.1)."""
    per = norms.persons_per_toilet
    norm = _Norm(
        "toilets_per_persons",
        f"Minimaal 1 toilet per {persons(per, 'nl')}",
        f"At least 1 toilet per {persons(per, 'en')}",
        "SNF-norm 2.1",
        snf=True,
    )
    return _per_persons(
        loc,
        norm,
        "toilets",
        per,
        "toilet",
        "toiletten",
        "toilet",
        "toilets",
        "aantal toiletten",
        "number of toilets",
    )


def showers(loc: Mapping[str, Any], norms: Norms) -> Finding:
    """At least one shower per N persons (SNF 2.2)."""
    per = norms.persons_per_shower
    norm = _Norm(
        "showers_per_persons",
        f"Minimaal 1 douche per {persons(per, 'nl')}",
        f"At least 1 shower per {persons(per, 'en')}",
        "SNF-norm 2.2",
        snf=True,
    )
    return _per_persons(
        loc,
        norm,
        "showers",
        per,
        "douche",
        "douches",
        "shower",
        "showers",
        "aantal douches",
        "number of showers",
    )


def fridge(loc: Mapping[str, Any], norms: Norms) -> Finding:
    """Fridge and freezer capacity per person."""
    per = norms.fridge_litres_per_person
    norm = _Norm(
        "fridge_litres_per_person",
        f"Minimaal {num(per, 'nl')} liter koel- en vriesruimte per persoon",
        f"At least {num(per, 'en')} litres of fridge and freezer space per person",
        "SNF-norm (2016)",
        snf=True,
    )
    litres = v.number(loc, "fridge_freezer_litres")
    people = v.count(loc, "persons_present")
    measured: dict[str, Measured] = {
        "fridge_freezer_litres": litres,
        "persons_present": people,
        "norm_litres_per_person": per,
    }
    if people == 0:
        return _no_residents(norm, measured)
    if litres is None or people is None:
        return norm.missing(
            measured,
            ("inhoud koelkast/vriezer", "fridge/freezer capacity", litres),
            ("aantal bewoners", "number of residents", people),
        )
    per_person = litres / people
    measured["litres_per_person"] = per_person
    ok = _at_least(litres, per * people)
    return norm.finding(
        "ok" if ok else "breach",
        f"{persons(people, 'nl')}, {num(litres, 'nl')} liter koel- en vriesruimte: "
        f"{ratio(per_person, per, 'nl')} liter per persoon, norm {num(per, 'nl')} liter",
        f"{persons(people, 'en')}, {num(litres, 'en')} litres of fridge and freezer space: "
        f"{ratio(per_person, per, 'en')} litres per person, norm {num(per, 'en')} litres",
        measured,
    )


def burners_needed(people: int, norms: Norms) -> int:
    """Burners the SNF norm asks for *people* residents.

    At least the minimum; above 8 persons one per 2 persons; above 30 persons 16. The last
    clause is read as the requirement for large groups (otherwise it would add nothing to
    "one per 2 persons", which already gives 16 at 31 persons).
    """
    if people > BURNERS_LARGE_GROUP:
        return max(norms.burners_minimum, norms.burners_minimum_above_30)
    if people > BURNERS_SMALL_GROUP:
        return max(
            norms.burners_minimum,
            math.ceil(people / norms.burners_persons_per_burner_above_8),
        )
    return norms.burners_minimum


def burners(loc: Mapping[str, Any], norms: Norms) -> Finding:
    """Cooking burners for the number of residents."""
    per = norms.burners_persons_per_burner_above_8
    norm = _Norm(
        "burners",
        f"Minimaal {norms.burners_minimum} kookpitten; boven {BURNERS_SMALL_GROUP} personen "
        f"1 per {per} personen; boven {BURNERS_LARGE_GROUP} personen "
        f"{norms.burners_minimum_above_30}",
        f"At least {norms.burners_minimum} burners; above {BURNERS_SMALL_GROUP} persons "
        f"1 per {per} persons; above {BURNERS_LARGE_GROUP} persons "
        f"{norms.burners_minimum_above_30}",
        "SNF-norm (2016)",
        snf=True,
    )
    have = v.count(loc, "burners")
    people = v.count(loc, "persons_present")
    measured: dict[str, Measured] = {"burners": have, "persons_present": people}
    if people == 0:
        return _no_residents(norm, measured)
    if have is None or people is None:
        return norm.missing(
            measured,
            ("aantal kookpitten", "number of burners", have),
            ("aantal bewoners", "number of residents", people),
        )
    needed = burners_needed(people, norms)
    measured["needed"] = needed
    return norm.finding(
        "ok" if have >= needed else "breach",
        f"{persons(people, 'nl')}, {have} {plural(have, 'kookpit', 'kookpitten')}: nodig {needed}",
        f"{persons(people, 'en')}, {have} {plural(have, 'burner', 'burners')}: {needed} needed",
        measured,
    )


def sockets(loc: Mapping[str, Any], norms: Norms) -> Finding:
    """Power sockets per resident."""
    per = norms.sockets_per_resident
    norm = _Norm(
        "sockets_per_resident",
        f"Minimaal {per} {plural(per, 'stopcontact', 'stopcontacten')} per bewoner",
        f"At least {per} power {plural(per, 'socket', 'sockets')} per resident",
        "SNF-norm (2021)",
        snf=True,
    )
    have = v.count(loc, "sockets")
    people = v.count(loc, "persons_present")
    measured: dict[str, Measured] = {"sockets": have, "persons_present": people}
    if people == 0:
        return _no_residents(norm, measured)
    if have is None or people is None:
        return norm.missing(
            measured,
            ("aantal stopcontacten", "number of sockets", have),
            ("aantal bewoners", "number of residents", people),
        )
    needed = per * people
    measured["needed"] = needed
    return norm.finding(
        "ok" if have >= needed else "breach",
        f"{persons(people, 'nl')}, {have} {plural(have, 'stopcontact', 'stopcontacten')}: "
        f"norm {per} per bewoner, nodig {needed}",
        f"{persons(people, 'en')}, {have} power {plural(have, 'socket', 'sockets')}: "
        f"norm {per} per resident, {needed} needed",
        measured,
    )


def fire_extinguisher(loc: Mapping[str, Any], norms: Norms) -> Finding:
    """A fire extinguisher of enough litres, inspected, close to the cooking place."""
    litres_norm = norms.extinguisher_litres
    dist_norm = norms.extinguisher_max_distance_m
    norm = _Norm(
        "fire_extinguisher",
        f"Brandblusser van minimaal {num(litres_norm, 'nl')} liter, gekeurd, binnen "
        f"{num(dist_norm, 'nl')} m van de kookplek",
        f"Fire extinguisher of at least {num(litres_norm, 'en')} litres, inspected, within "
        f"{num(dist_norm, 'en')} m of the cooking place",
        "SNF-norm (2016)",
        snf=True,
    )
    present = v.yes_no(loc, "extinguisher_present")
    litres = v.number(loc, "extinguisher_litres")
    inspected = v.yes_no(loc, "extinguisher_inspected")
    distance = v.number(loc, "extinguisher_distance_m")
    measured: dict[str, Measured] = {
        "extinguisher_present": loc.get("extinguisher_present"),
        "extinguisher_litres": litres,
        "extinguisher_inspected": loc.get("extinguisher_inspected"),
        "extinguisher_distance_m": distance,
    }
    if present is False:
        return norm.finding(
            "breach", "Geen brandblusser aanwezig", "No fire extinguisher present", measured
        )
    if present is None:
        return norm.unknown(["of er een brandblusser is"], ["whether there is one"], measured)
    bad_nl: list[str] = []
    bad_en: list[str] = []
    open_nl: list[str] = []
    open_en: list[str] = []
    if litres is None:
        open_nl.append("inhoud")
        open_en.append("capacity")
    elif not _at_least(litres, litres_norm):
        bad_nl.append(f"{num(litres, 'nl')} liter (norm minimaal {num(litres_norm, 'nl')} liter)")
        bad_en.append(f"{num(litres, 'en')} litres (norm at least {num(litres_norm, 'en')} litres)")
    if inspected is None:
        open_nl.append("keuring")
        open_en.append("inspection")
    elif not inspected:
        bad_nl.append("niet gekeurd")
        bad_en.append("not inspected")
    if distance is None:
        open_nl.append("afstand tot de kookplek")
        open_en.append("distance to the cooking place")
    elif distance > dist_norm + _EPS:
        bad_nl.append(
            f"{num(distance, 'nl')} m van de kookplek (norm hoogstens {num(dist_norm, 'nl')} m)"
        )
        bad_en.append(
            f"{num(distance, 'en')} m from the cooking place (norm at most "
            f"{num(dist_norm, 'en')} m)"
        )
    if bad_nl:
        return norm.finding(
            "breach",
            "Brandblusser: " + "; ".join(bad_nl),
            "Fire extinguisher: " + "; ".join(bad_en),
            measured,
        )
    if open_nl:
        return norm.unknown(
            open_nl, open_en, measured, LOCATION, "Brandblusser: ", "Fire extinguisher: "
        )
    assert litres is not None and distance is not None
    return norm.finding(
        "ok",
        f"Brandblusser van {num(litres, 'nl')} liter, gekeurd, {num(distance, 'nl')} m van de "
        "kookplek",
        f"Fire extinguisher of {num(litres, 'en')} litres, inspected, {num(distance, 'en')} m "
        "from the cooking place",
        measured,
    )


def smoke_detectors(loc: Mapping[str, Any], norms: Norms) -> Finding:
    """Working smoke detectors on every floor."""
    del norms  # no number to configure: the building rules fix this norm
    norm = _Norm(
        "smoke_detectors",
        "Werkende rookmelders op elke verdieping met een slaapkamer of vluchtroute",
        "Working smoke detectors on every floor with a bedroom or escape route",
        "Bouwbesluit 2012, nu Bbl: rookmelders verplicht in bestaande woningen sinds 1 juli 2022",
    )
    present = v.yes_no(loc, "smoke_detectors_present")
    working = v.yes_no(loc, "smoke_detectors_working")
    every_floor = v.yes_no(loc, "smoke_detectors_every_floor")
    measured: dict[str, Measured] = {
        "smoke_detectors_present": loc.get("smoke_detectors_present"),
        "smoke_detectors_working": loc.get("smoke_detectors_working"),
        "smoke_detectors_every_floor": loc.get("smoke_detectors_every_floor"),
    }
    if present is False:
        return norm.finding("breach", "Geen rookmelders", "No smoke detectors", measured)
    if present is None:
        return norm.unknown(
            ["of er rookmelders zijn"],
            ["whether there are any"],
            measured,
            LOCATION,
            "Rookmelders: ",
            "Smoke detectors: ",
        )
    bad_nl: list[str] = []
    bad_en: list[str] = []
    if working is False:
        bad_nl.append("niet alle rookmelders werken")
        bad_en.append("not all smoke detectors work")
    if every_floor is False:
        bad_nl.append("niet op elke verdieping een rookmelder")
        bad_en.append("not on every floor")
    if bad_nl:
        return norm.finding(
            "breach",
            "Rookmelders: " + "; ".join(bad_nl),
            "Smoke detectors: " + "; ".join(bad_en),
            measured,
        )
    if working is None or every_floor is None:
        return norm.unknown(
            [t for t, x in (("werking", working), ("verdiepingen", every_floor)) if x is None],
            [t for t, x in (("whether they work", working), ("floors", every_floor)) if x is None],
            measured,
            LOCATION,
            "Rookmelders: ",
            "Smoke detectors: ",
        )
    return norm.finding(
        "ok",
        "Werkende rookmelders op elke verdieping",
        "Working smoke detectors on every floor",
        measured,
    )


def max_persons(loc: Mapping[str, Any], norms: Norms) -> Finding | None:
    """The municipality's own maximum of persons not forming one household; None where the
    municipality has no such rule (there is no national or general maximum)."""
    cap = norms.max_persons_per_dwelling
    if cap is None or not norms.max_persons_enabled:
        return None
    norm = _Norm(
        "max_persons_per_dwelling",
        f"Hoogstens {persons(cap, 'nl')} die geen huishouden vormen per woning (lokale regel)",
        f"At most {persons(cap, 'en')} not forming one household per dwelling (local rule)",
        norms.max_persons_source.strip(),
    )
    people = v.count(loc, "persons_present")
    household = v.yes_no(loc, "single_household")
    measured: dict[str, Measured] = {
        "persons_present": people,
        "single_household": loc.get("single_household"),
        "norm_max_persons": cap,
    }
    if people is None:
        return norm.unknown(["aantal bewoners"], ["number of residents"], measured)
    if people <= cap:
        return norm.finding(
            "ok",
            f"{persons(people, 'nl')}, maximum {cap} per woning",
            f"{persons(people, 'en')}, maximum {cap} per dwelling",
            measured,
        )
    if household is True:
        return norm.finding(
            "ok",
            f"{persons(people, 'nl')} in één huishouden: maximum voor niet-verwante personen "
            "niet van toepassing",
            f"{persons(people, 'en')} in one household: maximum for unrelated persons does not "
            "apply",
            measured,
        )
    if household is None:
        return norm.finding(
            "unknown",
            f"Nog niet bekend: {persons(people, 'nl')}, maar niet ingevuld of zij één huishouden "
            f"vormen (maximum {cap} niet-verwante personen)",
            f"Not yet known: {persons(people, 'en')}, but not recorded whether they form one "
            f"household (maximum {cap} unrelated persons)",
            measured,
        )
    return norm.finding(
        "breach",
        f"{persons(people, 'nl')} die geen huishouden vormen: maximum {cap} per woning",
        f"{persons(people, 'en')} not forming one household: maximum {cap} per dwelling",
        measured,
    )


#: The location norms after the bedrooms, in report order.
SINGLE_NORMS: tuple[Callable[[Mapping[str, Any], Norms], Finding], ...] = (
    toilets,
    showers,
    fridge,
    burners,
    sockets,
    fire_extinguisher,
    smoke_detectors,
)


def location_findings(
    loc: Mapping[str, Any], norms: Norms, inspection_date: date | None = None
) -> list[Finding]:
    """All findings for one location, in report order."""
    findings = [floor_area_per_person(loc, norms, inspection_date)]
    local = max_persons(loc, norms)
    if local is not None:
        findings.append(local)
    findings.extend(bedrooms(loc, norms))
    findings.extend(rule(loc, norms) for rule in SINGLE_NORMS)
    return findings
