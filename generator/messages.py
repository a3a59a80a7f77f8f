"""Turn pydantic's validation errors into Finnish problems at their line and column."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from generator.load import Document
from generator.problems import Problem

# pydantic's own error types: (code, message, hint). {field} is the Finnish key.
_BUILT_IN: dict[str, tuple[str, str, str]] = {
    "missing": ("missing-key", "pakollinen kenttä '{field}' puuttuu", "lisää rivi '{field}: ...'"),
    "list_type": ("not-a-list", "'{field}' pitää olla luettelo", "kirjoita esim. [arvo1, arvo2]"),
    "too_short": (
        "missing-value",
        "'{field}' tarvitsee vähintään {min_length} arvon",
        "lisää arvo, esim. [arvo]",
    ),
    "model_type": (
        "not-a-mapping",
        "'{field}' pitää sisältää alakenttiä",
        "kirjoita alakentät sisennettyinä seuraaville riveille",
    ),
    "model_attributes_type": (
        "not-a-mapping",
        "'{field}' pitää sisältää alakenttiä",
        "kirjoita alakentät sisennettyinä seuraaville riveille",
    ),
    "dict_type": (
        "not-a-mapping",
        "'{field}' pitää sisältää alakenttiä",
        "kirjoita alakentät sisennettyinä seuraaville riveille",
    ),
    "float_parsing": ("number", "'{field}' pitää olla luku, nyt '{input}'", "käytä desimaalipistettä, esim. 60.4"),
    "float_type": ("number", "'{field}' pitää olla luku", "käytä desimaalipistettä, esim. 60.4"),
    "finite_number": ("number", "'{field}' pitää olla luku, nyt '{input}'", "käytä desimaalipistettä, esim. 60.4"),
    "literal_error": ("value", "'{field}' ei voi olla '{input}'", "sallitut arvot: {expected}"),
}


def _field_name(loc: tuple[int | str, ...], document: Document) -> str:
    """Return the Finnish key the error is about: the last key on its path."""
    keys = [part for part in _data_path(loc, document.data) if isinstance(part, str)]
    if keys:
        return keys[-1]
    strings = [part for part in loc if isinstance(part, str)]
    return strings[-1] if strings else "tiedosto"


def _data_path(loc: tuple[int | str, ...], data: Any) -> tuple[int | str, ...]:
    """Follow `loc` through the data, skipping the parts pydantic adds (union tags)."""
    path: list[int | str] = []
    for position, part in enumerate(loc):
        present = (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        )
        if present:
            data = data[part]
        elif isinstance(data, dict) and isinstance(part, str) and position == len(loc) - 1:
            path.append(part)  # a missing key
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Return the models an annotation can hold, through lists, unions and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]
    return []


def known_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """Return the Finnish keys allowed in the mapping at `loc` below `model`."""
    models = [model]
    for part in loc:
        if not isinstance(part, str):
            continue
        inner = [
            found
            for current in models
            for field in current.model_fields.values()
            if field.alias == part
            for found in _models_in(field.annotation)
        ]
        models = inner or models
    return sorted({field.alias for current in models for field in current.model_fields.values() if field.alias})


def _fold(text: str) -> str:
    return text.lower().replace("ä", "a").replace("ö", "o").replace("å", "a").replace("_", "-").replace(" ", "-")


def _unknown_key_hint(key: str, allowed: list[str]) -> str:
    folded = {_fold(candidate): candidate for candidate in allowed}
    near = difflib.get_close_matches(_fold(key), list(folded), n=1, cutoff=0.6)
    if near:
        return f"tarkoititko '{folded[near[0]]}'?"
    return "sallitut kentät: " + ", ".join(allowed)


def to_problem(error: ErrorDetails, document: Document, model: type[BaseModel]) -> Problem:
    """Return the problem a pydantic error stands for, placed at its line and column."""
    loc = tuple(error["loc"])
    path = _data_path(loc, document.data)
    kind = error["type"]
    context = dict(error.get("ctx") or {})
    field = _field_name(loc, document)
    if kind == "extra_forbidden":
        line, col = document.mark(path, key=True)
        hint = _unknown_key_hint(field, known_keys(model, path[:-1]))
        return Problem(document.path, line, col, "unknown-key", f"tuntematon kenttä '{field}'", hint)
    line, col = document.mark(path, key=kind == "missing")
    if kind != "missing" and "input" in error and error["input"] is None:
        return Problem(document.path, line, col, "empty", f"'{field}' on tyhjä", "kirjoita arvo kentän nimen perään")
    if kind in _BUILT_IN:
        code, message, hint = _BUILT_IN[kind]
        raw = error.get("input")
        values = {
            "field": field,
            "input": raw if isinstance(raw, str) else "",
            **context,
        }
        return Problem(document.path, line, col, code, message.format(**values), hint.format(**values))
    code = kind if "_" not in kind else "invalid"
    message = error["msg"].replace("{field}", field)
    hint = str(context.pop("hint", "")).format_map(context)
    return Problem(document.path, line, col, code, message, hint)
