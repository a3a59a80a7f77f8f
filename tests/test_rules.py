"""One test per data-model rule: each broken value gives one problem, at its line, with its code."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import OFFER, ORGANISATION, REPO, TODAY, Workspace
from pydantic import BaseModel, ValidationError

from generator.errors import TarjotinError
from generator.load import Document, load_file
from generator.messages import _BUILT_IN, to_problems
from generator.models import Offer, Organisation
from generator.problems import Problem, Severity, format_text
from generator.taxonomy import TAXONOMY, Taxonomy, load_taxonomy

# (case, file, old text, new text, expected code)
RULES = [
    ("time_not_hh_mm", OFFER, 'alkaa: "17:30"', "alkaa: 930", "time-format"),
    ("time_out_of_range", OFFER, 'alkaa: "17:30"', 'alkaa: "25:00"', "time-format"),
    # re's \d takes any script's digits: the Arabic-Indic ones look like numbers, but no phone or map reads them.
    ("time_with_an_arabic_indic_digit", OFFER, 'alkaa: "17:30"', 'alkaa: "1٧:30"', "time-format"),
    ("end_before_start", OFFER, 'loppuu: "19:00"', 'loppuu: "17:00"', "time-order"),
    ("date_in_finnish_format", OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 1.11.2026", "date-format"),
    ("impossible_date", OFFER, "paivat: [2026-12-05]", "paivat: [2026-02-30]", "no-such-date"),
    ("thirteenth_month", OFFER, "asti: 2027-05-25", "asti: 2027-13-25", "no-such-date"),
    ("year_missing_a_digit", OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 0226-11-01", "date-range"),
    ("year_with_a_digit_too_many", OFFER, "alkaen: 2026-08-18", "alkaen: 20260-08-18", "date-range"),
    ("validity_reversed", OFFER, "asti: 2027-05-25", "asti: 2026-01-01", "date-order"),
    ("phone_too_short", OFFER, "puhelin: 040 000 0102", "puhelin: 040 12", "phone-format"),
    ("helpline_missing_a_digit", OFFER, "puhelin: 040 000 0102", "puhelin: 116 12", "phone-format"),
    ("phone_with_letters", ORGANISATION, "puhelin: 040 000 0101", "puhelin: 040-ABC", "phone-format"),
    ("phone_in_arabic_indic_digits", OFFER, "puhelin: 040 000 0102", "puhelin: +٣٥٨ ٤٠ ٠٠٠ ٠١٠٢", "phone-format"),
    ("email_without_domain", OFFER, "sahkoposti: ryhma@example.fi", "sahkoposti: ryhma(at)example.fi", "email-format"),
    ("whole_region_beside_a_municipality", OFFER, "kunnat: [tuusula]", "kunnat: [tuusula, koko-alue]", "whole-region"),
    (
        "organisation_whole_region_beside_a_municipality",
        ORGANISATION,
        "kunnat: [tuusula, jarvenpaa]",
        "kunnat: [koko-alue, jarvenpaa]",
        "whole-region",
    ),
    (
        "url_javascript",
        OFFER,
        "verkkosivu: https://www.example.fi/ryhma",
        "verkkosivu: javascript:alert(1)",
        "url-scheme",
    ),
    (
        "url_ftp",
        ORGANISATION,
        "kotisivu: https://www.example.fi/esimerkki-ry",
        "kotisivu: ftp://example.fi",
        "url-scheme",
    ),
    (
        "url_with_space",
        OFFER,
        "linkki: https://www.example.fi/ilmoittaudu",
        "linkki: https://www.example .fi",
        "url-format",
    ),
    ("ytunnus_check_digit", ORGANISATION, "ytunnus: 1572860-0", "ytunnus: 1572860-1", "ytunnus"),
    ("ytunnus_format", ORGANISATION, "ytunnus: 1572860-0", "ytunnus: 15728600", "ytunnus"),
    ("ytunnus_in_arabic_indic_digits", ORGANISATION, "ytunnus: 1572860-0", "ytunnus: ١٥٧٢٨٦٠-٠", "ytunnus"),
    ("postal_code_four_digits", OFFER, 'postinumero: "04300"', 'postinumero: "4300"', "postal-code"),
    ("postal_code_in_arabic_indic_digits", OFFER, 'postinumero: "04300"', 'postinumero: "٠٤٣٠٠"', "postal-code"),
    (
        "coordinates_swapped",
        OFFER,
        "sijainti: {lat: 60.40, lon: 25.03}",
        "sijainti: {lat: 25.03, lon: 60.40}",
        "coordinates",
    ),
    # pydantic's float reads all of these: a coordinate is digits 0–9 with a decimal point and nothing else.
    ("coordinate_with_an_underscore", OFFER, "{lat: 60.40,", "{lat: 6_0.40,", "number"),
    ("coordinate_quoted_with_a_space", OFFER, "{lat: 60.40,", '{lat: " 60.40",', "number"),
    ("coordinate_with_a_plus_sign", OFFER, "{lat: 60.40,", "{lat: +60.40,", "number"),
    ("coordinate_with_an_exponent", OFFER, "{lat: 60.40,", "{lat: 6.040e1,", "number"),
    ("coordinate_not_a_number", OFFER, "lon: 25.03}", "lon: nan}", "number"),
    ("coordinate_infinite", OFFER, "lon: 25.03}", "lon: inf}", "number"),
    ("coordinate_in_arabic_indic_digits", OFFER, "{lat: 60.40,", "{lat: ٦٠.٤٠,", "number"),
    ("coordinate_with_a_decimal_comma", OFFER, "{lat: 60.40,", '{lat: "60,40",', "number"),
    ("latitude_beyond_the_pole", OFFER, "{lat: 60.40,", "{lat: 600.40,", "range"),
    ("latitude_of_five_thousand_digits", OFFER, "{lat: 60.40,", "{lat: " + "6" * 5000 + ",", "range"),
    ("person_without_consent", OFFER, "suostumus: true", "suostumus: false", "consent-required"),
    ("title_too_long", OFFER, "nimi: Omaisten vertaisryhmä", "nimi: " + "a" * 101, "too-long"),
    ("unknown_key_with_umlaut", OFFER, "sahkoposti: ryhma@example.fi", "sähköposti: ryhma@example.fi", "unknown-key"),
    ("unknown_theme", OFFER, "teemat: [mielenterveys-ja-paihteet]", "teemat: [mielenterveys]", "unknown-code"),
    (
        "unknown_municipality",
        ORGANISATION,
        "kunnat: [tuusula, jarvenpaa]",
        "kunnat: [tuusula, helsinki]",
        "unknown-code",
    ),
    ("norway_problem", OFFER, "kielet: [fi, sv]", "kielet: [fi, NO]", "unknown-code"),
    ("yes_no_boolean", OFFER, "tarvitaan: true", "tarvitaan: yes", "bool"),
    ("on_boolean", OFFER, "suostumus: true", "suostumus: on", "bool"),
    (
        "theme_twice",
        OFFER,
        "teemat: [mielenterveys-ja-paihteet]",
        "teemat: [vammaisuus, vammaisuus]",
        "duplicate-value",
    ),
    ("themes_not_a_list", OFFER, "teemat: [mielenterveys-ja-paihteet]", "teemat: vammaisuus", "not-a-list"),
    ("themes_empty", OFFER, "teemat: [mielenterveys-ja-paihteet]", "teemat: []", "missing-value"),
    ("price_free_text", OFFER, "hinta: maksuton", "hinta: ilmainen", "price"),
    ("age_reversed", OFFER, "  min: 18", "  min: 18\n  max: 12", "age-order"),
    ("age_not_a_number", OFFER, "  min: 18", "  min: kahdeksantoista", "number"),
    # pydantic's int reads all of these as 18: an age is digits 0–9 and nothing else.
    ("age_with_an_underscore", OFFER, "  min: 18", "  min: 1_8", "number"),
    ("age_quoted_with_spaces", OFFER, "  min: 18", '  min: " 18 "', "number"),
    ("age_with_a_plus_sign", OFFER, "  min: 18", "  min: +18", "number"),
    ("age_with_decimals", OFFER, "  min: 18", "  min: 18.0", "number"),
    ("age_in_arabic_indic_digits", OFFER, "  min: 18", "  min: ١٨", "number"),
    ("age_over_120", OFFER, "  min: 18", "  min: 180", "range"),
    ("age_of_five_thousand_digits", OFFER, "  min: 18", "  min: " + "9" * 5000, "range"),
    (
        "week_of_month_with_an_underscore",
        OFFER,
        "    poikkeukset: [2026-12-22, 2026-12-29]",
        "    poikkeukset: [2026-12-22, 2026-12-29]\n    kuukauden-viikot: [0_1]",
        "number",
    ),
    ("place_in_whole_region", OFFER, "kunta: tuusula", "kunta: koko-alue", "place-municipality"),
    ("schedule_without_kind", OFFER, "  - paivat: [2026-12-05]\n    alkaa", "  - alkaa", "schedule-kind"),
    (
        "two_rhythms",
        OFFER,
        '    loppuu: "19:00"',
        '    loppuu: "19:00"\n    joka-toinen-viikko: true\n    kuukauden-viikot: [1]',
        "schedule-rhythm",
    ),
    (
        "maintainer_not_github_user",
        ORGANISATION,
        "yllapitajat: [esimerkki-kayttaja]",
        "yllapitajat: [esimerkki käyttäjä]",
        "github-user",
    ),
    ("no_maintainers", ORGANISATION, "yllapitajat: [esimerkki-kayttaja]", "yllapitajat: []", "missing-value"),
    (
        "required_value_empty",
        OFFER,
        "lyhyesti: Vertaistukea mielenterveys- ja päihdeongelmista kärsivien läheisille.",
        "lyhyesti:",
        "empty",
    ),
    # Text that shows nothing, as pasted from a word processor or typed to get past a required field, is empty.
    ("title_of_a_zero_width_space", OFFER, "nimi: Omaisten vertaisryhmä", "nimi: \u200b", "empty"),
    (
        "summary_of_no_break_spaces_and_a_word_joiner",
        OFFER,
        "lyhyesti: Vertaistukea mielenterveys- ja päihdeongelmista kärsivien läheisille.",
        "lyhyesti: \u00a0\u2060\u00a0",
        "empty",
    ),
    (
        "easy_read_of_a_soft_hyphen",
        OFFER,
        "selkokieli: Ryhmässä voit puhua läheisestäsi.",
        "selkokieli: \u00ad",
        "empty",
    ),
    ("organisation_name_of_a_hangul_filler", ORGANISATION, "nimi: Esimerkki ry (esimerkki)", "nimi: \u3164", "empty"),
    (
        "keyword_of_a_zero_width_space",
        OFFER,
        "asiasanat: [omaiset, jaksaminen]",
        'asiasanat: [omaiset, "\u200b"]',
        "empty",
    ),
    ("checked_in_future", OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 2026-12-24", "checked-in-future"),
]


@pytest.mark.parametrize(("relative", "old", "new", "code"), [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_rule(workspace: Workspace, relative: str, old: str, new: str, code: str) -> None:
    line = workspace.edit(relative, old, new)
    problems = workspace.problems()
    assert [(p.path, p.code) for p in problems] == [(relative, code)]
    assert problems[0].line == line
    assert problems[0].severity is Severity.ERROR
    assert problems[0].message and problems[0].hint


def test_time_message_quotes_value_and_fix(workspace: Workspace) -> None:
    workspace.edit(OFFER, 'alkaa: "17:30"', "alkaa: 930")
    (problem,) = workspace.problems()
    assert problem.text == """'alkaa' pitää olla muotoa HH:MM, nyt '930' — kirjoita esim. "09:30\""""
    assert problem.col == 12


