"""The code lists of `site_config/taxonomy.yml`: themes, municipalities and the rest."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.errors import TarjotinError
from generator.fields import problem
from generator.load import load_file
from generator.messages import to_problems
from generator.problems import Problem

TAXONOMY = Path("site_config") / "taxonomy.yml"  # relative to the repository root
WHOLE_REGION = "koko-alue"


class Term(BaseModel):
    """One code: its labels and what it is called in other systems."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fi: str
    sv: str | None = None
    en: str | None = None
    description: str | None = Field(None, alias="kuvaus")
    recurring: str | None = Field(None, alias="toistuva")
    municipality_number: str | None = Field(None, alias="kuntanumero")
    ptv: str | None = None
    lahella: str | None = None
    hsds: str | None = None
    ical: str | None = None


class Region(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(alias="nimi")
    province: str = Field(alias="maakunta")  # the region's maakunta, for postal addresses in the open data


class Taxonomy(BaseModel):
    """Every code list, each an ordered mapping from code to term."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: Region = Field(alias="alue")
    themes: dict[str, Term] = Field(alias="teemat")
    municipalities: dict[str, Term] = Field(alias="kunnat")
    target_groups: dict[str, Term] = Field(alias="kohderyhmat")
    forms: dict[str, Term] = Field(alias="muodot")
    languages: dict[str, Term] = Field(alias="kielet")
    accessibility: dict[str, Term] = Field(alias="esteettomyys")
    organisation_types: dict[str, Term] = Field(alias="jarjestotyypit")
    states: dict[str, Term] = Field(alias="tilat")
    weekdays: dict[str, Term] = Field(alias="viikonpaivat")

    @field_validator("weekdays")
    @classmethod
    def _seven_weekdays(cls, value: dict[str, Term]) -> dict[str, Term]:
        # Schedules index the weekdays by date.weekday() and need every "-sin" form for "tiistaisin";
        # the calendar exports need each day's RFC 5545 name.
        if len(value) != 7 or any(term.recurring is None or term.ical is None for term in value.values()):
            raise problem(
                "taxonomy",
                "'{field}': koodistossa pitää olla seitsemän viikonpäivää maanantaista alkaen",
                "anna jokaiselle päivälle myös 'toistuva' (esim. maanantaisin) ja 'ical' (esim. MO)",
            )
        return value

    def codes(self, code_list: str) -> dict[str, Term]:
        """Return one code list by its Finnish name, e.g. `codes("teemat")`."""
        return getattr(self, _LISTS[code_list])  # type: ignore[no-any-return]

    def label(self, code_list: str, code: str) -> str:
        """Return the Finnish label of a code."""
        return self.codes(code_list)[code].fi

    def labels(self, code_list: str, codes: Iterable[str], separator: str = ", ") -> str:
        """Return the Finnish labels of codes as a list, by default in running text, e.g. "Tuusula, Järvenpää"."""
        return separator.join(self.label(code_list, code) for code in codes)

    def choices(self, code_list: str) -> list[tuple[str, str]]:
        """Return a code list's codes with their Finnish labels, in the list's order."""
        return [(code, term.fi) for code, term in self.codes(code_list).items()]

    def served(self, municipalities: Iterable[str]) -> list[str]:
        """Return the municipalities whose residents an offer is for: every one for a whole-region offer."""
        return list(self.municipalities) if WHOLE_REGION in municipalities else list(municipalities)


# The code lists by their Finnish names, in the taxonomy's order.
_LISTS = {field.alias: name for name, field in Taxonomy.model_fields.items() if field.alias and name != "region"}
CODE_LISTS = tuple(_LISTS)


def load_taxonomy(path: Path) -> Taxonomy:
    """Read the taxonomy, raising TarjotinError with its problems if it is broken."""
    document = load_file(path, str(path))
    if isinstance(document, Problem):
        raise TarjotinError("koodistoa ei voi lukea", [document])
    try:
        return Taxonomy.model_validate(document.data)
    except ValidationError as error:
        raise TarjotinError("koodisto on virheellinen", to_problems(error, document, Taxonomy)) from None
