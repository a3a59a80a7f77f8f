"""Files not checked for a year, by organisation with its maintainers: the curator's weekly list.

A file is stale when validation warns so (`stale`), so that the report, the
contributor's `tarjotin validate` and the site's notice agree on one rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from generator.owners import organisation_of
from generator.phrases import count
from generator.problems import table_cell
from generator.validate import ORGANISATIONS_DIR, STALE_PERIOD, STALE_PERIOD_GENITIVE, Result


@dataclass(frozen=True)
class StaleFile:
    path: str
    name: str
    checked: date


@dataclass
class StaleOrganisation:
    id: str
    name: str
    maintainers: list[str]
    files: list[StaleFile] = field(default_factory=list)

    @property
    def mentions(self) -> str:
        return ", ".join(f"@{name}" for name in self.maintainers)


def stale_files(result: Result) -> list[StaleOrganisation]:
    """Return the stale files of the valid organisations and offers, grouped by organisation."""
    catalogue = result.catalogue
    offers = {(offer.organisation_id, offer.id): offer for offer in catalogue.offers}
    groups: dict[str, StaleOrganisation] = {}
    for problem in result.warnings:
        organisation_id = organisation_of(problem.path)
        organisation = catalogue.organisations.get(organisation_id or "")
        if problem.code != "stale" or organisation is None:
            continue
        if problem.path.startswith(f"{ORGANISATIONS_DIR}/"):
            name, checked = organisation.name, organisation.checked
        else:
            offer = offers.get((organisation.id, PurePosixPath(problem.path).stem))
            if offer is None:  # a duplicate or misplaced file, reported by validation
                continue
            name, checked = offer.name, offer.checked
        group = groups.setdefault(
            organisation.id, StaleOrganisation(organisation.id, organisation.name, organisation.maintainers)
        )
        group.files.append(StaleFile(problem.path, name, checked))
    return [groups[key] for key in sorted(groups)]


def _files(groups: list[StaleOrganisation]) -> str:
    return count(sum(len(group.files) for group in groups), "tiedosto", "tiedostoa")


def as_text(groups: list[StaleOrganisation]) -> str:
    """Return the report for the terminal."""
    if not groups:
        return f"Kaikki tiedot on tarkistettu viimeisen {STALE_PERIOD_GENITIVE} aikana.\n"
    lines = []
    for group in groups:
        lines.append(f"{group.name} ({group.id}), ylläpitäjät {group.mentions}:")
        lines += [f"  {item.path}: {item.name}, tarkistettu {item.checked.isoformat()}" for item in group.files]
    lines.append(f"{_files(groups)} tarkistettu yli {STALE_PERIOD} sitten")
    return "\n".join(lines) + "\n"


def as_markdown(groups: list[StaleOrganisation], today: date) -> str:
    """Return the report as the body of a GitHub issue that mentions each organisation's maintainers."""
    lines = [
        f"Nämä tiedot on tarkistettu viimeksi yli {STALE_PERIOD} sitten ({_files(groups)}, tilanne {today.isoformat()}).",
        "",
        "Ylläpitäjät: tarkistakaa tiedot, korjatkaa muuttuneet kohdat ja päivittäkää kenttään `tarkistettu` "
        "tarkistuspäivä. Jos toiminta on loppunut, merkitkää `tila: paattynyt`.",
    ]
    for group in groups:
        lines += [
            "",
            f"### {table_cell(group.name)} (`{group.id}`)",
            "",
            f"Ylläpitäjät: {group.mentions}",
            "",
            "| tiedosto | nimi | tarkistettu |",
            "|---|---|---|",
        ]
        lines += [f"| `{item.path}` | {table_cell(item.name)} | {item.checked.isoformat()} |" for item in group.files]
    return "\n".join(lines) + "\n"
