"""The code lists of `site_config/taxonomy.yml`: themes, municipalities and the rest."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import TarjotinError
from generator.load import load_file
from generator.problems import Problem

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

    def codes(self, code_list: str) -> dict[str, Term]:
        """Return one code list by its Finnish name, e.g. `codes("teemat")`."""
        return getattr(self, _LISTS[code_list])  # type: ignore[no-any-return]

    def label(self, code_list: str, code: str) -> str:
        """Return the Finnish label of a code."""
        return self.codes(code_list)[code].fi


_LISTS = {field.alias: name for name, field in Taxonomy.model_fields.items() if field.alias and name != "region"}


def load_taxonomy(path: Path) -> Taxonomy:
    """Read the taxonomy, raising TarjotinError with its problems if it is broken."""
    document = load_file(path, str(path))
    if isinstance(document, Problem):
        raise TarjotinError("koodistoa ei voi lukea", [document])
    try:
        return Taxonomy.model_validate(document.data)
    except ValidationError as error:
        problems = [
            Problem(str(path), *document.mark(e["loc"]), "taxonomy", f"{e['msg']} ({'.'.join(map(str, e['loc']))})")
            for e in error.errors()
        ]
        raise TarjotinError("koodisto on virheellinen", problems) from None
