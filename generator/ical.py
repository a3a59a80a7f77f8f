"""One iCalendar file per offer that meets on known days, for "Lisää kalenteriin" on its page.

A weekly schedule becomes one recurring event (every other week: INTERVAL=2; given weeks of the
month: FREQ=MONTHLY with BYDAY=1TU; days without a meeting: EXDATE), single dates become one
event each. Times are wall-clock times in Europe/Helsinki, whose VTIMEZONE each file carries, so
that a meeting stays at 17.30 across a daylight-saving change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from generator import schedule
from generator.entries import Entry, Links, stable_id
from generator.markup import place_line
from generator.models import Dates, Offer, Weekly
from generator.taxonomy import Taxonomy
from generator.validate import Catalogue

FOLDER = "kalenteri"
_ZONE = ZoneInfo(schedule.TIME_ZONE)
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


def _local(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, _ZONE)


def _location(offer: Offer, taxonomy: Taxonomy) -> str:
    places = [place_line(place, taxonomy) for place in offer.places]
    return " / ".join(places) if places else "Verkossa" if offer.online else "Puhelimitse"


def _events(entry: Entry, taxonomy: Taxonomy, links: Links) -> list[Event]:
    offer = entry.offer
    url = links.page(entry.path)
    changed = datetime.combine(offer.checked, time(), UTC)
    common = {
        "summary": offer.name,
        "description": f"{offer.summary}\n\n{entry.organisation.name}\n{url}",
        "location": _location(offer, taxonomy),
        "url": url,
        # Without METHOD, DTSTAMP is when the event was last revised (RFC 5545, 3.8.7.2): an entry changes
        # when it is checked, and SEQUENCE grows with that date, so a calendar that imported the event
        # takes the newer version, and a nightly rebuild changes nothing.
        "dtstamp": changed,
        "last-modified": changed,
        "sequence": (offer.checked - SEQUENCE_EPOCH).days,
    }
    events = []
    for number, item in enumerate(offer.schedules):
        if isinstance(item, Weekly):
            first = schedule.first_occurrence(item, offer.checked, taxonomy)
            if first is None:
                continue
            event = Event()
            rule: dict[str, object] = {"freq": "monthly" if item.weeks_of_month else "weekly", "wkst": "MO"}
            rule["byday"] = schedule.rule_days(item, taxonomy)
            if item.every_other_week:
                rule["interval"] = 2
            if item.validity and item.validity.end:
                # With a local DTSTART the end of the rule must be given in UTC (RFC 5545, 3.3.10).
                rule["until"] = _local(item.validity.end, item.starts).astimezone(UTC)
            event.add("uid", f"{stable_id(taxonomy.region.name, 'event', f'{entry.key}/{number}')}@hyvinvointitarjotin")
            event.add("dtstart", _local(first.day, item.starts))
            event.add("dtend", _local(first.day, item.ends))
            event.add("rrule", rule)
            skipped = [_local(day, item.starts) for day in sorted(item.exceptions) if day > first.day]
            if skipped:
                event.add("exdate", skipped)
            for key, value in common.items():
                event.add(key, value)
            events.append(event)
        elif isinstance(item, Dates):
            for day in sorted(item.dates):
                event = Event()
                key = f"{entry.key}/{number}/{day.isoformat()}"
                event.add("uid", f"{stable_id(taxonomy.region.name, 'event', key)}@hyvinvointitarjotin")
                event.add("dtstart", _local(day, item.starts))
                event.add("dtend", _local(day, item.ends))
                for name, value in common.items():
                    event.add(name, value)
                events.append(event)
    return events


def calendar(entry: Entry, taxonomy: Taxonomy, links: Links, zone: bytes) -> bytes:
    """Return the offer's iCalendar file; `zone` is the serialised VTIMEZONE every file carries."""
    cal = Calendar()
    cal.add("prodid", "-//Hyvinvointitarjotin//Avoin data//FI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", entry.offer.name)
    cal.add("x-wr-timezone", schedule.TIME_ZONE)
    for event in _events(entry, taxonomy, links):
        cal.add_component(event)
    # The time zone goes before the events, as RFC 5545 asks; serialised once for every file, it was
    # half of the work of writing them.
    raw = bytes(cal.to_ical())
    at = raw.find(b"BEGIN:VEVENT")
    at = at if at >= 0 else raw.rindex(b"END:VCALENDAR")  # a schedule whose every date has passed
    return raw[:at] + zone + raw[at:]


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
    zone = bytes(_zone(with_dates, today, catalogue.taxonomy).to_ical())
    return {calendar_path(entry): calendar(entry, catalogue.taxonomy, links, zone) for entry in with_dates}
