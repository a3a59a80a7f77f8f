"""The finder's and the tray's data: a lunr index of the published offers, their facets and handout details.

Everything is written as JavaScript that assigns one global, not as JSON, because a page opened
from disk (file://) may load scripts but may not fetch() files. The browser stems a query with
the same Snowball stemmer as this module and maps the stem to index terms with `vartalot`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.token import Token

from generator import schedule
from generator.entries import OFFER_PAGE, Entry, page_url
from generator.finnish import LUNR_SCRIPTS, Analyser, stem, stop_words, words
from generator.markup import finnish_date, finnish_phone, price_line
from generator.models import Dates, Offer, Weekly
from generator.taxonomy import Taxonomy

INDEX_SCRIPT = "hae/hakemisto.js"
HANDOUT_SCRIPT = "tarjotin/tiedot.js"
LUNR_FOLDER = "assets/lunr"
HANDOUT_DATES = 3  # coming dates on the printed tray
# Full-text fields and their weight in the ranking. Every field costs a vector per offer in the
# index, so the texts are grouped by weight: title; summary, keywords and organiser; the rest.
FIELDS = {"nimi": 10, "tiivis": 4, "teksti": 1}
# Time of day by the hour a meeting starts, with the finder's label for each.
TIMES_OF_DAY = (
    ("aamu", time(0, 0), "Aamu (alkaa ennen klo 12)"),
    ("paiva", time(12, 0), "Päivä (alkaa klo 12–17)"),
    ("ilta", time(17, 0), "Ilta (alkaa klo 17 tai myöhemmin)"),
)
# How one can take part, with the finder's label for each.
WAYS = (("paikalla", "Paikan päällä"), ("verkossa", "Verkossa"), ("puhelimitse", "Puhelimitse"))
# Links and e-mail addresses are not words anyone searches for.
_ADDRESS = re.compile(r"\S+://\S+|\S+@\S+|\]\(\S+\)")


def _stemmer(token: Token, i: int, tokens: list[Token]) -> Token:
    return token.update(lambda word, metadata: stem(word))


# The name lunr-languages registers in the browser: the serialised index names its search
# pipeline, and lunr.js loads it only if every function in it is registered there.
if "stemmer-fi" not in Pipeline.registered_functions:
    Pipeline.register_function(_stemmer, "stemmer-fi")


def time_of_day(starts: time) -> str:
    """Return aamu, paiva or ilta for a meeting that starts at `starts`."""
    return [code for code, since, _ in TIMES_OF_DAY if starts >= since][-1]


def _meetings(offer: Offer, taxonomy: Taxonomy, today: date) -> tuple[list[str], list[str]]:
    """Return the weekday codes and times of day on which an offer still meets, from today on."""
    codes = schedule.weekday_codes(taxonomy)
    weekdays: set[str] = set()
    times: set[str] = set()
    for item in offer.schedules:
        if isinstance(item, Weekly):
            if item.validity and item.validity.end and item.validity.end < today:
                continue
            weekdays.update(item.weekdays)
        elif isinstance(item, Dates):
            coming = [day for day in item.dates if day >= today]
            if not coming:
                continue
            weekdays.update(codes[day.weekday()] for day in coming)
        else:
            continue
        times.add(time_of_day(item.starts))
    return sorted(weekdays, key=codes.index), [code for code, _, _ in TIMES_OF_DAY if code in times]


def facets(entry: Entry, taxonomy: Taxonomy, today: date) -> dict[str, list[str]]:
    """Return the filter values of one offer, keyed by the finder's URL parameter names."""
    offer = entry.offer
    weekdays, times = _meetings(offer, taxonomy, today)
    features = sorted(
        {code for place in offer.places for code in place.accessibility}, key=list(taxonomy.accessibility).index
    )
    taking_part = {"paikalla": bool(offer.places), "verkossa": offer.online, "puhelimitse": offer.by_phone}
    return {
        "teema": list(offer.themes),
        "kunta": taxonomy.served(offer.municipalities),
        "kohderyhma": list(offer.target_groups),
        "muoto": [offer.form],
        "paiva": weekdays,
        "aika": times,
        "hinta": ["maksuton"] if offer.is_free else [],
        "kieli": list(offer.languages),
        "esteettomyys": features,
        "osallistuminen": [code for code, _ in WAYS if taking_part[code]],
    }


def _text(entry: Entry, taxonomy: Taxonomy) -> dict[str, str]:
    offer = entry.offer
    places = [f"{place.name} {place.address} {taxonomy.label('kunnat', place.municipality)}" for place in offer.places]
    return {
        "nimi": offer.name,
        "tiivis": " ".join([offer.summary, *offer.keywords, entry.organisation.name]),
        "teksti": " ".join([_ADDRESS.sub(" ", offer.description), *places]),
    }


def _next_time(entry: Entry, taxonomy: Taxonomy) -> str | None:
    if entry.offer.status == "tauolla":
        return "Tauolla"
    return schedule.occurrence_text(entry.coming[0], taxonomy) if entry.coming else None


def _card(entry: Entry, taxonomy: Taxonomy, today: date) -> dict[str, Any]:
    offer = entry.offer
    return {
        "id": entry.key,
        "nimi": offer.name,
        "jarjestaja": entry.organisation.name,
        "kunnat": taxonomy.labels("kunnat", offer.municipalities),
        "seuraava": _next_time(entry, taxonomy),
        "hinta": price_line(offer),
        "suodattimet": facets(entry, taxonomy, today),
    }


