"""The open data: JSON with its schema, CSV, Open Referral HSDS 3.0, iCalendar, the Atom feed and the sitemap.

The HSDS files are checked against the official HSDS 3.0 JSON Schemas, read where they are kept
beside the repository (or where HSDS_SCHEMA_DIR points), not copied into the project.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import icalendar
import jsonschema
import pytest
from conftest import OFFER, REPO, TODAY, Workspace, demo_catalogue, demo_entries
from dateutil.rrule import rrulestr
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator import build as build_module
from generator import feed, hsds, ical, opendata, schedule
from generator.cli import main
from generator.entries import OPEN_DATA, Links, published
from generator.markup import place_line
from generator.models import Dates, Weekly
from generator.validate import Catalogue

HSDS_SCHEMAS = Path(os.environ.get("HSDS_SCHEMA_DIR", REPO.parent / "shared" / "hsds"))
SITE_URL = "https://tarjotin.example.fi/"
LINKS = Links(SITE_URL, directory_urls=True)


def export(catalogue: Catalogue, today: date = TODAY) -> dict[str, bytes]:
    return opendata.files(catalogue, published(catalogue, today), today, LINKS)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return export(demo_catalogue())


def _json(files: dict[str, bytes], name: str) -> Any:
    return json.loads(files[name])


# ---- JSON and its schema ----


def test_the_json_holds_every_published_offer_and_validates_against_its_schema(files: dict[str, bytes]) -> None:
    document = _json(files, opendata.JSON_FILE)
    schema = _json(files, opendata.SCHEMA_FILE)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    entries = demo_entries()
    assert [offer["id"] for offer in document["tarjonta"]] == sorted(entry.key for entry in entries)
    assert document["versio"] == opendata.FORMAT_VERSION
    assert document["koodistot"]["teemat"]["ikaantyneet"]["fi"] == demo_catalogue().taxonomy.label(
        "teemat", "ikaantyneet"
    )
    first = next(offer for offer in document["tarjonta"] if offer["seuraavat"])
    assert re.fullmatch(r"\d\d:\d\d", first["seuraavat"][0]["alkaa"])
    assert first["osoite"].startswith(SITE_URL + "tarjonta/")


def test_the_schema_rejects_what_the_files_may_not_hold(files: dict[str, bytes]) -> None:
    schema = _json(files, opendata.SCHEMA_FILE)
    document = _json(files, opendata.JSON_FILE)
    document["tarjonta"][0]["tiedot"]["teemat"] = ["ei-teema"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_maintainers_are_not_in_the_open_data(files: dict[str, bytes]) -> None:
    assert b"yllapitajat" not in files[opendata.JSON_FILE]


# ---- CSV ----


def _rows(files: dict[str, bytes]) -> list[dict[str, str]]:
    text = files[opendata.CSV_FILE].decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_csv_opens_in_finnish_excel_and_round_trips(files: dict[str, bytes]) -> None:
    raw = files[opendata.CSV_FILE]
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel reads UTF-8 only with a byte order mark"
    rows = _rows(files)
    assert tuple(rows[0]) == opendata.CSV_COLUMNS
    entries = {entry.key: entry for entry in demo_entries()}
    assert [row["id"] for row in rows] == sorted(entries)
    taxonomy = demo_catalogue().taxonomy
    for row in rows:
        offer = entries[row["id"]].offer
        assert row["nimi"] == offer.name
        for column, code_list, codes in (
            ("kunnat", "kunnat", offer.municipalities),
            ("kohderyhmat", "kohderyhmat", offer.target_groups),
            ("teemat", "teemat", offer.themes),
        ):
            assert row[column].split(opendata.LIST_SEPARATOR) == [taxonomy.label(code_list, c) for c in codes]
        places = [place_line(place, taxonomy) for place in offer.places]
        assert row["paikat"] == opendata.LIST_SEPARATOR.join(places)
    by_id = {row["id"]: row for row in rows}
    assert (
        by_id["mantsalan-hopeiset/keskiviikkokerho"]["paikat"]
        == "Hopeisten kerhohuone, Kauppatalo, Keskuskuja 5, 04600 Mäntsälä"
    )


def test_separators_quotes_and_formulas_in_text_survive_the_csv(workspace: Workspace) -> None:
    offer = "catalogue/esimerkki-ry/vertaisryhma.yml"
    workspace.edit(offer, "nimi: Omaisten vertaisryhmä", 'nimi: "=HYPERLINK(1)"')
    summary = 'Vertaistukea; "omaisille" | läheisille, myös\nsurun keskellä.'
    workspace.edit(
        offer,
        "lyhyesti: Vertaistukea mielenterveys- ja päihdeongelmista kärsivien läheisille.",
        f"lyhyesti: {json.dumps(summary, ensure_ascii=False)}",
    )
    (row,) = _rows(export(workspace.validate().catalogue))
    assert row["nimi"] == "'=HYPERLINK(1)"  # a spreadsheet would run it as a formula
    assert row["lyhyesti"] == summary


def test_a_helpline_is_written_as_dialled(workspace: Workspace) -> None:
    workspace.edit(OFFER, "puhelin: 040 000 0102", "puhelin: 116 123")
    files = export(workspace.validate().catalogue)
    (row,) = _rows(files)
    assert row["puhelin"] == "116 123"
    (service,) = _json(files, f"{hsds.FOLDER}/services.json")["contents"]
    assert [phone["number"] for phone in service["phones"]] == ["116123"]


# ---- HSDS ----


@pytest.fixture(scope="module")
def hsds_registry() -> Registry:
    if not (HSDS_SCHEMAS / "service.json").is_file():
        pytest.skip(f"the HSDS 3.0 schemas are not at {HSDS_SCHEMAS} (set HSDS_SCHEMA_DIR)")
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
        for path in HSDS_SCHEMAS.glob("*.json")
    ]
    return Registry().with_resources(resources)


def _check(registry: Registry, schema: str, record: dict[str, Any]) -> None:
    contents = registry.contents(schema)
    validator = jsonschema.Draft202012Validator(contents, registry=registry, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_hsds_validates_against_the_official_schemas(files: dict[str, bytes], hsds_registry: Registry) -> None:
    collections = {
        "services.json": "service.json",
        "organizations.json": "organization.json",
        "taxonomies.json": "taxonomy.json",
        "taxonomy_terms.json": "taxonomy_term.json",
    }
    for collection, schema in collections.items():
        page = _json(files, f"{hsds.FOLDER}/{collection}")
        assert page["total_items"] == len(page["contents"]) > 0
        for record in page["contents"]:
            _check(hsds_registry, schema, record)


def test_every_offer_is_a_service_with_its_organisation_places_and_schedules(files: dict[str, bytes]) -> None:
    services = {s["url"]: s for s in _json(files, f"{hsds.FOLDER}/services.json")["contents"]}
    organisations = {o["id"]: o for o in _json(files, f"{hsds.FOLDER}/organizations.json")["contents"]}
    terms = {t["id"]: t for t in _json(files, f"{hsds.FOLDER}/taxonomy_terms.json")["contents"]}
    entries = demo_entries()
    assert len(services) == len(entries)
    for entry in entries:
        service = services[LINKS.page(entry.path)]
        offer = entry.offer
        assert organisations[service["organization_id"]]["name"] == entry.organisation.name
        locations = [link["location"] for link in service["service_at_locations"]]
        assert [loc["name"] for loc in locations if loc["location_type"] == "physical"] == [
            p.name for p in offer.places
        ]
        assert any(loc["location_type"] == "virtual" for loc in locations) == offer.online
        dated = sum(len(item.dates) if isinstance(item, Dates) else 1 for item in offer.schedules)
        assert len(service["schedules"]) == dated
        codes = {
            (terms[a["taxonomy_term_id"]]["taxonomy"], terms[a["taxonomy_term_id"]]["code"])
            for a in service["attributes"]
        }
        names = hsds.TAXONOMIES
        assert codes == {(names["teemat"], c) for c in offer.themes} | {(names["muodot"], offer.form)} | {
            (names["kohderyhmat"], c) for c in offer.target_groups
        }


def test_schedules_read_as_rrule_parts_and_helsinki_time_in_hsds(files: dict[str, bytes]) -> None:
    services = _json(files, f"{hsds.FOLDER}/services.json")["contents"]
    schedules = [item for service in services for item in service["schedules"]]
    weekly = [item for item in schedules if "freq" in item]
    assert weekly
    for item in weekly:
        assert re.fullmatch(r"\d?(MO|TU|WE|TH|FR|SA|SU)(,\d?(MO|TU|WE|TH|FR|SA|SU))*", item["byday"]), item
        # One UTC offset would be wrong for half of a recurring schedule's dates: the description says it.
        assert "timezone" not in item
        assert schedule.TIME_ZONE in item["description"]
    assert any(item.get("interval") == 2 for item in weekly)
    assert any(item["freq"] == "MONTHLY" for item in weekly)
    single = [item for item in schedules if item.get("valid_from") and item.get("valid_from") == item.get("valid_to")]
    assert single
    for item in single:
        moment = datetime.combine(
            date.fromisoformat(item["dtstart"]), time.fromisoformat(item["opens_at"]), schedule.HELSINKI
        )
        assert item["timezone"] * 3600 == moment.utcoffset().total_seconds()  # type: ignore[union-attr]


def test_hsds_schedule_notes_name_the_days_without_a_meeting_as_the_offer_page_does(files: dict[str, bytes]) -> None:
    services = {service["name"]: service for service in _json(files, f"{hsds.FOLDER}/services.json")["contents"]}
    notes = [item.get("notes") for item in services["Hopeisten keskiviikkokerho"]["schedules"]]
    assert notes == ["Ei kokoonnu 23.12.2026, 30.12.2026 eikä 6.1.2027."]
    notes = [item.get("notes") for item in services["Digiopastus kirjastossa"]["schedules"]]
    assert notes == [
        "Järvenpää, Lukuvintti. Ei kokoonnu 24.12.2026, 31.12.2026 eikä 6.5.2027.",
        "Hyvinkää, pääkirjasto.",
    ]


def test_hsds_ids_survive_rebuilds_and_other_entries(workspace: Workspace) -> None:
    def ids(files: dict[str, bytes]) -> dict[str, str]:
        services = _json(files, f"{hsds.FOLDER}/services.json")["contents"]
        return {s["name"]: s["id"] for s in services}

    before = ids(export(workspace.validate().catalogue))
    assert before == ids(export(workspace.validate().catalogue))
    workspace.write(
        "catalogue/esimerkki-ry/uusi.yml",
        workspace.read("catalogue/esimerkki-ry/vertaisryhma.yml").replace("Omaisten vertaisryhmä", "Uusi ryhmä"),
    )
    after = ids(export(workspace.validate().catalogue, TODAY + timedelta(days=7)))
    assert {name: after[name] for name in before} == before
    assert len(set(after.values())) == len(after) == len(before) + 1


# ---- iCalendar ----


def _expand(event: icalendar.Event, until: datetime) -> list[datetime]:
    """Every start of an event up to `until`, as an independent expander (dateutil) reads its RRULE and EXDATE."""
    start = event.decoded("dtstart")
    if "rrule" not in event:
        return [start]
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    skipped = {moment.dt for exdate in _list(event.get("exdate")) for moment in exdate.dts}
    return [moment for moment in rule.between(start, until, inc=True) if moment not in skipped]


def _list(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def _starts(calendar: bytes, until: datetime) -> list[datetime]:
    parsed = icalendar.Calendar.from_ical(calendar)
    return sorted(moment for event in parsed.walk("VEVENT") for moment in _expand(event, until))


def test_a_weekly_meeting_keeps_its_clock_time_across_the_daylight_saving_change(workspace: Workspace) -> None:
    offer = "catalogue/esimerkki-ry/vertaisryhma.yml"
    workspace.edit(
        offer, "voimassa: {alkaen: 2026-08-18, asti: 2027-05-25}", "voimassa: {alkaen: 2026-10-13, asti: 2026-11-17}"
    )
    workspace.edit(offer, "poikkeukset: [2026-12-22, 2026-12-29]", "poikkeukset: [2026-11-03]")
    files = export(workspace.validate().catalogue)
    (path,) = [name for name in files if name.startswith(ical.FOLDER)]
    starts = _starts(files[path], datetime(2027, 1, 1, tzinfo=UTC))
    # Finland leaves summer time on 25.10.2026: the meeting stays at 17.30, an hour later in UTC.
    assert [moment.astimezone(UTC) for moment in starts] == [
        datetime(2026, 10, 13, 14, 30, tzinfo=UTC),
        datetime(2026, 10, 20, 14, 30, tzinfo=UTC),
        datetime(2026, 10, 27, 15, 30, tzinfo=UTC),
        datetime(2026, 11, 10, 15, 30, tzinfo=UTC),
        datetime(2026, 11, 17, 15, 30, tzinfo=UTC),
        datetime(2026, 12, 5, 8, 0, tzinfo=UTC),  # the single date, 10.00 in winter time
    ]
    parsed = icalendar.Calendar.from_ical(files[path])
    assert [zone["tzid"] for zone in parsed.walk("VTIMEZONE")] == [schedule.TIME_ZONE]


def test_every_calendar_gives_the_meetings_the_schedules_give() -> None:
    """Each demo calendar, expanded, holds exactly the meetings its schedules give for the next 400 days."""
    catalogue = demo_catalogue()
    files = export(catalogue)
    horizon = TODAY + schedule.LOOKAHEAD
    checked = 0
    for entry in demo_entries():
        offer = entry.offer
        path = ical.calendar_path(entry)
        assert (path in files) == ical.has_calendar(entry)
        if path not in files:
            continue
        expected = sorted(
            datetime.combine(meeting.day, meeting.starts, schedule.HELSINKI)
            for item in offer.schedules
            for meeting in schedule.occurrences(item, TODAY, horizon, catalogue.taxonomy)
        )
        until = datetime.combine(horizon, time(23, 59), schedule.HELSINKI)
        found = [moment for moment in _starts(files[path], until) if moment.date() >= TODAY]
        assert found == expected, entry.key
        checked += 1
    assert checked == sum(1 for name in files if name.startswith(ical.FOLDER)) > 0


def test_calendar_text_is_escaped_and_folded_as_rfc_5545_asks(workspace: Workspace) -> None:
    offer = "catalogue/esimerkki-ry/vertaisryhma.yml"
    name = "Äänekäs; vertais,ryhmä \\ öisin – " + "ääkkösiä " * 7
    workspace.edit(offer, "nimi: Omaisten vertaisryhmä", f"nimi: {json.dumps(name.strip(), ensure_ascii=False)}")
    # A line break in a value, as a double-quoted YAML "\n" gives, may not end a content line early.
    summary = "Vertaistukea mielenterveys- ja päihdeongelmista kärsivien läheisille."
    workspace.edit(offer, f"lyhyesti: {summary}", f'lyhyesti: "{summary}\\nRivi kaksi."')
    files = export(workspace.validate().catalogue)
    (content,) = [data for path, data in files.items() if path.startswith(ical.FOLDER)]
    for line in content.split(b"\r\n"):
        assert len(line) <= 75, line
        assert b"\r" not in line and b"\n" not in line, line
        line.decode()  # folding never splits a character
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert {str(event["summary"]) for event in events} == {name.strip()}


def test_a_paused_offer_has_no_calendar(files: dict[str, bytes], demo_site: Path) -> None:
    paused = [e for e in demo_entries() if e.offer.status == "tauolla"]
    # Each would have a calendar if it were not paused: it meets on known days.
    assert paused and all(any(isinstance(i, Weekly | Dates) for i in e.offer.schedules) for e in paused)
    for entry in paused:
        assert ical.calendar_path(entry) not in files
        page = (demo_site / "tarjonta" / entry.key / "index.html").read_text(encoding="utf-8")
        assert "Lisää kalenteriin" not in page


def test_a_nightly_rebuild_leaves_calendars_and_hsds_as_they_were() -> None:
    """Calendar apps and HSDS readers see a change only when an entry changes, not every night."""
    tonight, tomorrow = export(demo_catalogue()), export(demo_catalogue(), TODAY + timedelta(days=1))
    stable = [name for name in tonight if name.startswith((ical.FOLDER, hsds.FOLDER))]
    assert stable
    assert [name for name in stable if tonight[name] != tomorrow.get(name)] == []


def test_every_other_week_and_weeks_of_the_month_become_rrule_parts(files: dict[str, bytes]) -> None:
    rules = [
        event["rrule"].to_ical().decode()
        for name, content in files.items()
        if name.startswith(ical.FOLDER)
        for event in icalendar.Calendar.from_ical(content).walk("VEVENT")
        if "rrule" in event
    ]
    assert any("INTERVAL=2" in rule for rule in rules)
    assert any(re.search(r"FREQ=MONTHLY.*BYDAY=\d", rule) for rule in rules)


# ---- Atom and sitemap ----


def test_the_feed_lists_the_latest_changes_newest_first(files: dict[str, bytes]) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed_root = ET.fromstring(files[feed.FILE])
    entries = list(feed_root.iter(f"{atom}entry"))
    published_count = len(demo_entries())
    assert len(entries) == min(feed.LATEST, published_count)
    updated = [entry.findtext(f"{atom}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed_root.findtext(f"{atom}updated") == updated[0]
    assert feed_root.find(f"{atom}link[@rel='self']").get("href") == f"{SITE_URL}{OPEN_DATA}/{feed.FILE}"  # type: ignore[union-attr]
    links = [entry.find(f"{atom}link").get("href") for entry in entries]  # type: ignore[union-attr]
    assert all(link.startswith(SITE_URL + "tarjonta/") for link in links)
    # Readers tell entries apart by id, which must not change from one build to the next.
    again = ET.fromstring(export(demo_catalogue(), TODAY + timedelta(days=1))[feed.FILE])
    assert [e.findtext(f"{atom}id") for e in again.iter(f"{atom}entry")] == [e.findtext(f"{atom}id") for e in entries]


def test_the_site_links_its_open_data_and_lists_every_offer_in_its_sitemap(demo_source: Path, demo_site: Path) -> None:
    page = (demo_site / OPEN_DATA / "index.html").read_text(encoding="utf-8")
    for name in (
        opendata.JSON_FILE,
        opendata.SCHEMA_FILE,
        opendata.CSV_FILE,
        feed.FILE,
        f"{hsds.FOLDER}/services.json",
    ):
        assert f'href="{name}"' in page, name
        assert (demo_site / OPEN_DATA / name).is_file()
    sitemap = ET.fromstring((demo_site / "sitemap.xml").read_bytes())
    locations = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    published_at = build_module.site_url(demo_source)
    for entry in demo_entries():
        assert Links(published_at, directory_urls=True).page(entry.path) in locations


# ---- The command ----


@pytest.mark.parametrize("fmt", list(opendata.EXPORTERS))
def test_export_writes_the_files_the_site_publishes(fmt: str, demo_site: Path, tmp_path: Path) -> None:
    assert main(["--root", str(REPO), "export", "--format", fmt, "--today", TODAY.isoformat(), str(tmp_path)]) == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written
    for name in written:
        assert (tmp_path / name).read_bytes() == (demo_site / OPEN_DATA / name).read_bytes(), name
