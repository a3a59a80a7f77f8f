"""The finder's and the tray's data: result cards with their filter values, the full text, handout details.

Everything is written as JavaScript that assigns a global, not as JSON, because a page opened
from disk (file://) may load scripts but may not fetch() files. The finder's script (hae/hakemisto.js)
holds the cards, the full text's vocabulary and stem map and the names of its parts; a query loads
the parts it needs (generator.fulltext).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, time
from functools import cached_property
from typing import Any

from generator import fulltext, schedule
from generator.entries import OFFER_PAGE, Entry, page_url, ways
from generator.finnish import LUNR_SCRIPTS
from generator.fulltext import FullText
from generator.markup import address_line, finnish_date, finnish_phone, joining_text, plain_lines, price_line
from generator.models import Dates, Offer, Schedule, Weekly
from generator.taxonomy import Taxonomy

INDEX_SCRIPT = "hae/hakemisto.js"
HANDOUT_SCRIPT = "tarjotin/tiedot.js"
PARTS_FOLDER = "hae/osat"
PART_HASH_DIGITS = 12  # of the hash of a part's content, in its file name
LUNR_FOLDER = "assets/lunr"
HANDOUT_DATES = 3  # coming dates on the printed tray
# Time of day by the hour a meeting starts, with the finder's label for each.
TIMES_OF_DAY = (
    ("aamu", time(0, 0), "Aamu (alkaa ennen klo 12)"),
    ("paiva", time(12, 0), "Päivä (alkaa klo 12–16.59)"),
    ("ilta", time(17, 0), "Ilta (alkaa klo 17 tai myöhemmin)"),
)
# Links and e-mail addresses are not words anyone searches for.
_ADDRESS = re.compile(r"\S+://\S+|\S+@\S+|\]\(\S+\)")


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
        "osallistuminen": ways(offer),
    }


def searchable(entry: Entry, taxonomy: Taxonomy) -> dict[str, str]:
    """Return an offer's text by the full text's fields. The form, the target groups and the price are
    words a worker types too (vertaistukiryhmä, kehitysvammaiset, maksuton); the themes are not
    searched, as a theme's name is broader than most of its offers (Mielenterveys ja päihteet)."""
    offer = entry.offer
    places = [f"{place.name} {place.address} {taxonomy.label('kunnat', place.municipality)}" for place in offer.places]
    labels = [
        taxonomy.label("muodot", offer.form),
        taxonomy.labels("kohderyhmat", offer.target_groups),
        price_line(offer),
    ]
    return {
        "nimi": offer.name,
        "tiivis": " ".join([offer.summary, *offer.keywords, entry.organisation.name, *labels]),
        "teksti": " ".join([_ADDRESS.sub(" ", offer.description), *places]),
    }


def _next_time(entry: Entry, taxonomy: Taxonomy) -> str:
    """Return a result card's line about when the offer next meets."""
    if entry.offer.status == "tauolla":
        return "Toiminta on tauolla"
    if entry.coming:
        return f"Seuraavaksi: {schedule.occurrence_text(entry.coming[0], taxonomy)}"
    return "Kysy ajat järjestäjältä"


