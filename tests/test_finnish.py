"""Finnish words: the index's stems agree with the browser's stemmer, and Voikko joins word forms and compounds."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import wordfreq
from conftest import REPO, demo_catalogue, demo_entries, offer_text

from generator import fulltext
from generator.finder import searchable
from generator.finnish import LUNR_SCRIPTS, Analyser, stem, stop_words, words

WORD_FORMS = 3000  # the most frequent Finnish word forms, besides every word of the demo catalogue

SANAT = REPO / "site_config" / "assets" / "sanat.js"
# Runs the site's own word functions (sanat.js on lunr-languages' Finnish stemmer, from the files the
# site ships) over stdin: a JSON list of texts to split, and of words to stem and to test as stop words.
NODE = """
const [lunrPath, supportPath, finnishPath, sanatPath] = process.argv.slice(1);
globalThis.lunr = require(lunrPath);
require(supportPath)(globalThis.lunr);
require(finnishPath)(globalThis.lunr);
require(sanatPath);
const sanat = globalThis.tarjotinSanat;
const {texts, words} = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify({
  words: texts.map(sanat.words),
  stems: words.map(sanat.stem),
  stopWords: words.filter(sanat.isStopWord),
}));
"""


@pytest.fixture(scope="module")
def catalogue_texts() -> list[str]:
    return [offer_text(entry) for entry in demo_entries()]


def test_python_and_browser_split_stem_and_drop_stop_words_alike(catalogue_texts: list[str]) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to run the browser's word functions (apt-get install nodejs)"
    frequent = [word for word in wordfreq.top_n_list("fi", WORD_FORMS) if words(word) == [word]]
    catalogue_words = {word for text in catalogue_texts for word in words(text)}
    checked = sorted(catalogue_words | set(frequent) | stop_words())
    assert len(frequent) >= 2000 and len(catalogue_words) >= 500
    done = subprocess.run(
        [node, "-e", NODE, *map(str, LUNR_SCRIPTS), str(SANAT)],
        input=json.dumps({"texts": catalogue_texts, "words": checked}),
        capture_output=True,
        text=True,
        check=True,
    )
    browser = json.loads(done.stdout)
    assert browser["words"] == [words(text) for text in catalogue_texts]
    different = [f"{w}: {stem(w)} / {s}" for w, s in zip(checked, browser["stems"], strict=True) if stem(w) != s]
    assert different == [], f"{len(different)} of {len(checked)} words stem differently (Python / browser)"
    assert set(browser["stopWords"]) == stop_words() & set(checked) == stop_words()


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    found = Analyser()
    assert found.has_voikko, "Voikko is needed: apt-get install libvoikko1 voikko-fi"
    return found


@pytest.mark.parametrize(
    ("word", "stems"),
    [
        ("päihteiden", {"päihd"}),
        ("päihteet", {"päihd"}),
        ("perheille", {"perh"}),
        ("ikäihmisille", {"ikäihmin"}),
    ],
)
def test_word_forms_look_up_their_base_forms(analyser: Analyser, word: str, stems: set[str]) -> None:
    assert analyser.stems(word) == stems


def test_compounds_are_indexed_by_their_parts_too(analyser: Analyser) -> None:
    terms = analyser.terms("päihdekuntoutuksessa")
    assert {stem("päihdekuntoutus"), stem("päihde"), stem("kuntoutus")} <= terms
    assert {stem("vertaistuki"), stem("ryhmä")} <= analyser.terms("vertaistukiryhmään")


def test_words_voikko_does_not_know_stand_for_themselves(analyser: Analyser) -> None:
    assert analyser.stems("kellokoskella") == {stem("kellokoskella")}


def test_the_stem_map_joins_inflected_forms_the_snowball_stemmer_leaves_apart() -> None:
    catalogue = demo_catalogue()
    full_text = fulltext.build(searchable(entry, catalogue.taxonomy) for entry in demo_entries())
    terms = set(full_text.vocabulary)
    assert stem("päihteet") != stem("päihde")
    assert stem("päihde") in full_text.stems[stem("päihteet")]
    assert stem("päihde") in terms
    assert all(looked_up <= terms for looked_up in map(set, full_text.stems.values()))