@pytest.mark.parametrize(
    ("old", "new", "text"),
    [
        (
            "teemat: [mielenterveys-ja-paihteet]",
            "teemat: []",
            "luettelossa 'teemat' pitää olla vähintään 1 arvo — lisää arvo, esim. [arvo]",
        ),
        ("nimi: Omaisten vertaisryhmä", "nimi: " + "a" * 101, "'nimi' on liian pitkä (101 merkkiä, enintään 100)"),
    ],
)
def test_counted_nouns_take_the_form_of_their_number(workspace: Workspace, old: str, new: str, text: str) -> None:
    workspace.edit(OFFER, old, new)
    (problem,) = workspace.problems()
    assert problem.text.startswith(text)


def test_date_that_does_not_exist_is_named_as_such(workspace: Workspace) -> None:
    workspace.edit(OFFER, "paivat: [2026-12-05]", "paivat: [2026-02-30]")
    (problem,) = workspace.problems()
    assert problem.message == "'paivat': päivää 2026-02-30 ei ole olemassa"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("kuvaus: |\n\n", "kirjoita arvo kentän nimen perään"),  # a template's block left unwritten
        (
            "kuvaus: '\u200b\u00a0'",
            "kirjoita arvo kentän nimen perään: näkymättömät merkit, kuten nollalevyinen välilyönti, eivät riitä",
        ),
    ],
)
def test_an_empty_text_is_told_apart_from_one_of_invisible_characters(
    workspace: Workspace, written: str, hint: str
) -> None:
    text = workspace.read(OFFER)
    description = re.search(r"^kuvaus:.*?(?=^\S)", text, re.MULTILINE | re.DOTALL)
    assert description
    workspace.write(OFFER, text.replace(description[0], written + "\n"))
    (problem,) = workspace.problems()
    assert (problem.code, problem.message, problem.hint) == ("empty", "'kuvaus' on tyhjä", hint)


