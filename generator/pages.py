"""Generated pages: the catalogue as Markdown files for mkdocs, rendered from the templates in site_config."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator import feed, finder, guide, hsds, ical, opendata, schedule
from generator.entries import OPEN_DATA, ORGANISATION_PAGE, WAYS, Entry, latest, relative_url
from generator.markup import environment
from generator.taxonomy import WHOLE_REGION, Taxonomy
from generator.validate import Catalogue

TEMPLATES = Path("site_config") / "templates"
HAND_WRITTEN = Path("site_config") / "pages"
ASSETS = Path("site_config") / "assets"
LATEST = 8  # offers listed under "latest updates" on the home page


@dataclass(frozen=True)
class Group:
    """A heading in a list page: a code, its label and the entries under it."""

    code: str
    label: str
    entries: list[Entry]


def _group(entries: Iterable[Entry], codes: dict[str, Any], keys: Callable[[Entry], Iterable[str]]) -> list[Group]:
    """Group entries under each code they carry, in the code list's order; empty groups are left out."""
    by_code: dict[str, list[Entry]] = {code: [] for code in codes}
    for entry in entries:
        for key in keys(entry):
            by_code[key].append(entry)
    return [Group(code, codes[code].fi, found) for code, found in by_code.items() if found]


def _by_municipality_and_form(entries: list[Entry], taxonomy: Taxonomy) -> list[tuple[Group, list[Group]]]:
    """Group a theme's entries by municipality, the whole region first, and each group by form."""
    groups = _group(entries, taxonomy.municipalities, lambda e: e.offer.municipalities)
    groups.sort(key=lambda group: group.code != WHOLE_REGION)
    return [(group, _group(group.entries, taxonomy.forms, lambda e: [e.offer.form])) for group in groups]


def render_pages(
    catalogue: Catalogue,
    entries: list[Entry],
    root: Path,
    today: date,
    directory_urls: bool,
    download: str | None = None,
) -> dict[str, str]:
    """Return every generated page as {path in the docs folder: Markdown}, for the published `entries`.

    The lists of offers are raw HTML, which Markdown converts several times faster than Markdown
    lists: their links are the pages' final URLs, in mkdocs' style `directory_urls`. `download` is
    the address of the offline copy, when the build makes one.
    """
    taxonomy = catalogue.taxonomy
    env = environment(root / TEMPLATES)
    env.filters["label"] = lambda code, code_list: taxonomy.label(code_list, code)
    env.filters["labels"] = lambda codes, code_list: taxonomy.labels(code_list, codes)
    env.filters["occurrence"] = lambda occurrence: schedule.occurrence_text(occurrence, taxonomy)
    env.filters["describe"] = lambda item: schedule.describe(item, taxonomy)
    env.globals.update(
        taxonomy=taxonomy,
        today=today,
        exceptions_text=schedule.exceptions_text,
        choices=taxonomy.choices,
    )
    by_organisation: dict[str, list[Entry]] = {org_id: [] for org_id in catalogue.organisations}
    for entry in entries:
        by_organisation[entry.organisation.id].append(entry)

    def page(template: str, path: str, **context: Any) -> tuple[str, str]:
        context["root"] = Markup("../" * path.count("/"))  # for Markdown links, which mkdocs resolves
        context["url_of"] = lambda target: relative_url(path, target, directory_urls)  # for links in raw HTML
        return path, env.get_template(template).render(**context)

    themes = {code: [e for e in entries if code in e.offer.themes] for code in taxonomy.themes}
    # A municipality's page lists what its residents can join: its own offers and the whole region's.
    served = {e.key: taxonomy.served(e.offer.municipalities) for e in entries}
    local = {
        code: [e for e in entries if code in served[e.key]] for code in taxonomy.municipalities if code != WHOLE_REGION
    }
    pages = [
        page(
            "index.md.j2",
            "index.md",
            themes=themes,
            municipalities=local,
            latest=latest(entries, LATEST),
            total=len(entries),
            download=download,
        ),
        page(
            "avoin-data.md.j2",
            f"{OPEN_DATA}/index.md",
            total=len(entries),
            calendars=sum(ical.has_calendar(e) for e in entries),
            files={
                "json": opendata.JSON_FILE,
                "schema": opendata.SCHEMA_FILE,
                "csv": opendata.CSV_FILE,
                "atom": feed.FILE,
                "hsds": hsds.FOLDER,
                "version": opendata.FORMAT_VERSION,
                "licence": opendata.LICENCE,
                "hsds_version": hsds.HSDS_VERSION,
            },
        ),
        page("teemat.md.j2", "teemat/index.md", themes=themes),
        page("kunnat.md.j2", "kunnat/index.md", by_municipality=local),
        page(
            "jarjestot.md.j2",
            "jarjestot/index.md",
            organisations=sorted(catalogue.organisations.values(), key=lambda o: (o.name.casefold(), o.id)),
            by_organisation=by_organisation,
        ),
        page(
            "hae.md.j2",
            "hae/index.md",
            times_of_day=[(code, label) for code, _, label in finder.TIMES_OF_DAY],
            ways=list(WAYS.items()),
        ),
        page("tarjotin.md.j2", "tarjotin/index.md"),
        page(guide.TEMPLATE, guide.PAGE, tables=guide.field_tables(), code_lists=guide.code_lists(taxonomy)),
    ]
    for code, theme_entries in themes.items():
        pages.append(
            page(
                "teema.md.j2",
                f"teemat/{code}.md",
                code=code,
                entries=theme_entries,
                groups=_by_municipality_and_form(theme_entries, taxonomy),
            )
        )
    for code, found in local.items():
        pages.append(
            page(
                "kunta.md.j2",
                f"kunnat/{code}.md",
                code=code,
                entries=found,
                groups=_group(found, taxonomy.themes, lambda e: e.offer.themes),
            )
        )
    for org_id, organisation in catalogue.organisations.items():
        pages.append(
            page(
                "jarjesto.md.j2",
                ORGANISATION_PAGE.format(org_id),
                organisation=organisation,
                entries=by_organisation[org_id],
            )
        )
    for entry in entries:
        pages.append(
            page(
                "tarjonta.md.j2",
                entry.path,
                offer=entry.offer,
                organisation=entry.organisation,
                next_dates=entry.coming,
                notices=entry.notices,
                calendar=f"{OPEN_DATA}/{ical.calendar_path(entry)}" if ical.has_calendar(entry) else None,
            )
        )
    return dict(pages)


def _copied(source: Path) -> dict[str, bytes]:
    return {str(path.relative_to(source)): path.read_bytes() for path in sorted(source.rglob("*")) if path.is_file()}


def docs_files(
    catalogue: Catalogue, entries: list[Entry], root: Path, today: date, directory_urls: bool, download: str | None
) -> dict[str, bytes]:
    """Return the docs folder's pages and assets, {path in the folder: content}, for pages at mkdocs'
    `directory_urls` style of address."""
    files = _copied(root / HAND_WRITTEN) | {"assets/" + k: v for k, v in _copied(root / ASSETS).items()}
    pages = render_pages(catalogue, entries, root, today, directory_urls, download)
    return files | {path: text.encode() for path, text in pages.items()}
