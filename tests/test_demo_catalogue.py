"""The demo catalogue: valid, rich enough to show the site, fictional, and robust to YAML traps."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, TODAY

from generator.models import ByAppointment, Dates, Offer, Weekly
from generator.taxonomy import WHOLE_REGION, Taxonomy
from generator.validate import Result, validate_catalogue


@pytest.fixture(scope="module")
def demo(taxonomy: Taxonomy) -> Result:
    return validate_catalogue(REPO, taxonomy, TODAY)


def test_demo_is_valid(demo: Result) -> None:
    assert demo.errors == []
    assert [p.code for p in demo.warnings] == ["stale"]  # one entry shows the stale notice on purpose


def test_demo_size_and_organisation_types(demo: Result) -> None:
    organisations = demo.catalogue.organisations.values()
    assert len(organisations) >= 12
    assert len(demo.catalogue.offers) >= 60
    assert {"yhdistys", "seurakunta", "kunta", "hyvinvointialue"} <= {o.type for o in organisations}


def test_demo_covers_every_theme_in_every_municipality(demo: Result, taxonomy: Taxonomy) -> None:
    covered = {
        (theme, town) for offer in demo.catalogue.offers for theme in offer.themes for town in offer.municipalities
    }
    wanted = {(theme, town) for theme in taxonomy.themes for town in taxonomy.municipalities if town != WHOLE_REGION}
    assert wanted - covered == set()


def _shapes(offer: Offer) -> set[str]:
    shapes = {"online"} if offer.online else set()
    shapes |= {"phone"} if offer.by_phone else set()
    for schedule in offer.schedules:
        if isinstance(schedule, Weekly):
            shapes.add(
                "every-other-week" if schedule.every_other_week else "monthly" if schedule.weeks_of_month else "weekly"
            )
        elif isinstance(schedule, Dates):
            shapes.add("dates")
        elif isinstance(schedule, ByAppointment):
            shapes.add("by-appointment")
    return shapes


def test_demo_shows_every_kind_of_offer(demo: Result) -> None:
    offers = demo.catalogue.offers
    shapes = Counter(shape for offer in offers for shape in _shapes(offer))
    assert set(shapes) == {"weekly", "every-other-week", "monthly", "dates", "by-appointment", "online", "phone"}
    assert {"fi", "sv", "en", "selko", "fse"} <= {language for offer in offers for language in offer.languages}
    assert {offer.is_free for offer in offers} == {True, False}
    assert len({code for offer in offers for place in offer.places for code in place.accessibility}) >= 4
    assert sum(offer.easy_read is not None for offer in offers) >= 10
    assert {offer.status for offer in offers} == {"aktiivinen", "tauolla", "paattynyt"}


def test_demo_is_marked_fictional() -> None:
    for path in sorted((REPO / "organisations").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert "esimerkki: true" in text, path
        assert "(esimerkki)" in text, path
    for path in sorted(REPO.glob("*/**/*.yml")):
        if path.parts[len(REPO.parts)] not in ("organisations", "catalogue"):
            continue
        text = path.read_text(encoding="utf-8")
        for address in re.findall(r"https?://([^/\s]+)", text) + re.findall(r"@([\w.-]+)", text):
            assert address == "example.fi" or address.endswith(".example.fi"), (path, address)
        for number in re.findall(r"puhelin: (.+)", text):
            assert re.fullmatch(r"(040 000 0\d{3}|09 0000 0\d{3})", number), (path, number)


# YAML traps put into one demo file: (case, old line, new line, expected problem code or None).
TRAPS = [
    ("no_boolean", "verkossa: false", "verkossa: NO", "bool"),
    ("norway_language", "kielet: [fi", "kielet: [NO, fi", "unknown-code"),
    ("duplicate_key", "kielet: [fi", "nimi: Toinen nimi\nkielet: [fi", "duplicate-key"),
    ("anchor_and_alias", "kielet: [fi", "x: &a [lol, lol]\ny: [*a, *a]\nkielet: [fi", "yaml-anchor"),
    ("explicit_tag", "kielet: [fi", "kielet: !!python/tuple [fi", "yaml-tag"),
    ("on_boolean", "verkossa: false", "verkossa: on", "bool"),
]


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    for folder in ("organisations", "catalogue"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def _trap_target(root: Path) -> Path:
    """Return a demo offer with a place, a weekly time and the fields the traps edit."""
    for path in sorted((root / "catalogue").glob("*/*.yml")):
        text = path.read_text(encoding="utf-8")
        if all(text.count(marker) == 1 for marker in ("kielet: [fi", 'alkaa: "', "verkossa: false")):
            return path
    raise AssertionError("no demo offer has the fields the traps need")


@pytest.mark.parametrize(("old", "new", "code"), [t[1:] for t in TRAPS], ids=[t[0] for t in TRAPS])
def test_trap_in_a_demo_file_gives_one_problem(
    demo_copy: Path, taxonomy: Taxonomy, demo: Result, old: str, new: str, code: str
) -> None:
    target = _trap_target(demo_copy)
    text = target.read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1 + new.count("\n")
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = validate_catalogue(demo_copy, taxonomy, TODAY)
    relative = str(target.relative_to(demo_copy))
    errors = [(p.path, p.code) for p in result.errors]
    assert errors == [(relative, code)]
    assert result.errors[0].line in (line, line - new.count("\n"))
    assert len(result.catalogue.offers) == len(demo.catalogue.offers) - 1  # nothing else vanished


def test_unquoted_numbers_times_and_phones_keep_their_meaning(
    demo_copy: Path, taxonomy: Taxonomy, demo: Result
) -> None:
    """`postinumero: 04300`, `alkaa: 09:30` and `puhelin: 0400000123` unquoted: no problem, the same data."""
    target = _trap_target(demo_copy)
    text = target.read_text(encoding="utf-8")
    unquoted = re.sub(r'(postinumero|alkaa|loppuu): "([^"]*)"', r"\1: \2", text)
    unquoted = re.sub(r"puhelin: (\d+) (\d+) (\d+)", r"puhelin: \1\2\3", unquoted)
    assert unquoted != text
    target.write_text(unquoted, encoding="utf-8")
    result = validate_catalogue(demo_copy, taxonomy, TODAY)
    assert result.errors == []
    assert result.catalogue.offers == demo.catalogue.offers
