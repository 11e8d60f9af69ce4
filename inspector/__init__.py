"""Offline housing-inspection and on-the-spot BRP registration app for Dutch municipalities."""

__version__ = "0.1.0"

#: The languages a resident may be addressed in; the first is the municipality's own.
LANGUAGES: tuple[str, ...] = ("nl", "en", "pl", "uk", "ro")
#: Each language's name as its speakers write it (lists a resident chooses from).
LANGUAGE_NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "pl": "Polski",
    "uk": "Українська",
    "ro": "Română",
}
#: The languages of officer-only texts.
OFFICER_LANGUAGES: tuple[str, ...] = ("nl", "en")
