"""The Atom feed of new and changed offers: the most recently checked published offers, newest first.

Contributors set `tarkistettu` whenever they add or update an entry, so that date is when the
entry last changed as far as readers are concerned; the feed's ids are stable across builds.
"""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

from generator.entries import OPEN_DATA, Entry, Links, latest, stable_id
from generator.validate import Catalogue

FILE = "tarjonta.atom"
LATEST = 50  # entries in the feed
_ATOM = "http://www.w3.org/2005/Atom"


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def files(catalogue: Catalogue, entries: list[Entry], today: date, links: Links) -> dict[str, bytes]:
    """Return the feed: {path under the open data folder: Atom XML}."""
    taxonomy = catalogue.taxonomy
    newest = latest(entries, LATEST)
    root = ET.Element("feed", {"xmlns": _ATOM, "xml:lang": "fi"})
    _text(root, "id", f"urn:uuid:{stable_id(taxonomy.region.name, 'feed', FILE)}")
    _text(root, "title", f"Hyvinvointitarjotin {taxonomy.region.name}: uudet ja päivitetyt")
    _text(root, "updated", _timestamp(newest[0].offer.checked if newest else today))
    _text(root, "link", "", href=links.page("index.md"))
    _text(root, "link", "", rel="self", href=links.file(f"{OPEN_DATA}/{FILE}"))
    author = ET.SubElement(root, "author")
    _text(author, "name", f"Hyvinvointitarjotin {taxonomy.region.name}")
    for entry in newest:
        offer = entry.offer
        item = ET.SubElement(root, "entry")
        _text(item, "id", f"urn:uuid:{stable_id(taxonomy.region.name, 'service', entry.key)}")
        _text(item, "title", offer.name)
        _text(item, "updated", _timestamp(offer.checked))
        _text(item, "link", "", href=links.page(entry.path))
        _text(item, "summary", offer.summary)
        organiser = ET.SubElement(item, "author")
        _text(organiser, "name", entry.organisation.name)
        for code in offer.themes:
            _text(item, "category", "", term=code, label=taxonomy.label("teemat", code))
    return {FILE: ET.tostring(root, encoding="utf-8", xml_declaration=True)}
