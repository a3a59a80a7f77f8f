"""Field types of the data model: each turns the text of one YAML value into a value.

Every check raises `PydanticCustomError(code, message, {"hint": ...})`, so that the
problem reaches the contributor with a stable code, a Finnish message and a fix hint.
`{field}` in a message stands for the Finnish key; the problem report fills it in.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from datetime import date, time
from typing import Annotated, Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from generator.phrases import count

QUOTED_AT_MOST = 60  # characters of a refused value quoted in its message; a longer one is cut with "…"


def problem(code: str, message: str, hint: str, **values: Any) -> PydanticCustomError:
    """Return the error a field check raises: a code, a message and a fix hint."""
    value = values.get("value")
    if isinstance(value, str) and len(value) > QUOTED_AT_MOST:
        values["value"] = value[: QUOTED_AT_MOST - 1] + "…"
    return PydanticCustomError(code, message, {"hint": hint, **values})


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise problem("type", "'{field}' pitää olla tekstiä", "kirjoita arvo samalle riville kentän nimen perään")
    return value.strip()


# A letter or symbol to Unicode that fonts draw as nothing: the Hangul fillers and the blank Braille pattern.
_BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _visible(text: str) -> bool:
    """Tell whether a text shows anything: a letter, digit, punctuation mark or symbol, other than a blank one.

    Spaces (the no-break space too), format characters such as the zero-width space and the
    soft hyphen, and combining marks with nothing to combine with show nothing on their own.
    """
    return any(unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_CHARACTERS for char in text)


class Text:
    """A text of at most `max_length` characters, e.g. `Annotated[str, Text(100)]`: stripped, and never blank."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self._check)

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}

    def _check(self, value: Any) -> str:
        text = _text(value)
        if not _visible(text):
            invisible = ": näkymättömät merkit, kuten nollalevyinen välilyönti, eivät riitä" if text else ""
            raise problem("empty", "'{field}' on tyhjä", "kirjoita arvo kentän nimen perään" + invisible)
        if len(text) > self.max_length:
            raise problem(
                "too-long",
                "'{field}' on liian pitkä ({length}, enintään {max_length})",
                "lyhennä tekstiä",
                length=count(len(text), "merkki", "merkkiä"),
                max_length=self.max_length,
            )
        return text


def parse_bool(value: Any) -> Any:
    """Accept true or false only: YAML 1.1's yes/no/on/off are refused, not guessed."""
    if isinstance(value, bool):
        return value
    text = _text(value)
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    raise problem(
        "bool", "'{field}' pitää olla true tai false, nyt '{value}'", "kirjoita true (kyllä) tai false (ei)", value=text
    )


Bool = Annotated[bool, BeforeValidator(parse_bool)]


def _empty_block(value: Any) -> Any:
    # A template's optional block ("ika:", "yhteystiedot:") left with every sub-field empty is not given.
    return None if isinstance(value, dict) and value and all(item is None for item in value.values()) else value


# Marks an optional block of sub-fields: one whose sub-fields are all left empty counts as absent.
OptionalBlock = BeforeValidator(_empty_block)


def _json_pattern(regex: re.Pattern[str]) -> str:
    """Return a regex as a JSON Schema pattern, anchored: an editor matches a pattern anywhere in the text."""
    return f"^(?:{regex.pattern})$"


# Every number, date and code is written in ASCII digits: re's \d would take "٠٤٣٠٠" too.
DIGITS = re.compile(r"[0-9]+")


