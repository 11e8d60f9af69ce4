"""The engine's own messages to the person filling in a form, in nl, en, pl, uk and ro."""

from __future__ import annotations

from typing import Final

from inspector.forms.model import LocalizedText

_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "required": {
        "nl": "Dit veld is verplicht.",
        "en": "This field is required.",
        "pl": "To pole jest wymagane.",
        "uk": "Це поле обов’язкове.",
        "ro": "Acest câmp este obligatoriu.",
    },
    "not_a_number": {
        "nl": "Vul een getal in.",
        "en": "Enter a number.",
        "pl": "Proszę wpisać liczbę.",
        "uk": "Введіть число.",
        "ro": "Introduceți un număr.",
    },
    "not_an_integer": {
        "nl": "Vul een heel getal in.",
        "en": "Enter a whole number.",
        "pl": "Proszę wpisać liczbę całkowitą.",
        "uk": "Введіть ціле число.",
        "ro": "Introduceți un număr întreg.",
    },
    "too_small": {
        "nl": "De waarde moet minstens {min} zijn.",
        "en": "The value must be at least {min}.",
        "pl": "Wartość musi wynosić co najmniej {min}.",
        "uk": "Значення має бути не менше ніж {min}.",
        "ro": "Valoarea trebuie să fie cel puțin {min}.",
    },
    "too_large": {
        "nl": "De waarde mag hoogstens {max} zijn.",
        "en": "The value must be at most {max}.",
        "pl": "Wartość może wynosić najwyżej {max}.",
        "uk": "Значення має бути не більше ніж {max}.",
        "ro": "Valoarea trebuie să fie cel mult {max}.",
    },
    "invalid_date": {
        "nl": "Vul een geldige datum in (dd-mm-jjjj).",
        "en": "Enter a valid date (dd-mm-yyyy).",
        "pl": "Proszę wpisać prawidłową datę (dd-mm-rrrr).",
        "uk": "Введіть правильну дату (дд-мм-рррр).",
        "ro": "Introduceți o dată validă (zz-ll-aaaa).",
    },
    "invalid_datetime": {
        "nl": "Vul een geldige datum en tijd in.",
        "en": "Enter a valid date and time.",
        "pl": "Proszę wpisać prawidłową datę i godzinę.",
        "uk": "Введіть правильні дату й час.",
        "ro": "Introduceți o dată și o oră valide.",
    },
    "date_in_future": {
        "nl": "Deze datum mag niet in de toekomst liggen.",
        "en": "This date cannot be in the future.",
        "pl": "Ta data nie może przypadać w przyszłości.",
        "uk": "Ця дата не може бути в майбутньому.",
        "ro": "Această dată nu poate fi în viitor.",
    },
    "invalid_choice": {
        "nl": "Kies een van de mogelijkheden.",
        "en": "Choose one of the options.",
        "pl": "Proszę wybrać jedną z możliwości.",
        "uk": "Виберіть один із варіантів.",
        "ro": "Alegeți una dintre opțiuni.",
    },
    "invalid_country": {
        "nl": "Kies een bestaand land.",
        "en": "Choose an existing country.",
        "pl": "Proszę wybrać istniejący kraj.",
        "uk": "Виберіть країну зі списку.",
        "ro": "Alegeți o țară existentă.",
    },
    "invalid_language": {
        "nl": "Kies een bestaande taal.",
        "en": "Choose an existing language.",
        "pl": "Proszę wybrać istniejący język.",
        "uk": "Виберіть мову зі списку.",
        "ro": "Alegeți o limbă existentă.",
    },
    "invalid_bsn": {
        "nl": "Dit is geen geldig burgerservicenummer (BSN).",
        "en": "This is not a valid citizen service number (BSN).",
        "pl": "To nie jest prawidłowy numer BSN.",
        "uk": "Цей номер BSN неправильний.",
        "ro": "Acesta nu este un număr BSN valid.",
    },
    "invalid_postcode": {
        "nl": "Vul een geldige postcode in, bijvoorbeeld 1234 AB.",
        "en": "Enter a valid Dutch postcode, for example 1234 AB.",
        "pl": "Proszę wpisać prawidłowy kod pocztowy, na przykład 1234 AB.",
        "uk": "Введіть правильний поштовий індекс, наприклад 1234 AB.",
        "ro": "Introduceți un cod poștal valid, de exemplu 1234 AB.",
    },
    "invalid_phone": {
        "nl": "Vul een geldig telefoonnummer in.",
        "en": "Enter a valid phone number.",
        "pl": "Proszę wpisać prawidłowy numer telefonu.",
        "uk": "Введіть правильний номер телефону.",
        "ro": "Introduceți un număr de telefon valid.",
    },
    "invalid_email": {
        "nl": "Vul een geldig e-mailadres in.",
        "en": "Enter a valid e-mail address.",
        "pl": "Proszę wpisać prawidłowy adres e-mail.",
        "uk": "Введіть правильну адресу електронної пошти.",
        "ro": "Introduceți o adresă de e-mail validă.",
    },
    "invalid_text": {
        "nl": "Vul tekst in.",
        "en": "Enter text.",
        "pl": "Proszę wpisać tekst.",
        "uk": "Введіть текст.",
        "ro": "Introduceți un text.",
    },
    "too_long": {
        "nl": "De tekst mag hoogstens {max} tekens lang zijn.",
        "en": "The text can be at most {max} characters long.",
        "pl": "Tekst może mieć najwyżej {max} znaków.",
        "uk": "Текст може містити не більше ніж {max} символів.",
        "ro": "Textul poate avea cel mult {max} caractere.",
    },
    "invalid_value": {
        "nl": "Deze waarde is ongeldig.",
        "en": "This value is not valid.",
        "pl": "Ta wartość jest nieprawidłowa.",
        "uk": "Це значення неправильне.",
        "ro": "Această valoare nu este validă.",
    },
    "too_few_items": {
        "nl": "Voeg er minstens {min} toe.",
        "en": "Add at least {min}.",
        "pl": "Proszę dodać co najmniej {min}.",
        "uk": "Додайте щонайменше {min}.",
        "ro": "Adăugați cel puțin {min}.",
    },
    "too_many_items": {
        "nl": "Er mogen er hoogstens {max} zijn.",
        "en": "There can be at most {max}.",
        "pl": "Może być najwyżej {max}.",
        "uk": "Може бути не більше ніж {max}.",
        "ro": "Pot fi cel mult {max}.",
    },
    "division_by_zero": {
        "nl": "Kan niet worden berekend: deling door nul.",
        "en": "Cannot be computed: division by zero.",
        "pl": "Nie można obliczyć: dzielenie przez zero.",
        "uk": "Неможливо обчислити: ділення на нуль.",
        "ro": "Nu se poate calcula: împărțire la zero.",
    },
    "number_too_large": {
        "nl": "Kan niet worden berekend: het getal is te groot.",
        "en": "Cannot be computed: the number is too large.",
        "pl": "Nie można obliczyć: liczba jest za duża.",
        "uk": "Неможливо обчислити: число завелике.",
        "ro": "Nu se poate calcula: numărul este prea mare.",
    },
    "failed": {
        "nl": "Kan niet worden berekend met deze antwoorden.",
        "en": "Cannot be computed with these answers.",
        "pl": "Nie można obliczyć na podstawie tych odpowiedzi.",
        "uk": "Неможливо обчислити за цими відповідями.",
        "ro": "Nu se poate calcula cu aceste răspunsuri.",
    },
}

_DECIMAL_COMMA: Final = frozenset({"nl", "pl", "uk", "ro"})


def _fmt(value: object, lang: str) -> str:
    if isinstance(value, float):
        text = f"{value:g}" if value != int(value) else str(int(value))
        return text.replace(".", ",") if lang in _DECIMAL_COMMA else text
    return str(value)


def message(key: str, **params: object) -> LocalizedText:
    """The engine message `key` in every language, with numbers written the local way."""
    texts = _MESSAGES.get(key) or _MESSAGES["invalid_value"]
    return LocalizedText(
        {
            lang: text.format(**{k: _fmt(v, lang) for k, v in params.items()})
            for lang, text in texts.items()
        }
    )


def message_keys() -> frozenset[str]:
    return frozenset(_MESSAGES)