def test_invisible_characters_among_visible_ones_are_kept(workspace: Workspace) -> None:
    workspace.edit(OFFER, "nimi: Omaisten vertaisryhmä", "nimi: Omaisten vertais\u00adryhmä \u2764\ufe0f")
    result = workspace.validate()
    assert result.problems == []
    assert result.catalogue.offers[0].name == "Omaisten vertais\u00adryhmä \u2764\ufe0f"


def test_decimal_comma_gets_a_hint_to_use_a_point(workspace: Workspace) -> None:
    workspace.edit(OFFER, "    sijainti: {lat: 60.40, lon: 25.03}", "    sijainti:\n      lat: 60,40\n      lon: 25.03")
    (problem,) = workspace.problems()
    assert problem.text == "'lat' pitää olla luku, nyt '60,40' — käytä desimaalipistettä, ei pilkkua: 60.40"
    assert (problem.line, problem.code) == (27, "number")


def test_coordinates_keep_their_value(workspace: Workspace) -> None:
    workspace.edit(OFFER, "{lat: 60.40, lon: 25.03}", "{lat: 60, lon: 25.031}")
    result = workspace.validate()
    assert result.problems == []
    location = result.catalogue.offers[0].places[0].location
    assert location is not None and (location.lat, location.lon) == (60.0, 25.031)


