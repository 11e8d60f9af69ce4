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

# Fields.
REGISTRATION_KIND = "registration_kind"
SURNAME = "surname"
GIVEN_NAMES = "given_names"
BIRTH_DATE = "birth_date"
SEX = "sex"
NATIONALITIES = "nationalities"
STREET = "street"
HOUSE_NUMBER = "house_number"
POSTCODE = "postcode"
TOWN = "town"
DOCUMENT_TYPE = "document_type"
DOCUMENT_NUMBER = "document_number"
DOCUMENT_COUNTRY = "document_country"
DOCUMENT_EXPIRY = "document_expiry"
BSN = "bsn"
SIGNING_PLACE = "signing_place"

#: The sections of the registration-details step (the document and signing have steps of
#: their own).
DETAILS_SECTIONS: tuple[str, ...] = (START, IDENTITY, ARRIVAL, ADDRESS, CONTACT)
#: The fields of the identity-document step.
DOCUMENT_STEP_FIELDS: frozenset[str] = frozenset(
    {DOCUMENT_TYPE, DOCUMENT_NUMBER, DOCUMENT_COUNTRY, DOCUMENT_EXPIRY, BSN}
)