class _Number:
    """A number from `low` to `high` as a file writes it, in the digits 0–9; `example` goes into the hints.

    pydantic's own int and float would read "1_8", " 18 ", "+18", "18.0", "1e1", "nan" and "inf" too.
    """

    json_type = "number"
    noun = "luku"

    def __init__(self, low: float, high: float, example: str) -> None:
        self.low, self.high, self.example = low, high, example

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self._check)

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": self.json_type, "minimum": self.low, "maximum": self.high}

    def _check(self, value: Any) -> float:
        if not isinstance(value, str):
            raise problem(
                "number",
                f"'{{field}}' pitää olla {self.noun}",
                "kirjoita luku kentän nimen perään, esim. {example}",
                example=self.example,
            )
        number = self._read(value)
        if not self.low <= number <= self.high:
            raise problem(
                "range",
                "'{field}' pitää olla {low}–{high}, nyt '{value}'",
                "tarkista luku",
                low=self.low,
                high=self.high,
                value=value,
            )
        return number

    def _read(self, value: str) -> float:
        """Return the number `value` writes; a run of digits too long to read is infinity, out of any range."""
        raise NotImplementedError


class Integer(_Number):
    """A whole number, e.g. `Annotated[int, Integer(0, 120, example="18")]`."""

    json_type = "integer"
    noun = "kokonaisluku"

    def _read(self, value: str) -> float:
        if not DIGITS.fullmatch(value):
            raise problem(
                "number",
                "'{field}' pitää olla kokonaisluku, nyt '{value}'",
                "kirjoita pelkkä luku numeroin 0–9, esim. {example}",
                value=value,
                example=self.example,
            )
        # int() refuses to read a run of thousands of digits.
        return int(value) if len(value.lstrip("0")) <= len(str(self.high)) else math.inf


_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_COMMA_DECIMAL = re.compile(r"-?[0-9]+,[0-9]+")


class Decimal(_Number):
    """A number with an optional decimal point and minus sign, e.g. `Annotated[float, Decimal(-90, 90, "60.4")]`."""

    def _read(self, value: str) -> float:
        if not _DECIMAL.fullmatch(value):
            hint = (
                "käytä desimaalipistettä, ei pilkkua: {point}"
                if _COMMA_DECIMAL.fullmatch(value)
                else "kirjoita pelkkä luku numeroin 0–9 ja desimaalipisteellä, esim. {example}"
            )
            raise problem(
                "number",
                "'{field}' pitää olla luku, nyt '{value}'",
                hint,
                value=value,
                point=value.replace(",", "."),
                example=self.example,
            )
        return float(value)  # a run of thousands of digits reads as infinity


