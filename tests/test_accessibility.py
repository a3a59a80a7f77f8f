"""Accessibility: axe-core finds no WCAG 2.1 A/AA violation on each kind of page, in the light and the dark palette.

The demo site is served over http from this process, as GitHub Pages would serve it, and each page is
opened in Debian's headless Chromium through Playwright with axe-core (from `npm ci`, never a CDN)
injected into it. TARJOTIN_CHROMIUM names another Chromium executable. Without Chromium or axe-core
the tests fail with what to install; `.ci/run` installs both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser import VIEWPORT
from conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# The palettes of mkdocs.yml: the colour scheme the browser prefers, and the scheme mkdocs-material must pick for it.
PALETTES = {"light": "default", "dark": "slate"}
# One page of each kind. The offer page has an easy-read summary and admonitions (example, stale information).
PAGES = {
    "home": "/",
    "theme": "/teemat/mielenterveys-ja-paihteet/",
    "municipality": "/kunnat/tuusula/",
    "organisation": "/jarjestot/esteeton-arki/",
    "offer": "/tarjonta/pornaisten-kylatalo/kaikkien-kerho/",
    "guide": "/ohjeet/",
    "guide-fields": "/ohjeet/kentat/",
    "open-data": "/avoin-data/",
    "404": "/404.html",
    # The finder with a query and filters applied, and a tray holding two offers (shared as a link).
    "finder": "/hae/?haku=kerho&kunta=tuusula&kunta=pornainen&aika=aamu",
    "tray": "/tarjotin/?valinta=esimerkkilan-seurakunta/perhekerho-pornainen,esteeton-arki/kaikkien-disko",
}


@pytest.fixture(scope="session")
def axe() -> Path:
    if not AXE.is_file():
        pytest.fail("axe-core not installed: run npm ci")
    return AXE


@pytest.fixture(scope="module", params=list(PALETTES))
def palette(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, BrowserContext]]:
    """A fresh browser context preferring the light or dark colour scheme: no palette choice is stored in it."""
    context = browser.new_context(color_scheme=request.param, viewport=VIEWPORT)
    yield request.param, context
    context.close()


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_no_wcag_21_aa_violations(site_url: str, palette: tuple[str, BrowserContext], axe: Path, path: str) -> None:
    name, context = palette
    page = context.new_page()
    try:
        response = page.goto(site_url + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        # mkdocs-material sets the scheme from the preferred colour scheme in script: wait for it, so that the
        # dark run can never quietly check the light palette again.
        page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=PALETTES[name], timeout=5000)
        page.add_script_tag(path=str(axe))
        results = page.evaluate("options => axe.run(document, options)", WCAG_21_AA)
    finally:
        page.close()
    assert results["violations"] == [], f"{path} in the {name} palette:\n{describe(results['violations'])}"
    # Every page has text, so a run that checked no contrast checked nothing.
    assert "color-contrast" in {rule["id"] for rule in results["passes"]}


def test_404_page_leads_home(site_url: str, browser: Browser) -> None:
    """GitHub Pages shows 404.html at any missing address, so its link home must not be relative to that address."""
    page = browser.new_page()
    try:
        page.goto(site_url + "/404.html")
        page.get_by_role("link", name="Siirry etusivulle").click()
        page.wait_for_load_state()
        assert page.url == site_url + "/"
    finally:
        page.close()
