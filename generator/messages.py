"""Turn pydantic's validation errors into Finnish problems at their line and column."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, Tag, ValidationError
from pydantic_core import ErrorDetails, core_schema

from generator.load import Document
from generator.phrases import count
from generator.problems import Problem

# pydantic's own error types: (code, message, hint). {field} is the Finnish key.
_BUILT_IN: dict[str, tuple[str, str, str]] = {
    "missing": ("missing-key", "pakollinen kenttä '{field}' puuttuu", "lisää rivi '{field}: ...'"),
    "list_type": ("not-a-list", "'{field}' pitää olla luettelo", "kirjoita esim. [arvo1, arvo2]"),
    "too_short": (
        "missing-value",
        "luettelossa '{field}' pitää olla vähintään {min_values}",
        "lisää arvo, esim. [arvo]",
    ),
    "model_type": (
        "not-a-mapping",
        "'{field}' pitää sisältää alakenttiä",
        "kirjoita alakentät sisennettyinä seuraaville riveille",
    ),
    "dict_type": (
        "not-a-mapping",
        "'{field}' pitää sisältää alakenttiä",
        "kirjoita alakentät sisennettyinä seuraaville riveille",
    ),
    "string_type": ("type", "'{field}' pitää olla tekstiä", "kirjoita arvo samalle riville kentän nimen perään"),
}
# Every error type of pydantic's own; any other type is a field check's code, with its Finnish message and hint.
_PYDANTIC_KINDS = frozenset(typing.get_args(core_schema.ErrorType))


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


def _models_in(annotation: Any, tag: str | None = None) -> list[tuple[type[BaseModel], str | None]]:
    """Return the models an annotation can hold, each with its union tag, through lists, dicts, unions and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, tag)]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *metadata = typing.get_args(annotation)
        tags = [item.tag for item in metadata if isinstance(item, Tag)]
        return _models_in(inner, tags[0] if tags else tag)
    if origin in (list, typing.Union, types.UnionType):
        return [found for arg in typing.get_args(annotation) for found in _models_in(arg)]
    if origin is dict:  # a mapping of codes to models: its keys are not fields
        return _models_in(typing.get_args(annotation)[1])
    return []


Models = list[tuple[type[BaseModel], str | None]]


def _step(models: Models, part: str) -> tuple[str, Models]:
    """Return the Finnish key `part` stands for in `models` and the models it holds; a union tag picks its member."""
    fields = [
        (info.alias or name, info)
        for current, _ in models
        for name, info in current.model_fields.items()
        if part in (name, info.alias)
    ]
    inner = [found for _, info in fields for found in _models_in(info.annotation)]
    tagged = [found for found in models if found[1] == part]
    return (fields[0][0] if fields else part), inner or tagged or models


def _aliased(model: type[BaseModel], loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Return `loc` by Finnish keys: pydantic names a field by its attribute when it validates the field's default."""
    models: Models = [(model, None)]
    aliased: list[int | str] = []
    for part in loc:
        if isinstance(part, str):
            part, models = _step(models, part)
        aliased.append(part)
    return tuple(aliased)


def known_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """Return the Finnish keys allowed in the mapping at `loc` below `model`."""
    models: Models = [(model, None)]
    for part in loc:
        if isinstance(part, str):
            models = _step(models, part)[1]
    return sorted({info.alias or name for current, _ in models for name, info in current.model_fields.items()})


def _fold(text: str) -> str:
    return text.lower().replace("ä", "a").replace("ö", "o").replace("å", "a").replace("_", "-").replace(" ", "-")


def nearest(key: str, allowed: list[str]) -> str | None:
    """Return the allowed key that `key` most likely misspells, if any is close."""
    folded = {_fold(candidate): candidate for candidate in allowed}
    near = difflib.get_close_matches(_fold(key), list(folded), n=1, cutoff=0.6)
    return folded[near[0]] if near else None


def _unknown_key_hint(key: str, allowed: list[str]) -> str:
    near = nearest(key, allowed)
    return f"tarkoititko '{near}'?" if near else "sallitut kentät: " + ", ".join(allowed)


def to_problems(error: ValidationError, document: Document, model: type[BaseModel]) -> list[Problem]:
    """Return one problem per mistake: a misspelt key is an unknown key, not also the missing key it stands for."""
    errors = error.errors(include_url=False)
    for found in errors:
        if found["type"] != "extra_forbidden":  # an unknown key is the file's own, e.g. 'name' for 'nimi'
            found["loc"] = _aliased(model, tuple(found["loc"]))
    meant: set[tuple[int | str | None, ...]] = set()
    for found in errors:
        loc = found["loc"]
        if found["type"] == "extra_forbidden" and isinstance(loc[-1], str):
            meant.add((*loc[:-1], nearest(loc[-1], known_keys(model, loc[:-1]))))
    return [
        _to_problem(found, document, model)
        for found in errors
        if not (found["type"] == "missing" and found["loc"] in meant)
    ]


def _to_problem(error: ErrorDetails, document: Document, model: type[BaseModel]) -> Problem:
    """Return the problem a pydantic error stands for, placed at its line and column."""
    loc = tuple(error["loc"])
    path = _data_path(loc, document.data)
    kind = error["type"]
    context = dict(error.get("ctx") or {})
    field = _field_name(loc, document)
    if kind == "extra_forbidden":
        line, col = document.mark(path, key=True)
        hint = _unknown_key_hint(field, known_keys(model, loc[:-1]))
        return Problem(document.path, line, col, "unknown-key", f"tuntematon kenttä '{field}'", hint, where=path)
    line, col = document.mark(path, key=kind == "missing")
    if kind != "missing" and "input" in error and error["input"] is None:
        return Problem(
            document.path, line, col, "empty", f"'{field}' on tyhjä", "kirjoita arvo kentän nimen perään", where=path
        )
    if kind in _BUILT_IN:
        code, message, hint = _BUILT_IN[kind]
        values = {"field": field, "min_values": count(context.get("min_length", 0), "arvo", "arvoa"), **context}
        return Problem(document.path, line, col, code, message.format(**values), hint.format(**values), where=path)
    if kind in _PYDANTIC_KINDS:  # one no model is known to raise: told in general terms, not in pydantic's English
        return Problem(
            document.path,
            line,
            col,
            "invalid",
            f"'{field}': arvo ei kelpaa",
            "tarkista kentän ohje sivulta Kenttien kuvaukset",
            where=path,
        )
    message = error["msg"].replace("{field}", field)
    hint = str(context.pop("hint", "")).format_map(context)
    return Problem(document.path, line, col, kind, message, hint, where=path)
