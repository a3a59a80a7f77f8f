"""The finder's full text: a lunr index of the offers, cut by term into parts that the browser loads as a query needs them.

Index terms are the Snowball stems of each word's base forms and compound parts (see
generator.finnish). The browser gets the whole vocabulary up front, which says which part holds
each term, so it works out a query's terms (exact, a word begun, one typo, a compound) without the
index and then loads only the parts that hold them.

Each part is a lunr index of its own over a run of the sorted vocabulary: those terms' postings
and, for the offers they occur in, those terms' weights. Terms keep their numbers in the whole
index, and lunr.js scores an offer by the dot product of the query's and the offer's vectors
divided by the query vector's length, so a query within one part scores as in the whole index;
a query whose terms lie in n parts is scored in each and the scores
weighted by sqrt(terms in the part / terms in the query) (see hae.js).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token import Token

from generator.finnish import Analyser, stem, stop_words, words

# Full-text fields and their weight in the ranking. Every field costs a vector per offer in the
# index, so the texts are grouped by weight: title; summary, keywords and organiser; the rest.
FIELDS = {"nimi": 10, "tiivis": 4, "teksti": 1}
# A part holds terms until it has this many postings (term, field, offer); a term with more is a part of its own.
PART_POSTINGS = 2_000


def _stemmer(token: Token, i: int, tokens: list[Token]) -> Token:
    return token.update(lambda word, metadata: stem(word))


# The name lunr-languages registers in the browser: the serialised index names its search
# pipeline, and lunr.js loads it only if every function in it is registered there.
if "stemmer-fi" not in Pipeline.registered_functions:
    Pipeline.register_function(_stemmer, "stemmer-fi")


@dataclass(frozen=True)
class FullText:
    """The index's vocabulary and its parts, and the map from word forms to base-form stems."""

    vocabulary: list[str]  # every term, sorted; the parts hold consecutive runs of it
    parts: list[dict[str, Any]]  # serialised lunr indexes
    stems: dict[str, list[str]]  # stem of a word form in the catalogue -> stems of its base forms, where they differ

    def part_sizes(self) -> list[int]:
        """How many terms of the vocabulary each part holds, in order."""
        return [len(part["invertedIndex"]) for part in self.parts]


def build(texts: Iterable[dict[str, str]], part_postings: int = PART_POSTINGS) -> FullText:
    """Index the texts (one dict of FIELDS per offer, referred to by its position) and cut the index into parts."""
    analyser = Analyser()
    builder = Builder()
    # The terms are analysed here, so indexing runs no pipeline of lunr's own.
    builder.search_pipeline.add(Pipeline.registered_functions["stemmer-fi"])
    builder.ref("ref")
    for field, boost in FIELDS.items():
        builder.field(field, boost=boost)
    stems: dict[str, set[str]] = {}
    terms_of: dict[str, frozenset[str]] = {}  # each word form is analysed once, however many offers use it

    def terms(word: str) -> frozenset[str]:
        found = terms_of.get(word)
        if found is None:
            found = terms_of[word] = analyser.terms(word)
            key, looked_up = stem(word), analyser.stems(word)
            if looked_up != {key}:
                stems.setdefault(key, set()).update(looked_up)
        return found

    for number, text in enumerate(texts):
        document: dict[str, Any] = {"ref": str(number)}
        for field, value in text.items():
            # Each term once: how often a word recurs in one text says little about a short
            # text's topic, and indexing a term once per field halves lunr's work.
            document[field] = sorted(frozenset().union(*map(terms, set(words(value)) - stop_words())))
        builder.add(document)
    index = builder.build()
    vocabulary = sorted(index.inverted_index)
    return FullText(
        vocabulary=vocabulary,
        parts=_cut(index, vocabulary, part_postings),
        stems={key: sorted(looked_up) for key, looked_up in sorted(stems.items())},
    )


def postings(posting: dict[str, Any]) -> int:
    """Return how many (field, offer) postings a term's posting holds."""
    return sum(len(offers) for field, offers in posting.items() if field != "_index")


def _cut(index: Index, vocabulary: list[str], part_postings: int) -> list[dict[str, Any]]:
    """Cut an index into parts of consecutive terms of its sorted vocabulary, each a serialised index of its own.

    A part has a vector for every field of an offer its terms occur in (lunr.js scores each field
    it matched), holding those terms' weights rounded to one decimal, and none that rounds to 0.
    The vectors are most of the index's bytes and their three decimals compress badly; one decimal
    ranks the same offers first and halves the gzipped index. The parts are serialised here, as
    lunr's Index.serialize() would, without serialising the whole index first.
    """
    runs: list[list[list[Any]]] = [[]]
    size = 0
    for term in vocabulary:
        posting = index.inverted_index[term]
        count = postings(posting)
        if runs[-1] and size + count > part_postings:
            runs.append([])
            size = 0
        runs[-1].append([term, posting])
        size += count
    part_of = {posting["_index"]: number for number, run in enumerate(runs) for _, posting in run}
    vectors: list[list[list[Any]]] = [[] for _ in runs]
    for field_ref, vector in index.field_vectors.items():
        pruned: dict[int, list[float]] = {}
        elements = vector.elements
        for term, weight in zip(elements[::2], elements[1::2], strict=True):
            in_part = pruned.setdefault(part_of[term], [])
            if rounded := round(weight, 1):
                in_part += (term, rounded)
        for number, in_part in pruned.items():
            vectors[number].append([field_ref, in_part])
    pipeline = index.pipeline.serialize()
    return [
        {
            "version": __TARGET_JS_VERSION__,
            "fields": index.fields,
            "fieldVectors": vectors[number],
            "invertedIndex": run,
            "pipeline": pipeline,
        }
        for number, run in enumerate(runs)
    ]
