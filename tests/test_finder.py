"""The finder and the tray in headless Chromium, on the demo site served over http and opened from disk.

Expected result sets come from the catalogue itself, computed here another way: text queries by the
word roots they must meet in an offer's text (so "päihteiden" must find every offer that mentions
päihde in any form or compound), filters by reading the offers' fields.
"""

from __future__ import annotations

import base64
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import PHONE, search_header
from conftest import OFFER, TODAY, Workspace, demo_catalogue, demo_entries, offer_text
from lunr.index import Index

from generator import fulltext
from generator.entries import published
from generator.finder import cards, facets, searchable
from generator.finnish import stem
from generator.markup import finnish_phone
from generator.models import ByAppointment, Offer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route


@dataclass(frozen=True)
class Site:
    """The demo site at one base address: over http with directory URLs, or from disk with .html files."""

    base: str
    from_disk: bool

    def url(self, page: str, query: str = "") -> str:
        """The address of a page given as its docs path without .md, e.g. "hae/index" or "tarjonta/a/b"."""
        if self.from_disk:
            path = page + ".html"
        else:
            path = page.removesuffix("index") if page.endswith("index") else page + "/"
        return self.base + path + (f"?{query}" if query else "")


@pytest.fixture(scope="module", params=["http", "file"])
def site(request: pytest.FixtureRequest) -> Site:
    if request.param == "http":
        return Site(request.getfixturevalue("site_url") + "/", from_disk=False)
    return Site(request.getfixturevalue("offline_demo_site").as_uri() + "/", from_disk=True)


# ---- What the catalogue says each search must find ----

ENTRIES = demo_entries()


def mentioning(*roots: str) -> set[str]:
    """Offers whose text has every one of `roots`, each a regular expression for a word's forms."""
    return {e.key for e in ENTRIES if all(re.search(root, offer_text(e), re.IGNORECASE) for root in roots)}


def where(test: Callable[[Offer], bool]) -> set[str]:
    return {e.key for e in ENTRIES if test(e.offer)}


def serves(municipality: str) -> Callable[[Offer], bool]:
    return lambda offer: municipality in offer.municipalities or "koko-alue" in offer.municipalities


def starts_from(hour: int) -> Callable[[Offer], bool]:
    return lambda offer: any(
        not isinstance(item, ByAppointment) and item.starts >= time(hour) for item in offer.schedules
    )


def results(page: Page) -> set[str]:
    """Every result card once the search is done (the parts of the index it needs loaded), further pages shown."""
    page.wait_for_selector(".tarjotin-tulosalue:not([aria-busy]) #tarjotin-tila:not(:empty)")
    more = page.locator(".tarjotin-lisaa-tuloksia")
    while more.is_visible():
        more.click()
    return {card.get_attribute("data-id") or "" for card in page.query_selector_all(".tarjotin-kortti")}


def status(page: Page) -> str:
    return page.inner_text("#tarjotin-tila")


def count_text(n: int) -> str:
    return "1 tulos" if n == 1 else f"{n} tulosta"


SEARCHES = {
    # Inflected forms, partial words and compounds find the base forms.
    "päihteiden": ("haku=päihteiden", mentioning(r"päih[dt]")),
    "vertais": ("haku=vertais", mentioning(r"vertais")),
    "perheille": ("haku=perheille", mentioning(r"perhe")),
    "ikäihmisille": ("haku=ikäihmisille", mentioning(r"ikäihmi")),
    "two words": ("haku=vertaistukea+omaisille", mentioning(r"vertaistu[ek]", r"omai[ns]")),
    "typo": ("haku=yksinäsyys", mentioning(r"yksinäi")),
    # Filters: values of one filter widen, filters narrow; a municipality includes the whole region's offers.
    "municipality and evening": (
        "kunta=tuusula&aika=ilta",
        where(lambda o: serves("tuusula")(o) and starts_from(17)(o)),
    ),
    "two municipalities": (
        "kunta=pornainen&kunta=mantsala",
        where(lambda o: serves("pornainen")(o) or serves("mantsala")(o)),
    ),
    "free online": ("hinta=maksuton&osallistuminen=verkossa", where(lambda o: o.is_free and o.online)),
    "query and filters": (
        "haku=kerho&teema=lapsiperheet",
        mentioning(r"kerho") & where(lambda o: "lapsiperheet" in o.themes),
    ),
}


