"""The catalogue as Open Referral HSDS 3.0: the collections of its API as static JSON files.

`services.json` holds every offer as a full HSDS service (schedules, languages, cost options,
contacts, and each place as a service_at_location with its location and accessibility);
`organizations.json`, `taxonomies.json` and `taxonomy_terms.json` the rest. Each collection is
one page in the API's paging format. Ids are UUIDs derived from the catalogue's ids (uuid5),
so they stay the same from one build to the next.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from generator import schedule
from generator.entries import OPEN_DATA, ORGANISATION_PAGE, WAYS, Entry, Links, compact_json, stable_id, ways
from generator.fields import hh_mm
from generator.markup import price_line, registration_line
from generator.models import ByAppointment, Dates, Offer, Organisation, Place, Weekly
from generator.taxonomy import Taxonomy
from generator.validate import Catalogue

HSDS_VERSION = "3.0"
FOLDER = "hsds"
# The code lists that become HSDS taxonomies, linked to services through attributes.
TAXONOMIES = {"teemat": "Teemat", "muodot": "Toiminnan muodot", "kohderyhmat": "Kohderyhmät"}

Ids = Callable[[str, str], str]  # stable_id for one region: (kind, key) -> UUID


def _page(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a collection in the HSDS API's paging format, all on one page."""
    return {
        "total_items": len(items),
        "total_pages": 1,
        "page_number": 1,
        "size": len(items),
        "first_page": True,
        "last_page": True,
        "empty": not items,
        "contents": items,
    }


def _organisation(organisation: Organisation, ids: Ids, links: Links) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": ids("organization", organisation.id),
        "name": organisation.name,
        "description": organisation.description,
        "uri": links.page(ORGANISATION_PAGE.format(organisation.id)),
    }
    if organisation.website:
        record["website"] = organisation.website
    if organisation.email:
        record["email"] = organisation.email
    if organisation.phone:
        record["phones"] = [{"id": ids("organization-phone", organisation.id), "number": organisation.phone}]
    if organisation.business_id:
        record["organization_identifiers"] = [
            {
                "id": ids("organization-identifier", organisation.id),
                "organization_id": record["id"],
                "identifier_scheme": "FI-YTJ",  # org-id.guide: the Finnish Business Information System
                "identifier_type": "Y-tunnus",
                "identifier": organisation.business_id,
            }
        ]
    return record


def _location(place: Place, key: str, taxonomy: Taxonomy, ids: Ids) -> dict[str, Any]:
    """Return a place as an HSDS location; `key` names it within its offer, whose entry describes it."""
    location_id = ids("location", key)
    record: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "name": place.name,
        "addresses": [
            {
                "id": ids("address", key),
                "location_id": location_id,
                "address_1": place.address,
                "city": taxonomy.label("kunnat", place.municipality),
                "state_province": taxonomy.region.province,
                "postal_code": place.postal_code,
                "country": "FI",
                "address_type": "physical",
            }
        ],
        "accessibility": [
            {
                "id": ids("accessibility", f"{key}/{code}"),
                "location_id": location_id,
                "description": taxonomy.label("esteettomyys", code),
            }
            for code in place.accessibility
        ],
    }
    if place.info:
        record["description"] = place.info
    if place.location:
        record["latitude"] = place.location.lat
        record["longitude"] = place.location.lon
    return record


_ATTENDING = {"paikalla": "in person", "verkossa": "online", "puhelimitse": "phone"}  # HSDS's words for WAYS


def _attending(offer: Offer) -> str:
    return ", ".join(_ATTENDING[code] for code in ways(offer))


def _offset_hours(day: date, moment: time) -> float:
    """Return Helsinki's offset from UTC in hours at a meeting: HSDS has no time zone names."""
    offset = datetime.combine(day, moment, schedule.HELSINKI).utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600


