"""When an offer meets: the wording on its page and the dates it falls on, from real YAML."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from conftest import DATA, OFFER, REPO, TODAY

from generator.errors import TarjotinError
from generator.load import Document, load_text
from generator.models import Offer, Schedule, Weekly
from generator.schedule import (
    Occurrence,
    describe,
    exceptions_text,
    next_occurrences,
    occurrence_text,
    occurrences,
)
from generator.taxonomy import Taxonomy, load_taxonomy
from generator.validate import validate_catalogue

VALID_OFFER = (DATA / "valid" / OFFER).read_text(encoding="utf-8")
EVENING = ('alkaa: "17:30"', 'loppuu: "19:00"')


def offer(taxonomy: Taxonomy, *schedules: tuple[str, ...]) -> Offer:
    """Return the valid test offer with its `ajat:` replaced, each schedule given as its YAML lines."""
    head, _, rest = VALID_OFFER.partition("ajat:\n")
    tail = rest[rest.index("yhteystiedot:") :]
    items = "".join(f"  - {lines[0]}\n" + "".join(f"    {line}\n" for line in lines[1:]) for lines in schedules)
    document = load_text(OFFER, f"{head}ajat:\n{items}{tail}")
    assert isinstance(document, Document), document
    return Offer.model_validate(document.data, context={"taxonomy": taxonomy, "today": TODAY})


def schedule(taxonomy: Taxonomy, *lines: str) -> Schedule:
    (only,) = offer(taxonomy, lines).schedules
    return only


def weekly(taxonomy: Taxonomy, *lines: str) -> Weekly:
    only = schedule(taxonomy, *lines)
    assert isinstance(only, Weekly)
    return only


def days(
    taxonomy: Taxonomy, found: Schedule, start: date = date(2026, 1, 1), end: date = date(2027, 12, 31)
) -> list[str]:
    """Return the ISO dates of a schedule's meetings from start to end."""
    return [occurrence.day.isoformat() for occurrence in occurrences(found, start, end, taxonomy)]


# describe(): the words of the offer page's "when" section


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["viikonpaivat: [ti]"], "tiistaisin klo 17.30–19.00"),
        (["viikonpaivat: [to, ti]"], "tiistaisin ja torstaisin klo 17.30–19.00"),
        (["viikonpaivat: [ma, ke, pe]"], "maanantaisin, keskiviikkoisin ja perjantaisin klo 17.30–19.00"),
        (["viikonpaivat: [ma, ti, ke, to, pe]"], "arkisin klo 17.30–19.00"),
        (["viikonpaivat: [ma, ti, ke, to, pe, la, su]"], "joka päivä klo 17.30–19.00"),
        (["viikonpaivat: [la, su]"], "lauantaisin ja sunnuntaisin klo 17.30–19.00"),
        (
            ["viikonpaivat: [ti]", "joka-toinen-viikko: true", "voimassa: {alkaen: 2026-09-01}"],
            "joka toinen tiistai klo 17.30–19.00, 1.9.2026 alkaen",
        ),
        (
            ["viikonpaivat: [to, ti]", "joka-toinen-viikko: true", "voimassa: {alkaen: 2026-09-01}"],
            "joka toinen tiistai ja torstai klo 17.30–19.00, 1.9.2026 alkaen",
        ),
        (["viikonpaivat: [ti]", "kuukauden-viikot: [3, 1]"], "kuukauden 1. ja 3. tiistaina klo 17.30–19.00"),
        (["viikonpaivat: [ke]", "kuukauden-viikot: [1, 2, 4]"], "kuukauden 1., 2. ja 4. keskiviikkona klo 17.30–19.00"),
        (["viikonpaivat: [su]", "kuukauden-viikot: [5]"], "kuukauden 5. sunnuntaina klo 17.30–19.00"),
    ],
)
def test_weekly_wording(taxonomy: Taxonomy, lines: list[str], expected: str) -> None:
    assert describe(schedule(taxonomy, *lines, *EVENING), taxonomy) == expected


@pytest.mark.parametrize(
    ("validity", "expected"),
    [
        ("{alkaen: 2026-09-01}", "tiistaisin klo 17.30–19.00, 1.9.2026 alkaen"),
        ("{asti: 2027-05-31}", "tiistaisin klo 17.30–19.00, 31.5.2027 asti"),
        ("{alkaen: 2026-09-01, asti: 2027-05-31}", "tiistaisin klo 17.30–19.00, 1.9.2026–31.5.2027"),
        ("{}", "tiistaisin klo 17.30–19.00"),
    ],
)
def test_validity_is_appended(taxonomy: Taxonomy, validity: str, expected: str) -> None:
    assert describe(schedule(taxonomy, "viikonpaivat: [ti]", *EVENING, f"voimassa: {validity}"), taxonomy) == expected


