"""The field reference of the contributor guide, derived from the models and the taxonomy.

Every row comes from a model field: its alias, title, description, default and type.
Only the Finnish names of the field types below are kept by hand, and a type without
one stops the page from being built, so a new kind of field cannot go undocumented.
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from typing import Any

from annotated_types import MinLen
from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from generator import fields
from generator.fields import Code, Codes, Decimal, Integer, Text
from generator.models import Offer, Organisation
from generator.phrases import count
from generator.taxonomy import CODE_LISTS, Taxonomy

PAGE = "ohjeet/kentat.md"
TEMPLATE = "kentat.md.j2"
ROOTS: tuple[type[BaseModel], ...] = (Organisation, Offer)
CODE_LIST_PREFIX = "koodit-"

# The Finnish name of each field type of generator.fields, found by its validator.
_NAMED_TYPES: dict[Any, str] = {
    fields.Bool: "true tai false",
    fields.Date: "päivämäärä VVVV-KK-PP",
    fields.Time: "kellonaika HH:MM lainausmerkeissä",
    fields.Phone: "puhelinnumero",
    fields.Email: "sähköpostiosoite",
    fields.Url: "verkko-osoite, alkaa https://",
    fields.BusinessId: "Y-tunnus 1234567-8",
    fields.PostalCode: "viisi numeroa lainausmerkeissä",
    fields.GitHubUser: "GitHub-käyttäjätunnus",
}
_SUBFIELDS = "alakentät, ks."
_BY_VALIDATOR = {typing.get_args(kind)[1].func: name for kind, name in _NAMED_TYPES.items()}


@dataclass(frozen=True)
class Link:
    """A reference to a section of the page: a field table or a code list."""

    label: str
    anchor: str


@dataclass(frozen=True)
class Row:
    """One field: its YAML key and what may be written there."""

    key: str
    title: str
    description: str
    required: bool
    default: str | None
    kind: tuple[str | Link, ...]


@dataclass(frozen=True)
class FieldTable:
    """One model: a section of the page with a row per field."""

    model: str
    title: str
    description: str
    anchor: str
    rows: tuple[Row, ...]
    used_in: tuple[tuple[str, Link], ...]


@dataclass(frozen=True)
class CodeList:
    """One code list of the taxonomy: its codes and their Finnish labels."""

    name: str
    anchor: str
    codes: tuple[tuple[str, str], ...]


def anchor(text: str) -> str:
    """Return an ASCII anchor for a heading, e.g. 'Yhteyshenkilö' -> 'yhteyshenkilo'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _title(model: type[BaseModel]) -> str:
    return model.model_config.get("title") or model.__name__


def _link(model: type[BaseModel]) -> Link:
    return Link(_title(model), anchor(_title(model)))


def _code_list_link(name: str) -> Link:
    return Link(name, CODE_LIST_PREFIX + name)


def _kind(annotation: Any, metadata: list[Any], models: list[type[BaseModel]]) -> list[str | Link]:
    """Describe a type in Finnish, adding the models it holds to `models`."""
    for marker in metadata:
        if isinstance(marker, Codes):
            least = [f"(vähintään {marker.at_least})"] if marker.at_least else []
            return ["lista koodeja luettelosta", _code_list_link(marker.code_list), *least]
        if isinstance(marker, Code):
            return ["koodi luettelosta", _code_list_link(marker.code_list)]
        if isinstance(marker, Text):
            return [f"teksti, enintään {count(marker.max_length, 'merkki', 'merkkiä')}"]
        if isinstance(marker, Integer):
            return [f"kokonaisluku {marker.low}–{marker.high}"]
        if isinstance(marker, Decimal):
            return [f"desimaaliluku {marker.low}–{marker.high} (piste, ei pilkku)"]
        validator = getattr(marker, "func", None)
        if validator in _BY_VALIDATOR:
            return [_BY_VALIDATOR[validator]]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        inner = [m for item in args[1:] for m in (item.metadata if isinstance(item, FieldInfo) else [item])]
        return _kind(args[0], [*inner, *metadata], models)
    if origin in (typing.Union, types.UnionType):
        choices = [arg for arg in args if arg is not type(None)]
        if len(choices) == 1:
            return _kind(choices[0], metadata, models)
        parts = _kind(choices[0], [], models)
        for choice in choices[1:]:
            described = _kind(choice, [], models)
            if described[0] == parts[0] == _SUBFIELDS:  # "sub-fields, see A or B", not "see A or sub-fields, see B"
                described = described[1:]
            parts += ["tai", *described]
        return parts
    if origin is list:
        least = [f"(vähintään {m.min_length})" for m in metadata if isinstance(m, MinLen)]
        return ["lista:", *_kind(args[0], [], models), *least]
    if origin is typing.Literal:
        return [" tai ".join(str(arg) for arg in args)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        models.append(annotation)
        return [_SUBFIELDS, _link(annotation)]
    if any(isinstance(marker, BeforeValidator) for marker in metadata):  # a field type with no Finnish name yet
        raise TypeError(f"no Finnish name for the field type {annotation!r} {metadata!r}: add it to _NAMED_TYPES")
    raise TypeError(f"no Finnish description for the type {annotation!r}: add it to generator/guide.py")


def _default(info: FieldInfo) -> str | None:
    value = info.get_default()
    if info.is_required() or value is None or value == []:
        return None
    return str(value).lower() if isinstance(value, bool) else str(value)


def _rows(model: type[BaseModel]) -> list[tuple[Row, list[type[BaseModel]]]]:
    """Return a row for each field of a model, with the models the field holds."""
    rows = []
    for name, info in model.model_fields.items():
        nested: list[type[BaseModel]] = []
        kind = tuple(_kind(info.annotation, list(info.metadata), nested))
        key, title, description = info.alias or name, info.title or "", info.description or ""
        rows.append((Row(key, title, description, info.is_required(), _default(info), kind), nested))
    return rows


def field_tables() -> list[FieldTable]:
    """Return a table for each model reachable from Organisation and Offer, each nested one after its parent."""
    order: list[type[BaseModel]] = []
    rows: dict[type[BaseModel], list[Row]] = {}
    used_in: dict[type[BaseModel], list[tuple[str, Link]]] = {}

    def visit(model: type[BaseModel]) -> None:
        order.append(model)
        rows[model] = []
        for row, nested in _rows(model):
            rows[model].append(row)
            for child in nested:
                used_in.setdefault(child, []).append((row.key, _link(model)))
                if child not in rows:
                    visit(child)

    for root in ROOTS:
        visit(root)
    return [
        FieldTable(
            model.__name__,
            _title(model),
            model.__doc__ or "",
            anchor(_title(model)),
            tuple(rows[model]),
            tuple(dict.fromkeys(used_in.get(model, []))),
        )
        for model in order
    ]


def code_lists(taxonomy: Taxonomy) -> list[CodeList]:
    """Return every code list of the taxonomy with each code's Finnish label."""
    return [CodeList(name, _code_list_link(name).anchor, tuple(taxonomy.choices(name))) for name in CODE_LISTS]