def test_age_message_quotes_the_value_as_written(workspace: Workspace) -> None:
    workspace.edit(OFFER, "  min: 18", "  min: 1_8")
    (problem,) = workspace.problems()
    assert problem.text == "'min' pitää olla kokonaisluku, nyt '1_8' — kirjoita pelkkä luku numeroin 0–9, esim. 18"


def test_a_number_hint_gives_an_example_in_the_fields_range(workspace: Workspace) -> None:
    workspace.edit(
        OFFER,
        "    poikkeukset: [2026-12-22, 2026-12-29]",
        "    poikkeukset: [2026-12-22, 2026-12-29]\n    kuukauden-viikot: [toinen]",
    )
    (problem,) = workspace.problems()
    assert (
        problem.text
        == "'kuukauden-viikot' pitää olla kokonaisluku, nyt 'toinen' — kirjoita pelkkä luku numeroin 0–9, esim. 1"
    )


def test_a_long_refused_value_is_quoted_cut_short(workspace: Workspace) -> None:
    workspace.edit(OFFER, "  min: 18", "  min: " + "9" * 5000)
    (problem,) = workspace.problems()
    assert problem.message == f"'min' pitää olla 0–120, nyt '{'9' * 59}…'"


def test_unknown_key_suggests_nearest_key(workspace: Workspace) -> None:
    workspace.edit(OFFER, "sahkoposti: ryhma@example.fi", "sähköposti: ryhma@example.fi")
    (problem,) = workspace.problems()
    assert problem.message == "tuntematon kenttä 'sähköposti'"
    assert problem.hint == "tarkoititko 'sahkoposti'?"
    assert problem.col == 3  # the key itself


def test_a_key_in_english_is_shown_as_written_and_the_finnish_key_as_missing(workspace: Workspace) -> None:
    """'name' is the model's attribute for 'nimi': the file's own key is reported, not renamed to the one it stands for."""
    workspace.edit(OFFER, "nimi: Omaisten vertaisryhmä", "name: Omaisten vertaisryhmä")
    problems = workspace.problems()
    assert [(p.code, p.message) for p in problems] == [
        ("missing-key", "pakollinen kenttä 'nimi' puuttuu"),
        ("unknown-key", "tuntematon kenttä 'name'"),
    ]
    assert (problems[1].line, problems[1].col) == (2, 1)


def test_unknown_key_in_a_block_without_finnish_keys_lists_its_keys(workspace: Workspace) -> None:
    workspace.edit(OFFER, "  min: 18", "  min: 18\n  maks: 65")
    (problem,) = workspace.problems()
    assert (problem.code, problem.hint) == ("unknown-key", "sallitut kentät: max, min")


def test_unknown_code_suggests_nearest_code(workspace: Workspace) -> None:
    workspace.edit(OFFER, "kunta: tuusula", "kunta: tuusla")
    (problem,) = workspace.problems()
    assert problem.hint == "tarkoititko 'tuusula'?"


def test_missing_key_points_at_file_start(workspace: Workspace) -> None:
    workspace.edit(OFFER, "lyhyesti: Vertaistukea mielenterveys- ja päihdeongelmista kärsivien läheisille.\n", "")
    (problem,) = workspace.problems()
    assert (problem.code, problem.line, problem.message) == ("missing-key", 1, "pakollinen kenttä 'lyhyesti' puuttuu")


def test_missing_nested_key_points_at_its_parent(workspace: Workspace) -> None:
    line = workspace.edit(OFFER, '    postinumero: "04300"\n', "")
    (problem,) = workspace.problems()
    assert (problem.code, problem.line, problem.col) == ("missing-key", line - 2, 5)  # the '- nimi:' line of the place


