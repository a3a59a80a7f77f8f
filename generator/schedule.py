"""When an offer meets: plain-Finnish descriptions of its schedules and the dates they fall on.

The offer page shows `describe()` and `exceptions_text()`; the iCalendar export and the finder
use `occurrences()` and `next_occurrences()`. Every date is a local calendar date: meetings are
days and wall-clock times, so no time zone or daylight-saving change can move them.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from generator.markup import finnish_date
from generator.models import Dates, Offer, Schedule, Weekly
from generator.phrases import join
from generator.taxonomy import Taxonomy

LOOKAHEAD = timedelta(days=400)
TIME_ZONE = "Europe/Helsinki"  # where every meeting's wall-clock time is, for the calendar exports
HELSINKI = ZoneInfo(TIME_ZONE)


@dataclass(frozen=True)
class Occurrence:
    """One meeting: a local date and its wall-clock start and end."""

    day: date
    starts: time
    ends: time


def weekday_codes(taxonomy: Taxonomy) -> list[str]:
    """Return the weekday codes in the order of `date.weekday()`, Monday first (the taxonomy checks there are seven)."""
    return list(taxonomy.weekdays)


def _clock(moment: time) -> str:
    # Finnish writes hours without a leading zero and a period before the minutes: 9.00, 17.30.
    return f"{moment.hour}.{moment.minute:02d}"


def _hours(starts: time, ends: time) -> str:
    return f"klo {_clock(starts)}–{_clock(ends)}"


def _validity(schedule: Weekly) -> str:
    start, end = (schedule.validity.start, schedule.validity.end) if schedule.validity else (None, None)
    if start and end:
        return f", {finnish_date(start)}–{finnish_date(end)}"
    if start:
        return f", {finnish_date(start)} alkaen"
    if end:
        return f", {finnish_date(end)} asti"
    return ""


def _describe_weekly(schedule: Weekly, taxonomy: Taxonomy) -> str:
    codes = weekday_codes(taxonomy)
    # Days read in calendar order whatever order the file lists them in.
    terms = [taxonomy.weekdays[code] for code in sorted(schedule.weekdays, key=codes.index)]
    if schedule.every_other_week:
        days = f"joka toinen {join([term.fi for term in terms])}"
    elif schedule.weeks_of_month:
        ordinals = join([f"{week}." for week in sorted(schedule.weeks_of_month)])
        # Every weekday name ends in a vowel, so its essive ("tiistaina") is the label plus -na.
        days = f"kuukauden {ordinals} {join([term.fi + 'na' for term in terms])}"
    elif len(terms) == len(codes):
        days = "joka päivä"
    elif set(schedule.weekdays) == set(codes[:5]):
        days = "arkisin"  # reads far better on a phone than five "-sin" words
    else:
        days = join([str(term.recurring) for term in terms])  # the taxonomy checked that each has one
    return f"{days} {_hours(schedule.starts, schedule.ends)}{_validity(schedule)}"


def _day(day: date, codes: list[str]) -> str:
    # The weekday codes are the usual two-letter Finnish abbreviations: "ti 24.11.2026".
    return f"{codes[day.weekday()]} {finnish_date(day)}"


def describe(schedule: Schedule, taxonomy: Taxonomy) -> str:
    """Return one schedule as a plain-Finnish phrase, e.g. "tiistaisin klo 17.30–19.00"."""
    if isinstance(schedule, Weekly):
        return _describe_weekly(schedule, taxonomy)
    if isinstance(schedule, Dates):
        codes = weekday_codes(taxonomy)
        days = [_day(day, codes) for day in sorted(schedule.dates)]
        return f"{join(days)} {_hours(schedule.starts, schedule.ends)}"
    return "sopimuksen mukaan"


def occurrence_text(occurrence: Occurrence, taxonomy: Taxonomy) -> str:
    """Return one meeting for a list of coming dates, e.g. "ti 24.11.2026 klo 17.30–19.00"."""
    return f"{_day(occurrence.day, weekday_codes(taxonomy))} {_hours(occurrence.starts, occurrence.ends)}"


def exceptions_text(schedule: Weekly, today: date) -> str | None:
    """Return the sentence naming the coming days without a meeting, or None if there are none."""
    coming = [finnish_date(day) for day in sorted(schedule.exceptions) if day >= today]
    if not coming:
        return None
    # A negative sentence joins its last item with "eikä", not "ja".
    return f"Ei kokoonnu {join(coming, 'eikä')}."


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekly(schedule: Weekly, start: date, end: date, taxonomy: Taxonomy) -> Iterator[Occurrence]:
    validity = schedule.validity
    first = max(start, validity.start) if validity and validity.start else start
    last = min(end, validity.end) if validity and validity.end else end
    codes = weekday_codes(taxonomy)
    numbers = sorted(codes.index(code) for code in schedule.weekdays)
    exceptions = set(schedule.exceptions)
    week = _monday(first)
    step = timedelta(weeks=1)
    # The model requires a start for every other week; its week meets, the next does not.
    # Counting whole weeks between Mondays, not ISO week numbers, keeps the rhythm across week 53.
    if schedule.every_other_week and validity and validity.start:
        if (week - _monday(validity.start)).days // 7 % 2:
            week += step
        step = timedelta(weeks=2)
    while week <= last:
        for number in numbers:
            day = week + timedelta(days=number)
            if not first <= day <= last or day in exceptions:
                continue
            # The n-th such weekday of a month falls on days 7n-6 to 7n; a month without a fifth one is skipped.
            if schedule.weeks_of_month and (day.day - 1) // 7 + 1 not in schedule.weeks_of_month:
                continue
            yield Occurrence(day, schedule.starts, schedule.ends)
        week += step


def occurrences(schedule: Schedule, start: date, end: date, taxonomy: Taxonomy) -> Iterator[Occurrence]:
    """Yield every meeting of one schedule from `start` to `end` inclusive, in date order."""
    if isinstance(schedule, Weekly):
        yield from _weekly(schedule, start, end, taxonomy)
    elif isinstance(schedule, Dates):
        for day in sorted(schedule.dates):
            if start <= day <= end:
                yield Occurrence(day, schedule.starts, schedule.ends)
    # A ByAppointment schedule has no dates: the time is agreed with each person.


def first_occurrence(item: Weekly, since: date, taxonomy: Taxonomy) -> Occurrence | None:
    """Return a weekly schedule's first meeting from its start, or from `since` if it has none.

    Calendars and HSDS start a recurrence there, so it must be a real meeting: every other week counts
    from it. Callers pass the offer's `checked` date, which stays put from one nightly build to the next.
    """
    start = item.validity.start if item.validity and item.validity.start else since
    return next(occurrences(item, start, start + 2 * LOOKAHEAD, taxonomy), None)


def rule_days(item: Weekly, taxonomy: Taxonomy) -> list[str]:
    """Return a weekly schedule's days as RFC 5545 BYDAY values: ["TU", "TH"], or ["1TU", "3TU"] for weeks of the month."""
    days = [str(taxonomy.weekdays[code].ical) for code in sorted(item.weekdays, key=weekday_codes(taxonomy).index)]
    return [f"{week}{day}" for week in sorted(item.weeks_of_month) for day in days] or days


def next_occurrences(offer: Offer, today: date, taxonomy: Taxonomy, count: int = 5) -> list[Occurrence]:
    """Return the offer's next `count` meetings from today on, at most 400 days ahead."""
    # Each schedule yields lazily in date order, so merging stops as soon as `count` are found.
    streams = [occurrences(schedule, today, today + LOOKAHEAD, taxonomy) for schedule in offer.schedules]
    merged = heapq.merge(*streams, key=lambda occurrence: (occurrence.day, occurrence.starts))
    return list(islice(merged, count))
