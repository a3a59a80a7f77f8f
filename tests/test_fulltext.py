"""The full text cut into parts: together the parts are the whole lunr index, and they score as it does."""

from __future__ import annotations

import math
import random

import pytest
from conftest import demo_catalogue, demo_entries
from lunr.index import Index

from generator import fulltext
from generator.finder import searchable

SMALL_PARTS = 300  # postings per part: the demo catalogue in many parts


@pytest.fixture(scope="module")
def texts() -> list[dict[str, str]]:
    catalogue = demo_catalogue()
    return [searchable(entry, catalogue.taxonomy) for entry in demo_entries()]


@pytest.fixture(scope="module")
def whole(texts: list[dict[str, str]]) -> fulltext.FullText:
    return fulltext.build(texts, part_postings=10**9)


@pytest.fixture(scope="module")
def cut(texts: list[dict[str, str]]) -> fulltext.FullText:
    return fulltext.build(texts, part_postings=SMALL_PARTS)


def scores(index: Index, terms: list[str]) -> dict[str, float]:
    query = index.create_query()
    for term in terms:
        query.term(term, use_pipeline=False)
    return {result["ref"]: result["score"] for result in index.query(query)}


def combined(parts: list[Index], part_of: dict[str, int], terms: list[str]) -> dict[str, float]:
    """Scores over the parts as hae.js joins them: each part's scores times sqrt(its terms / all terms)."""
    found: dict[str, float] = {}
    for number in sorted({part_of[term] for term in terms}):
        own = [term for term in terms if part_of[term] == number]
        for ref, score in scores(parts[number], own).items():
            found[ref] = found.get(ref, 0.0) + score * math.sqrt(len(own) / len(terms))
    return found


def test_the_parts_hold_the_vocabulary_in_runs_and_every_term_once(
    whole: fulltext.FullText, cut: fulltext.FullText
) -> None:
    assert len(whole.parts) == 1
    assert len(cut.parts) > 10
    assert cut.vocabulary == whole.vocabulary == sorted(whole.vocabulary)
    runs = [[term for term, _ in part["invertedIndex"]] for part in cut.parts]
    assert [term for run in runs for term in run] == cut.vocabulary
    assert cut.part_sizes() == list(map(len, runs))
    assert cut.stems == whole.stems


def test_a_part_is_no_larger_than_asked_unless_one_term_is(cut: fulltext.FullText) -> None:
    for part in cut.parts:
        postings = [fulltext.postings(posting) for _, posting in part["invertedIndex"]]
        assert sum(postings) <= SMALL_PARTS or len(postings) == 1


def test_every_term_scores_in_its_part_as_in_the_whole_index(whole: fulltext.FullText, cut: fulltext.FullText) -> None:
    index = Index.load(whole.parts[0])
    parts = [Index.load(part) for part in cut.parts]
    for part, serialised in zip(parts, cut.parts, strict=True):
        for term, _ in serialised["invertedIndex"]:
            assert scores(part, [term]) == pytest.approx(scores(index, [term])), term


def test_a_query_across_parts_scores_as_in_the_whole_index(whole: fulltext.FullText, cut: fulltext.FullText) -> None:
    index = Index.load(whole.parts[0])
    parts = [Index.load(part) for part in cut.parts]
    part_of = {term: number for number, part in enumerate(cut.parts) for term, _ in part["invertedIndex"]}
    runs = [[term for term, _ in part["invertedIndex"]] for part in cut.parts]
    chosen = random.Random(0)
    for _ in range(200):
        # One or two terms from each of two to four parts.
        terms = [
            term
            for run in chosen.sample(runs, chosen.randint(2, 4))
            for term in chosen.sample(run, min(len(run), chosen.randint(1, 2)))
        ]
        assert combined(parts, part_of, terms) == pytest.approx(scores(index, terms)), terms