def index(entries: list[Entry], taxonomy: Taxonomy, today: date) -> dict[str, Any]:
    """Return the finder's data: offer cards in name order, the serialised lunr index and the stem map.

    Index terms are the stems of each word's base forms and compound parts; `stems` maps the
    stem of every word form in the catalogue to the stems of its base forms, where they differ,
    so that a query for a word form finds the offers with any form of the same word.
    """
    analyser = Analyser()
    builder = Builder()
    # The terms are analysed here, so indexing runs no pipeline of lunr's own.
    builder.search_pipeline.add(Pipeline.registered_functions["stemmer-fi"])
    builder.ref("ref")
    for field, boost in FIELDS.items():
        builder.field(field, boost=boost)
    stems: dict[str, set[str]] = {}
    terms_of: dict[str, frozenset[str]] = {}  # each word form is analysed once, however many offers use it

    def terms(word: str) -> frozenset[str]:
        found = terms_of.get(word)
        if found is None:
            found = terms_of[word] = analyser.terms(word)
            key, looked_up = stem(word), analyser.stems(word)
            if looked_up != {key}:
                stems.setdefault(key, set()).update(looked_up)
        return found

    for number, entry in enumerate(entries):
        document: dict[str, Any] = {"ref": str(number)}
        for field, text in _text(entry, taxonomy).items():
            # Each term once: how often a word recurs in one text says little about a short
            # text's topic, and indexing a term once per field halves lunr's work.
            document[field] = sorted(frozenset().union(*map(terms, set(words(text)) - stop_words())))
        builder.add(document)
    return {
        "tarjonta": [_card(entry, taxonomy, today) for entry in entries],
        "hakemisto": _rounded(builder.build().serialize()),
        "vartalot": {key: sorted(terms) for key, terms in sorted(stems.items())},
    }


def _rounded(serialised: dict[str, Any]) -> dict[str, Any]:
    """Round the term weights in the index's document vectors to one decimal, leaving out those that round to 0.

    The vectors are most of the index's bytes and their three decimals compress badly; one
    decimal ranks the same offers first and shrinks the gzipped index to about a half. The
    vectors only score what the inverted index has matched, so a weight of 0 needs no entry.
    """
    vectors = []
    for ref, vector in serialised["fieldVectors"]:
        pairs = ((term, round(weight, 1)) for term, weight in zip(vector[::2], vector[1::2], strict=True))
        vectors.append([ref, [number for pair in pairs if pair[1] for number in pair]])
    serialised["fieldVectors"] = vectors
    return serialised


def _handout(entry: Entry, taxonomy: Taxonomy) -> dict[str, Any]:
    """Return what a printed tray shows about one offer: times, places, contacts and how to join."""
    offer = entry.offer
    contact = offer.contact
    registration = offer.registration
    return {
        "nimi": offer.name,
        "lyhyesti": offer.summary,
        "jarjestaja": entry.organisation.name,
        "hinta": price_line(offer),
        "ajat": [schedule.describe(item, taxonomy) for item in offer.schedules],
        "seuraavat": [schedule.occurrence_text(occurrence, taxonomy) for occurrence in entry.coming[:HANDOUT_DATES]],
        "paikat": [
            {
                "nimi": place.name,
                "osoite": f"{place.address}, {place.postal_code} {taxonomy.label('kunnat', place.municipality)}",
                "esteettomyys": taxonomy.labels("esteettomyys", place.accessibility),
            }
            for place in offer.places
        ],
        "verkossa": offer.online,
        "puhelimitse": offer.by_phone,
        "ilmoittautuminen": {
            "tarvitaan": bool(registration and registration.required),
            "ohje": registration.instructions if registration else None,
            "linkki": registration.link if registration else None,
        },
        "yhteystiedot": {
            "henkilo": contact.person.name if contact and contact.person else None,
            "puhelin": finnish_phone(contact.phone) if contact and contact.phone else None,
            "sahkoposti": contact.email if contact else None,
            "verkkosivu": contact.website if contact else None,
        },
        "tarkistettu": finnish_date(offer.checked),
    }


def _offer_address(directory_urls: bool) -> str:
    """An offer page's address with ID for its id, the same for every offer and so not given with each."""
    return page_url(OFFER_PAGE.format("ID"), directory_urls)


def script(name: str, data: Any) -> str:
    """Return JavaScript that sets window[name] to data: a page opened from disk can load it, unlike JSON.

    The data goes in as a JSON string for JSON.parse, which browsers read several times faster
    than the same data written as a JavaScript object literal.
    """
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    quoted = payload.replace("\\", "\\\\").replace("'", "\\'")
    return f"window.{name} = JSON.parse('{quoted}');\n"


@dataclass(frozen=True)
class Data:
    """The finder's index and the tray's details, worked out once and written for either kind of page address."""

    index: dict[str, Any]
    handouts: dict[str, Any]  # the tray's details of every published offer, keyed like the cards

    def files(self, directory_urls: bool) -> dict[str, bytes]:
        """Return the finder's and the tray's files for the docs folder, lunr's scripts included."""
        address = _offer_address(directory_urls)
        found = {
            INDEX_SCRIPT: script("tarjotinHakemisto", {**self.index, "osoite": address}).encode(),
            HANDOUT_SCRIPT: script("tarjotinTiedot", {"tarjonta": self.handouts, "osoite": address}).encode(),
        }
        for source in LUNR_SCRIPTS:
            found[f"{LUNR_FOLDER}/{source.name}"] = source.read_bytes()
        return found


def data(entries: list[Entry], taxonomy: Taxonomy, today: date) -> Data:
    """Return the finder's data for the published `entries`."""
    return Data(index(entries, taxonomy, today), {e.key: _handout(e, taxonomy) for e in entries})