def _schedules(entry: Entry, taxonomy: Taxonomy, ids: Ids, service_id: str) -> list[dict[str, Any]]:
    offer = entry.offer
    records = []
    zone_note = f"Kellonajat ovat Suomen aikaa ({schedule.TIME_ZONE})."
    attending = _attending(offer)
    for number, item in enumerate(offer.schedules):
        base: dict[str, Any] = {
            "id": ids("schedule", f"{entry.key}/{number}"),
            "service_id": service_id,
            "attending_type": attending,
        }
        if isinstance(item, Weekly):
            first = schedule.first_occurrence(item, offer.checked, taxonomy)
            record = base | {
                "freq": "MONTHLY" if item.weeks_of_month else "WEEKLY",
                "byday": ",".join(schedule.rule_days(item, taxonomy)),
                "wkst": "MO",
                "opens_at": hh_mm(item.starts),
                "closes_at": hh_mm(item.ends),
                "description": f"{schedule.describe(item, taxonomy)}. {zone_note}",
            }
            if item.every_other_week:
                record["interval"] = 2
            # No `timezone`: HSDS gives it as one UTC offset, which would be wrong for half of the year;
            # the description names Europe/Helsinki instead.
            if first:
                record["dtstart"] = first.day.isoformat()
            if item.validity and item.validity.start:
                record["valid_from"] = item.validity.start.isoformat()
            if item.validity and item.validity.end:
                record["valid_to"] = record["until"] = item.validity.end.isoformat()
            # Every day without a meeting, past ones too, as the offer page says them: the export is the same whatever day it is built.
            notes = [f"{item.info.rstrip('.')}." if item.info else None, schedule.exceptions_text(item, date.min)]
            if any(notes):
                record["notes"] = " ".join(note for note in notes if note)
            records.append(record)
        elif isinstance(item, Dates):
            for day in sorted(item.dates):
                meeting = schedule.Occurrence(day, item.starts, item.ends)
                records.append(
                    base
                    | {
                        "id": ids("schedule", f"{entry.key}/{number}/{day.isoformat()}"),
                        "dtstart": day.isoformat(),
                        "valid_from": day.isoformat(),
                        "valid_to": day.isoformat(),
                        "opens_at": hh_mm(item.starts),
                        "closes_at": hh_mm(item.ends),
                        "timezone": _offset_hours(day, item.starts),
                        "description": f"{schedule.occurrence_text(meeting, taxonomy)}. {zone_note}",
                        **({"notes": item.info} if item.info else {}),
                    }
                )
        elif isinstance(item, ByAppointment):
            records.append(
                base | {"description": "Aika sovitaan erikseen.", **({"notes": item.info} if item.info else {})}
            )
    return records


