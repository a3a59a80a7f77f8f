"""Validate every file of a catalogue and check the files against each other."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from generator.fields import SLUG, SLUG_HINT
from generator.load import Document, load_file
from generator.messages import to_problems
from generator.models import Offer, Organisation, Weekly
from generator.phrases import join
from generator.problems import Problem, Severity, sort_key
from generator.schedule import occurrences
from generator.taxonomy import Taxonomy

ORGANISATIONS_DIR = "organisations"
CATALOGUE_DIR = "catalogue"
STALE_AFTER = timedelta(days=365)
# STALE_AFTER in words, as the warning, the curator's report and the offer page say it:
# "yli vuosi sitten", "viimeisen vuoden aikana".
STALE_PERIOD, STALE_PERIOD_GENITIVE = "vuosi", "vuoden"
YAML_SUFFIXES = (".yml", ".yaml")  # the file names the catalogue reads
# The ending of a file name that is not read, to be replaced by .yml: ".YML", ".yml.txt", ".txt".
_YAML_ENDING = re.compile(r"\.ya?ml.*$|\.[^.]*$", re.IGNORECASE)
_YAML_LIKE = re.compile(r"\.ya?ml", re.IGNORECASE)  # a name that means to be a YAML file, e.g. ryhma.YML, ryhma.yml.txt


@dataclass
class Catalogue:
    """Every valid organisation and offer, in a stable order."""

    taxonomy: Taxonomy
    organisations: dict[str, Organisation] = field(default_factory=dict)
    offers: list[Offer] = field(default_factory=list)


@dataclass
class Result:
    catalogue: Catalogue
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


M = TypeVar("M", bound=BaseModel)


def _validate_model(
    document: Document, model: type[M], taxonomy: Taxonomy, today: date
) -> tuple[M | None, list[Problem]]:
    try:
        return model.model_validate(document.data, context={"taxonomy": taxonomy, "today": today}), []
    except ValidationError as error:
        return None, to_problems(error, document, model)


def _stale(document: Document, checked: date, today: date) -> list[Problem]:
    if today - checked <= STALE_AFTER:
        return []
    line, col = document.mark(("tarkistettu",))
    return [
        Problem(
            document.path,
            line,
            col,
            "stale",
            f"tiedot on tarkistettu viimeksi {checked.isoformat()}, yli {STALE_PERIOD} sitten",
            "tarkista tiedot ja päivitä 'tarkistettu'",
            Severity.WARNING,
            where=("tarkistettu",),
        )
    ]


def _what_leaves_out(item: Weekly, start: date, end: date) -> list[str]:
    """The keys of a weekly schedule that decide its meetings between `start` and `end`, as the file names them."""
    names = ["weekdays", "validity", "every_other_week", "weeks_of_month"]
    if any(start <= day <= end for day in item.exceptions):
        names.append("exceptions")
    return [f"'{Weekly.model_fields[name].alias}'" for name in names if getattr(item, name)]


def _without_meetings(document: Document, offer: Offer, taxonomy: Taxonomy) -> list[Problem]:
    """Refuse each weekly schedule whose validity, rhythm and exceptions leave no meeting at all."""
    problems = []
    for index, item in enumerate(offer.schedules):
        if not (isinstance(item, Weekly) and item.validity and item.validity.start and item.validity.end):
            continue
        start, end = item.validity.start, item.validity.end
        if next(occurrences(item, start, end, taxonomy), None) is not None:
            continue
        keys = _what_leaves_out(item, start, end)
        line, col = document.mark(("ajat", index))
        problems.append(
            Problem(
                document.path,
                line,
                col,
                "no-meetings",
                f"ajalle ei jää yhtään kokoontumista väliltä {start.isoformat()}–{end.isoformat()}",
                f"tarkista {join(keys)}",
                where=("ajat", index),
            )
        )
    return problems


def id_problems(shown: str, value: str) -> list[Problem]:
    """Return what is wrong with `value` as the id of an organisation or offer, at the top of `shown`.

    An id names a page of the site (jarjestot/<id>.md, tarjonta/<organisation>/<id>.md), so it must be a slug,
    and "index", which names a folder's own page there, is the site's.
    """
    if not SLUG.fullmatch(value):
        return [Problem(shown, 1, 1, "bad-id", f"'{value}' ei kelpaa tunnukseksi", SLUG_HINT)]
    if value == "index":
        return [
            Problem(
                shown,
                1,
                1,
                "reserved-id",
                f"'{value}' on varattu sivuston omalle sivulle, joten se ei käy tunnukseksi",
                "valitse toinen nimi, joka kertoo, mistä on kyse",
            )
        ]
    return []


def yaml_files(folder: Path) -> list[Path]:
    """Return the YAML files directly in `folder`, sorted; none if the folder is missing."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES) if folder.is_dir() else []


def _duplicates(paths: list[Path], root: Path) -> list[Problem]:
    seen: dict[str, Path] = {}
    problems = []
    for path in paths:
        if path.stem in seen:
            problems.append(
                Problem(
                    str(path.relative_to(root)),
                    1,
                    1,
                    "duplicate-id",
                    f"tunnus '{path.stem}' on jo tiedostossa {seen[path.stem].relative_to(root)}",
                    "nimeä toinen tiedostoista uudelleen tai poista se",
                )
            )
        seen.setdefault(path.stem, path)
    return problems


