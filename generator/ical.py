"""One iCalendar file per offer that meets on known days, for "Lisää kalenteriin" on its page.

A weekly schedule becomes one recurring event (every other week: INTERVAL=2; given weeks of the
month: FREQ=MONTHLY with BYDAY=1TU; days without a meeting: EXDATE), single dates become one
event each. Times are wall-clock times in Europe/Helsinki, whose VTIMEZONE each file carries, so
that a meeting stays at 17.30 across a daylight-saving change. The events are written here, line
by line: the icalendar package took half a second per thousand offers to do it, and now only makes
the VTIMEZONE, once per build. The tests read every file back with icalendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from icalendar import Timezone

from generator import schedule
from generator.entries import WAYS, Entry, Links, stable_id
from generator.markup import place_line
from generator.models import Dates, Offer, Weekly
from generator.taxonomy import Taxonomy
from generator.validate import Catalogue

FOLDER = "kalenteri"
_TZID = f"TZID={schedule.TIME_ZONE}"
# How far the VTIMEZONE's daylight-saving rules reach past the build date, for open-ended schedules.
ZONE_YEARS_AHEAD = 5
SEQUENCE_EPOCH = date(2020, 1, 1)  # SEQUENCE counts the days from this to the entry's `tarkistettu`


def calendar_path(entry: Entry) -> str:
    """Return the offer's calendar file, relative to the open data folder."""
    return f"{FOLDER}/{entry.key}.ics"


def has_calendar(entry: Entry) -> bool:
    """Return whether the offer meets on days a calendar can hold: not only by appointment, and not paused."""
    offer = entry.offer
    return offer.status != "tauolla" and any(isinstance(item, Weekly | Dates) for item in offer.schedules)


def _location(offer: Offer, taxonomy: Taxonomy) -> str:
    places = [place_line(place, taxonomy) for place in offer.places]
    return " / ".join(places) if places else WAYS["verkossa"] if offer.online else WAYS["puhelimitse"]


def _escape(text: str) -> str:
    """Return TEXT as RFC 5545 (3.3.11) writes it: backslash, semicolon, comma and line breaks escaped.

    A value holds no carriage return: the loader refuses one.
    """
    escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\n", "\\n")


def _line(name: str, value: str) -> str:
    """Return one content line folded at 75 octets (RFC 5545, 3.1), never inside a UTF-8 character."""
    data = f"{name}:{value}".encode()
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte of a character: fold before the character
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # a continuation line starts with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode() + "\r\n"


def _stamp(day: date, moment: time) -> str:
    """Return a local date and time as iCalendar writes one with a TZID parameter."""
    return f"{day:%Y%m%d}T{moment:%H%M%S}"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _rule(item: Weekly, taxonomy: Taxonomy) -> str:
    parts = [f"FREQ={'MONTHLY' if item.weeks_of_month else 'WEEKLY'}"]
    if item.every_other_week:
        parts.append("INTERVAL=2")
    if item.validity and item.validity.end:
        # With a local DTSTART the end of the rule must be given in UTC (RFC 5545, 3.3.10).
        parts.append(f"UNTIL={_utc(datetime.combine(item.validity.end, item.starts, schedule.HELSINKI))}")
    parts.append(f"BYDAY={','.join(schedule.rule_days(item, taxonomy))}")
    parts.append("WKST=MO")
    return ";".join(parts)


