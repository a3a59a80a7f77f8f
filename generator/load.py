"""Strict YAML loading: every scalar stays text, and every node keeps its line.

PyYAML's own loaders turn `12:30` into 750, `00100` into 64 and `NO` into False,
keep the last of two duplicate keys and expand aliases without limit. Here libyaml
only parses; this module builds plain dicts, lists and strings from its events and
refuses anchors, aliases, tags, duplicate keys and oversized or deeply nested files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events

from generator.errors import reason
from generator.phrases import count
from generator.problems import Problem

# Line breaks in YAML's eyes that editors and GitHub do not show as new lines.
_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
# Characters no text may hold: C0 and C1 controls but a tab and a line break, the line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates, which show text otherwise
# than it is stored. A carriage return is refused in a value only: in a file it ends a line before "\n".
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{_CONTROLS}]")
# Code points that are no character: the surrogates, which a broken conversion leaves alone in a text, and the
# noncharacters, U+FDD0-U+FDEF and the last two of every plane (U+FFFE is a byte-order mark read backwards).
# One class with every character beyond the first plane keeps the scan fast; those (emoji among them) are
# then told apart one by one, since few texts hold any.
_SUSPECT = re.compile(f"[{_CONTROLS}\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]")


def _forbidden(text: str) -> re.Match[str] | None:
    """Return the first character in `text` that no text may hold, if any."""
    for found in _SUSPECT.finditer(text):
        if ord(found[0]) < 0x10000 or ord(found[0]) & 0xFFFE == 0xFFFE:
            return found
    return None


try:  # libyaml's parser is much faster and keeps line marks just the same
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _BaseParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _BaseParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _BaseParser.__init__(self)


MAX_FILE_BYTES = 64 * 1024
MAX_DEPTH = 20

Path_ = tuple[str | int, ...]
"""Where a value sits in a document: mapping keys and list indexes from the root."""


@dataclass
class Document:
    """One loaded YAML file: its data and the 1-based line and column of every node."""

    path: str
    data: dict[str, Any]
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def mark(self, where: Path_, *, key: bool = False) -> tuple[int, int]:
        """Return the line and column of `where`, or of its nearest ancestor present."""
        where = tuple(where)
        while where:
            # A list item has no key of its own: its value stands for it.
            found = (self.keys if key else self.values).get(where) or self.keys.get(where) or self.values.get(where)
            if found:
                return found
            where = where[:-1]
        return (1, 1)


class _RefusedError(Exception):
    def __init__(self, code: str, message: str, hint: str, mark: Any, where: Path_) -> None:
        super().__init__(message)
        self.code, self.message, self.hint, self.where = code, message, hint, where
        self.line, self.col = mark.line + 1, mark.column + 1


# What libyaml's problems usually mean, in Finnish: (message, hint). {char} is the character reported at.
_VALUE_START = ("arvo ei voi alkaa merkillä '{char}'", "laita koko arvo lainausmerkkeihin")
_ESCAPE = (
    "lainausmerkeissä on kenoviivalla alkava merkintä, jota ei ole",
    "kirjoita kenoviiva kahdesti (\\\\) tai laita arvo lainausmerkkien \" sijaan heittomerkkeihin '",
)
_SYNTAX = {
    "found character that cannot start any token": _VALUE_START,
    # "*" and "&" start a reference or an anchor, whose name must follow
    "did not find expected alphabetic or numeric character": _VALUE_START,
    "mapping values are not allowed in this context": (
        "kaksoispiste väärässä kohdassa",
        "jos arvossa on kaksoispiste, laita koko arvo lainausmerkkeihin; tarkista myös, ettei rivi ole sisennetty "
        "edellistä enemmän",
    ),
    "did not find expected key": (
        "sisennys ei täsmää edellisiin riveihin",
        "tarkista, että saman tason kentät alkavat samasta sarakkeesta",
    ),
    "did not find expected '-' indicator": (
        "luettelon sisennys ei täsmää",
        "aloita jokainen luettelon kohta '- ' samasta sarakkeesta",
    ),
    "could not find expected ':'": (
        "rivi ei ole muotoa 'nimi: arvo'",
        "lisää kentän nimen perään kaksoispiste ja välilyönti tai luettelon kohdan alkuun '- '; jos rivi jatkaa "
        "edellisen kentän tekstiä, sisennä se",
    ),
    "block sequence entries are not allowed in this context": (
        "luettelon kohta '- ' ei voi alkaa tästä",
        "kirjoita luettelon kohdat omille riveilleen kentän nimen alle, tai laita arvo lainausmerkkeihin",
    ),
    "found unexpected end of stream": (
        "lainausmerkki jää sulkematta",
        "lisää arvon loppuun sama lainausmerkki, jolla arvo alkaa",
    ),
    "did not find expected ',' or ']'": (
        "hakasulkeissa oleva luettelo ei pääty merkkiin ']'",
        "lisää ']' luettelon loppuun ja erota arvot pilkuilla, esim. [fi, sv]",
    ),
    "did not find expected ',' or '}'": (
        "aaltosulkeissa olevat alakentät eivät pääty merkkiin '}'",
        "lisää '}' loppuun ja erota alakentät pilkuilla, esim. {lat: 60.4, lon: 25.0}",
    ),
    "did not find expected comment or line break": (
        "monirivisen tekstin aloittavan merkin (| tai >) perässä ei voi olla tekstiä samalla rivillä",
        "aloita teksti seuraavalta riviltä sisennettynä, tai laita koko arvo lainausmerkkeihin",
    ),
    "found unknown escape character": _ESCAPE,
    "did not find expected hexdecimal number": _ESCAPE,
    "found invalid Unicode character escape code": _ESCAPE,
}
# Problems told where the unfinished part starts (a quote, a bracket, a "*"), not where libyaml gave up.
_AT_START = frozenset(
    {
        "found unexpected end of stream",
        "did not find expected ',' or ']'",
        "did not find expected ',' or '}'",
        "did not find expected alphabetic or numeric character",
        "could not find expected ':'",
        "did not find expected comment or line break",
    }
)
_TAB = ("sarkainmerkkiä (tab) ei voi käyttää sisennykseen", "sisennä välilyönneillä")
_AFTER_VALUE = (
    "lainausmerkkien tai sulkeiden jälkeen on vielä tekstiä",
    "laita koko arvo lainausmerkkeihin; jos arvossa on lainausmerkkejä, käytä ympärillä toisenlaisia, "
    "esim. 'Kahvila \"Ankka\"'",
)
_UNKNOWN = (
    "tiedoston rakenne on rikki tässä kohdassa",
    "tarkista sisennykset, kaksoispisteet, lainausmerkit ja sulkeet; virhe voi olla myös edellisillä riveillä",
)


def _syntax_problem(path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """Return a syntax error as a Finnish problem, with what usually causes it, in place of libyaml's English."""
    problem = error.problem or ""
    mark: Any = (problem in _AT_START and error.context_mark) or error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    row = lines[line - 1] if line <= len(lines) else ""
    message, hint = _syntax_explanation(problem, row, col)
    return Problem(path, line, col, "yaml-syntax", message, hint)