def _terms(taxonomy: Taxonomy, ids: Ids) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Return the HSDS taxonomies and their terms, the terms by "<code list>/<code>"."""
    taxonomies, terms = [], {}
    for code_list, name in TAXONOMIES.items():
        taxonomy_id = ids("taxonomy", code_list)
        taxonomies.append(
            {
                "id": taxonomy_id,
                "name": f"Hyvinvointitarjotin: {name}",
                "description": f"Hyvinvointitarjottimen koodisto '{code_list}'.",
            }
        )
        for code, term in taxonomy.codes(code_list).items():
            terms[f"{code_list}/{code}"] = {
                "id": ids("taxonomy-term", f"{code_list}/{code}"),
                "code": code,
                "name": term.fi,
                "description": term.description or term.fi,
                "taxonomy": name,
                "taxonomy_id": taxonomy_id,
                "language": "fi",
            }
    return taxonomies, terms


def _attributes(offer: Offer, service_id: str, terms: dict[str, dict[str, Any]], ids: Ids, key: str) -> list[Any]:
    codes = {"teemat": offer.themes, "muodot": [offer.form], "kohderyhmat": offer.target_groups}
    return [
        {
            "id": ids("attribute", f"{key}/{code_list}/{code}"),
            "link_id": service_id,
            "link_type": code_list,
            "link_entity": "service",
            # The term itself is in taxonomy_terms.json: repeating it in every service would double the file.
            "taxonomy_term_id": terms[f"{code_list}/{code}"]["id"],
        }
        for code_list, found in codes.items()
        for code in found
    ]


def service(entry: Entry, taxonomy: Taxonomy, links: Links, terms: dict[str, Any], ids: Ids) -> dict[str, Any]:
    """Return one published offer as a full HSDS service; `terms` are the taxonomy terms by "<code list>/<code>"."""
    offer = entry.offer
    service_id = ids("service", entry.key)
    groups = taxonomy.labels("kohderyhmat", offer.target_groups)
    price = price_line(offer)
    record: dict[str, Any] = {
        "id": service_id,
        "organization_id": ids("organization", entry.organisation.id),
        "name": offer.name,
        "description": f"{offer.summary}\n\n{offer.description}",
        "url": links.page(entry.path),
        "status": taxonomy.states[offer.status].hsds,
        "fees_description": price,
        "eligibility_description": (
            f"{groups}. Kunnat: {taxonomy.labels('kunnat', taxonomy.served(offer.municipalities))}."
        ),
        "assured_date": offer.checked.isoformat(),
        "languages": [
            {
                "id": ids("language", f"{entry.key}/{code}"),
                "service_id": service_id,
                "name": taxonomy.label("kielet", code),
                **({"code": term.hsds} if (term := taxonomy.languages[code]).hsds else {}),
            }
            for code in offer.languages
        ],
        "cost_options": [
            {
                "id": ids("cost-option", entry.key),
                "service_id": service_id,
                "option": "Maksuton" if offer.is_free else "Maksullinen",
                "currency": "EUR",
                **({"amount": 0} if offer.is_free else {"amount_description": price}),
            }
        ],
        "service_areas": [
            {
                "id": ids("service-area", f"{entry.key}/{code}"),
                "service_id": service_id,
                "name": taxonomy.label("kunnat", code),
            }
            for code in offer.municipalities
        ],
        "schedules": _schedules(entry, taxonomy, ids, service_id),
        "service_at_locations": [],
        "attributes": _attributes(offer, service_id, terms, ids, entry.key),
    }
    if offer.age and offer.age.min is not None:
        record["minimum_age"] = offer.age.min
    if offer.age and offer.age.max is not None:
        record["maximum_age"] = offer.age.max
    if offer.registration and offer.registration.required:
        record["application_process"] = registration_line(offer)
    contact = offer.contact
    if contact and contact.email:
        record["email"] = contact.email
    if contact and contact.phone:
        record["phones"] = [
            {
                "id": ids("phone", entry.key),
                "service_id": service_id,
                "number": contact.phone,  # E.164 or a service number's digits (116123), as the organisation's
                **({"description": "Puhelimitse osallistuminen"} if offer.by_phone else {}),
            }
        ]
    if contact and contact.person:
        record["contacts"] = [
            {
                "id": ids("contact", entry.key),
                "service_id": service_id,
                "name": contact.person.name,
                **({"title": contact.person.role} if contact.person.role else {}),
                **({"email": contact.email} if contact.email else {}),
            }
        ]
    for number, place in enumerate(offer.places):
        location = _location(place, f"{entry.key}/{number}", taxonomy, ids)
        record["service_at_locations"].append(
            {
                "id": ids("service-at-location", f"{entry.key}/{location['id']}"),
                "service_id": service_id,
                "location_id": location["id"],
                "location": location,
            }
        )
    if offer.online:
        location_id = ids("location", f"{entry.key}/verkossa")
        record["service_at_locations"].append(
            {
                "id": ids("service-at-location", f"{entry.key}/verkossa"),
                "service_id": service_id,
                "location_id": location_id,
                "location": {"id": location_id, "location_type": "virtual", "name": WAYS["verkossa"]}
                | ({"url": contact.website} if contact and contact.website else {}),
            }
        )
    return record


def files(catalogue: Catalogue, entries: list[Entry], today: date, links: Links) -> dict[str, bytes]:
    """Return the HSDS collections: {path under the open data folder: JSON}."""
    taxonomy = catalogue.taxonomy
    ids = functools.partial(stable_id, taxonomy.region.name)
    taxonomies, terms = _terms(taxonomy, ids)
    organisations = sorted(catalogue.organisations.values(), key=lambda o: o.id)
    services = [service(entry, taxonomy, links, terms, ids) for entry in entries]
    return {
        f"{FOLDER}/index.json": compact_json({"version": HSDS_VERSION, "profile": links.page(f"{OPEN_DATA}/index.md")}),
        f"{FOLDER}/services.json": compact_json(_page(services)),
        f"{FOLDER}/organizations.json": compact_json(_page([_organisation(o, ids, links) for o in organisations])),
        f"{FOLDER}/taxonomies.json": compact_json(_page(taxonomies)),
        f"{FOLDER}/taxonomy_terms.json": compact_json(_page(list(terms.values()))),
    }