def _events(entry: Entry, taxonomy: Taxonomy, links: Links) -> list[str]:
    """Return the offer's events, each as its content lines."""
    offer = entry.offer
    url = links.page(entry.path)
    changed = _utc(datetime.combine(offer.checked, time(), UTC))
    common = "".join(
        [
            _line("SUMMARY", _escape(offer.name)),
            _line("DESCRIPTION", _escape(f"{offer.summary}\n\n{entry.organisation.name}\n{url}")),
            _line("LOCATION", _escape(_location(offer, taxonomy))),
            _line("URL", url),
            # Without METHOD, DTSTAMP is when the event was last revised (RFC 5545, 3.8.7.2): an entry changes
            # when it is checked, and SEQUENCE grows with that date, so a calendar that imported the event
            # takes the newer version, and a nightly rebuild changes nothing.
            _line("DTSTAMP", changed),
            _line("LAST-MODIFIED", changed),
            _line("SEQUENCE", str((offer.checked - SEQUENCE_EPOCH).days)),
        ]
    )

    events = []
    for number, item in enumerate(offer.schedules):
        if isinstance(item, Weekly):
            first = schedule.first_occurrence(item, offer.checked, taxonomy)
            if first is None:
                continue
            recurrence = [_line("RRULE", _rule(item, taxonomy))]
            skipped = [_stamp(day, item.starts) for day in sorted(item.exceptions) if day > first.day]
            if skipped:
                recurrence.append(_line(f"EXDATE;{_TZID}", ",".join(skipped)))
            events.append(_event(f"{entry.key}/{number}", first, taxonomy, common, *recurrence))
        elif isinstance(item, Dates):
            for day in sorted(item.dates):
                meeting = schedule.Occurrence(day, item.starts, item.ends)
                events.append(_event(f"{entry.key}/{number}/{day.isoformat()}", meeting, taxonomy, common))
    return events


def _event(key: str, meeting: schedule.Occurrence, taxonomy: Taxonomy, common: str, *recurrence: str) -> str:
    """Return one event: a meeting, repeated by `recurrence` lines if any, with the offer's `common` lines."""
    uid = f"{stable_id(taxonomy.region.name, 'event', key)}@hyvinvointitarjotin"
    return "".join(
        [
            "BEGIN:VEVENT\r\n",
            _line("UID", uid),
            _line(f"DTSTART;{_TZID}", _stamp(meeting.day, meeting.starts)),
            _line(f"DTEND;{_TZID}", _stamp(meeting.day, meeting.ends)),
            *recurrence,
            common,
            "END:VEVENT\r\n",
        ]
    )


def calendar(entry: Entry, taxonomy: Taxonomy, links: Links, zone: str) -> bytes:
    """Return the offer's iCalendar file; `zone` is the VTIMEZONE every file carries, serialised once."""
    head = [
        "BEGIN:VCALENDAR\r\n",
        _line("VERSION", "2.0"),
        _line("PRODID", "-//Hyvinvointitarjotin//Avoin data//FI"),
        _line("CALSCALE", "GREGORIAN"),
        _line("X-WR-CALNAME", _escape(entry.offer.name)),
        _line("X-WR-TIMEZONE", schedule.TIME_ZONE),
    ]
    return "".join([*head, zone, *_events(entry, taxonomy, links), "END:VCALENDAR\r\n"]).encode()


def _zone(entries: list[Entry], today: date, taxonomy: Taxonomy) -> Timezone:
    """Return Europe/Helsinki's VTIMEZONE from the earliest first meeting to the end of a year some years ahead.

    Both ends move only when the catalogue or the year changes, so that nightly builds give the same files.
    """
    starts = []
    for entry in entries:
        for item in entry.offer.schedules:
            if isinstance(item, Weekly) and (first := schedule.first_occurrence(item, entry.offer.checked, taxonomy)):
                starts.append(first.day)
            elif isinstance(item, Dates):
                starts.append(min(item.dates))
    last = date(today.year + ZONE_YEARS_AHEAD, 12, 31)
    return Timezone.from_tzid(schedule.TIME_ZONE, first_date=min(starts, default=today), last_date=last)


def files(catalogue: Catalogue, entries: list[Entry], today: date, links: Links) -> dict[str, bytes]:
    """Return a calendar file for each offer that meets on known days: {path under the open data folder: bytes}."""
    with_dates = [entry for entry in entries if has_calendar(entry)]
    zone = _zone(with_dates, today, catalogue.taxonomy).to_ical().decode()
    return {calendar_path(entry): calendar(entry, catalogue.taxonomy, links, zone) for entry in with_dates}