def test_hours_have_no_leading_zero(taxonomy: Taxonomy) -> None:
    found = schedule(taxonomy, "viikonpaivat: [ma]", 'alkaa: "09:05"', 'loppuu: "10:00"')
    assert describe(found, taxonomy) == "maanantaisin klo 9.05–10.00"


def test_single_dates_wording(taxonomy: Taxonomy) -> None:
    one = schedule(taxonomy, "paivat: [2026-12-05]", 'alkaa: "12:00"', 'loppuu: "15:00"')
    assert describe(one, taxonomy) == "la 5.12.2026 klo 12.00–15.00"
    several = schedule(taxonomy, "paivat: [2027-01-16, 2026-12-05, 2026-12-06]", 'alkaa: "12:00"', 'loppuu: "15:00"')
    assert describe(several, taxonomy) == "la 5.12.2026, su 6.12.2026 ja la 16.1.2027 klo 12.00–15.00"


def test_every_weekday_abbreviation_matches_its_date(taxonomy: Taxonomy) -> None:
    week = schedule(
        taxonomy,
        "paivat: [2026-11-23, 2026-11-24, 2026-11-25, 2026-11-26, 2026-11-27, 2026-11-28, 2026-11-29]",
        *EVENING,
    )
    assert describe(week, taxonomy) == (
        "ma 23.11.2026, ti 24.11.2026, ke 25.11.2026, to 26.11.2026, pe 27.11.2026, la 28.11.2026 ja su 29.11.2026"
        " klo 17.30–19.00"
    )


def test_one_coming_meeting_wording(taxonomy: Taxonomy) -> None:
    assert (
        occurrence_text(Occurrence(date(2026, 11, 24), time(9, 30), time(11, 0)), taxonomy)
        == "ti 24.11.2026 klo 9.30–11.00"
    )


def test_by_appointment_wording(taxonomy: Taxonomy) -> None:
    found = schedule(taxonomy, "sopimuksen-mukaan: true", "lisatieto: Soita ohjaajalle.")
    assert describe(found, taxonomy) == "sopimuksen mukaan"


def test_exceptions_and_info_are_not_in_the_description(taxonomy: Taxonomy) -> None:
    found = schedule(taxonomy, "viikonpaivat: [ti]", *EVENING, "poikkeukset: [2026-12-22]", "lisatieto: Salissa 2.")
    assert describe(found, taxonomy) == "tiistaisin klo 17.30–19.00"


# exceptions_text(): the days without a meeting that a reader can still act on


def test_exceptions_text_names_the_coming_days_in_order(taxonomy: Taxonomy) -> None:
    found = weekly(taxonomy, "viikonpaivat: [to]", *EVENING, "poikkeukset: [2026-12-31, 2026-12-24]")
    assert exceptions_text(found, TODAY) == "Ei kokoonnu 24.12.2026 eikä 31.12.2026."
    three = weekly(taxonomy, "viikonpaivat: [to]", *EVENING, "poikkeukset: [2026-12-24, 2026-12-31, 2027-01-07]")
    assert exceptions_text(three, TODAY) == "Ei kokoonnu 24.12.2026, 31.12.2026 eikä 7.1.2027."


def test_exceptions_text_leaves_out_past_days(taxonomy: Taxonomy) -> None:
    found = weekly(taxonomy, "viikonpaivat: [ma, to]", *EVENING, "poikkeukset: [2026-11-19, 2026-11-23, 2026-12-24]")
    assert exceptions_text(found, TODAY) == "Ei kokoonnu 23.11.2026 eikä 24.12.2026."  # today still counts
    assert exceptions_text(found, date(2026, 11, 24)) == "Ei kokoonnu 24.12.2026."
    assert exceptions_text(found, date(2026, 12, 25)) is None


def test_no_exceptions_no_text(taxonomy: Taxonomy) -> None:
    assert exceptions_text(weekly(taxonomy, "viikonpaivat: [ti]", *EVENING), TODAY) is None


# occurrences(): the dates of one schedule


def test_each_weekday_code_falls_on_its_day(taxonomy: Taxonomy) -> None:
    for number, code in enumerate(taxonomy.weekdays):
        found = occurrences(
            schedule(taxonomy, f"viikonpaivat: [{code}]", *EVENING), TODAY, TODAY + timedelta(days=13), taxonomy
        )
        assert [o.day.weekday() for o in found] == [number, number], code