_TAXONOMY = (REPO / TAXONOMY).read_text(encoding="utf-8")
_STATES = _TAXONOMY[_TAXONOMY.index("tilat:\n") : _TAXONOMY.index("\n\nviikonpaivat:\n")]
# Each of pydantic's own errors that the problem report words in Finnish, and an edit that makes it.
BUILT_IN = [
    ("missing", ORGANISATION, "tyyppi: yhdistys\n", ""),
    ("list_type", OFFER, "teemat: [mielenterveys-ja-paihteet]", "teemat: vammaisuus"),
    ("too_short", OFFER, "kielet: [fi, sv]", "kielet: []"),
    ("model_type", OFFER, "sijainti: {lat: 60.40, lon: 25.03}", "sijainti: 60.40 25.03"),
    ("dict_type", str(TAXONOMY), _STATES, "tilat: [aktiivinen, tauolla, paattynyt]"),
    ("string_type", str(TAXONOMY), "    fi: Vammaisuus", "    fi: [Vammaisuus, Funktionsnedsättning]"),
]
MODELS: dict[str, type[BaseModel]] = {OFFER: Offer, ORGANISATION: Organisation, str(TAXONOMY): Taxonomy}


def _problems(workspace: Workspace, relative: str) -> list[Problem]:
    """Return the problems of the catalogue, or of the taxonomy if `relative` is the taxonomy."""
    if relative != str(TAXONOMY):
        return workspace.problems()
    with pytest.raises(TarjotinError) as raised:
        load_taxonomy(workspace.root / TAXONOMY)
    return raised.value.problems


def test_every_finnish_wording_of_a_pydantic_error_is_reachable() -> None:
    assert sorted(kind for kind, *_ in BUILT_IN) == sorted(_BUILT_IN)


@pytest.mark.parametrize(("kind", "relative", "old", "new"), BUILT_IN, ids=[case[0] for case in BUILT_IN])
def test_pydantic_error_in_finnish(workspace: Workspace, kind: str, relative: str, old: str, new: str) -> None:
    shutil.copytree(REPO / TAXONOMY.parent, workspace.root / TAXONOMY.parent)
    line = workspace.edit(relative, old, new)
    document = load_file(workspace.root / relative, relative)
    assert isinstance(document, Document)
    with pytest.raises(ValidationError) as raised:
        MODELS[relative].model_validate(document.data, context={"taxonomy": workspace.taxonomy, "today": TODAY})
    assert [error["type"] for error in raised.value.errors()] == [kind]
    (problem,) = _problems(workspace, relative)
    assert problem.code == _BUILT_IN[kind][0]
    assert problem.line == line or kind == "missing"  # a missing key is told at its block
    assert "{" not in problem.message and problem.hint


def test_a_pydantic_error_without_a_finnish_wording_is_still_finnish(workspace: Workspace) -> None:
    """Should a model ever raise an error that has no wording of its own, pydantic's English is not shown."""
    document = load_file(workspace.root / OFFER, OFFER)
    assert isinstance(document, Document)
    error = ValidationError.from_exception_data("Offer", [{"type": "int_parsing", "loc": ("ika", "min"), "input": "x"}])
    (problem,) = to_problems(error, document, Offer)
    assert (problem.line, problem.code) == (11, "invalid")
    assert problem.text == "'min': arvo ei kelpaa — tarkista kentän ohje sivulta Kenttien kuvaukset"


@pytest.mark.parametrize(
    ("old", "new", "text"),
    [
        (
            "    fi: Vammaisuus\n",
            "    fii: Vammaisuus\n",
            "tuntematon kenttä 'fii' — tarkoititko 'fi'?",
        ),
        (
            "    ical: SU\n",
            "",
            "'viikonpaivat': koodistossa pitää olla seitsemän viikonpäivää maanantaista alkaen "
            "— anna jokaiselle päivälle myös 'toistuva' (esim. maanantaisin) ja 'ical' (esim. MO)",
        ),
    ],
    ids=["unknown_key", "weekday_without_its_calendar_name"],
)
def test_a_broken_taxonomy_is_told_in_finnish(workspace: Workspace, old: str, new: str, text: str) -> None:
    shutil.copytree(REPO / TAXONOMY.parent, workspace.root / TAXONOMY.parent)
    workspace.edit(str(TAXONOMY), old, new)
    (problem,) = _problems(workspace, str(TAXONOMY))
    assert problem.text == text


