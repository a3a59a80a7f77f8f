"""Open data: the published catalogue as files other systems can use, under avoin-data/ on the site.

`tarjonta.json` holds the catalogue in the files' own terms, checked by `tarjonta.schema.json`;
`tarjonta.csv` is one row per offer for a spreadsheet. The HSDS, iCalendar and Atom files come
from their own modules. Every export is a function of the published entries and the build date,
so the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import BaseModel

from generator import feed, hsds, ical, schedule
from generator.entries import NEXT_DATES, ORGANISATION_PAGE, Entry, Links, compact_json
from generator.fields import hh_mm
from generator.markup import finnish_phone, place_line, price_line, registration_line
from generator.models import Offer, Organisation
from generator.schema import build_schema
from generator.taxonomy import CODE_LISTS, Taxonomy
from generator.validate import Catalogue

FORMAT_VERSION = "1.0"  # of tarjonta.json and tarjonta.csv: a new major number means a change that breaks readers
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
JSON_FILE = "tarjonta.json"
SCHEMA_FILE = "tarjonta.schema.json"
CSV_FILE = "tarjonta.csv"
# Kept out of the open data: who may edit an organisation's files is a matter for the repository.
_PRIVATE = "maintainers"

# An exporter gets the published entries in the order of their keys, so every file lists them alike.
Exporter = Callable[[Catalogue, list[Entry], date, Links], dict[str, bytes]]


def _dump(model: BaseModel, exclude: set[str] | None = None) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=exclude)


def catalogue_document(catalogue: Catalogue, entries: list[Entry], today: date, links: Links) -> dict[str, Any]:
    """Return the whole published catalogue as `tarjonta.json` holds it."""
    taxonomy = catalogue.taxonomy
    return {
        "$schema": SCHEMA_FILE,
        "versio": FORMAT_VERSION,
        "alue": taxonomy.region.name,
        "paivitetty": today.isoformat(),
        "lisenssi": LICENCE,
        "koodistot": {name: {code: _dump(term) for code, term in taxonomy.codes(name).items()} for name in CODE_LISTS},
        "jarjestot": [
            {
                "id": organisation.id,
                "osoite": links.page(ORGANISATION_PAGE.format(organisation.id)),
                "tiedot": _dump(organisation, exclude={_PRIVATE}),
            }
            for organisation in sorted(catalogue.organisations.values(), key=lambda o: o.id)
        ],
        "tarjonta": [
            {
                "id": entry.key,
                "jarjesto": entry.organisation.id,
                "osoite": links.page(entry.path),
                "seuraavat": [
                    {
                        "paiva": meeting.day.isoformat(),
                        "alkaa": hh_mm(meeting.starts),
                        "loppuu": hh_mm(meeting.ends),
                    }
                    for meeting in entry.coming
                ],
                "tiedot": _dump(entry.offer),
            }
            for entry in entries
        ],
    }


def catalogue_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """Return the JSON Schema of `tarjonta.json`, built from the file schemas so that the two never disagree."""
    organisation = build_schema(Organisation, taxonomy)
    offer = build_schema(Offer, taxonomy)
    key = Organisation.model_fields[_PRIVATE].alias or _PRIVATE
    del organisation["properties"][key]
    organisation["required"].remove(key)
    # The offer's nested models stay where its references point: in $defs at the root.
    definitions = offer.pop("$defs")
    for body in (organisation, offer):
        del body["$schema"]
    link = {"type": "string", "format": "uri", "description": "Sivun osoite sivustolla."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Hyvinvointitarjottimen avoin data",
        "description": (
            f"Julkaistu tarjonta, versio {FORMAT_VERSION}. Kentät 'tiedot' ovat samat kuin järjestön ja tarjonnan "
            "tiedostoissa; koodien nimet ovat kohdassa 'koodistot'."
        ),
        "type": "object",
        "required": ["versio", "alue", "paivitetty", "lisenssi", "koodistot", "jarjestot", "tarjonta"],
        "properties": {
            "$schema": {"type": "string"},
            "versio": {"const": FORMAT_VERSION},
            "alue": {"type": "string"},
            "paivitetty": {"type": "string", "format": "date", "description": "Sivuston rakennuspäivä."},
            "lisenssi": {"type": "string", "format": "uri"},
            "koodistot": {
                "type": "object",
                "description": "Jokainen koodisto: koodi → nimet (fi, sv, en) ja vastineet muissa järjestelmissä.",
                "additionalProperties": {"type": "object", "additionalProperties": {"type": "object"}},
            },
            "jarjestot": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "osoite", "tiedot"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string"},
                        "osoite": link,
                        "tiedot": {"$ref": "#/$defs/Jarjesto"},
                    },
                },
            },
            "tarjonta": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "jarjesto", "osoite", "seuraavat", "tiedot"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string", "description": "<järjestö>/<tarjonta>"},
                        "jarjesto": {"type": "string"},
                        "osoite": link,
                        "seuraavat": {
                            "type": "array",
                            "description": f"Seuraavat kokoontumiset rakennuspäivästä alkaen (enintään {NEXT_DATES}).",
                            "items": {
                                "type": "object",
                                "required": ["paiva", "alkaa", "loppuu"],
                                "additionalProperties": False,
                                "properties": {
                                    "paiva": {"type": "string", "format": "date"},
                                    "alkaa": {"type": "string"},
                                    "loppuu": {"type": "string"},
                                },
                            },
                        },
                        "tiedot": {"$ref": "#/$defs/Tarjonta"},
                    },
                },
            },
        },
        "$defs": {**definitions, "Jarjesto": organisation, "Tarjonta": offer},
    }


def json_files(catalogue: Catalogue, entries: list[Entry], today: date, links: Links) -> dict[str, bytes]:
    return {
        JSON_FILE: compact_json(catalogue_document(catalogue, entries, today, links)),
        SCHEMA_FILE: (json.dumps(catalogue_schema(catalogue.taxonomy), ensure_ascii=False, indent=2) + "\n").encode(),
    }


CSV_COLUMNS = (
    "id",
    "nimi",
    "jarjesto",
    "lyhyesti",
    "teemat",
    "muoto",
    "kohderyhmat",
    "ika",
    "kunnat",
    "kielet",
    "hinta",
    "ilmoittautuminen",
    "verkossa",
    "puhelimitse",
    "paikat",
    "esteettomyys",
    "ajat",
    "seuraavat",
    "puhelin",
    "sahkoposti",
    "verkkosivu",
    "tila",
    "tarkistettu",
    "osoite",
)
LIST_SEPARATOR = " | "  # between the items of a list in one cell: not the column separator, not in any label
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _yes_no(value: bool) -> str:
    return "kyllä" if value else "ei"


def _age(offer: Offer) -> str:
    if offer.age is None:
        return ""
    low = "" if offer.age.min is None else str(offer.age.min)
    high = "" if offer.age.max is None else str(offer.age.max)
    return f"{low}–{high}"


def csv_row(entry: Entry, taxonomy: Taxonomy, links: Links) -> dict[str, str]:
    """Return one offer as a row of `tarjonta.csv`: labels in Finnish, lists joined in one cell."""
    offer = entry.offer
    contact = offer.contact
    places = [place_line(place, taxonomy) for place in offer.places]
    features = sorted({code for place in offer.places for code in place.accessibility})
    row = {
        "id": entry.key,
        "nimi": offer.name,
        "jarjesto": entry.organisation.name,
        "lyhyesti": offer.summary,
        "teemat": taxonomy.labels("teemat", offer.themes, LIST_SEPARATOR),
        "muoto": taxonomy.label("muodot", offer.form),
        "kohderyhmat": taxonomy.labels("kohderyhmat", offer.target_groups, LIST_SEPARATOR),
        "ika": _age(offer),
        "kunnat": taxonomy.labels("kunnat", offer.municipalities, LIST_SEPARATOR),
        "kielet": taxonomy.labels("kielet", offer.languages, LIST_SEPARATOR),
        "hinta": price_line(offer),
        "ilmoittautuminen": registration_line(offer),
        "verkossa": _yes_no(offer.online),
        "puhelimitse": _yes_no(offer.by_phone),
        "paikat": LIST_SEPARATOR.join(places),
        "esteettomyys": taxonomy.labels("esteettomyys", features, LIST_SEPARATOR),
        "ajat": LIST_SEPARATOR.join(schedule.describe(item, taxonomy) for item in offer.schedules),
        "seuraavat": LIST_SEPARATOR.join(schedule.occurrence_text(meeting, taxonomy) for meeting in entry.coming),
        "puhelin": finnish_phone(contact.phone) if contact and contact.phone else "",
        "sahkoposti": (contact.email or "") if contact else "",
        "verkkosivu": (contact.website or "") if contact else "",
        "tila": taxonomy.label("tilat", offer.status),
        "tarkistettu": offer.checked.isoformat(),
        "osoite": links.page(entry.path),
    }
    return {column: _cell(value) for column, value in row.items()}


def csv_files(catalogue: Catalogue, entries: list[Entry], today: date, links: Links) -> dict[str, bytes]:
    # Finnish Excel reads a semicolon-separated file, and UTF-8 only when the file starts with a byte order mark.
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(csv_row(entry, catalogue.taxonomy, links))
    return {CSV_FILE: out.getvalue().encode()}


EXPORTERS: dict[str, Exporter] = {
    "json": json_files,
    "csv": csv_files,
    "hsds": hsds.files,
    "ical": ical.files,
    "atom": feed.files,
}


def files(
    catalogue: Catalogue, entries: list[Entry], today: date, links: Links, formats: tuple[str, ...] = tuple(EXPORTERS)
) -> dict[str, bytes]:
    """Return the open data files in `formats`: {path under avoin-data/: content}."""
    written: dict[str, bytes] = {}
    by_key = sorted(entries, key=lambda e: e.key)
    for name in formats:
        written |= EXPORTERS[name](catalogue, by_key, today, links)
    return written
