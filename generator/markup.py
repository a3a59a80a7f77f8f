"""Safe text for generated pages: the Jinja2 environment and the content-field Markdown renderer.

Templates write Markdown that mkdocs renders again, so every value a template prints is made
inert twice: HTML special characters are escaped (autoescape) and Markdown special characters
are backslash-escaped (finalize), with whitespace collapsed so that a value can never start a
block of its own. Inside a raw HTML block, which Markdown passes through as it is, a value is
HTML-escaped only, with the `html` filter. Content fields that allow Markdown are rendered here
with raw HTML off and sanitised with nh3; templates mark them with the `markdown` filter, whose
output is trusted.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.fields import SERVICE_NUMBER, SLUG
from generator.models import Fee, Offer, Place
from generator.phrases import count
from generator.taxonomy import Taxonomy

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# The start of a Finnish number written apart from the rest: a four-digit service prefix (0800),
# a national business prefix (020, 030), the mobile prefix 050 (not the area code 05), a two-digit
# area code (09) or else three digits (040, 019).
_PHONE_PREFIX = re.compile(r"0[1-36-8]00|0[23]0|050|0[235689]|0[0-9][0-9]")
_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code"}
_BLOCK_END = re.compile(r"</p>|</li>|<br>")  # where rendered content Markdown breaks a line
# Characters that mean Markdown anywhere on a line: code, emphasis, links and images (their
# parentheses and "!" are inert once the brackets are escaped), attribute lists, table cells and
# a heading's closing hashes. < > & " ' are left to autoescape. Escaping only these, and not every
# character Markdown can escape, keeps its work per page small.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")
# ... and what starts a list or an admonition (!!!) at the beginning of a line. Here \d is any
# script's digit on purpose: Python-Markdown's list pattern starts an ordered list with "١." too.
_LINE_START_SPECIAL = re.compile(r"^(?:([+\-!])|(\d+)\.(?=\s|$))")


def escape_markdown(text: str) -> str:
    """Return text on one line with every character that could start Markdown backslash-escaped."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START_SPECIAL.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\.", escaped)


def link_target(url: str) -> str:
    """Return a URL for a Markdown link's target, its parentheses percent-encoded: an unmatched one would end the link."""
    return url.replace("(", "%28").replace(")", "%29")


def _finalize(value: Any) -> Any:
    if value is None:
        raise ValueError("a template printed None: test the value with {% if %} first")
    if isinstance(value, Markup):
        return value
    return escape_markdown(str(value))


def _keep_link(element: str, attribute: str, value: str) -> str | None:
    if element != "a" or attribute != "href":
        return value
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:  # e.g. "http://[x": not a link anyone can follow
        return None
    return value if scheme in LINK_SCHEMES else None


def _renderer() -> markdown.Markdown:
    renderer = markdown.Markdown(extensions=["sane_lists"])
    renderer.preprocessors.deregister("html_block")
    renderer.inlinePatterns.deregister("html")
    # Headings and code blocks would break the page's outline: their text stays a paragraph.
    for block in ("hashheader", "setextheader", "code", "hr"):
        renderer.parser.blockprocessors.deregister(block)
    return renderer


_RENDERER = _renderer()


def render_markdown(text: str) -> Markup:
    """Render a content field's limited Markdown into sanitised HTML."""
    html = _RENDERER.reset().convert(text)
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href"}},
        attribute_filter=_keep_link,
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer",
    )
    return Markup(clean)  # sanitised by nh3 just above


def plain_lines(text: str) -> list[str]:
    """Return a content field's Markdown as plain text, a line for each paragraph and list item."""
    html = _BLOCK_END.sub("\n", render_markdown(text))
    return [
        line for line in (" ".join(raw.split()) for raw in unescape(nh3.clean(html, tags=set())).splitlines()) if line
    ]


def finnish_date(day: date) -> str:
    """Return a date the Finnish way, e.g. 1.11.2026."""
    return f"{day.day}.{day.month}.{day.year}"


def front_matter(text: str) -> Markup:
    """Return text as a YAML string for a page's front matter, HTML-escaped.

    The theme prints `title` and `description` from the front matter into the page without
    escaping them, so the escaping has to be in the value itself.
    """
    return Markup(json.dumps(str(Markup.escape(" ".join(text.split()))), ensure_ascii=False))


def finnish_phone(number: str) -> str:
    """Return a normalised phone number as Finns write it, e.g. +358408887263 -> 040 888 7263, +358900000214 -> 09 0000 0214.

    After the prefix the rest is split before its last four digits, or in halves when it has at
    most six (0800 123 456), and not at all when it has at most four (0100 100). A helpline is
    split after its 116 (116 123); 112 stays as it is.
    """
    if SERVICE_NUMBER.fullmatch(number):
        return " ".join(part for part in (number[:3], number[3:]) if part)
    if not number.startswith("+358"):
        return number
    national = "0" + number[4:]
    prefix = _PHONE_PREFIX.match(national)
    code = prefix.end() if prefix else len(national)
    rest = national[code:]
    split = len(rest) if len(rest) <= 4 else (len(rest) + 1) // 2 if len(rest) <= 6 else len(rest) - 4
    return " ".join(part for part in (national[:code], rest[:split], rest[split:]) if part)


def address_line(place: Place, taxonomy: Taxonomy) -> str:
    """Return a place's address on one line, e.g. "Koulutie 3, 04300 Tuusula"."""
    return f"{place.address}, {place.postal_code} {taxonomy.label('kunnat', place.municipality)}"


def place_line(place: Place, taxonomy: Taxonomy) -> str:
    """Return a place on one line, e.g. "Järjestötalo, Koulutie 3, 04300 Tuusula"."""
    return f"{place.name}, {address_line(place, taxonomy)}"


def price_line(offer: Offer) -> str:
    """Return what taking part costs: "Maksuton" or the fee as written, e.g. "5 € / kerta"."""
    return offer.price.amount if isinstance(offer.price, Fee) else "Maksuton"


def joining_text(offer: Offer) -> str:
    """Return how to join an offer, its registration link aside: whether to register first, and the instructions.

    An offer that says nothing about registration is not said to need none: the reader is told to ask.
    """
    registration = offer.registration
    if registration is None:
        return "Kysy järjestäjältä, miten pääset mukaan."
    first = "Ilmoittaudu etukäteen." if registration.required else "Ennakkoilmoittautumista ei tarvita."
    return " ".join(part for part in (first, registration.instructions) if part)


def registration_line(offer: Offer) -> str:
    """Return how to join an offer in one line for the open data, the link included; empty if the offer does not say."""
    if offer.registration is None:
        return ""
    return " ".join(part for part in (joining_text(offer), offer.registration.link) if part)


def html_text(text: str) -> Markup:
    """Return text on one line, HTML-escaped, for a raw HTML block: Markdown escapes would show there."""
    return Markup.escape(" ".join(text.split()))


def slug(code: str) -> Markup:
    """Return a code or id for a link or an HTML id as it is; it must be a slug, so nothing needs escaping."""
    if not SLUG.fullmatch(code):
        raise ValueError(f"not a slug: {code!r}")
    return Markup(code)


def environment(templates: Path) -> Environment:
    """Return the Jinja2 environment for page templates in one folder."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        meta=front_matter,
        html=html_text,
        markdown=render_markdown,
        date=finnish_date,
        phone=finnish_phone,
        slug=slug,
        joining=joining_text,
        url=link_target,
        counted=count,  # not "count": Jinja has a built-in filter of that name (a length)
    )
    return env
