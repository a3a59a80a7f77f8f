"""Finnish words for the finder: the browser's own Snowball stemmer and stop words, and Voikko's base forms.

The finder's index is searched in the browser with lunr.js and lunr-languages' Finnish stemmer,
which meet an inflected query only when it stems like a form in the index. Snowball alone keeps
päihde/päihteet and the parts of compounds apart, so at build time Voikko turns every word into
its base forms and compound parts, and the index holds their Snowball stems. The JavaScript
files are taken from the mkdocs package, which ships lunr.js and lunr-languages.
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache
from pathlib import Path

import mkdocs.contrib.search
import snowballstemmer

log = logging.getLogger(__name__)

_SEARCH = Path(mkdocs.contrib.search.__file__).parent
# The browser's copies, in the order they must load.
LUNR_SCRIPTS = (
    _SEARCH / "templates" / "search" / "lunr.js",
    _SEARCH / "lunr-language" / "lunr.stemmer.support.js",
    _SEARCH / "lunr-language" / "lunr.fi.js",
)
# Letters and digits: the finder's script splits a query the same way (\p{L}\p{N} there).
_WORD = re.compile(r"[^\W_]+")
_STOP_WORD_LIST = re.compile(r"stopWordFilter\s*=\s*lunr\.generateStopWordFilter\(\s*'([^']*)'")
_PART = re.compile(r"\+([^+(]+)(?:\(([^)]*)\))?")
MIN_PART = 3  # shorter compound parts ("ai", "yö") would match too much as terms of their own


def words(text: str) -> list[str]:
    """Return the lower-case words of a text."""
    return _WORD.findall(text.lower())


@cache
def stop_words() -> frozenset[str]:
    """Return lunr-languages' Finnish stop words, read from the very file the browser runs."""
    found = _STOP_WORD_LIST.search(LUNR_SCRIPTS[-1].read_text(encoding="utf-8"))
    if found is None:
        raise RuntimeError(f"no stop-word list in {LUNR_SCRIPTS[-1]}")
    return frozenset(found[1].split())


_STEMMER = snowballstemmer.stemmer("finnish")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Snowball stem of a lower-case word, as lunr-languages' stemmer-fi gives it.

    A word with a digit in it is its own stem: Snowball would strip "11" to "1".
    """
    return word if any(char.isnumeric() for char in word) else str(_STEMMER.stemWord(word))


class Analyser:
    """Base forms and compound parts of words, from Voikko when it is installed."""

    def __init__(self) -> None:
        try:
            import libvoikko

            self._voikko: libvoikko.Voikko | None = libvoikko.Voikko("fi")
        except (ImportError, OSError) as error:
            log.warning(
                "Voikko puuttuu (%s): haku löytää taivutetut ja yhdyssanat huonommin. Asenna libvoikko1 ja voikko-fi.",
                error,
            )
            self._voikko = None
        self._cache: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    @property
    def has_voikko(self) -> bool:
        return self._voikko is not None

    def analyse(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        """Return a word's base forms and its compound parts' base forms; both empty if Voikko does not know it."""
        found = self._cache.get(word)
        if found is None:
            bases: set[str] = set()
            parts: set[str] = set()
            for analysis in self._voikko.analyze(word) if self._voikko else ():
                if "BASEFORM" in analysis:
                    bases.add(analysis["BASEFORM"].lower())
                # "+päihde(päihde)+kuntoutus(kuntoutus)": each part with its base form; a part
                # whose base starts with "+" is a derivational suffix, not a word.
                for part, base in _PART.findall(analysis.get("WORDBASES", "")):
                    base = (base or part).lower().replace("=", "")
                    if not base.startswith("+") and len(base) >= MIN_PART:
                        parts.add(base)
            found = frozenset(bases), frozenset(parts - bases)
            self._cache[word] = found
        return found

    def stems(self, word: str) -> frozenset[str]:
        """Return the stems a query for this word form looks up: its base forms' stems, or its own stem."""
        bases, _ = self.analyse(word)
        return frozenset(map(stem, bases)) if bases else frozenset({stem(word)})

    def terms(self, word: str) -> frozenset[str]:
        """Return the index terms of a word in an offer: its stems and its compound parts' stems."""
        _, parts = self.analyse(word)
        return self.stems(word) | frozenset(map(stem, parts))
