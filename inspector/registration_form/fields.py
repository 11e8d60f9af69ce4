"""The ids of the registration form (forms/inschrijving.yaml) that code refers to by name:
written once here, checked against the form file by a test, so that a renamed field breaks a
test and not a screen."""

from __future__ import annotations

from typing import Final

# Sections, in the form's order.
START = "start"
IDENTITY = "identity"
ARRIVAL = "arrival"
ADDRESS = "address"
DOCUMENT = "document"
CONTACT = "contact"
SIGNING = "signing"

# Fields, by section.
PREFERRED_LANGUAGE = "preferred_language"
REGISTRATION_KIND = "registration_kind"

SURNAME = "surname"
GIVEN_NAMES = "given_names"
BIRTH_DATE = "birth_date"
BIRTH_PLACE = "birth_place"
BIRTH_COUNTRY = "birth_country"
SEX = "sex"
NATIONALITIES = "nationalities"
CIVIL_STATUS = "civil_status"
PARTNER_SURNAME = "partner_surname"
PARTNER_GIVEN_NAMES = "partner_given_names"
PARTNER_BIRTH_DATE = "partner_birth_date"
MARRIAGE_DATE = "marriage_date"
MARRIAGE_PLACE = "marriage_place"

ADDRESS_ABROAD_COUNTRY = "address_abroad_country"
ADDRESS_ABROAD = "address_abroad"
ARRIVAL_DATE = "arrival_date"
EXPECTED_STAY = "expected_stay"
EARLIER_REGISTRATION_NL = "earlier_registration_nl"
EARLIER_REGISTRATION_DETAILS = "earlier_registration_details"

STREET = "street"
HOUSE_NUMBER = "house_number"
UNIT = "unit"
POSTCODE = "postcode"
TOWN = "town"
MOVING_IN_DATE = "moving_in_date"

DOCUMENT_TYPE = "document_type"
V_NUMBER = "v_number"
DOCUMENT_NUMBER = "document_number"
DOCUMENT_COUNTRY = "document_country"
DOCUMENT_EXPIRY = "document_expiry"
DOCUMENT_CHECKED = "document_checked"
DOCUMENT_SCAN = "document_scan"
BSN = "bsn"

PHONE = "phone"
EMAIL = "email"
PREFERRED_CHANNEL = "preferred_channel"

SIGNING_PLACE = "signing_place"
SIGNING_DATE = "signing_date"
SIGNATURE = "signature"
OFFICER_NAME = "officer_name"
OFFICER_MANDATE = "officer_mandate"

#: The sections of the registration-details step (the document and signing have steps of
#: their own).
DETAILS_SECTIONS: tuple[str, ...] = (START, IDENTITY, ARRIVAL, ADDRESS, CONTACT)
#: The fields of the identity-document step.
DOCUMENT_STEP_FIELDS: frozenset[str] = frozenset(
    {DOCUMENT_TYPE, DOCUMENT_NUMBER, DOCUMENT_COUNTRY, DOCUMENT_EXPIRY, BSN}
)


# Choice ids, one namespace per choice list (Final, so that a constant types as its literal).
# A value the store holds but the form no longer offers is listed in NOT_OFFERED.


class RegistrationKind:
    """Choices of REGISTRATION_KIND. On the spot only as a resident; ``rni`` is the kind of
    registrations made before the RNI route became a referral (the store still holds them)."""

    INGEZETENE: Final = "ingezetene"
    RNI: Final = "rni"


class Sex:
    """Choices of SEX (the same ids in the resident questionnaire, forms/betrokkene.yaml)."""

    MALE: Final = "male"
    FEMALE: Final = "female"
    UNKNOWN: Final = "unknown"


class CivilStatus:
    """Choices of CIVIL_STATUS."""

    UNMARRIED: Final = "unmarried"
    MARRIED: Final = "married"
    REGISTERED_PARTNERSHIP: Final = "registered_partnership"
    DIVORCED: Final = "divorced"
    WIDOWED: Final = "widowed"


class ExpectedStay:
    """Choices of EXPECTED_STAY."""

    UNDER_4_MONTHS: Final = "under_4_months"
    AT_LEAST_4_MONTHS: Final = "at_least_4_months"
    UNKNOWN: Final = "unknown"


class DocumentType:
    """Choices of DOCUMENT_TYPE."""

    PASSPORT: Final = "passport"
    EU_ID_CARD: Final = "eu_id_card"
    RESIDENCE_DOCUMENT: Final = "residence_document"


class PreferredChannel:
    """Choices of PREFERRED_CHANNEL."""

    PHONE_CALL: Final = "phone_call"
    SMS: Final = "sms"
    EMAIL: Final = "email"
    LETTER: Final = "letter"


#: The choice lists by field id (a test checks each against the form file, both ways).
CHOICES: dict[str, type] = {
    REGISTRATION_KIND: RegistrationKind,
    SEX: Sex,
    CIVIL_STATUS: CivilStatus,
    EXPECTED_STAY: ExpectedStay,
    DOCUMENT_TYPE: DocumentType,
    PREFERRED_CHANNEL: PreferredChannel,
}
#: Choice ids the store may hold that the form no longer offers.
NOT_OFFERED: frozenset[str] = frozenset({RegistrationKind.RNI})


def choice_ids(choices: type) -> dict[str, str]:
    """The constants of one choice namespace: NAME -> id."""
    return {
        name: value
        for name, value in vars(choices).items()
        if name.isupper() and isinstance(value, str)
    }