def test_day_and_time_filters_count_only_meetings_still_to_come(workspace: Workspace) -> None:
    """A Tuesday evening group with one Saturday morning date: after that date, no longer a morning or Saturday offer."""
    catalogue = workspace.validate().catalogue
    [before] = published(catalogue, date(2026, 12, 1))
    [after] = published(catalogue, date(2026, 12, 10))
    assert facets(before, catalogue.taxonomy, date(2026, 12, 1))["aika"] == ["aamu", "ilta"]
    assert facets(before, catalogue.taxonomy, date(2026, 12, 1))["paiva"] == ["ti", "la"]
    assert facets(after, catalogue.taxonomy, date(2026, 12, 10))["aika"] == ["ilta"]
    assert facets(after, catalogue.taxonomy, date(2026, 12, 10))["paiva"] == ["ti"]


def test_a_weekly_time_that_has_ended_no_longer_counts(workspace: Workspace) -> None:
    """The Tuesday evenings end in November; in December only the Saturday morning date is to come."""
    workspace.edit(OFFER, "asti: 2027-05-25", "asti: 2026-11-30")
    [entry] = published(workspace.validate().catalogue, date(2026, 12, 1))
    assert facets(entry, workspace.taxonomy, date(2026, 12, 1))["aika"] == ["aamu"]
    assert facets(entry, workspace.taxonomy, date(2026, 12, 1))["paiva"] == ["la"]