WEEKLY = '  - viikonpaivat: [ti]\n    alkaa: "17:30"\n    loppuu: "19:00"\n'
ONE_DAY = '  - paivat: [2026-12-05]\n    alkaa: "10:00"\n    loppuu: "14:00"\n'
KINDS = "viikonpaivat (viikoittainen aika), paivat (yksittäiset päivät) tai sopimuksen-mukaan"


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (
            WEEKLY.replace("viikonpaivat", "viikonpäivät"),
            "28:5: tuntematon kenttä 'viikonpäivät' — tarkoititko 'viikonpaivat'? [unknown-key]",
        ),
        (WEEKLY.replace("loppuu", "loppu"), "30:5: tuntematon kenttä 'loppu' — tarkoititko 'loppuu'? [unknown-key]"),
        (
            ONE_DAY + "    poikkeukset: [2026-12-05]\n",
            "31:5: tuntematon kenttä 'poikkeukset' — sallitut kentät: alkaa, lisatieto, loppuu, paivat [unknown-key]",
        ),
        (
            WEEKLY + "    paivat: [2026-12-05]\n",
            "28:5: samassa ajassa on sekä 'viikonpaivat' että 'paivat' — kirjoita kukin omaksi ajakseen, "
            "jokainen omalle '- '-alkuiselle rivilleen [schedule-kind]",
        ),
        (
            '  - alkaa: "17:30"\n    loppuu: "19:00"\n',
            f"28:5: ajalta puuttuu 'viikonpaivat', 'paivat' tai 'sopimuksen-mukaan' — kirjoita aikaan yksi näistä: {KINDS} "
            "[schedule-kind]",
        ),
        ("  - tiistaisin klo 17.30–19\n", "28:5: ajalta puuttuu 'viikonpaivat', 'paivat' tai 'sopimuksen-mukaan'"),
    ],
    ids=["misspelt_kind_key", "misspelt_weekly_key", "key_of_another_kind", "two_kinds", "no_kind", "plain_text"],
)
def test_a_schedule_mistake_is_one_finnish_problem(workspace: Workspace, schedule: str, expected: str) -> None:
    """The kind is told by the keys present, and only that kind's errors are reported."""
    text = workspace.read(OFFER)
    workspace.write(OFFER, text[: text.index("ajat:\n") + 6] + schedule + text[text.index("yhteystiedot:") :])
    (problem,) = workspace.problems()
    assert format_text(problem).startswith(f"{OFFER}:{expected}")


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        (  # February 2027 has no fifth Tuesday
            "voimassa: {alkaen: 2026-08-18, asti: 2027-05-25}",
            "kuukauden-viikot: [5]\n    voimassa: {alkaen: 2027-02-08, asti: 2027-02-21}",
            "tarkista 'viikonpaivat', 'voimassa' ja 'kuukauden-viikot'",
        ),
        (  # every Tuesday of the three weeks is cancelled
            "voimassa: {alkaen: 2026-08-18, asti: 2027-05-25}\n    poikkeukset: [2026-12-22, 2026-12-29]",
            "voimassa: {alkaen: 2026-12-01, asti: 2026-12-20}\n    poikkeukset: [2026-12-01, 2026-12-08, 2026-12-15]",
            "tarkista 'viikonpaivat', 'voimassa' ja 'poikkeukset'",
        ),
        (  # the first week's Tuesday is before the start, and every other week skips the second
            "voimassa: {alkaen: 2026-08-18, asti: 2027-05-25}",
            "joka-toinen-viikko: true\n    voimassa: {alkaen: 2026-12-02, asti: 2026-12-13}",
            "tarkista 'viikonpaivat', 'voimassa' ja 'joka-toinen-viikko'",
        ),
    ],
    ids=["no_fifth_weekday", "every_meeting_an_exception", "every_other_week_skips_the_only_tuesday"],
)
def test_weekly_schedule_without_a_meeting_is_an_error(workspace: Workspace, old: str, new: str, hint: str) -> None:
    workspace.edit(OFFER, old, new)
    result = workspace.validate()
    (problem,) = result.problems
    assert (problem.code, problem.line, problem.col) == ("no-meetings", 28, 5)  # the schedule's '- viikonpaivat' line
    assert problem.message.startswith("ajalle ei jää yhtään kokoontumista väliltä ")
    assert problem.hint == hint
    assert result.catalogue.offers == []


def test_one_meeting_left_is_enough(workspace: Workspace) -> None:
    workspace.edit(
        OFFER,
        "voimassa: {alkaen: 2026-08-18, asti: 2027-05-25}\n    poikkeukset: [2026-12-22, 2026-12-29]",
        "voimassa: {alkaen: 2026-12-01, asti: 2026-12-20}\n    poikkeukset: [2026-12-01, 2026-12-15]",
    )
    assert workspace.problems() == []


def test_offer_needs_a_place_unless_online_or_by_phone(workspace: Workspace) -> None:
    text = workspace.read(OFFER)
    start, end = text.index("paikat:"), text.index("ajat:")
    workspace.write(OFFER, text[:start] + text[end:])
    assert [p.code for p in workspace.problems()] == ["no-place"]
    workspace.write(OFFER, text[:start] + "puhelimitse: true\n" + text[end:])
    assert workspace.problems() == []


