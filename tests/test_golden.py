"""Golden files: the generated Markdown and the rendered content of each page type, compared whole.

After an intended change to the templates or the models, regenerate them with

    .venv/bin/pytest tests/test_golden.py --update-golden

and read the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, REPO, TODAY

from generator import guide
from generator.entries import published
from generator.pages import render_pages
from generator.taxonomy import Taxonomy
from generator.validate import validate_catalogue

GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURE = DATA / "site"
# The field reference follows the models, and test_guide.py checks it; every other page is here.
NOT_GOLDEN = {guide.PAGE}
# One page of each type, for the HTML mkdocs renders from the Markdown.
RENDERED = [
    "index.html",
    "teemat/index.html",
    "teemat/mielenterveys-ja-paihteet/index.html",
    "kunnat/index.html",
    "kunnat/tuusula/index.html",
    "jarjestot/index.html",
    "jarjestot/esimerkkilan-seurakunta/index.html",
    "tarjonta/esimerkki-ry/vertaisryhma/index.html",
    "tarjonta/esimerkki-ry/vertaistuki-verkossa/index.html",
    "tarjonta/esimerkki-ry/vihamielinen-sisalto/index.html",
    "tarjonta/esimerkkilan-seurakunta/keskusteluapu/index.html",
]


def compare(actual: dict[str, str], folder: Path, update: bool) -> None:
    if update:
        for stale in [p for p in folder.rglob("*") if p.is_file() and str(p.relative_to(folder)) not in actual]:
            stale.unlink()
        for name, text in actual.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    expected = {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    assert sorted(actual) == sorted(expected), "pages added or removed: run with --update-golden"
    for name in sorted(actual):
        assert actual[name] == expected[name], (
            f"{folder.name}/{name} differs: run with --update-golden and read the diff"
        )


def test_generated_markdown(taxonomy: Taxonomy, pytestconfig: pytest.Config) -> None:
    catalogue = validate_catalogue(FIXTURE, taxonomy, TODAY).catalogue
    pages = render_pages(catalogue, published(catalogue, TODAY), REPO, TODAY, directory_urls=True)
    actual = {name: text for name, text in pages.items() if name not in NOT_GOLDEN}
    compare(actual, GOLDEN / "markdown", pytestconfig.getoption("update_golden"))


def test_rendered_content(fixture_site: Path, pytestconfig: pytest.Config) -> None:
    actual = {}
    for name in RENDERED:
        html = (fixture_site / name).read_text(encoding="utf-8")
        actual[name] = html[html.index("<article") : html.index("</article>") + len("</article>")] + "\n"
    compare(actual, GOLDEN / "html", pytestconfig.getoption("update_golden"))
