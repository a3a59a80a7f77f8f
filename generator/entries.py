"""The published catalogue: the offers the site shows, each with its organisation, page and next meetings."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from generator import schedule
from generator.markup import finnish_date
from generator.models import Offer, Organisation
from generator.validate import STALE_AFTER, STALE_PERIOD, Catalogue

NEXT_DATES = 5  # coming meetings worked out for each offer
OFFER_PAGE = "tarjonta/{}.md"  # {} is an Entry.key
ORGANISATION_PAGE = "jarjestot/{}.md"  # {} is an organisation's id
OPEN_DATA = "avoin-data"  # the folder of the open data files on the site
# How one can take part in an offer: codes (the finder's filter values) and their labels.
WAYS = {"paikalla": "Paikan päällä", "verkossa": "Verkossa", "puhelimitse": "Puhelimitse"}
_NAMESPACE = uuid.UUID("6f1d8a52-3c55-4f63-9a3e-1d2b7c0e9a41")  # of every id the open data derives


@dataclass(frozen=True)
class Notice:
    """A warning shown with an offer on its page and on the printed tray."""

    title: str
    text: str


def notices(offer: Offer, today: date) -> tuple[Notice, ...]:
    """Return the warnings a reader needs before going: the details may be out of date, the offer is paused."""
    found = []
    if offer.checked < today - STALE_AFTER:
        found.append(
            Notice(
                "Tiedot voivat olla vanhentuneita",
                f"Tiedot on tarkistettu viimeksi {finnish_date(offer.checked)}, yli {STALE_PERIOD} sitten. "
                "Varmista ajat ja paikat järjestäjältä ennen kuin lähdet.",
            )
        )
    if offer.status == "tauolla":
        found.append(Notice("Toiminta on tauolla", "Toiminta on nyt tauolla. Kysy järjestäjältä, milloin se jatkuu."))
    return tuple(found)


@dataclass(frozen=True)
class Entry:
    """One published offer with what every list and page shows about it."""

    offer: Offer
    organisation: Organisation
    coming: tuple[schedule.Occurrence, ...]  # the next meetings; none while the offer is paused
    notices: tuple[Notice, ...]

    @property
    def key(self) -> str:
        """The offer's id across the site: "<organisation>/<offer>"."""
        return f"{self.offer.organisation_id}/{self.offer.id}"

    @property
    def path(self) -> Markup:
        """The offer page's Markdown file, relative to the docs folder."""
        # Ids are checked slugs, so the path needs no Markdown escaping in links.
        return Markup(OFFER_PAGE.format(self.key))

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.offer.name.casefold(), self.path)


def latest(entries: list[Entry], count: int) -> list[Entry]:
    """Return the `count` entries checked most recently, newest first, ties by name."""
    return sorted(entries, key=lambda entry: (-entry.offer.checked.toordinal(), entry.sort_key))[:count]


def ways(offer: Offer) -> list[str]:
    """Return the codes of the ways one can take part in an offer, in the order of WAYS."""
    possible = {"paikalla": bool(offer.places), "verkossa": offer.online, "puhelimitse": offer.by_phone}
    return [code for code in WAYS if possible[code]]


def is_published(offer: Offer, today: date) -> bool:
    """Return whether an offer belongs on the site: not ended, and not every date passed."""
    last = offer.last_date
    return offer.status != "paattynyt" and (last is None or last >= today)


def page_url(path: str, directory_urls: bool) -> str:
    """Return the URL, relative to the site root, that mkdocs gives the page at `path` in the docs folder."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


def relative_url(source: str, target: str, directory_urls: bool) -> Markup:
    """Return the URL of the page at `target` relative to the page at `source` (both paths in the docs
    folder), for links in raw HTML, which mkdocs does not rewrite. Page paths are made of checked slugs."""
    return Markup("../" * page_url(source, directory_urls).count("/") + page_url(target, directory_urls))


def stable_id(region: str, kind: str, key: str) -> str:
    """Return the UUID of one record of the open data, the same in every build: from the region, its kind and its id."""
    return str(uuid.uuid5(_NAMESPACE, f"{region}/{kind}/{key}"))


def compact_json(document: Any) -> bytes:
    """Return a document of the open data as JSON without spaces: the files are large and read by programs."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Links:
    """Absolute URLs on the published site, for the open data: mkdocs' site_url and use_directory_urls."""

    site_url: str
    directory_urls: bool

    def page(self, path: str) -> str:
        """Return the URL of the page at `path` in the docs folder."""
        return self.file(page_url(path, self.directory_urls))

    def file(self, path: str) -> str:
        """Return the URL of a file at `path` under the site's root."""
        return self.site_url.rstrip("/") + "/" + path


def published(catalogue: Catalogue, today: date) -> list[Entry]:
    """Return the published offers with their next meetings, sorted by name."""
    entries = [
        Entry(
            offer,
            catalogue.organisations[offer.organisation_id],
            # A paused offer has no coming dates to show, whatever its schedule says.
            ()
            if offer.status == "tauolla"
            else tuple(schedule.next_occurrences(offer, today, catalogue.taxonomy, NEXT_DATES)),
            notices(offer, today),
        )
        for offer in catalogue.offers
        if is_published(offer, today)
    ]
    return sorted(entries, key=lambda entry: entry.sort_key)