def test_values_keep_their_text(workspace: Workspace) -> None:
    workspace.edit(OFFER, 'postinumero: "04300"', "postinumero: 04300")
    workspace.edit(OFFER, 'alkaa: "17:30"', "alkaa: 9:00")
    workspace.edit(OFFER, "puhelin: 040 000 0102", "puhelin: 0400000102")
    workspace.edit(ORGANISATION, "puhelin: 040 000 0101", "puhelin: +358400000101")
    result = workspace.validate()
    assert result.problems == []
    (offer,) = result.catalogue.offers
    assert offer.places[0].postal_code == "04300"
    assert offer.schedules[0].starts.isoformat() == "09:00:00"
    assert offer.contact is not None and offer.contact.phone == "+358400000102"
    assert result.catalogue.organisations["esimerkki-ry"].phone == "+358400000101"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("040 000 0102", "+358400000102"),
        ("09 0000 0102", "+358900000102"),
        ("+358 (0)40 000 0102", "+358400000102"),
        ("+358 040 000 0102", None),
        ("00358 40 000 0102", "+358400000102"),
        ("+46 8 000 000", "+468000000"),
        # The emergency number and the harmonised helplines are dialled as they are, from anywhere in Finland.
        ("112", "112"),
        ("116 123", "116123"),
        ("116-117", "116117"),
        # ... and only as they are: from abroad, or after a trunk zero, they reach nobody.
        ("+358 116 123", None),
        ("00358 116 117", None),
        ("0116 123", None),
        ("+358 112", None),
    ],
)
def test_phone_numbers_are_normalised(workspace: Workspace, written: str, normalised: str | None) -> None:
    workspace.edit(OFFER, "puhelin: 040 000 0102", f"puhelin: {written}")
    result = workspace.validate()
    if normalised is None:
        assert [p.code for p in result.problems] == ["phone-format"]
    else:
        assert result.problems == []
        assert result.catalogue.offers[0].contact.phone == normalised  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("written", "number"), [("+358 116 123", "116 123"), ("+358 (0)116 117", "116 117"), ("0112", "112")]
)
def test_a_service_number_in_international_form_is_refused_with_the_number_to_write(
    workspace: Workspace, written: str, number: str
) -> None:
    workspace.edit(OFFER, "puhelin: 040 000 0102", f"puhelin: {written}")
    (problem,) = workspace.problems()
    assert problem.text == (
        f"'puhelin': numeroon {number} soitetaan vain Suomesta ilman maatunnusta ja etunollaa, nyt '{written}' "
        f"— kirjoita pelkkä {number}"
    )


