"""Printed pages in headless Chromium (print media emulated): handouts without navigation or buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conftest import demo_catalogue, demo_entries

from generator import schedule
from generator.ical import has_calendar
from generator.markup import finnish_phone, plain_lines

if TYPE_CHECKING:
    from playwright.sync_api import Page

ENTRIES = demo_entries()
# Parts of the screen that mean nothing on paper: on every page, and on an offer page.
SCREEN_ONLY = (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search")
OFFER_SCREEN_ONLY = (*SCREEN_ONLY, ".tarjotin-lisaa button", ".tarjotin-kalenteri")


def _printed(page: Page, url: str, screen_only: tuple[str, ...]) -> str:
    """Open `url`, check that each of `screen_only` is on the screen and none is on paper; return the printed text."""
    page.goto(url)
    for selector in screen_only:
        page.wait_for_selector(selector, state="visible")  # the tray's button is made by its script
    page.emulate_media(media="print")
    for selector in screen_only:
        assert all(not element.is_visible() for element in page.query_selector_all(selector)), selector
    return page.inner_text("article")


def test_an_offer_page_prints_its_times_places_contacts_and_link_targets(site_url: str, page: Page) -> None:
    entry = next(
        e
        for e in ENTRIES
        if e.offer.places and e.coming and e.offer.contact and e.offer.contact.phone and has_calendar(e)
    )
    offer, taxonomy = entry.offer, demo_catalogue().taxonomy
    text = _printed(page, f"{site_url}/tarjonta/{entry.key}/", OFFER_SCREEN_ONLY)
    assert offer.name in text
    assert finnish_phone(offer.contact.phone) in text  # type: ignore[union-attr, arg-type]
    assert all(place.address in text for place in offer.places)
    assert schedule.occurrence_text(entry.coming[0], taxonomy) in text
    assert entry.organisation.name in text
    # A link's address follows its text on paper, except where the text is the address.
    targets = page.eval_on_selector_all(
        "article a[href^='http']",
        "links => links.map(a => [a.href, getComputedStyle(a, '::after').content])",
    )
    assert targets
    for href, after in targets:
        shown = href.rstrip("/") in text or href in after
        assert shown, (href, after)


def test_a_theme_list_prints_every_offer_without_the_navigation(site_url: str, page: Page) -> None:
    theme = "ikaantyneet"
    text = _printed(page, f"{site_url}/teemat/{theme}/", SCREEN_ONLY)
    for entry in ENTRIES:
        if theme in entry.offer.themes:
            assert entry.offer.name in text


def test_the_printed_tray_warns_of_paused_and_stale_offers_and_carries_easy_read_text(
    site_url: str, page: Page
) -> None:
    """A client takes the paper with them: it must say what the offer page warns of, and the easy-read summary."""
    paused = next(e for e in ENTRIES if e.offer.status == "tauolla")
    stale = next(e for e in ENTRIES if any(notice.title == "Tiedot voivat olla vanhentuneita" for notice in e.notices))
    easy = next(e for e in ENTRIES if e.offer.easy_read and not e.notices)
    page.goto(f"{site_url}/tarjotin/?valinta={paused.key},{stale.key},{easy.key}")
    page.wait_for_selector(".tarjotin-tarjous")
    page.emulate_media(media="print")

    def printed(entry_key: str) -> str:
        return page.inner_text(f".tarjotin-tarjous[data-id='{entry_key}']")

    assert "Toiminta on nyt tauolla. Kysy järjestäjältä, milloin se jatkuu." in printed(paused.key)
    assert stale.notices[0].text in printed(stale.key)
    assert "tauolla" not in printed(easy.key) and "vanhentuneita" not in printed(easy.key)
    assert "Selkokielellä:" in printed(easy.key)
    assert plain_lines(easy.offer.easy_read or "")[0] in printed(easy.key)
    assert page.inner_text("#tarjotin-tulostettu").startswith("Tulostettu ")