def test_weekly_keeps_within_its_validity(taxonomy: Taxonomy) -> None:
    found = schedule(taxonomy, "viikonpaivat: [ti]", *EVENING, "voimassa: {alkaen: 2026-09-02, asti: 2026-09-29}")
    assert days(taxonomy, found) == [
        "2026-09-08",
        "2026-09-15",
        "2026-09-22",
        "2026-09-29",
    ]  # the last day itself included
    assert days(taxonomy, found, date(2026, 9, 16), date(2026, 9, 22)) == ["2026-09-22"]
    assert days(taxonomy, found, date(2026, 9, 30), date(2027, 12, 31)) == []


def test_occurrences_carry_the_times(taxonomy: Taxonomy) -> None:
    found = schedule(taxonomy, "viikonpaivat: [ti]", *EVENING)
    assert list(occurrences(found, TODAY, TODAY + timedelta(days=6), taxonomy)) == [
        Occurrence(date(2026, 11, 24), time(17, 30), time(19, 0))
    ]


def test_exceptions_are_removed(taxonomy: Taxonomy) -> None:
    found = schedule(taxonomy, "viikonpaivat: [ti]", *EVENING, "poikkeukset: [2026-12-22, 2026-12-29]")
    assert days(taxonomy, found, date(2026, 12, 14), date(2027, 1, 10)) == ["2026-12-15", "2027-01-05"]


def test_every_other_week_starts_in_the_week_of_its_start_day(taxonomy: Taxonomy) -> None:
    # 2.9.2026 is a Wednesday: that week meets on Thursday only, as its Monday is before the start.
    found = schedule(
        taxonomy, "viikonpaivat: [ma, to]", *EVENING, "joka-toinen-viikko: true", "voimassa: {alkaen: 2026-09-02}"
    )
    expected = ["2026-09-03", "2026-09-14", "2026-09-17", "2026-09-28", "2026-10-01"]
    assert days(taxonomy, found, date(2026, 8, 1), date(2026, 10, 4)) == expected
    # Asking from a week off does not move the rhythm.
    assert days(taxonomy, found, date(2026, 9, 7), date(2026, 10, 4)) == expected[1:]


def test_every_other_week_across_iso_week_53(taxonomy: Taxonomy) -> None:
    # 2026 has an ISO week 53 (28.12.2026–3.1.2027): odd week numbers 51, 53 and 1 follow each other,
    # so a rule by week-number parity would meet on 7.1.2027; the group meets every 14 days instead.
    found = schedule(
        taxonomy, "viikonpaivat: [to]", *EVENING, "joka-toinen-viikko: true", "voimassa: {alkaen: 2026-12-17}"
    )
    assert days(taxonomy, found, date(2026, 12, 1), date(2027, 1, 31)) == [
        "2026-12-17",
        "2026-12-31",
        "2027-01-14",
        "2027-01-28",
    ]
    in_week_53 = schedule(
        taxonomy, "viikonpaivat: [ma]", *EVENING, "joka-toinen-viikko: true", "voimassa: {alkaen: 2027-01-01}"
    )
    # 1.1.2027 is the Friday of week 53: its Monday is before the start, so the first meeting is two weeks on.
    assert days(taxonomy, in_week_53, date(2026, 12, 1), date(2027, 1, 31)) == ["2027-01-11", "2027-01-25"]


def test_weeks_of_month(taxonomy: Taxonomy) -> None:
    found = schedule(taxonomy, "viikonpaivat: [to]", *EVENING, "kuukauden-viikot: [1, 3]")
    assert days(taxonomy, found, date(2026, 12, 1), date(2027, 1, 31)) == [
        "2026-12-03",
        "2026-12-17",
        "2027-01-07",
        "2027-01-21",
    ]


def test_fifth_weekday_is_skipped_in_months_without_one(taxonomy: Taxonomy) -> None:
    found = schedule(taxonomy, "viikonpaivat: [ti]", *EVENING, "kuukauden-viikot: [5]")
    # October and November 2026 have four Tuesdays each.
    assert days(taxonomy, found, date(2026, 9, 1), date(2026, 12, 31)) == ["2026-09-29", "2026-12-29"]


def test_daylight_saving_changes_move_nothing(taxonomy: Taxonomy) -> None:
    # Finland changes its clocks on 25.10.2026 and 28.3.2027, both Sundays.
    found = schedule(taxonomy, "viikonpaivat: [su]", 'alkaa: "02:30"', 'loppuu: "04:00"')
    for start in (date(2026, 10, 18), date(2027, 3, 21)):
        meetings = list(occurrences(found, start, start + timedelta(days=14), taxonomy))
        assert [o.day for o in meetings] == [start + timedelta(days=7 * week) for week in range(3)]
        assert {(o.starts, o.ends) for o in meetings} == {(time(2, 30), time(4, 0))}


