"""Shared fixtures: the real taxonomy, a fixed date, a small valid catalogue to edit, and built sites."""

from __future__ import annotations

import functools
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import CHROMIUM, VIEWPORT, launch, served

from generator.build import build, offline_zip
from generator.entries import Entry, published
from generator.markup import price_line
from generator.problems import Problem
from generator.taxonomy import TAXONOMY, Taxonomy, load_taxonomy
from generator.validate import Catalogue, Result, validate_catalogue

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 23)
OFFER = "catalogue/esimerkki-ry/vertaisryhma.yml"
ORGANISATION = "organisations/esimerkki-ry.yml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current output")


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy(REPO / TAXONOMY)


class Workspace:
    """A copy of the small valid catalogue in a temporary folder, with helpers to break it."""

    def __init__(self, root: Path, taxonomy: Taxonomy) -> None:
        self.root = root
        self.taxonomy = taxonomy

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def edit(self, relative: str, old: str, new: str) -> int:
        """Replace the one occurrence of `old` and return the 1-based line where `new` ends."""
        text = self.read(relative)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        self.write(relative, text.replace(old, new))
        return text[: text.index(old)].count("\n") + 1 + new.count("\n")

    def validate(self, today: date = TODAY) -> Result:
        return validate_catalogue(self.root, self.taxonomy, today)

    def problems(self, today: date = TODAY) -> list[Problem]:
        return self.validate(today).problems


@pytest.fixture
def workspace(tmp_path: Path, taxonomy: Taxonomy) -> Workspace:
    shutil.copytree(DATA / "valid", tmp_path, dirs_exist_ok=True)
    return Workspace(tmp_path, taxonomy)


@functools.cache
def demo_catalogue() -> Catalogue:
    """The demo catalogue, validated once for every test and every parametrisation that reads it."""
    result = validate_catalogue(REPO, load_taxonomy(REPO / TAXONOMY), TODAY)
    assert not result.errors, result.errors
    return result.catalogue


@functools.cache
def demo_entries() -> list[Entry]:
    """The demo catalogue's offers published on TODAY, in the site's order (shared: do not change it)."""
    return published(demo_catalogue(), TODAY)


def offer_text(entry: Entry) -> str:
    """All the text of an offer that the finder searches: title, summary, description, keywords, organiser,
    places, and the labels of its form and target groups and its price."""
    offer = entry.offer
    taxonomy = demo_catalogue().taxonomy
    places = (f"{place.name} {place.address}" for place in offer.places)
    labels = (
        taxonomy.label("muodot", offer.form),
        taxonomy.labels("kohderyhmat", offer.target_groups),
        price_line(offer),
    )
    return " ".join(
        [offer.name, offer.summary, offer.description, *offer.keywords, entry.organisation.name, *places, *labels]
    )


def site_source(target: Path, content: Path) -> Path:
    """Assemble a buildable folder: the project's mkdocs.yml, site_config and npm packages with the catalogue from `content`."""
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "site_config", target / "site_config")
    (target / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    for folder in ("organisations", "catalogue"):
        shutil.copytree(content / folder, target / folder)
    return target


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A buildable copy of the demo catalogue, shared by the session's builds of it."""
    return site_source(tmp_path_factory.mktemp("demo"), REPO)


@pytest.fixture(scope="session")
def demo_site(demo_source: Path) -> Path:
    """The demo catalogue built once for the whole session, with its offline zip; returns its site folder."""
    return build(demo_source, TODAY, with_offline_zip=True)


@pytest.fixture(scope="session")
def offline_demo_site(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site's offline zip extracted as a user would; returns the folder that holds index.html."""
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(demo_site / offline_zip(TODAY)) as bundle:
        bundle.extractall(target)
    (folder,) = target.iterdir()
    return folder


@pytest.fixture(scope="session")
def site_url(demo_site: Path) -> Iterator[str]:
    """The demo site over http on a free local port, as GitHub Pages serves it (no trailing slash)."""
    with served(demo_site) as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session: Debian's, or the one TARJOTIN_CHROMIUM names."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright not installed: pip install -e '.[test]'")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set TARJOTIN_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile: an empty tray, nothing remembered."""
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page in a fresh profile; the test fails if a script on it throws."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"script errors: {errors}"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site fixture catalogue (tests/data/site) built once; returns its site folder."""
    root = site_source(tmp_path_factory.mktemp("fixture"), DATA / "site")
    return build(root, TODAY)
