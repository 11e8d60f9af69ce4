"""Countries: resolve what people type or what an MRZ holds to ISO 3166 alpha-2, and name them."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError

#: ISO 3166-1 alpha-2 -> alpha-3 (all 249 officially assigned codes) plus XK (Kosovo, user-
#: assigned but used by the EU and the Dutch BRP; ICAO writes it RKS in an MRZ).
_ALPHA3_TABLE = """
AD AND AE ARE AF AFG AG ATG AI AIA AL ALB AM ARM AO AGO AQ ATA AR ARG AS ASM AT AUT AU AUS
AW ABW AX ALA AZ AZE BA BIH BB BRB BD BGD BE BEL BF BFA BG BGR BH BHR BI BDI BJ BEN BL BLM
BM BMU BN BRN BO BOL BQ BES BR BRA BS BHS BT BTN BV BVT BW BWA BY BLR BZ BLZ CA CAN CC CCK
CD COD CF CAF CG COG CH CHE CI CIV CK COK CL CHL CM CMR CN CHN CO COL CR CRI CU CUB CV CPV
CW CUW CX CXR CY CYP CZ CZE DE DEU DJ DJI DK DNK DM DMA DO DOM DZ DZA EC ECU EE EST EG EGY
EH ESH ER ERI ES ESP ET ETH FI FIN FJ FJI FK FLK FM FSM FO FRO FR FRA GA GAB GB GBR GD GRD
GE GEO GF GUF GG GGY GH GHA GI GIB GL GRL GM GMB GN GIN GP GLP GQ GNQ GR GRC GS SGS GT GTM
GU GUM GW GNB GY GUY HK HKG HM HMD HN HND HR HRV HT HTI HU HUN ID IDN IE IRL IL ISR IM IMN
IN IND IO IOT IQ IRQ IR IRN IS ISL IT ITA JE JEY JM JAM JO JOR JP JPN KE KEN KG KGZ KH KHM
KI KIR KM COM KN KNA KP PRK KR KOR KW KWT KY CYM KZ KAZ LA LAO LB LBN LC LCA LI LIE LK LKA
LR LBR LS LSO LT LTU LU LUX LV LVA LY LBY MA MAR MC MCO MD MDA ME MNE MF MAF MG MDG MH MHL
MK MKD ML MLI MM MMR MN MNG MO MAC MP MNP MQ MTQ MR MRT MS MSR MT MLT MU MUS MV MDV MW MWI
MX MEX MY MYS MZ MOZ NA NAM NC NCL NE NER NF NFK NG NGA NI NIC NL NLD NO NOR NP NPL NR NRU
NU NIU NZ NZL OM OMN PA PAN PE PER PF PYF PG PNG PH PHL PK PAK PL POL PM SPM PN PCN PR PRI
PS PSE PT PRT PW PLW PY PRY QA QAT RE REU RO ROU RS SRB RU RUS RW RWA SA SAU SB SLB SC SYC
SD SDN SE SWE SG SGP SH SHN SI SVN SJ SJM SK SVK SL SLE SM SMR SN SEN SO SOM SR SUR SS SSD
ST STP SV SLV SX SXM SY SYR SZ SWZ TC TCA TD TCD TF ATF TG TGO TH THA TJ TJK TK TKL TL TLS
TM TKM TN TUN TO TON TR TUR TT TTO TV TUV TW TWN TZ TZA UA UKR UG UGA UM UMI US USA UY URY
UZ UZB VA VAT VC VCT VE VEN VG VGB VI VIR VN VNM VU VUT WF WLF WS WSM YE YEM YT MYT ZA ZAF
ZM ZMB ZW ZWE XK XKX
"""

_pairs = _ALPHA3_TABLE.split()
ALPHA2_TO_ALPHA3: dict[str, str] = dict(zip(_pairs[::2], _pairs[1::2], strict=True))
ALPHA3_TO_ALPHA2: dict[str, str] = {a3: a2 for a2, a3 in ALPHA2_TO_ALPHA3.items()}

#: Codes that occur in an MRZ besides ISO alpha-3 (ICAO Doc 9303 Part 3). ``None``: no country.
MRZ_SPECIAL_CODES: dict[str, str | None] = {
    "D": "DE",  # Germany writes D<< instead of DEU
    "GBD": "GB",  # British Overseas Territories citizen
    "GBN": "GB",  # British National (Overseas)
    "GBO": "GB",  # British Overseas citizen
    "GBP": "GB",  # British protected person
    "GBS": "GB",  # British subject
    "RKS": "XK",  # Kosovo
    "ROM": "RO",  # Romania before 2002
    "EUE": None,  # European Union (laissez-passer)
    "UNO": None,  # United Nations organisation
    "UNA": None,  # UN specialised agency
    "UNK": None,  # UN interim administration in Kosovo
    "XXA": None,  # stateless person
    "XXB": None,  # refugee (1951 convention)
    "XXC": None,  # refugee (other)
    "XXX": None,  # unspecified nationality
    "XOM": None,  # Sovereign Military Order of Malta
    "XPO": None,  # Interpol
    "UTO": None,  # Utopia: the fictitious state of the ICAO specimen documents
}

_SPECIAL_NAMES: dict[str, dict[str, str]] = {
    "UTO": {"nl": "Utopia (ICAO-voorbeeld)", "en": "Utopia (ICAO specimen)"},
    "XXA": {"nl": "staatloos", "en": "stateless"},
    "XXB": {"nl": "vluchteling", "en": "refugee"},
    "XXC": {"nl": "vluchteling", "en": "refugee"},
    "XXX": {"nl": "nationaliteit onbekend", "en": "unspecified nationality"},
    "EUE": {"nl": "Europese Unie", "en": "European Union"},
    "UNO": {"nl": "Verenigde Naties", "en": "United Nations"},
    "UNA": {"nl": "Verenigde Naties", "en": "United Nations"},
    "UNK": {"nl": "Verenigde Naties (Kosovo)", "en": "United Nations (Kosovo)"},
}

#: Common variants that CLDR does not list (keys are normalised with :func:`normalise_name`).
_ALIASES: dict[str, str] = {
    "holland": "NL",
    "the netherlands": "NL",
    "netherlands the": "NL",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "engeland": "GB",
    "groot brittannie": "GB",
    "groot brittanie": "GB",
    "usa": "US",
    "vs": "US",
    "america": "US",
    "amerika": "US",
    "united states of america": "US",
    "verenigde staten van amerika": "US",
    "czech republic": "CZ",
    "tsjechische republiek": "CZ",
    "slovak republic": "SK",
    "slowaakse republiek": "SK",
    "macedonia": "MK",
    "macedonie": "MK",
    "republic of moldova": "MD",
    "moldavia": "MD",
    "moldova": "MD",
    "republiek moldavie": "MD",
    "wit rusland": "BY",
    "witrusland": "BY",
    "belorussia": "BY",
    "byelorussia": "BY",
    "russian federation": "RU",
    "russische federatie": "RU",
    "turkey": "TR",
    "turkiye": "TR",
    "bosnia": "BA",
    "bosnie": "BA",
    "ivory coast": "CI",
    "ivoorkust": "CI",
    "swaziland": "SZ",
    "burma": "MM",
    "birma": "MM",
    "south korea": "KR",
    "north korea": "KP",
    "kosova": "XK",
    "cape verde": "CV",
    "east timor": "TL",
    "oost timor": "TL",
    "vatican": "VA",
    "vatican city": "VA",
    "drc": "CD",
    "congo kinshasa": "CD",
    "congo brazzaville": "CG",
    "uae": "AE",
    "emiraten": "AE",
    "palestine": "PS",
    "palestina": "PS",
    "rumania": "RO",
    "roemenia": "RO",
    "ukraina": "UA",
    "polska": "PL",
    "deutschland": "DE",
    "bundesrepublik deutschland": "DE",
    "romania": "RO",
    "bulgaria": "BG",
    "lietuva": "LT",
    "latvija": "LV",
    "eesti": "EE",
    "magyarorszag": "HU",
    "slovensko": "SK",
    "cesko": "CZ",
    "ceska republika": "CZ",
    "hrvatska": "HR",
    "srbija": "RS",
    "moldavie": "MD",
    "belgie": "BE",
    "belgique": "BE",
}

#: Languages whose CLDR country names are indexed (what officers and residents may type).
_NAME_LANGUAGES = ("nl", "en", "pl", "uk", "ro", "de")

_PUNCT = re.compile(r"[\s\-‐‑–—'’`.,()/&]+")


def normalise_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for lookups only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("ß", "ss").replace("ł", "l").replace("ø", "o").replace("æ", "ae")
    return _PUNCT.sub(" ", stripped).strip()


@cache
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for alias, code in _ALIASES.items():
        index.setdefault(normalise_name(alias), code)
    for lang in _NAME_LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if code in ALPHA2_TO_ALPHA3:
                index.setdefault(normalise_name(name), code)
    return index


def mrz_code_to_alpha2(code: str) -> str | None:
    """Alpha-2 for an MRZ state code (alpha-3, ``D``, ``GBD`` …); None for UTO, XXA, UNO …"""
    clean = code.strip().upper().replace("<", "")
    if clean in MRZ_SPECIAL_CODES:
        return MRZ_SPECIAL_CODES[clean]
    return ALPHA3_TO_ALPHA2.get(clean)


def alpha2_to_alpha3(code: str) -> str | None:
    """ISO alpha-3 for an alpha-2 code, or None when it is not a country code."""
    return ALPHA2_TO_ALPHA3.get(code.strip().upper())


def resolve_country(text: str | None) -> str | None:
    """ISO alpha-2 for a country typed as a code (alpha-2, alpha-3, MRZ) or a name, else None.

    Names are matched in Dutch, English, Polish, Ukrainian, Romanian and German (CLDR via
    babel), ignoring case, diacritics and punctuation, plus a few common variants
    ("Holland", "Wit-Rusland", "Czech Republic").
    """
    if text is None:
        return None
    raw = text.strip()
    if not raw:
        return None
    upper = raw.upper()
    if len(upper) == 2 and upper in ALPHA2_TO_ALPHA3:
        return upper
    if len(upper) <= 3 and upper.isascii() and upper.isalpha():
        mapped = mrz_code_to_alpha2(upper)
        if mapped is not None:
            return mapped
    return _name_index().get(normalise_name(raw))


def is_known_code(code: str) -> bool:
    """True for any ISO alpha-2/alpha-3 code or MRZ special code (including UTO and XXA)."""
    upper = code.strip().upper()
    return upper in ALPHA2_TO_ALPHA3 or upper in ALPHA3_TO_ALPHA2 or upper in MRZ_SPECIAL_CODES


def country_name(code: str, lang: str) -> str:
    """Display name of a country code (alpha-2, alpha-3 or MRZ code) in ``lang`` (CLDR names).

    Falls back to English for a language without a name, and to the code itself for an
    unknown code, so that a display never fails.
    """
    upper = code.strip().upper()
    if upper in _SPECIAL_NAMES:
        names = _SPECIAL_NAMES[upper]
        return names.get(lang, names["en"])
    alpha2 = upper if upper in ALPHA2_TO_ALPHA3 else mrz_code_to_alpha2(upper)
    if alpha2 is None:
        return code.strip()
    for candidate in (lang, "en"):
        name = _territories(candidate).get(alpha2)
        if name:
            return name
    return alpha2


@cache
def _territories(lang: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(lang).territories)
    except (ValueError, LookupError, UnknownLocaleError):
        return {}


#: EU and EEA states and Switzerland (alpha-2): their nationals need no residence document to
#: be registered as residents; everyone else is registered only with lawful residence.
EU_EEA_CH: frozenset[str] = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "IS LI NO CH".split()
)


def free_movement(codes: list[str] | tuple[str, ...]) -> bool:
    """Whether any of the nationalities *codes* (alpha-2) is EU/EEA/Swiss."""
    return any(str(code).upper() in EU_EEA_CH for code in codes)