_DATE = re.compile(r"([0-9]+)-[0-9]{2}-[0-9]{2}")
# The catalogue's dates fall in this century: a year outside it (0226, 20260) is a typo.
_YEAR = re.compile(r"20[0-9]{2}")


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    text = _text(value)
    match = _DATE.fullmatch(text)
    if not match:
        raise problem(
            "date-format",
            "'{field}' pitää olla päivämäärä muotoa VVVV-KK-PP, nyt '{value}'",
            "kirjoita esim. 2026-11-01",
            value=text,
        )
    if not _YEAR.fullmatch(match[1]):
        raise problem(
            "date-range",
            "'{field}': vuoden pitää olla 2000–2099, nyt '{value}'",
            "tarkista vuosiluku, esim. 2026-11-01",
            value=text,
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise problem(
            "no-such-date",
            "'{field}': päivää {value} ei ole olemassa",
            "tarkista kuukausi (01–12) ja päivä: esim. huhtikuussa on 30 päivää ja helmikuussa 28 tai 29",
            value=text,
        ) from None


Date = Annotated[date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]


def _not_in_future(value: date, info: ValidationInfo) -> date:
    today: date = (info.context or {})["today"]
    if value > today:
        raise problem(
            "checked-in-future",
            "'{field}' on tulevaisuudessa: {value}",
            "kirjoita päivä, jona tiedot tarkistettiin (viimeistään {today})",
            value=value.isoformat(),
            today=today.isoformat(),
        )
    return value


CheckedDate = Annotated[Date, AfterValidator(_not_in_future)]

_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def _time(value: Any) -> time:
    if isinstance(value, time):
        return value
    text = _text(value)
    match = _TIME.fullmatch(text)
    if not match:
        raise problem(
            "time-format", "'{field}' pitää olla muotoa HH:MM, nyt '{value}'", 'kirjoita esim. "09:30"', value=text
        )
    return time(int(match[1]), int(match[2]))


def hh_mm(moment: time) -> str:
    """Return a time as the files write it, e.g. "09:30"."""
    return moment.strftime("%H:%M")


Time = Annotated[
    time,
    BeforeValidator(_time),
    # In JSON (the open data) a time reads as in the files: "09:30", not "09:30:00".
    PlainSerializer(hh_mm, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": _json_pattern(_TIME), "examples": ["09:30"]}),
]

_PHONE_CHARS = re.compile(r"[\s\-()/]")
# Numbers dialled as they are, with no area code and from no other country: the emergency number
# and the harmonised European helplines, e.g. 116 123 (crisis line) and 116 117 (medical advice).
SERVICE_NUMBER = re.compile(r"112|116[0-9]{3}")


def normalise_phone(text: str) -> str:
    """Return a phone number in international form, e.g. '+358401234567'; a service number as dialled, e.g. '116123'."""
    digits = _PHONE_CHARS.sub("", text.replace("(0)", ""))
    if SERVICE_NUMBER.fullmatch(digits):
        return digits
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+358" + digits[1:]
    national = digits.removeprefix("+358")
    if national != digits and SERVICE_NUMBER.fullmatch(national):
        raise problem(
            "phone-format",
            "'{field}': numeroon {number} soitetaan vain Suomesta ilman maatunnusta ja etunollaa, nyt '{value}'",
            "kirjoita pelkkä {number}",
            value=text,
            number=f"{national[:3]} {national[3:]}".strip(),
        )
    if not re.fullmatch(r"\+[0-9]{7,15}", digits) or (
        digits.startswith("+358") and (digits.startswith("+3580") or not 5 <= len(digits) - 4 <= 12)
    ):
        raise problem(
            "phone-format",
            "'{field}' ei ole kelvollinen puhelinnumero: '{value}'",
            "kirjoita esim. 040 123 4567 tai +358 40 123 4567",
            value=text,
        )
    return digits


Phone = Annotated[
    str,
    BeforeValidator(lambda v: normalise_phone(_text(v))),
    WithJsonSchema({"type": "string", "examples": ["040 123 4567", "+358 9 123 4567", "116 123"]}),
]


def _email(value: Any) -> str:
    text = _text(value)
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise problem(
            "email-format",
            "'{field}' ei ole kelvollinen sähköpostiosoite: '{value}'",
            "kirjoita muotoa nimi@example.fi",
            value=text,
        ) from None


Email = Annotated[str, BeforeValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]


def _url(value: Any) -> str:
    text = _text(value)
    if text.partition(":")[0].lower() not in ("http", "https"):
        raise problem(
            "url-scheme",
            "'{field}' pitää alkaa https:// tai http://, nyt '{value}'",
            "kopioi osoite selaimen osoiteriviltä",
            value=text,
        )
    try:
        host = urlsplit(text).hostname
    except ValueError:  # e.g. an unclosed '[' in the host
        host = None
    if not host or "." not in host or re.search(r"\s", text):
        raise problem(
            "url-format",
            "'{field}' ei ole kelvollinen verkko-osoite: '{value}'",
            "kirjoita esim. https://www.example.fi/sivu",
            value=text,
        )
    return text


Url = Annotated[str, BeforeValidator(_url), WithJsonSchema({"type": "string", "format": "uri"})]

# Ids and codes: lower-case ASCII words joined by single hyphens, e.g. "esimerkki-ry".
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_HINT = "käytä vain pieniä kirjaimia a–z, numeroita ja väliviivoja, esim. omaisten-ryhma"


def slugify(text: str) -> str:
    """Return an id made from Finnish text: ä, ö and å as a, o and a, every other run of non-letters as one hyphen."""
    plain = text.lower().translate(str.maketrans("äöå", "aoa"))
    return "-".join("".join(char if char.isascii() and char.isalnum() else " " for char in plain).split())


YTUNNUS_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_YTUNNUS = re.compile(r"[0-9]{7}-[0-9]")


def _ytunnus(value: Any) -> str:
    text = _text(value)
    if not _YTUNNUS.fullmatch(text):
        raise problem(
            "ytunnus", "'{field}' pitää olla muotoa 1234567-8, nyt '{value}'", "tarkista Y-tunnus YTJ:stä", value=text
        )
    remainder = sum(int(d) * w for d, w in zip(text[:7], YTUNNUS_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    if remainder == 1 or check != int(text[8]):
        raise problem(
            "ytunnus",
            "'{field}': Y-tunnuksen '{value}' tarkistusnumero ei täsmää",
            "tarkista Y-tunnus YTJ:stä",
            value=text,
        )
    return text


BusinessId = Annotated[
    str, BeforeValidator(_ytunnus), WithJsonSchema({"type": "string", "pattern": _json_pattern(_YTUNNUS)})
]

_POSTAL_CODE = re.compile(r"[0-9]{5}")


def _postal_code(value: Any) -> str:
    text = _text(value)
    if not _POSTAL_CODE.fullmatch(text):
        raise problem(
            "postal-code", "'{field}' pitää olla viisi numeroa, nyt '{value}'", 'kirjoita esim. "04300"', value=text
        )
    return text


PostalCode = Annotated[
    str, BeforeValidator(_postal_code), WithJsonSchema({"type": "string", "pattern": _json_pattern(_POSTAL_CODE)})
]

_GITHUB_USER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


def _github_user(value: Any) -> str:
    text = _text(value).removeprefix("@")
    if not _GITHUB_USER.fullmatch(text):
        raise problem(
            "github-user",
            "'{field}': '{value}' ei ole GitHub-käyttäjätunnus",
            "kirjoita tunnus ilman @-merkkiä, esim. maija-esimerkki",
            value=text,
        )
    return text


GitHubUser = Annotated[
    str, BeforeValidator(_github_user), WithJsonSchema({"type": "string", "pattern": _json_pattern(_GITHUB_USER)})
]


class Code:
    """A code from one list of the taxonomy, e.g. `Annotated[str, Code("muodot")]`.

    The codes are checked against the taxonomy given in the validation context, so
    adding a municipality or theme changes `site_config/taxonomy.yml` only.
    """

    def __init__(self, code_list: str) -> None:
        self.code_list = code_list

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.with_info_plain_validator_function(self._check)

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string", "x-koodisto": self.code_list}

    def _check(self, value: Any, info: ValidationInfo) -> str:
        text = _text(value)
        codes = (info.context or {})["taxonomy"].codes(self.code_list)
        if text not in codes:
            near = difflib.get_close_matches(text.lower(), codes, n=1, cutoff=0.6)
            hint = f"tarkoititko '{near[0]}'?" if near else "sallitut arvot: " + ", ".join(codes)
            raise problem("unknown-code", "'{field}': tuntematon koodi '{value}'", hint, value=text)
        return text


class Codes(Code):
    """A list of at least `at_least` codes from one list of the taxonomy, each at most once."""

    def __init__(self, code_list: str, *, at_least: int = 0) -> None:
        super().__init__(code_list)
        self.at_least = at_least

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        items = super().__get_pydantic_core_schema__(source, handler)
        return core_schema.no_info_after_validator_function(
            unique, core_schema.list_schema(items, min_length=self.at_least)
        )

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        items = super().__get_pydantic_json_schema__(schema, handler)
        return {"type": "array", "items": items, "minItems": self.at_least, "uniqueItems": True}


def unique(items: list[Any]) -> list[Any]:
    """Refuse a list that names the same value twice."""
    seen = set()
    for item in items:
        if item in seen:
            raise problem(
                "duplicate-value",
                "'{field}': arvo '{value}' on luettelossa kahdesti",
                "poista toinen niistä",
                value=str(item),
            )
        seen.add(item)
    return items