def cards(entries: list[Entry], taxonomy: Taxonomy, today: date) -> dict[str, Any]:
    """Return the finder's result cards as columns, one row per offer in the order given, and their filter values.

    Columns compress far better than one object per offer. Each filter value comes as a bit set
    of the offers that have it (bit i of byte i // 8 for offer i), in base64.
    """
    columns: dict[str, list[Any]] = {name: [] for name in ("id", "nimi", "jarjestaja", "kunnat", "seuraava", "hinta")}
    holders: dict[str, dict[str, bytearray]] = {}
    size = (len(entries) + 7) // 8
    for number, entry in enumerate(entries):
        offer = entry.offer
        columns["id"].append(entry.key)
        columns["nimi"].append(offer.name)
        columns["jarjestaja"].append(entry.organisation.name)
        columns["kunnat"].append(taxonomy.labels("kunnat", offer.municipalities))
        columns["seuraava"].append(_next_time(entry, taxonomy))
        columns["hinta"].append(price_line(offer))
        for name, codes in facets(entry, taxonomy, today).items():
            for code in codes:
                holders.setdefault(name, {}).setdefault(code, bytearray(size))[number // 8] |= 1 << number % 8
    filters = {
        name: {code: base64.b64encode(bits).decode("ascii") for code, bits in sorted(values.items())}
        for name, values in sorted(holders.items())
    }
    return {**columns, "suodattimet": filters}


def _times(item: Schedule, taxonomy: Taxonomy, today: date) -> str:
    """Return one schedule in one line, its note and the coming days without a meeting in parentheses."""
    notes = [item.info, schedule.exceptions_text(item, today) if isinstance(item, Weekly) else None]
    said = " ".join(note for note in notes if note)
    return f"{schedule.describe(item, taxonomy)} ({said})" if said else schedule.describe(item, taxonomy)


def _handout(entry: Entry, taxonomy: Taxonomy, today: date) -> dict[str, Any]:
    """Return what a printed tray shows about one offer: warnings, times, places, contacts and how to join."""
    offer = entry.offer
    contact = offer.contact
    registration = offer.registration
    return {
        "nimi": offer.name,
        "lyhyesti": offer.summary,
        "huomiot": [notice.text for notice in entry.notices],
        "selko": plain_lines(offer.easy_read) if offer.easy_read else [],
        "jarjestaja": entry.organisation.name,
        "hinta": price_line(offer),
        "ajat": [_times(item, taxonomy, today) for item in offer.schedules],
        "seuraavat": [schedule.occurrence_text(occurrence, taxonomy) for occurrence in entry.coming[:HANDOUT_DATES]],
        "paikat": [
            {
                "nimi": place.name,
                "osoite": address_line(place, taxonomy),
                "esteettomyys": taxonomy.labels("esteettomyys", place.accessibility),
            }
            for place in offer.places
        ],
        "verkossa": offer.online,
        "puhelimitse": offer.by_phone,
        "ilmoittautuminen": joining_text(offer),
        "ilmoittautumislinkki": registration.link if registration else None,
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


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def script(target: str, payload: str) -> str:
    """Return JavaScript that sets `target` to the JSON text `payload`: a page opened from disk can load it, unlike JSON.

    The data goes in as a JSON string for JSON.parse, which browsers read several times faster
    than the same data written as a JavaScript object literal.
    """
    quoted = payload.replace("\\", "\\\\").replace("'", "\\'")
    return f"{target} = JSON.parse('{quoted}');\n"


def _part_file(part: dict[str, Any]) -> tuple[str, bytes]:
    """Return a part of the index as a script, with its path in the docs folder.

    The path carries a hash of the content, so that a browser never mixes a cached part into a
    newer index; the script registers the part in window.tarjotinOsat under that path.
    """
    payload = _json(part)
    path = f"{PARTS_FOLDER}/{hashlib.sha256(payload.encode()).hexdigest()[:PART_HASH_DIGITS]}.js"
    return path, script(f'window.tarjotinOsat["{path}"]', payload).encode()


@dataclass(frozen=True)
class Data:
    """The finder's cards and full text and the tray's details, worked out once and written for either kind of page address."""

    cards: dict[str, Any]
    full_text: FullText
    handouts: dict[str, Any]  # the tray's details of every published offer, keyed like the cards

    @cached_property
    def _parts(self) -> dict[str, bytes]:
        return dict(map(_part_file, self.full_text.parts))

    @cached_property
    def _scripts(self) -> tuple[str, str]:
        """The finder's and the tray's scripts, without the page address, which follows at their end.

        The finder's script lists the parts of the index by path, each with how many terms of
        the vocabulary it holds.
        """
        finder = {
            "tarjonta": self.cards,
            "sanasto": self.full_text.vocabulary,
            "osat": [[path, size] for path, size in zip(self._parts, self.full_text.part_sizes(), strict=True)],
            "vartalot": self.full_text.stems,
        }
        return (
            "window.tarjotinOsat = {};\n" + script("window.tarjotinHakemisto", _json(finder)),
            script("window.tarjotinTiedot", _json({"tarjonta": self.handouts})),
        )

    def _addressed(self, directory_urls: bool) -> dict[str, bytes]:
        """Return the finder's and the tray's scripts, the only files that hold page addresses."""
        address = json.dumps(_offer_address(directory_urls))
        index, handouts = self._scripts
        return {
            INDEX_SCRIPT: f"{index}window.tarjotinHakemisto.osoite = {address};\n".encode(),
            HANDOUT_SCRIPT: f"{handouts}window.tarjotinTiedot.osoite = {address};\n".encode(),
        }

    def files(self, directory_urls: bool) -> dict[str, bytes]:
        """Return the finder's and the tray's files by their paths in the site, the index's parts and lunr's scripts included."""
        found = self._addressed(directory_urls) | self._parts
        for source in LUNR_SCRIPTS:
            found[f"{LUNR_FOLDER}/{source.name}"] = source.read_bytes()
        return found


def data(entries: list[Entry], taxonomy: Taxonomy, today: date) -> Data:
    """Return the finder's data for the published `entries`."""
    return Data(
        cards(entries, taxonomy, today),
        fulltext.build(searchable(entry, taxonomy) for entry in entries),
        {entry.key: _handout(entry, taxonomy, today) for entry in entries},
    )
