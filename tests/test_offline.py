"""The offline copy: the zip `tarjotin build --zip` puts on the site, extracted and opened from disk in headless Chromium."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from browser import search_header
from conftest import TODAY

from generator.build import offline_zip, site_url
from generator.markup import finnish_date

if TYPE_CHECKING:
    from playwright.sync_api import Page

BUILD_DATE = f"Päivitetty {finnish_date(TODAY)}"


def test_the_zip_carries_its_build_date_in_its_name_and_on_every_page(
    demo_source: Path, demo_site: Path, offline_demo_site: Path
) -> None:
    archive = demo_site / offline_zip(TODAY)
    top = f"hyvinvointitarjotin-{TODAY.isoformat()}"
    assert archive.name == f"{top}.zip"
    with zipfile.ZipFile(archive) as bundle:
        assert {name.split("/")[0] for name in bundle.namelist()} == {top}
    # The home page links the zip on the published site, so that the copy too leads to a newer one.
    link = re.compile(rf'<a [^>]*href="{re.escape(site_url(demo_source) + offline_zip(TODAY))}">Lataa offline')
    assert link.search((demo_site / "index.html").read_text(encoding="utf-8"))
    assert link.search((offline_demo_site / "index.html").read_text(encoding="utf-8"))
    assert not (offline_demo_site / "lataa").exists(), "the copy does not hold a zip of itself"
    # Every page of the site is in the copy, as a file, with the build date.
    pages = {p.relative_to(offline_demo_site).as_posix(): p for p in offline_demo_site.rglob("*.html")}
    assert len(pages) == sum(1 for _ in demo_site.rglob("*.html"))
    for name, path in pages.items():
        text = path.read_text(encoding="utf-8")
        assert BUILD_DATE in text, name
        # Everything a page loads comes from the copy itself: a script from elsewhere would not load offline.
        for source in re.findall(r'<(?:script|img)\b[^>]*\bsrc="([^"]*)"', text):
            assert not urlsplit(source).netloc, (name, source)


def test_the_offline_copy_works_from_disk_without_the_network(offline_demo_site: Path, page: Page) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((offline_demo_site / "index.html").as_uri())
    assert BUILD_DATE in page.inner_text(".md-footer")

    # Five kinds of page, by their links: home, theme, municipality, offer, organisation.
    page.locator(".tarjotin-tiles").get_by_role("link", name=re.compile("^Ikääntyneet")).click()
    assert page.locator("h1").inner_text() == "Ikääntyneet"
    page.go_back()
    page.locator("article").get_by_role("link", name="Pornainen", exact=True).click()
    assert page.locator("h1").inner_text() == "Pornainen"
    page.get_by_role("link", name="Perhekerho kerhotalolla").click()
    assert page.locator("h1").inner_text() == "Perhekerho kerhotalolla"
    page.locator("#jarjestaja + p a").click()
    assert page.locator("h1").inner_text() == "Esimerkkilän seurakunta (esimerkki)"

    # The finder: a query and a filter, then the first card to the tray.
    page.get_by_role("link", name="Hae", exact=True).first.click()
    page.get_by_label("Hakusana").fill("kerho")
    page.locator("[data-suodatin=kunta] summary").click()
    page.get_by_role("checkbox", name=re.compile("^Pornainen")).check()
    page.wait_for_url(re.compile(r"kunta=pornainen"))
    card = page.locator(".tarjotin-kortti", has_text="Perhekerho kerhotalolla")
    card.get_by_role("button", name="Lisää tarjottimelle").click()
    assert re.fullmatch(r"\d+ tulosta", page.inner_text("#tarjotin-tila"))
    page.get_by_role("link", name="Tarjotin", exact=True).first.click()
    page.wait_for_selector(".tarjotin-tarjous")
    assert page.locator(".tarjotin-tarjous h2").all_inner_texts() == ["Perhekerho kerhotalolla"]
    # A link to the selection is for another device: it leads to the published site, not to this disk.
    shared = urlsplit(page.input_value("#tarjotin-linkki"))
    assert (shared.scheme, shared.path) == ("http", "/tarjotin/index.html") and shared.query.startswith("valinta=")

    # The theme's header search, whose worker runs through the shim served from the copy itself.
    search_header(page, "Kaikkien disko")
    page.wait_for_selector(".md-search-result__item")
    assert "Kaikkien disko Kellokoskella" in page.inner_text(".md-search-result__list")

    assert requests and all(url.startswith("file://") for url in requests), [
        url for url in requests if not url.startswith("file://")
    ]