def test_single_dates_in_range_and_order(taxonomy: Taxonomy) -> None:
    found = schedule(taxonomy, "paivat: [2027-01-16, 2026-11-01, 2026-12-05]", *EVENING)
    assert days(taxonomy, found) == ["2026-11-01", "2026-12-05", "2027-01-16"]
    assert days(taxonomy, found, date(2026, 11, 2), date(2027, 1, 16)) == ["2026-12-05", "2027-01-16"]


def test_by_appointment_has_no_dates(taxonomy: Taxonomy) -> None:
    assert days(taxonomy, schedule(taxonomy, "sopimuksen-mukaan: true")) == []


# next_occurrences(): the next meetings of a whole offer


def test_next_occurrences_merge_schedules_from_today(taxonomy: Taxonomy) -> None:
    found = offer(
        taxonomy,
        ("viikonpaivat: [ma, to]", *EVENING),
        ("paivat: [2026-11-21, 2026-11-26]", 'alkaa: "10:00"', 'loppuu: "12:00"'),
    )
    assert next_occurrences(found, TODAY, taxonomy, 4) == [
        Occurrence(date(2026, 11, 23), time(17, 30), time(19, 0)),  # today counts
        Occurrence(date(2026, 11, 26), time(10, 0), time(12, 0)),  # the earlier meeting of the day first
        Occurrence(date(2026, 11, 26), time(17, 30), time(19, 0)),
        Occurrence(date(2026, 11, 30), time(17, 30), time(19, 0)),
    ]
    assert len(next_occurrences(found, TODAY, taxonomy)) == 5


def test_next_occurrences_look_400_days_ahead(taxonomy: Taxonomy) -> None:
    found = offer(
        taxonomy,
        ("viikonpaivat: [ma]", *EVENING, "voimassa: {asti: 2035-12-31}"),
        ("paivat: [2027-12-28, 2027-12-29]", *EVENING),
    )
    meetings = next_occurrences(found, TODAY, taxonomy, 1000)
    assert meetings[-1].day == TODAY + timedelta(days=400) == date(2027, 12, 28)
    assert len(meetings) == 58 + 1  # every Monday up to 27.12.2027 and the one single date in reach


def test_nothing_to_show(taxonomy: Taxonomy) -> None:
    assert next_occurrences(offer(taxonomy, ("sopimuksen-mukaan: true",)), TODAY, taxonomy) == []
    assert next_occurrences(offer(taxonomy, ("paivat: [2026-06-15, 2026-11-22]", *EVENING)), TODAY, taxonomy) == []
    ended = ("viikonpaivat: [ti]", *EVENING, "voimassa: {asti: 2026-11-22}")
    assert next_occurrences(offer(taxonomy, ended), TODAY, taxonomy) == []


def test_every_demo_offer_has_words_and_coming_dates(taxonomy: Taxonomy) -> None:
    demo = validate_catalogue(REPO, taxonomy, TODAY)
    assert demo.errors == []
    with_dates = 0
    for item in demo.catalogue.offers:
        for found in item.schedules:
            assert describe(found, taxonomy).strip(), item.id
            text = exceptions_text(found, TODAY) if isinstance(found, Weekly) else None
            assert text is None or (text.startswith("Ei kokoonnu ") and text.endswith(".")), item.id
        meetings = next_occurrences(item, TODAY, taxonomy)
        keys = [(o.day, o.starts) for o in meetings]
        assert keys == sorted(keys), item.id
        assert all(o.day >= TODAY for o in meetings), item.id
        with_dates += bool(meetings)
    assert with_dates >= 50  # most demo offers have coming dates, so the checks above are not vacuous


def test_a_taxonomy_without_seven_weekdays_is_refused_when_loaded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Schedules need all seven weekdays with their "-sin" forms; a taxonomy missing one stops at loading, not mid-build."""
    text = (REPO / "site_config" / "taxonomy.yml").read_text(encoding="utf-8")
    sunday = text[text.index("  su:\n") : text.index("    ical: SU\n") + len("    ical: SU\n")]
    broken = tmp_path / "taxonomy.yml"
    broken.write_text(text.replace(sunday, ""), encoding="utf-8")
    with pytest.raises(TarjotinError) as refused:
        load_taxonomy(broken)
    [problem] = refused.value.problems
    assert "seitsemän viikonpäivää" in problem.message