# Where the files are read: how many folders deep below each top folder, and where a misplaced file goes.
_LAYOUT = {
    ORGANISATIONS_DIR: (
        1,
        f"järjestön tiedosto kuuluu suoraan kansioon {ORGANISATIONS_DIR}/, tarjonta järjestön kansioon "
        f"{CATALOGUE_DIR}/jarjeston-tunnus/",
    ),
    CATALOGUE_DIR: (2, f"siirrä se järjestön kansioon, esim. {CATALOGUE_DIR}/jarjeston-tunnus/"),
}


def _unread_files(root: Path) -> list[Problem]:
    """Report each file in the organisations' and offers' folders that is not read, so that none is ignored unseen.

    Hidden files (.gitkeep, an editor's swap file) are no one's entries and are left alone.
    """
    problems = []
    for folder, (depth, where_to) in _LAYOUT.items():
        for path in sorted((root / folder).rglob("*")):
            parts = path.relative_to(root / folder).parts
            if not path.is_file() or any(part.startswith(".") for part in parts):
                continue
            shown = str(path.relative_to(root))
            if len(parts) != depth:
                problems.append(Problem(shown, 1, 1, "misplaced-file", "tiedosto on väärässä kansiossa", where_to))
            elif path.suffix not in YAML_SUFFIXES:
                problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        "file-suffix",
                        f"tiedostoa '{path.name}' ei lueta, koska sen pääte ei ole .yml",
                        _suffix_hint(path),
                    )
                )
    return problems


def _suffix_hint(path: Path) -> str:
    """Rename a file whose name only misspells .yml; an old copy or another kind of file is to be removed."""
    renamed = path.with_name(_YAML_ENDING.sub("", path.name) + ".yml")
    if renamed.exists():
        return f"poista tiedosto, jos se on tiedoston {renamed.name} vanha kopio"
    if path.suffix and not _YAML_LIKE.search(path.name):
        return "kansiossa luetaan vain .yml-tiedostoja: poista tiedosto tai siirrä se muualle"
    return f"nimeä tiedosto uudelleen: {renamed.name}"


def validate_organisation(
    path: Path, root: Path, taxonomy: Taxonomy, today: date
) -> tuple[Organisation | None, list[Problem]]:
    """Validate one organisation file."""
    shown = str(path.relative_to(root))
    document = load_file(path, shown)
    if isinstance(document, Problem):
        return None, [document]
    organisation, problems = _validate_model(document, Organisation, taxonomy, today)
    problems += id_problems(shown, path.stem)
    if organisation is not None:
        organisation._id = path.stem
        problems += _stale(document, organisation.checked, today)
    return organisation, problems


def validate_offer(path: Path, root: Path, taxonomy: Taxonomy, today: date) -> tuple[Offer | None, list[Problem]]:
    """Validate one offer file; the offer comes back only if it has no error."""
    shown = str(path.relative_to(root))
    document = load_file(path, shown)
    if isinstance(document, Problem):
        return None, [document]
    offer, problems = _validate_model(document, Offer, taxonomy, today)
    problems += id_problems(shown, path.stem)
    if offer is None:
        return None, problems
    offer._id, offer._organisation_id = path.stem, path.parent.name
    problems += _without_meetings(document, offer, taxonomy)
    problems += _stale(document, offer.checked, today)
    last = offer.last_date
    if last is not None and last < today and offer.status != "paattynyt":
        line, col = document.mark(("ajat",), key=True)
        problems.append(
            Problem(
                shown,
                line,
                col,
                "expired",
                f"kaikki ajat ovat päättyneet ({last.isoformat()}), eikä tarjontaa julkaista",
                "lisää uudet ajat tai merkitse 'tila: paattynyt'",
                Severity.WARNING,
                where=("ajat",),
            )
        )
    return (None if any(problem.is_error for problem in problems) else offer), problems


def validate_catalogue(root: Path, taxonomy: Taxonomy, today: date) -> Result:
    """Validate every organisation and offer under `root`, collecting all problems."""
    catalogue = Catalogue(taxonomy)
    problems: list[Problem] = []

    org_paths = yaml_files(root / ORGANISATIONS_DIR)
    problems += _duplicates(org_paths, root)
    known = {p.stem for p in org_paths}
    for path in org_paths:
        organisation, found = validate_organisation(path, root, taxonomy, today)
        problems += found
        if organisation is not None and organisation.id not in catalogue.organisations:
            catalogue.organisations[organisation.id] = organisation

    problems += _unread_files(root)
    catalogue_dir = root / CATALOGUE_DIR
    folders = sorted(path for path in catalogue_dir.iterdir() if path.is_dir()) if catalogue_dir.is_dir() else []
    for entry in folders:
        offer_paths = yaml_files(entry)
        problems += _duplicates(offer_paths, root)
        if entry.name not in known and offer_paths:
            problems.append(
                Problem(
                    str(offer_paths[0].relative_to(root)),
                    1,
                    1,
                    "unknown-organisation",
                    f"kansion '{entry.name}' nimistä järjestöä ei ole",
                    f"lisää ensin {ORGANISATIONS_DIR}/{entry.name}.yml tai siirrä tiedosto oikean järjestön kansioon",
                )
            )
        seen: set[str] = set()
        for path in offer_paths:
            offer, found = validate_offer(path, root, taxonomy, today)
            problems += found
            if offer is not None and offer.organisation_id in catalogue.organisations and path.stem not in seen:
                seen.add(path.stem)
                catalogue.offers.append(offer)

    problems.sort(key=sort_key)
    return Result(catalogue, problems)