def test_stale_entry_is_a_warning(workspace: Workspace) -> None:
    line = workspace.edit(OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 2025-11-01")
    result = workspace.validate()
    assert [(p.code, p.line, p.severity) for p in result.problems] == [("stale", line, Severity.WARNING)]
    assert len(result.catalogue.offers) == 1


def test_offer_whose_dates_have_passed_is_a_warning(workspace: Workspace) -> None:
    result = workspace.validate(today=TODAY_AFTER_END)
    codes = {(p.path, p.code) for p in result.problems}
    assert (OFFER, "expired") in codes
    assert all(p.severity is Severity.WARNING for p in result.problems)


def test_ended_offer_is_not_warned_about(workspace: Workspace) -> None:
    workspace.edit(OFFER, "tarkistettu: 2026-11-01", "tila: paattynyt\ntarkistettu: 2026-11-01")
    assert [p.code for p in workspace.problems(today=TODAY_AFTER_END) if p.path == OFFER] == []


def test_offer_folder_must_name_an_organisation(workspace: Workspace) -> None:
    workspace.write("catalogue/tuntematon-ry/ryhma.yml", workspace.read(OFFER))
    result = workspace.validate()
    assert [(p.path, p.code) for p in result.problems] == [
        ("catalogue/tuntematon-ry/ryhma.yml", "unknown-organisation")
    ]
    assert [o.id for o in result.catalogue.offers] == ["vertaisryhma"]


@pytest.mark.parametrize("name", ["Vertaisryhma", "vertais_ryhma", "ryhmä", "-ryhma"])
def test_file_names_are_slugs(workspace: Workspace, name: str) -> None:
    workspace.write(f"catalogue/esimerkki-ry/{name}.yml", workspace.read(OFFER))
    assert [(p.path, p.code) for p in workspace.problems()] == [(f"catalogue/esimerkki-ry/{name}.yml", "bad-id")]


@pytest.mark.parametrize("relative", ["organisations/index.yml", "catalogue/esimerkki-ry/index.yml"])
def test_index_is_the_sites_own_page_name(workspace: Workspace, relative: str) -> None:
    """jarjestot/index.md lists the organisations; an offer called index would be its folder's page."""
    workspace.write(relative, workspace.read(ORGANISATION if relative.startswith("organisations") else OFFER))
    (problem,) = workspace.problems()
    assert (problem.path, problem.line, problem.code) == (relative, 1, "reserved-id")
    assert problem.text == (
        "'index' on varattu sivuston omalle sivulle, joten se ei käy tunnukseksi "
        "— valitse toinen nimi, joka kertoo, mistä on kyse"
    )


def test_ids_are_unique(workspace: Workspace) -> None:
    workspace.write("catalogue/esimerkki-ry/vertaisryhma.yaml", workspace.read(OFFER))
    result = workspace.validate()
    assert [p.code for p in result.problems] == ["duplicate-id"]
    assert len(result.catalogue.offers) == 1


@pytest.mark.parametrize(
    "relative",
    ["catalogue/ryhma.yml", "catalogue/esimerkki-ry/vanhat/ryhma.yml", "organisations/esimerkki-ry/ryhma.yml"],
)
def test_file_in_the_wrong_folder(workspace: Workspace, relative: str) -> None:
    workspace.write(relative, workspace.read(OFFER))
    assert [(p.path, p.code) for p in workspace.problems()] == [(relative, "misplaced-file")]


@pytest.mark.parametrize(
    ("relative", "renamed"),
    [
        ("catalogue/esimerkki-ry/ryhma.YML", "ryhma.yml"),
        ("catalogue/esimerkki-ry/ryhma.yml.txt", "ryhma.yml"),
        ("catalogue/esimerkki-ry/ryhma", "ryhma.yml"),
        ("organisations/toinen-ry.Yaml", "toinen-ry.yml"),
    ],
)
def test_file_that_is_not_read_for_its_suffix(workspace: Workspace, relative: str, renamed: str) -> None:
    workspace.write(relative, workspace.read(ORGANISATION if relative.startswith("organisations") else OFFER))
    (problem,) = workspace.problems()
    assert (problem.path, problem.line, problem.code) == (relative, 1, "file-suffix")
    name = relative.rsplit("/", 1)[1]
    assert (
        problem.text
        == f"tiedostoa '{name}' ei lueta, koska sen pääte ei ole .yml — nimeä tiedosto uudelleen: {renamed}"
    )


@pytest.mark.parametrize(
    ("relative", "hint"),
    [
        (
            "catalogue/esimerkki-ry/vertaisryhma.yml~",
            "poista tiedosto, jos se on tiedoston vertaisryhma.yml vanha kopio",
        ),
        (
            "catalogue/esimerkki-ry/esite.pdf",
            "kansiossa luetaan vain .yml-tiedostoja: poista tiedosto tai siirrä se muualle",
        ),
    ],
)
def test_an_old_copy_or_another_kind_of_file_is_not_to_be_renamed(
    workspace: Workspace, relative: str, hint: str
) -> None:
    """Renaming an editor's backup to the name of the file it copies would overwrite the entry."""
    workspace.write(relative, workspace.read(OFFER))
    (problem,) = workspace.problems()
    assert (problem.code, problem.hint) == ("file-suffix", hint)


def test_hidden_files_are_left_alone(workspace: Workspace) -> None:
    workspace.write("catalogue/esimerkki-ry/.gitkeep", "")
    workspace.write("organisations/.vertaisryhma.yml.swp", "")
    assert workspace.problems() == []


def test_adding_a_municipality_is_a_data_change(workspace: Workspace, taxonomy) -> None:  # type: ignore[no-untyped-def]
    from generator.taxonomy import Term

    extended = taxonomy.model_copy(update={"municipalities": {**taxonomy.municipalities, "kerava": Term(fi="Kerava")}})
    workspace.taxonomy = extended
    workspace.edit(OFFER, "kunta: tuusula", "kunta: kerava")
    assert workspace.problems() == []


TODAY_AFTER_END = __import__("datetime").date(2027, 6, 1)


def test_url_with_broken_host_is_a_problem_not_a_crash(workspace: Workspace) -> None:
    workspace.edit(OFFER, "verkkosivu: https://www.example.fi/ryhma", "verkkosivu: https://[example.fi")
    assert [p.code for p in workspace.problems()] == ["url-format"]


def test_empty_age_range_means_no_age_limit(workspace: Workspace) -> None:
    workspace.edit(OFFER, "ika:\n  min: 18\n", "ika:\n  min:\n  max:\n")
    result = workspace.validate()
    assert result.problems == []
    assert result.catalogue.offers[0].age is None


def test_contact_block_left_empty_means_no_contact(workspace: Workspace) -> None:
    """The new-offer template's yhteystiedot: with every sub-field empty, as a volunteer may leave it."""
    text = workspace.read(OFFER)
    start = text.index("yhteystiedot:")
    workspace.write(
        OFFER,
        text[:start] + "yhteystiedot:\n  puhelin:\n  sahkoposti:\n  verkkosivu:\n" + text[text.index("tarkistettu:") :],
    )
    result = workspace.validate()
    assert result.problems == []
    assert result.catalogue.offers[0].contact is None
