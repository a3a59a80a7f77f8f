"""The built site: what residents and staff rely on in every page, checked in the HTML mkdocs wrote."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import material
import pytest
from conftest import DATA, OFFER, REPO, TODAY, Workspace, site_source

from generator import build as build_module
from generator.build import BUILT_MARK, build
from generator.entries import is_published, published
from generator.errors import TarjotinError
from generator.pages import render_pages
from generator.taxonomy import WHOLE_REGION, Taxonomy
from generator.validate import validate_catalogue


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the page's text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page(site: Path, url: str) -> Tags:
    return Tags((site / url / "index.html").read_text(encoding="utf-8"))


def article(site: Path, url: str) -> Tags:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return Tags(html[html.index("<article") : html.index("</article>")])


def links(site: Path, url: str) -> set[str]:
    """Return the site paths the page links to, e.g. 'tarjonta/org/offer/'."""
    base = f"http://site/{url}"
    found = set()
    for tag, attrs in page(site, url).tags:
        href = attrs.get("href")
        if tag == "a" and href and not urlsplit(href).scheme:
            found.add(urlsplit(urljoin(base, href)).path.removeprefix("/"))
    return found


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_offer_page_is_reachable_from_its_theme_and_municipality_pages(
    demo_site: Path, taxonomy: Taxonomy
) -> None:
    catalogue = validate_catalogue(REPO, taxonomy, TODAY).catalogue
    theme_links = {code: links(demo_site, f"teemat/{code}/") for code in taxonomy.themes}
    local_links = {
        code: links(demo_site, f"kunnat/{code}/") for code in taxonomy.municipalities if code != WHOLE_REGION
    }
    published = [offer for offer in catalogue.offers if is_published(offer, TODAY)]
    assert len(published) >= 60
    for offer in published:
        url = f"tarjonta/{offer.organisation_id}/{offer.id}/"
        assert (demo_site / url / "index.html").is_file()
        for theme in offer.themes:
            assert url in theme_links[theme], f"{url} missing from theme {theme}"
        serves = local_links if WHOLE_REGION in offer.municipalities else offer.municipalities
        for municipality in serves:
            assert url in local_links[municipality], f"{url} missing from municipality {municipality}"
        assert url in links(demo_site, f"jarjestot/{offer.organisation_id}/")


def test_ended_and_expired_offers_are_not_published(fixture_site: Path) -> None:
    pages = {str(p.relative_to(fixture_site)) for p in html_pages(fixture_site)}
    assert "tarjonta/esimerkkilan-seurakunta/keskusteluapu/index.html" in pages
    for gone in ("paattynyt-kerho", "mennyt-tapahtuma"):
        assert f"tarjonta/esimerkkilan-seurakunta/{gone}/index.html" not in pages
        for path in html_pages(fixture_site):
            assert gone not in path.read_text(encoding="utf-8"), f"{path} mentions {gone}"


def test_demo_site_leaves_out_its_ended_offer(demo_site: Path, taxonomy: Taxonomy) -> None:
    catalogue = validate_catalogue(REPO, taxonomy, TODAY).catalogue
    hidden = [offer for offer in catalogue.offers if not is_published(offer, TODAY)]
    assert [offer.status for offer in hidden] == ["paattynyt"]
    assert not (demo_site / "tarjonta" / hidden[0].organisation_id / hidden[0].id).exists()


# Attributes that make the browser fetch something, and CSS that does.
_LOADS = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("source", "src")}
# Links that name a page without loading it: the canonical address is the published one (site_url).
_NOT_LOADED = {"canonical"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")


def test_no_page_loads_anything_from_another_origin(demo_site: Path) -> None:
    for path in html_pages(demo_site):
        tags = Tags(path.read_text(encoding="utf-8"))
        for tag, attrs in tags.tags:
            for attribute, value in attrs.items():
                if (tag, attribute) in _LOADS and value and attrs.get("rel") not in _NOT_LOADED:
                    assert not urlsplit(value).netloc, f"{path}: <{tag} {attribute}={value}>"
            assert tag not in {"iframe", "object", "embed"}, path
    for css in demo_site.rglob("*.css"):
        for match in _CSS_URL.finditer(css.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            assert not urlsplit(url).netloc, f"{css}: {url}"


def test_every_page_is_finnish(demo_site: Path) -> None:
    pages = html_pages(demo_site)
    assert len(pages) > 90
    for path in pages:
        head = path.read_text(encoding="utf-8")[:200]
        assert '<html lang="fi"' in head, path


def test_hostile_content_comes_out_inert(fixture_site: Path) -> None:
    url = "tarjonta/esimerkki-ry/vihamielinen-sisalto/"
    body = article(fixture_site, url)
    for tag, attrs in body.tags:
        assert tag not in {"script", "iframe", "img", "style", "svg", "b"}, tag
        for attribute, value in attrs.items():
            assert not attribute.startswith("on"), (tag, attribute)
            if attribute in {"href", "src"} and value:
                assert urlsplit(value).scheme in {"", "http", "https", "mailto", "tel"}, value
                assert not value.startswith("#x"), value
    text = "".join(body.text)
    # What was written is shown as text, so a reader sees exactly what the file says.
    for shown in (
        "<script>alert(1)</script>",
        "{: onclick=alert(2) }",
        "<img src=x onerror=alert(3)>",
        "{: onclick=alert(11) }",
    ):
        assert shown in text
    # Nowhere in the page, head and search data included, is a link that runs code.
    for tag, attrs in page(fixture_site, url).tags:
        for value in attrs.values():
            assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.IGNORECASE), (tag, value)


def test_offer_page_answers_in_order(fixture_site: Path) -> None:
    text = " ".join("".join(article(fixture_site, "tarjonta/esimerkki-ry/vertaisryhma/").text).split())
    order = [
        "Vertaistukea mielenterveys",
        "Selkokielellä",
        "Kenelle",
        "Omaiset ja läheiset",
        "18 vuotta täyttäneet",
        "Missä",
        "Järjestötalo",
        "Milloin",
        "tiistaisin klo 17.30–19.00, 18.8.2026–25.5.2027",
        "Ei kokoonnu 22.12.2026 eikä 29.12.2026.",
        "Seuraavat kerrat",
        "ti 24.11.2026 klo 17.30–19.00",
        "Hinta",
        "Maksuton",
        "Näin pääset mukaan",
        "Ilmoittaudu etukäteen",
        "Yhteystiedot",
        "Maija Esimerkki, ryhmänohjaaja",
        "Järjestäjä",
        "Esimerkki ry (esimerkki)",
        "Tiedot tarkistettu 1.11.2026.",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [part for part, at in zip(order, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
    assert "Tiedot voivat olla vanhentuneita" not in text


def test_a_helpline_is_shown_and_linked_as_dialled(workspace: Workspace) -> None:
    workspace.edit(OFFER, "puhelin: 040 000 0102", "puhelin: 116 123")
    catalogue = workspace.validate().catalogue
    pages = render_pages(catalogue, published(catalogue, TODAY), REPO, TODAY, directory_urls=True)
    assert "- Puhelin: [116 123](tel:116123)\n" in pages["tarjonta/esimerkki-ry/vertaisryhma.md"]


def test_stale_and_paused_offers_say_so(fixture_site: Path) -> None:
    text = " ".join("".join(article(fixture_site, "tarjonta/esimerkki-ry/vertaistuki-verkossa/").text).split())
    assert "Tiedot voivat olla vanhentuneita" in text
    assert "viimeksi 1.6.2025" in text
    assert "Toiminta on tauolla" in text
    assert "Seuraavat kerrat" not in text


def test_same_inputs_give_identical_bytes(demo_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Built again the way a large catalogue is, with the open data from the second process: the same bytes.
    monkeypatch.setattr(build_module, "BACKGROUND_FROM", 0)
    again = build(site_source(tmp_path, REPO), TODAY, with_offline_zip=True)  # as demo_site, zip included
    first = {str(p.relative_to(demo_site)): p.read_bytes() for p in sorted(demo_site.rglob("*")) if p.is_file()}
    second = {str(p.relative_to(again)): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.parametrize("background_from", [build_module.BACKGROUND_FROM, 0], ids=["small", "large"])
def test_a_catalogue_with_errors_stops_before_the_site_is_touched(
    background_from: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A large catalogue is validated in the second process too, at the same time: the build still stops here.
    monkeypatch.setattr(build_module, "BACKGROUND_FROM", background_from)
    root = site_source(tmp_path, DATA / "site")
    shutil.copy(
        DATA / "broken" / "catalogue" / "esimerkki-ry" / "offer-broken-on-purpose.yml",
        root / "catalogue" / "esimerkki-ry",
    )
    previous = root / "site" / "index.html"
    previous.parent.mkdir()
    previous.write_text("edellinen versio", encoding="utf-8")
    (root / "site" / BUILT_MARK).write_text("<urlset/>", encoding="utf-8")  # as in every earlier build
    with pytest.raises(TarjotinError) as failed:
        build(root, TODAY)
    assert len(failed.value.problems) >= 13
    assert all(p.path.endswith("offer-broken-on-purpose.yml") for p in failed.value.problems if p.is_error)
    assert previous.read_text(encoding="utf-8") == "edellinen versio"
    assert sorted(p.name for p in root.iterdir()) == [
        "catalogue",
        "mkdocs.yml",
        "node_modules",
        "organisations",
        "site",
        "site_config",
    ]


def test_no_markdown_escape_shows_on_a_page(demo_site: Path, fixture_site: Path) -> None:
    # A value printed inside an HTML block keeps the template's Markdown escapes: "15\.6\.2025".
    for site in (demo_site, fixture_site):
        for path in html_pages(site):
            html = path.read_text(encoding="utf-8")
            if "<article" in html:
                text = "".join(Tags(html[html.index("<article") : html.index("</article>")]).text)
                assert not re.search(r"\\[\\`*_{}\[\]()#+\-.!|]", text), path


def test_offer_pages_stay_small(demo_site: Path) -> None:
    # GitHub Pages allows 1 GB: 50,000 offers fit only if an offer page stays within about 15 KB.
    sizes = {path: path.stat().st_size for path in (demo_site / "tarjonta").rglob("index.html")}
    largest = max(sizes, key=lambda path: sizes[path])
    assert sizes[largest] <= 15_000, f"{largest}: {sizes[largest]} bytes"


def test_the_overridden_search_partial_is_the_themes_own_inside_its_condition() -> None:
    """overrides/partials/search.html wraps a copy of the theme's partial; an upgrade of the theme must not leave it stale."""
    theme = Path(material.__file__).parent / "templates" / "partials" / "search.html"
    ours = (REPO / "site_config" / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    copy = ours.split("{#- mkdocs-material's partial begins -#}\n", 1)[1].split(
        "{#- mkdocs-material's partial ends -#}", 1
    )[0]
    # The theme's file opens with a three-line "generated, do not edit" comment.
    assert copy == "".join(theme.read_text(encoding="utf-8").splitlines(keepends=True)[3:])


def test_counts_on_the_pages_take_the_form_of_their_number(workspace: Workspace) -> None:
    """One offer, for children from one year: "1 toiminta", "1 vuoden täyttäneet"."""
    workspace.edit(OFFER, "  min: 18", "  min: 1")
    catalogue = workspace.validate().catalogue
    pages = render_pages(catalogue, published(catalogue, TODAY), REPO, TODAY, directory_urls=True)
    assert "Luettelossa on nyt 1 toiminta." in pages["index.md"]
    assert "Yhdistys, 1 toiminta" in pages["jarjestot/index.md"]
    assert "1 vuoden täyttäneet" in pages["tarjonta/esimerkki-ry/vertaisryhma.md"]