def test_each_filter_value_comes_as_the_bit_set_of_the_offers_that_have_it() -> None:
    taxonomy = demo_catalogue().taxonomy
    columns = cards(ENTRIES, taxonomy, TODAY)
    assert columns["id"] == [entry.key for entry in ENTRIES]
    expected = {(name, code) for e in ENTRIES for name, codes in facets(e, taxonomy, TODAY).items() for code in codes}
    assert {(name, code) for name, values in columns["suodattimet"].items() for code in values} == expected
    for name, values in columns["suodattimet"].items():
        for code, encoded in values.items():
            bits = base64.b64decode(encoded)
            holders = {e.key for i, e in enumerate(ENTRIES) if bits[i // 8] >> (i % 8) & 1}
            assert holders == {e.key for e in ENTRIES if code in facets(e, taxonomy, TODAY)[name]}, (name, code)


def test_the_searches_are_not_trivial() -> None:
    """Each expected set is a real part of the catalogue, so a finder showing everything or nothing fails."""
    for name, (_, expected) in SEARCHES.items():
        assert 0 < len(expected) < len(ENTRIES), name


@pytest.mark.parametrize("query", list(SEARCHES.values()), ids=list(SEARCHES))
def test_queries_and_filters_find_the_expected_offers(site: Site, page: Page, query: tuple[str, set[str]]) -> None:
    parameters, expected = query
    page.goto(site.url("hae/index", parameters))
    assert results(page) == expected
    assert status(page) == count_text(len(expected))
    assert page.get_attribute("#tarjotin-tila", "role") == "status"


def test_filter_counts_match_what_ticking_gives(site: Site, page: Page) -> None:
    page.goto(site.url("hae/index", "haku=ryhmä"))
    results(page)
    tuusula = page.locator("label", has=page.locator("input[name=kunta][value=tuusula]"))
    shown = int((tuusula.locator("[data-maara]").text_content() or "").strip("()"))
    page.locator("summary", has_text="Kunta").click()
    tuusula.click()
    assert len(results(page)) == shown > 0


def test_the_url_holds_every_choice_and_back_and_forward_restore_them(site: Site, page: Page) -> None:
    page.goto(site.url("hae/index"))
    everything = results(page)
    page.fill("#tarjotin-q", "kerho")
    page.press("#tarjotin-q", "Enter")
    with_query = results(page)
    page.locator("summary", has_text="Kunta").click()
    page.check("input[name=kunta][value=pornainen]")
    page.wait_for_url(re.compile(r"kunta=pornainen"))
    filtered = results(page)
    assert filtered < with_query < everything
    assert "haku=kerho" in page.url

    # The same address in another tab shows the same state.
    other = page.context.new_page()
    other.goto(page.url)
    assert results(other) == filtered
    assert other.input_value("#tarjotin-q") == "kerho"
    assert other.is_checked("input[name=kunta][value=pornainen]")
    other.close()

    page.go_back()
    page.wait_for_url(lambda url: "kunta=" not in url)
    assert results(page) == with_query
    assert not page.is_checked("input[name=kunta][value=pornainen]")
    page.go_forward()
    page.wait_for_url(re.compile(r"kunta=pornainen"))
    assert results(page) == filtered
    assert page.is_checked("input[name=kunta][value=pornainen]")


def test_each_query_is_a_step_back(site: Site, page: Page) -> None:
    page.goto(site.url("hae/index"))
    results(page)
    page.fill("#tarjotin-q", "kerho")
    page.wait_for_url(re.compile(r"haku=kerho"))
    page.fill("#tarjotin-q", "disko")
    page.wait_for_url(re.compile(r"haku=disko"))
    assert results(page) == mentioning(r"disko")
    page.go_back()
    page.wait_for_url(re.compile(r"haku=kerho"))
    assert page.input_value("#tarjotin-q") == "kerho"
    assert results(page) == mentioning(r"kerho")


def test_links_with_unknown_values_still_work(site: Site, page: Page) -> None:
    """An old link's filter value that no longer exists is ignored, and no query word breaks the script."""
    page.goto(site.url("hae/index", "kunta=vanha-kunta"))
    assert results(page) == {e.key for e in ENTRIES}
    page.goto(site.url("hae/index", "haku=constructor"))
    assert results(page) == set()
    page.goto(site.url("tarjotin/index", "valinta=constructor"))
    assert _tray(page) == ["constructor"]
    assert page.get_by_text("Tätä toimintaa ei enää ole luettelossa").is_visible()


def test_no_results_suggests_which_filter_to_clear(site: Site, page: Page) -> None:
    assert mentioning(r"disko") & where(lambda o: o.by_phone) == set()
    page.goto(site.url("hae/index", "haku=disko&osallistuminen=puhelimitse"))
    assert results(page) == set()
    assert status(page) == "0 tulosta"
    suggestion = page.get_by_role("button", name=re.compile(r"Poista Puhelimitse"))
    suggestion.click()
    assert results(page) == mentioning(r"disko")
    assert "puhelimitse" not in page.url


def test_when_no_single_filter_helps_the_finder_offers_to_clear_them_all(site: Site, page: Page) -> None:
    assert where(lambda o: "so" in o.languages) == set()  # nobody runs an offer in Somali
    page.goto(site.url("hae/index", "kieli=so&paiva=su&aika=aamu"))
    assert results(page) == set()
    # A closed group says what it holds ticked.
    assert page.inner_text("[data-suodatin=kieli] summary") == "Kieli (1 valittu)"
    assert page.get_by_role("button", name=re.compile("^Poista")).all_inner_texts() == [
        f"Poista kaikki rajaukset ({count_text(len(ENTRIES))})"
    ]
    page.get_by_role("button", name=re.compile("Poista kaikki rajaukset")).click()
    assert results(page) == {e.key for e in ENTRIES}
    assert urlsplit(page.url).query == ""
    assert page.inner_text("[data-suodatin=kieli] summary") == "Kieli"


def test_on_a_phone_sending_the_query_brings_the_results_into_view(site: Site, browser: Browser) -> None:
    """On a narrow screen the results start below the filters: the worker must see that the search was done."""
    context = browser.new_context(viewport={"width": 360, "height": 640})
    try:
        page = context.new_page()
        page.goto(site.url("hae/index"))
        results(page)
        page.locator("[data-suodatin=kunta] summary").click()
        assert page.evaluate("document.getElementById('tarjotin-tila').getBoundingClientRect().top") > 640
        page.get_by_label("Hakusana").fill("kerho")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile("haku=kerho"))
        assert results(page) == mentioning(r"kerho")
        top = page.evaluate("document.getElementById('tarjotin-tila').getBoundingClientRect().top")
        assert 0 <= top < 640
    finally:
        context.close()


def _focus_visible(page: Page) -> bool:
    """Whether the focused element, or the label that stands for it (the theme's palette switch), shows a ring."""
    return bool(
        page.evaluate(
            """() => {
                const element = document.activeElement;
                const next = element.nextElementSibling;
                const labels = [...(element.labels || []), ...(next && next.tagName === 'LABEL' ? [next] : [])];
                return [element, ...labels].some(shown => {
                    const style = getComputedStyle(shown);
                    return (style.outlineStyle !== 'none' && (style.outlineStyle === 'auto' || parseFloat(style.outlineWidth) > 0)) ||
                        style.boxShadow !== 'none';
                });
            }"""
        )
    )


def _tab_to(page: Page, selector: str, *, backwards: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until `selector` has the focus, checking that every focus is visible."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            assert _focus_visible(page), f"focus not visible on {focused}"
            return
        if focused.startswith(("<a", "<button", "<input", "<summary", "<label")):
            assert _focus_visible(page), f"focus not visible on {focused}"
    raise AssertionError(f"{selector} not reached with the keyboard")


def test_keyboard_alone_searches_filters_opens_adds_and_opens_the_tray(site: Site, page: Page) -> None:
    page.goto(site.url("hae/index"))
    results(page)
    _tab_to(page, "#tarjotin-q")
    page.keyboard.type("kerho")
    _tab_to(page, "[data-suodatin=kunta] summary")
    page.keyboard.press("Enter")
    _tab_to(page, "input[name=kunta][value=pornainen]")
    page.keyboard.press("Space")
    expected = mentioning(r"kerho") & where(serves("pornainen"))
    page.wait_for_function("n => document.querySelectorAll('.tarjotin-kortti').length === n", arg=len(expected))
    assert results(page) == expected

    _tab_to(page, ".tarjotin-kortti h2 a")
    opened = page.evaluate("() => document.activeElement.closest('.tarjotin-kortti').dataset.id")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-tarjotin-lisaa] button")
    _tab_to(page, "[data-tarjotin-lisaa] button")
    page.keyboard.press("Space")
    assert page.inner_text("[data-tarjotin-lisaa] button") == "Poista tarjottimelta"
    _tab_to(page, "a.md-nav__link[href*='tarjotin/']", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_selector(".tarjotin-tarjous")
    assert {e.get_attribute("data-id") for e in page.query_selector_all(".tarjotin-tarjous")} == {opened}


def _tray(page: Page) -> list[str]:
    page.wait_for_selector("#tarjotin-tila:not(:empty)")
    return [e.get_attribute("data-id") or "" for e in page.query_selector_all(".tarjotin-tarjous")]


FAMILY_CLUB = "esimerkkilan-seurakunta/perhekerho-pornainen"
DISCO = "esteeton-arki/kaikkien-disko"
OTHER = next(e.key for e in ENTRIES if e.key not in (FAMILY_CLUB, DISCO))


def test_the_tray_keeps_offers_across_reloads_prints_and_shares(site: Site, page: Page, browser: Browser) -> None:
    page.goto(site.url("hae/index", "haku=perhekerho+pornainen"))
    page.locator(f"[data-id='{FAMILY_CLUB}'] button").click()
    page.goto(site.url("tarjonta/" + DISCO))
    page.get_by_role("button", name="Lisää tarjottimelle").click()

    page.goto(site.url("tarjotin/index"))
    assert _tray(page) == [FAMILY_CLUB, DISCO]
    assert status(page) == "Tarjottimella on 2 toimintaa."
    page.reload()
    assert _tray(page) == [FAMILY_CLUB, DISCO]

    # The printed handout: no navigation or buttons; times, places and contacts shown.
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", "#tarjotin-tulosta", ".tarjotin-nappi"):
        assert not page.locator(hidden).first.is_visible(), hidden
    family = page.locator(f"[data-id='{FAMILY_CLUB}']")
    contact = next(e.offer.contact for e in ENTRIES if e.key == FAMILY_CLUB)
    assert contact and contact.phone and contact.email
    for shown in ("Milloin:", "Missä:", "Näin pääset mukaan:", finnish_phone(contact.phone), contact.email):
        assert family.get_by_text(shown).first.is_visible(), shown
    page.emulate_media(media="screen")

    # The link opens the same selection in a browser that has never seen it, where a colleague
    # already has an offer of their own on the tray.
    link = page.input_value("#tarjotin-linkki")
    if site.from_disk:  # the link leads to the published site (test_offline.py): open its selection here
        link = site.url("tarjotin/index", urlsplit(link).query)
    elsewhere = browser.new_context()
    try:
        other = elsewhere.new_page()
        other.goto(site.url("tarjonta/" + OTHER))
        other.get_by_role("button", name="Lisää tarjottimelle").click()
        other.goto(link)
        assert _tray(other) == [FAMILY_CLUB, DISCO]
        assert other.get_by_text("Omalla tarjottimellasi on muita toimintoja").is_visible()
        other.get_by_role("button", name="Lisää valinta omalle tarjottimelle").click()
        # Added to what was there: the page is the worker's own tray now, and removing an offer
        # does not bring the link back.
        assert _tray(other) == [OTHER, FAMILY_CLUB, DISCO]
        other.locator(f"[data-id='{FAMILY_CLUB}']").get_by_role("button", name=re.compile("Poista")).click()
        assert _tray(other) == [OTHER, DISCO]
        assert not other.is_visible("#tarjotin-jaettu")
        assert "valinta=" not in other.url
        other.goto(site.url("tarjonta/" + DISCO))
        assert other.inner_text("[data-tarjotin-lisaa] button") == "Poista tarjottimelta"
    finally:
        elsewhere.close()

    page.locator(f"[data-id='{DISCO}']").get_by_role("button", name=re.compile("Poista tarjottimelta")).click()
    assert _tray(page) == [FAMILY_CLUB]
    page.reload()
    assert _tray(page) == [FAMILY_CLUB]

    # Emptying the tray asks first: cancelled, the offers stay; confirmed, they go.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Tyhjennä tarjotin").click()
    assert _tray(page) == [FAMILY_CLUB]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tyhjennä tarjotin").click()
    page.wait_for_selector(".tarjotin-tarjous", state="detached")
    assert status(page).startswith("Tarjotin on tyhjä.")


def test_the_header_search_finds_offers_and_leads_to_the_finder(site_url: str, page: Page) -> None:
    # Over http here; test_offline.py uses it from disk in the offline copy.
    site = Site(site_url + "/", from_disk=False)
    page.goto(site.url("index"))
    search_header(page, "Kaikkien disko")
    page.wait_for_selector(".md-search-result__item")
    assert "Kaikkien disko Kellokoskella" in page.inner_text(".md-search-result__list")
    found = page.locator(".md-search-result__list > .md-search-result__item").count()
    assert found > 1
    assert page.inner_text(".md-search-result__meta") == f"{found} osumaa", "plain words, not 'täsmäävää dokumenttia'"
    page.get_by_role("link", name="Tarkempi haku suodattimilla: avaa Hae").click()
    page.wait_for_url(re.compile(r"haku=Kaikkien"))
    assert DISCO in results(page)


def test_offer_and_list_pages_are_plain_links_without_javascript(site: Site, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url("hae/index"))
        assert page.get_by_text("Haku tarvitsee JavaScriptin").is_visible()
        page.get_by_role("link", name="kunnittain").click()
        page.get_by_role("link", name="Pornainen").first.click()
        page.get_by_role("link", name="Perhekerho kerhotalolla").click()
        assert page.locator("h1").inner_text() == "Perhekerho kerhotalolla"
    finally:
        context.close()


def test_nothing_leaves_the_site(site: Site, page: Page) -> None:
    """The finder and the tray load only the site's own files: no CDN, and from disk no request off file://."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site.url("hae/index", "haku=kerho"))
    results(page)
    page.goto(site.url("tarjotin/index", f"valinta={FAMILY_CLUB}"))
    _tray(page)
    assert requests and all(url.startswith(site.base) for url in requests), [
        u for u in requests if not u.startswith(site.base)
    ]


def test_a_query_loads_only_the_parts_of_the_index_that_hold_its_terms(site: Site, page: Page) -> None:
    """No part of the full text loads until a query needs one; then the parts with the query words' terms, once each."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if "/hae/osat/" in request.url else None)
    page.goto(site.url("hae/index"))
    results(page)
    finder = page.evaluate(
        "({osat: tarjotinHakemisto.osat, sanasto: tarjotinHakemisto.sanasto, vartalot: tarjotinHakemisto.vartalot})"
    )
    assert requested == [] and len(finder["osat"]) > 1
    terms = iter(finder["sanasto"])
    part_of = {next(terms): path for path, size in finder["osat"] for _ in range(size)}

    def parts(word: str) -> set[str]:
        """The parts with a word's terms, looked up as hae.js does: its stem and its base forms' stems."""
        key = stem(word)
        return {part_of[term] for term in [key, *finder["vartalot"].get(key, [])] if term in part_of}

    loaded: set[str] = set()
    for search in ("päihteiden", "two words"):
        query, expected = SEARCHES[search]
        needed = set().union(*map(parts, query.removeprefix("haku=").split("+")))
        assert 0 < len(needed) < len(finder["osat"])
        requested.clear()
        text = query.removeprefix("haku=").replace("+", " ")
        page.fill("#tarjotin-q", text)
        page.wait_for_url(lambda url, text=text: parse_qs(urlsplit(url).query).get("haku") == [text])
        assert results(page) == expected
        assert sorted(url.removeprefix(site.base) for url in requested) == sorted(needed - loaded)
        loaded |= needed


def test_the_finder_page_leaves_out_the_header_search_and_its_index(site: Site, page: Page) -> None:
    """The finder's own box is the page's search; the theme's search index is not downloaded for it."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size(PHONE)  # where the header shows a search button instead of a search box
    page.goto(site.url("hae/index", "haku=kerho"))
    results(page)
    page.wait_for_load_state("load")
    assert page.locator(".md-search").count() == 0
    assert page.locator('.md-header__button[for="__search"]').is_hidden()
    assert not [url for url in requested if "search_index" in url]
    page.goto(site.url("index"))
    assert page.locator(".md-search").count() == 1
    assert page.locator('.md-header__button[for="__search"]').is_visible()
    if not site.from_disk:  # from disk the theme reads its index through the worker shim, unseen here
        page.wait_for_load_state("load")
        assert [url for url in requested if "search_index" in url], "every other page loads the theme's index"


def test_a_part_of_the_index_that_does_not_load_ends_the_search_with_a_message(site_url: str, page: Page) -> None:
    """As when a browser still holds the previous deploy's finder script, whose parts are gone: no endless wait."""
    site = Site(site_url + "/", from_disk=False)
    page.route("**/hae/osat/*.js", lambda route: route.fulfill(status=404, body="ei ole"))
    page.goto(site.url("hae/index", "haku=päihteiden"))
    page.wait_for_selector(".tarjotin-tulosalue:not([aria-busy])")
    assert status(page).startswith("Hakua ei voitu ladata.")
    page.fill("#tarjotin-q", "")
    page.wait_for_url(re.compile(r"/hae/$"))
    assert results(page) == {e.key for e in ENTRIES}


def test_the_first_results_do_not_wait_for_the_themes_scripts(site_url: str, page: Page) -> None:
    """On a slow connection the theme's script bundle at the end of the page comes last: the results show before it."""
    held: list[Route] = []
    page.route("**/assets/javascripts/bundle.*.js", lambda route: held.append(route))
    page.goto(Site(site_url + "/", from_disk=False).url("hae/index", "haku=päihteiden"), wait_until="commit")
    assert results(page) == SEARCHES["päihteiden"][1]
    assert len(held) == 1, "the theme's bundle is still on its way"
    held[0].continue_()


def _whole_index_order(words: list[str], finder: dict[str, Any]) -> list[tuple[str, list[str], list[set[str]]]]:
    """Words begun, as hae.js looks them up (no exact term, no base form: every term starting with the
    word's stem), whose terms lie in more than one part, each with the offers the whole index ranks for it:
    best first, in groups of equal score (whose order among themselves is free), at least three groups."""
    terms = iter(finder["sanasto"])
    part_of = {next(terms): number for number, (_, size) in enumerate(finder["osat"]) for _ in range(size)}
    texts = (searchable(entry, demo_catalogue().taxonomy) for entry in ENTRIES)
    (whole_index,) = fulltext.build(texts, part_postings=10**9).parts  # uncut: one part
    whole = Index.load(whole_index)
    found = []
    for word in words:
        key = stem(word)
        if len(key) < 3 or key in part_of or key in finder["vartalot"]:
            continue
        begun = [term for term in finder["sanasto"] if term.startswith(key)]
        if len({part_of[term] for term in begun}) < 2:
            continue
        query = whole.create_query()
        for term in begun:
            query.term(term, use_pipeline=False)
        ranked = [(result["score"], finder["ids"][int(result["ref"])]) for result in whole.query(query)]
        groups: list[set[str]] = []
        for (before, _), (score, offer) in itertools.pairwise([(math.inf, ""), *ranked]):
            if before - score > 1e-6:
                groups.append(set())
            groups[-1].add(offer)
        if len(groups) > 2:
            found.append((word, begun, groups))
    return found


def test_a_word_whose_terms_lie_in_several_parts_ranks_as_the_whole_index_would(site: Site, page: Page) -> None:
    """hae.js scores such a word in each part and joins the scores, weighted by each part's share of the
    terms: the cards come in the order of the whole index."""
    page.goto(site.url("hae/index"))
    results(page)
    finder = page.evaluate(
        "({osat: tarjotinHakemisto.osat, sanasto: tarjotinHakemisto.sanasto,"
        " vartalot: tarjotinHakemisto.vartalot, ids: tarjotinHakemisto.tarjonta.id})"
    )
    prefixes = sorted({term[:length] for term in finder["sanasto"] for length in (3, 4, 5)})
    cases = _whole_index_order(prefixes, finder)
    assert cases, "no word begun in the demo catalogue spans two parts"
    for word, begun, expected in cases[:3]:
        page.goto(site.url("hae/index", f"haku={word}"))
        results(page)
        shown = [card.get_attribute("data-id") for card in page.query_selector_all(".tarjotin-kortti")]
        sizes = itertools.accumulate(len(group) for group in expected)
        assert [set(shown[end - len(group) : end]) for group, end in zip(expected, sizes, strict=True)] == expected
        assert len(shown) == sum(map(len, expected)), (word, begun)