def _syntax_explanation(problem: str, row: str, col: int) -> tuple[str, str]:
    """Return the message and hint for libyaml's `problem` found at column `col` of the line `row`."""
    char = row[col - 1 : col]
    if char == "\t":
        return _TAB
    if problem == "did not find expected key" and row[: col - 1].strip():
        return _AFTER_VALUE  # the line goes on after a closing quote or bracket
    message, hint = _SYNTAX.get(problem, _UNKNOWN)
    return message.replace("{char}", char), hint


def _position(event: Any) -> tuple[int, int]:
    """Return the 1-based line and column where a parser event starts."""
    return (event.start_mark.line + 1, event.start_mark.column + 1)


class _Builder:
    """Build plain data from parser events, recording marks on the way."""

    def __init__(self, parser: Any, document: Document) -> None:
        self.parser = parser
        self.doc = document

    def node(self, where: Path_, depth: int) -> Any:
        event = self._event(where)
        self.doc.values[where] = _position(event)
        if isinstance(event, events.ScalarEvent):
            if event.value == "" and event.implicit[0]:
                return None  # `kentta:` with nothing after it
            return event.value
        if depth >= MAX_DEPTH:
            raise _RefusedError(
                "yaml-depth",
                f"tiedostossa on yli {count(MAX_DEPTH, 'sisäkkäinen taso', 'sisäkkäistä tasoa')}",
                "tarkista sisennykset",
                event.start_mark,
                where,
            )
        if isinstance(event, events.SequenceStartEvent):
            items: list[Any] = []
            while not self.parser.check_event(events.SequenceEndEvent):
                items.append(self.node((*where, len(items)), depth + 1))
            self.parser.get_event()
            return items
        return self.mapping(where, depth)

    def mapping(self, where: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not self.parser.check_event(events.MappingEndEvent):
            event = self._event(where)
            if not isinstance(event, events.ScalarEvent) or not event.value:
                raise _RefusedError(
                    "yaml-key",
                    "kentän nimen pitää olla pelkkää tekstiä",
                    "kirjoita muotoa 'nimi: arvo'",
                    event.start_mark,
                    where,
                )
            key = event.value
            if key in result:
                first = self.doc.keys[(*where, key)][0]
                raise _RefusedError(
                    "duplicate-key",
                    f"kenttä '{key}' on jo rivillä {first}",
                    "poista toinen niistä tai yhdistä ne",
                    event.start_mark,
                    (*where, key),
                )
            self.doc.keys[(*where, key)] = _position(event)
            result[key] = self.node((*where, key), depth + 1)
        self.parser.get_event()
        return result

    def _event(self, where: Path_) -> Any:
        """Return the next event of the node at `where`, refusing aliases, anchors, tags and forbidden characters."""
        event = self.parser.get_event()
        if isinstance(event, events.AliasEvent):
            raise _RefusedError(
                "yaml-alias",
                f"viittausta '*{event.anchor}' ei voi käyttää",
                "kirjoita arvo kokonaan näkyviin",
                event.start_mark,
                where,
            )
        if event.anchor is not None:
            raise _RefusedError(
                "yaml-anchor",
                f"ankkuria '&{event.anchor}' ei voi käyttää",
                "poista '&' ja nimi sen perästä",
                event.start_mark,
                where,
            )
        if event.tag is not None:
            raise _RefusedError(
                "yaml-tag",
                f"tyyppimerkintää '{event.tag}' ei voi käyttää",
                "poista '!'-alkuinen merkintä; arvo tulkitaan kentän mukaan",
                event.start_mark,
                where,
            )
        # Written as it is, a forbidden character was refused with the file: only a double-quoted value's
        # escapes (\e, \x07, \uFFFF) can still make one.
        double_quoted = isinstance(event, events.ScalarEvent) and event.style == '"'
        forbidden = _forbidden(event.value) if double_quoted else None
        if forbidden:
            code, message = _refusal(forbidden[0])
            raise _RefusedError(
                code,
                message,
                "poista lainausmerkkien sisältä kenoviivalla alkava merkintä, joka tuottaa sen (esim. \\e tai \\uFFFF)",
                event.start_mark,
                where,
            )
        return event


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of `text[index]`."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _refusal(char: str) -> tuple[str, str]:
    """Return the code and the message that refuse a character no text may hold."""
    code = "control-char" if _CONTROL.fullmatch(char) else "invalid-char"
    what = "näkymätön ohjausmerkki" if code == "control-char" else "virheellinen merkkikoodi"
    return code, f"tekstissä on {what} (U+{ord(char):04X})"


def _hidden_line_break(path: str, text: str) -> Problem | None:
    """Refuse a line break that YAML counts and editors do not: every line number after it would be off."""
    found = _HIDDEN_BREAK.search(text)
    if found is None:
        return None
    return Problem(
        path,
        *_line_and_column(text, found.start()),
        "line-break",
        f"rivillä on näkymätön rivinvaihtomerkki (U+{ord(found[0]):04X})",
        "poista merkki: kirjoita rivin loppu uudelleen tai liitä teksti ilman muotoiluja",
    )


def _forbidden_character(path: str, text: str) -> Problem | None:
    """Refuse a forbidden character written into the file, at its place: libyaml would refuse some with no line."""
    lines = text.replace("\r\n", "\n")
    found = _forbidden(lines)
    if found is None:
        return None
    line, col = _line_and_column(lines, found.start())
    code, message = _refusal(found[0])
    return Problem(
        path, line, col, code, message, "poista merkki: kirjoita kohta uudelleen tai liitä teksti ilman muotoiluja"
    )


def load_text(path: str, text: str) -> Document | Problem:
    """Parse one file's text into a Document, or return the problem that stops it."""
    unreadable_char = _hidden_line_break(path, text) or _forbidden_character(path, text)
    if unreadable_char:
        return unreadable_char
    document = Document(path, {})
    parser: Any = _Parser(text)
    try:
        parser.get_event()  # stream start
        if parser.check_event(events.StreamEndEvent):
            return Problem(path, 1, 1, "empty-file", "tiedosto on tyhjä", "täytä tiedosto mallipohjan mukaan")
        parser.get_event()  # document start
        first = parser.peek_event()
        if not isinstance(first, events.MappingStartEvent):
            return Problem(
                path,
                first.start_mark.line + 1,
                first.start_mark.column + 1,
                "not-a-mapping",
                "tiedoston pitää koostua kentistä muotoa 'nimi: arvo'",
                "aloita esim. rivillä 'nimi: ...'",
            )
        builder = _Builder(parser, document)
        document.data = builder.node((), 0)
        parser.get_event()  # document end
        if not parser.check_event(events.StreamEndEvent):
            extra = parser.peek_event()
            return Problem(
                path,
                extra.start_mark.line + 1,
                extra.start_mark.column + 1,
                "yaml-documents",
                "tiedostossa saa olla vain yksi YAML-dokumentti",
                "poista rivi '---' ja sen jälkeinen osa tai siirrä se omaan tiedostoonsa",
            )
    except _RefusedError as refused:
        return Problem(
            path, refused.line, refused.col, refused.code, refused.message, refused.hint, where=refused.where
        )
    except yaml.MarkedYAMLError as error:
        return _syntax_problem(path, text, error)
    return document


def load_file(path: Path, shown_as: str) -> Document | Problem:
    """Read and parse one file, refusing oversized and non-UTF-8 files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Problem(
                shown_as,
                1,
                1,
                "file-too-large",
                f"tiedosto on liian suuri ({count(size, 'tavu', 'tavua')}, enintään {MAX_FILE_BYTES})",
                "lyhennä kuvausta tai jaa tarjonta useaan tiedostoon",
            )
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Problem(
            shown_as,
            1,
            1,
            "encoding",
            f"tiedosto ei ole UTF-8-muodossa (tavu {error.start})",
            "tallenna tiedosto UTF-8-muodossa",
        )
    except OSError as error:
        # The catalogue's files are found by listing them: a missing one is the taxonomy, under a wrong folder.
        hint = (
            "aja komento tarjottimen kansiossa tai anna sen polku valitsimella --root"
            if isinstance(error, FileNotFoundError)
            else "tarkista tiedoston oikeudet"
        )
        return Problem(shown_as, 1, 1, "unreadable", f"tiedostoa ei voi lukea ({reason(error)})", hint)
    return load_text(shown_as, text)
