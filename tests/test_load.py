"""Strict YAML loading: text stays text, and what YAML would silently change is refused."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from generator.errors import os_error_text
from generator.load import MAX_FILE_BYTES, Document, load_file, load_text
from generator.problems import Problem


def _data(text: str) -> dict:  # type: ignore[type-arg]
    document = load_text("x.yml", text)
    assert isinstance(document, Document), document
    return document.data


@pytest.mark.parametrize(
    "value",
    ["12:30", "9:00", "00100", "0401234567", "+358401234567", "NO", "on", "yes", "2024-05-01", "1e3", "0x1F", "~"],
)
def test_scalars_keep_their_text(value: str) -> None:
    assert _data(f"kentta: {value}\nluettelo: [{value}]\n") == {"kentta": value, "luettelo": [value]}


def test_empty_value_is_none() -> None:
    assert _data("a:\nb: ''\n") == {"a": None, "b": ""}


def test_marks_are_one_based_for_keys_and_values() -> None:
    document = load_text("x.yml", "a: 1\nb:\n  - c: 2\n")
    assert isinstance(document, Document)
    assert document.keys[("a",)] == (1, 1)
    assert document.values[("a",)] == (1, 4)
    assert document.keys[("b", 0, "c")] == (3, 5)
    assert document.values[("b", 0, "c")] == (3, 8)
    assert document.mark(("b", 0, "puuttuva")) == (3, 5)


@pytest.mark.parametrize(
    ("case", "text", "code", "line"),
    [
        ("duplicate_key", "a: 1\nb: 2\na: 3\n", "duplicate-key", 3),
        ("anchor", "a: 1\nb: &x [1]\n", "yaml-anchor", 2),
        ("alias", "a: [1]\nb: *x\n", "yaml-alias", 2),
        ("billion_laughs", 'a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: [*b,*b]\n', "yaml-anchor", 1),
        ("tag", "a: 1\nb: !!int 3\n", "yaml-tag", 2),
        ("local_tag", "a: !python/object x\n", "yaml-tag", 1),
        ("tab_indent", "a:\n\tb: 1\n", "yaml-syntax", 2),
        ("colon_in_value", "a: b: c\n", "yaml-syntax", 1),
        ("bad_indent", "a:\n  b: 1\n c: 2\n", "yaml-syntax", 3),
        ("unclosed_quote", "a: 'abc\nb: 1\n", "yaml-syntax", 1),
        ("list_at_top", "- a\n- b\n", "not-a-mapping", 1),
        ("text_at_top", "pelkkää tekstiä\n", "not-a-mapping", 1),
        ("two_documents", "a: 1\n---\nb: 2\n", "yaml-documents", 2),
        ("empty_file", "", "empty-file", 1),
        ("comment_only", "# vain kommentti\n", "empty-file", 1),
        ("deep_nesting", "a: " + "[" * 40 + "]" * 40 + "\n", "yaml-depth", 1),
        ("complex_key", "? [a, b]\n: c\n", "yaml-key", 1),
        # Control characters, which libyaml refuses with no line or lets through (bidi controls, escapes).
        ("bell", "a: 1\nb: x\x07y\n", "control-char", 2),
        ("terminal_colour_with_crlf", "a: 1\r\nb: \x1b[31mpunainen\r\n", "control-char", 2),
        ("c1_control", "a: 1\nb: 2\nc: x\x9by\n", "control-char", 3),
        ("bidi_override", "a: 1\nb: |\n  tili\u202e1234\n", "control-char", 3),
        ("bidi_isolate_in_comment", "# \u2066x\u2069\na: 1\n", "control-char", 1),
        ("escaped_bell", 'a: 1\nb: "x\\x07"\n', "control-char", 2),
        ("escaped_nul", 'a: 1\nb: "x\\u0000"\n', "control-char", 2),
        ("escaped_escape", 'a: 1\nb: "\\e[31m"\n', "control-char", 2),
        ("escaped_carriage_return", 'a: 1\nb: "x\\ry"\n', "control-char", 2),
        ("escaped_line_separator", 'a: 1\nb: "x\\Ly"\n', "control-char", 2),
        ("escaped_paragraph_separator", 'a: 1\nb: "x\\Py"\n', "control-char", 2),
        ("escaped_bidi_override", 'a: 1\nb: "\\u202Ex"\n', "control-char", 2),
        ("escaped_in_a_key", 'a: 1\n"b\\0": 2\n', "control-char", 2),
        # Code points that are no character, which libyaml refuses with no line or lets through.
        ("noncharacter_ffff", "a: 1\nb: x\uffffy\n", "invalid-char", 2),
        ("byte_order_mark_read_backwards", "a: 1\nb: 2\nc: \ufffe\n", "invalid-char", 3),
        ("noncharacter_fdd0", "a: 1\nb: x\ufdd0y\n", "invalid-char", 2),
        ("noncharacter_of_a_higher_plane", "a: 1\nb: x\U0010ffff\n", "invalid-char", 2),
        ("lone_surrogate", "a: 1\nb: x\ud800y\n", "invalid-char", 2),
        ("escaped_noncharacter", 'a: 1\nb: "x\\uFFFF"\n', "invalid-char", 2),
        ("escaped_noncharacter_of_a_higher_plane", 'a: 1\nb: "\\U0001FFFE"\n', "invalid-char", 2),
        # Line breaks only YAML sees: the lines after them would be numbered differently from the editor's.
        ("next_line", "a: 1\nb: x\x85y\n", "line-break", 2),
        ("line_separator", "a: 1\nb: 2\nc: x\u2028y\n", "line-break", 3),
        ("lone_carriage_return", "a: 1\rb: 2\n", "line-break", 1),
    ],
)
def test_refused(case: str, text: str, code: str, line: int) -> None:
    problem = load_text(f"{case}.yml", text)
    assert isinstance(problem, Problem), problem
    assert (problem.code, problem.line) == (code, line)
    assert problem.message and problem.hint


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        ("nimi: Kahvila\npaikat:\n\t- nimi: Talo\n", 3, 1, "sarkainmerkkiä (tab) ei voi käyttää sisennykseen"),
        ("nimi: Kahvila: avoimet ovet\n", 1, 14, "kaksoispiste väärässä kohdassa"),
        ('nimi: "Kahvila\nkuvaus: Tervetuloa\n', 1, 7, "lainausmerkki jää sulkematta"),
        ("ika:\n  min: 18\n max: 65\n", 3, 2, "sisennys ei täsmää edellisiin riveihin"),
        (
            "paikat:\n  - nimi: Talo\n    osoite: Tie 1\n   - nimi: Kerho\n",
            4,
            4,
            "luettelon sisennys ei täsmää",
        ),
        (
            "teemat: [vammaisuus, ikaantyneet\nkielet: [fi]\n",
            1,
            9,
            "hakasulkeissa oleva luettelo ei pääty merkkiin ']'",
        ),
        (
            "sijainti: {lat: 60.4, lon: 25.0\nnimi: Talo\n",
            1,
            11,
            "aaltosulkeissa olevat alakentät eivät pääty merkkiin '}'",
        ),
        ('nimi: "Kahvila "Ankka""\n', 1, 17, "lainausmerkkien tai sulkeiden jälkeen on vielä tekstiä"),
        ("kuvaus: *Tervetuloa* kaikki\n", 1, 9, "arvo ei voi alkaa merkillä '*'"),
        ("nimi: @kahvila\n", 1, 7, "arvo ei voi alkaa merkillä '@'"),
        (
            'ohje: "Tiedosto on kansiossa C:\\ohjeet"\n',
            1,
            32,
            "lainausmerkeissä on kenoviivalla alkava merkintä, jota ei ole",
        ),
        ("nimi: Kahvila\nTervetuloa kaikki\nkuvaus: x\n", 2, 1, "rivi ei ole muotoa 'nimi: arvo'"),
        ("kielet:\n  - fi\n  sv\n", 3, 3, "rivi ei ole muotoa 'nimi: arvo'"),
        ("teemat: - vammaisuus\n", 1, 9, "luettelon kohta '- ' ei voi alkaa tästä"),
        (
            "kuvaus: | Tervetuloa\n",
            1,
            9,
            "monirivisen tekstin aloittavan merkin (| tai >) perässä ei voi olla tekstiä samalla rivillä",
        ),
        ("kielet: [fi, , sv]\n", 1, 14, "tiedoston rakenne on rikki tässä kohdassa"),
    ],
    ids=[
        "tab_indent",
        "colon_in_value",
        "unclosed_quote",
        "bad_indent",
        "list_item_indent",
        "missing_bracket",
        "missing_brace",
        "text_after_a_closing_quote",
        "markdown_emphasis_first",
        "at_sign_first",
        "backslash_in_double_quotes",
        "line_without_colon",
        "list_item_without_dash",
        "dash_after_key",
        "text_after_a_bar",
        "other",
    ],
)
def test_a_syntax_error_is_told_in_finnish_where_it_is(text: str, line: int, col: int, message: str) -> None:
    """libyaml's English is never shown: each of its common problems has a Finnish message and a hint."""
    problem = load_text("x.yml", text)
    assert isinstance(problem, Problem), problem
    assert (problem.code, problem.line, problem.col, problem.message) == ("yaml-syntax", line, col, message)
    assert problem.hint


