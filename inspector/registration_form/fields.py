"""The ids of the registration form (forms/inschrijving.yaml) that code refers to by name:
written once here, checked against the form file by a test, so that a renamed field breaks a
test and not a screen."""

from __future__ import annotations

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