def test_control_character_is_named_at_its_column() -> None:
    problem = load_text("x.yml", "nimi: Kahvila\nkuvaus: Tervetuloa\x08!\n")
    assert isinstance(problem, Problem)
    assert (problem.line, problem.col) == (2, 19)
    assert problem.message == "tekstissä on näkymätön ohjausmerkki (U+0008)"


def test_a_noncharacter_is_named_at_its_column() -> None:
    problem = load_text("x.yml", "nimi: Kahvila\nkuvaus: Tervetuloa\uffff!\n")
    assert isinstance(problem, Problem)
    assert (problem.line, problem.col, problem.code) == (2, 19, "invalid-char")
    assert problem.message == "tekstissä on virheellinen merkkikoodi (U+FFFF)"


def test_an_escape_that_makes_a_forbidden_character_is_refused_at_its_value() -> None:
    problem = load_text("x.yml", 'nimi: Kahvila\npaikat:\n  - nimi: "Talo\\uFFFF"\n')
    assert isinstance(problem, Problem)
    assert (problem.line, problem.col, problem.code, problem.where) == (3, 11, "invalid-char", ("paikat", 0, "nimi"))


# What YAML allows in a file (its c-printable characters): every other code point libyaml refuses.
YAML_PRINTABLE = re.compile("[\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def test_every_character_libyaml_refuses_is_refused_at_its_line_and_column() -> None:
    refused = [chr(point) for point in range(0x10000) if not YAML_PRINTABLE.fullmatch(chr(point))]  # none above
    assert {chr(point) for point in (0x00, 0x9F, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF)} <= set(refused)
    for char in refused:
        problem = load_text("x.yml", f"a: 1\nb: x{char}y\n")
        assert isinstance(problem, Problem), repr(char)
        assert (problem.line, problem.col) == (2, 5), repr(char)
        assert problem.code in ("control-char", "invalid-char", "line-break"), repr(char)


def test_characters_beyond_the_first_plane_are_text_but_its_noncharacters_are_not() -> None:
    assert _data("a: Tervetuloa 😊 𝄞\n") == {"a": "Tervetuloa 😊 𝄞"}
    problem = load_text("x.yml", "a: 1\nb: 😊 ja \U0001fffe\n")
    assert isinstance(problem, Problem)
    assert (problem.line, problem.col, problem.code) == (2, 9, "invalid-char")


def test_tab_and_line_break_are_text() -> None:
    assert _data('a: "x\\ty\\nz"\nb: |\n  yksi\tkaksi\n  kolme\n') == {"a": "x\ty\nz", "b": "yksi\tkaksi\nkolme\n"}


def test_duplicate_key_names_the_first_line() -> None:
    problem = load_text("x.yml", "nimi: a\nkuvaus: b\nnimi: c\n")
    assert isinstance(problem, Problem)
    assert problem.message == "kenttä 'nimi' on jo rivillä 1"


def test_oversized_file_is_refused_before_parsing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "iso.yml"
    path.write_text("kuvaus: " + "a" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    problem = load_file(path, "iso.yml")
    assert isinstance(problem, Problem) and problem.code == "file-too-large"


def test_non_utf8_file_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "latin1.yml"
    path.write_bytes("nimi: Päivä\n".encode("latin-1"))
    problem = load_file(path, "latin1.yml")
    assert isinstance(problem, Problem) and problem.code == "encoding"


def test_byte_order_mark_is_accepted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bom.yml"
    path.write_bytes("\ufeffnimi: Päivä\n".encode())
    document = load_file(path, "bom.yml")
    assert isinstance(document, Document) and document.data == {"nimi": "Päivä"}


def test_a_file_that_cannot_be_read_is_explained_in_finnish(tmp_path: Path) -> None:
    folder = tmp_path / "ryhma.yml"
    folder.mkdir()
    problem = load_file(folder, "catalogue/esimerkki-ry/ryhma.yml")
    assert isinstance(problem, Problem)
    assert problem.code == "unreadable"
    assert problem.text == "tiedostoa ei voi lukea (se on kansio eikä tiedosto) — tarkista tiedoston oikeudet"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (PermissionError(errno.EACCES, "Permission denied", "x.yml"), "x.yml: ei käyttöoikeutta"),
        (OSError(errno.EIO, "Input/output error", "x.yml"), "x.yml: käyttöjärjestelmän virhe EIO"),
        (OSError(errno.EADDRINUSE, "Address already in use"), "osoite on jo käytössä"),
    ],
)
def test_system_errors_are_told_without_the_systems_english(error: OSError, expected: str) -> None:
    assert os_error_text(error) == expected
