"""The `tarjotin` command as a contributor and CI run it: output, exit codes, GitHub annotations."""

from __future__ import annotations

import functools
import operator
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import DATA, OFFER, ORGANISATION, REPO, Workspace, site_source
from pydantic import BaseModel

from generator.cli import main
from generator.models import Offer, Organisation
from generator.opendata import catalogue_schema
from generator.schema import SCHEMA_DIR, SCHEMAS, build_schema, render
from generator.taxonomy import Taxonomy


@pytest.fixture
def site(workspace: Workspace) -> Workspace:
    shutil.copytree(REPO / "site_config", workspace.root / "site_config")
    return workspace


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def test_clean_catalogue_prints_one_summary_line(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(site.root, "validate", "--today", "2026-11-23") == 0
    assert capsys.readouterr().out == "Kunnossa: 1 järjestö, 1 tarjonta, 0 varoitusta\n"


def test_problems_are_listed_with_a_count(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit(OFFER, 'alkaa: "17:30"', "alkaa: 930")
    site.edit(OFFER, "sahkoposti: ryhma@example.fi", "sähköposti: ryhma@example.fi")
    assert run(site.root, "validate", "--today", "2026-11-23", "--format", "text") == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{OFFER}:29:12: 'alkaa' pitää olla muotoa HH:MM, nyt '930' — kirjoita esim. \"09:30\" [time-format]",
        f"{OFFER}:38:3: tuntematon kenttä 'sähköposti' — tarkoititko 'sahkoposti'? [unknown-key]",
        "2 virhettä 1 tiedostossa",
    ]


def test_warnings_pass_unless_strict(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit(OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 2025-01-01")
    assert run(site.root, "validate", "--today", "2026-11-23", "--format", "text") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "Kunnossa: 1 järjestö, 1 tarjonta, 1 varoitus"
    assert out[0].startswith(f"{OFFER}:44:14: varoitus: tiedot on tarkistettu viimeksi 2025-01-01")
    assert run(site.root, "validate", "--today", "2026-11-23", "--strict") == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 varoitus 1 tiedostossa"


def test_usage_errors_exit_2(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run(site.root, "validate", "--today", "huomenna")
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        run(site.root, "tuntematon")
    assert exited.value.code == 2
    assert run(site.root, "new", "offer", "esimerkki-ry", "Iso_Nimi") == 2
    assert "ei kelpaa tunnukseksi" in capsys.readouterr().err
    assert run(site.root, "new", "organisation", "index") == 2
    assert capsys.readouterr().err.startswith("tarjotin: 'index' on varattu sivuston omalle sivulle")
    assert not (site.root / "organisations" / "index.yml").exists()


def test_a_folder_that_is_not_a_catalogue_says_where_to_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "validate") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{tmp_path}/site_config/taxonomy.yml:1:1: tiedostoa ei voi lukea (tiedostoa tai kansiota ei ole) — "
        "aja komento tarjottimen kansiossa tai anna sen polku valitsimella --root [unreadable]"
    )


def test_broken_taxonomy_is_reported_not_raised(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    (site.root / "site_config" / "taxonomy.yml").write_text("teemat: [\n", encoding="utf-8")
    assert run(site.root, "validate") == 1
    err = capsys.readouterr().err
    assert "site_config/taxonomy.yml:2:1:" in err and "Traceback" not in err


def _fifteen_problems(site: Workspace) -> None:
    text = site.read(OFFER)
    for number in range(15):
        broken = text.replace('alkaa: "17:30"', f"alkaa: {900 + number}").replace("nimi: Omaisten", f"nimi: O{number}")
        site.write(f"catalogue/esimerkki-ry/ryhma-{number:02}.yml", broken)


def test_github_format_annotates_every_problem_and_writes_the_summary(
    site: Workspace, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _fifteen_problems(site)
    summary = tmp_path / "summary.md"
    summary.write_text("aiempi vaihe\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run(site.root, "validate", "--today", "2026-11-23") == 1
    out = capsys.readouterr().out.splitlines()
    annotations = [line for line in out if line.startswith("::error ")]
    assert len(annotations) == 15
    assert annotations[0] == (
        "::error file=catalogue/esimerkki-ry/ryhma-00.yml,line=29,col=12,title=time-format::"
        "'alkaa' pitää olla muotoa HH:MM, nyt '900' — kirjoita esim. \"09:30\""
    )
    assert out[-1] == "15 virhettä 15 tiedostossa"
    table = summary.read_text(encoding="utf-8").splitlines()
    assert table[0] == "aiempi vaihe"  # appended, not overwritten
    rows = [line for line in table if line.startswith("| catalogue/")]
    assert len(rows) == 15
    assert rows[0].startswith("| catalogue/esimerkki-ry/ryhma-00.yml | 29 | 12 | virhe | 'alkaa' pitää olla")


def test_github_annotation_escapes_newlines_and_separators() -> None:
    from generator.problems import Problem, format_github

    problem = Problem("a,b:c.yml", 1, 2, "x", "rivi 1\nrivi 2 100%", "vihje")
    assert format_github(problem) == "::error file=a%2Cb%3Ac.yml,line=1,col=2,title=x::rivi 1%0Arivi 2 100%25 — vihje"


def test_demo_catalogue_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(REPO, "validate", "--today", "2026-11-23", "--format", "text") == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("Kunnossa: ")


def test_new_files_validate_once_filled(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(site.root, "new", "organisation", "uusi-ry") == 0
    assert run(site.root, "new", "offer", "uusi-ry", "kerho") == 0
    organisation = site.read("organisations/uusi-ry.yml")
    offer = site.read("catalogue/uusi-ry/kerho.yml")
    assert organisation.startswith("# yaml-language-server: $schema=../site_config/schema/jarjesto.schema.json\n")
    assert offer.startswith("# yaml-language-server: $schema=../../site_config/schema/tarjonta.schema.json\n")
    capsys.readouterr()
    assert run(site.root, "validate") == 1  # empty required fields are reported, not published
    assert "'nimi' on tyhjä" in capsys.readouterr().out

    filled_organisation = {
        "nimi:\n": "nimi: Uusi ry\n",
        "ytunnus:\n": "",
        "kuvaus: |\n\n\n": "kuvaus: Uusi yhdistys.\n",
        "kotisivu:\nsahkoposti:\npuhelin:\nosoite:\n": "",
        "yllapitajat: []": "yllapitajat: [uusi-kayttaja]",
    }
    filled_offer = {
        "\nnimi:\n": "\nnimi: Kerho\n",
        "lyhyesti:\n": "lyhyesti: Kerho kaikille.\n",
        "kuvaus: |\n\n\n": "kuvaus: Kerhossa tavataan.\n",
        "selkokieli:\n": "",
        "teemat: []": "teemat: [ikaantyneet]",
        "muoto:\n": "muoto: ryhmatoiminta\n",
        "kohderyhmat: []": "kohderyhmat: [ikaantyneet]",
        "ika:\n  min:\n  max:\n": "",
        "kunnat: []": "kunnat: [mantsala]",
        "  ohje:\n  linkki:\n": "",
        "  - nimi:\n    osoite:\n    postinumero:\n    kunta:\n": (
            '  - nimi: Kerhotila\n    osoite: Kerhotie 1\n    postinumero: "04600"\n    kunta: mantsala\n'
        ),
        "  - viikonpaivat: []\n    alkaa:\n    loppuu:\n": '  - viikonpaivat: [ke]\n    alkaa: "13:00"\n    loppuu: "15:00"\n',
        "  puhelin:\n  sahkoposti:\n  verkkosivu:\n": "  sahkoposti: kerho@example.fi\n",
    }
    for relative, fills in (
        ("organisations/uusi-ry.yml", filled_organisation),
        ("catalogue/uusi-ry/kerho.yml", filled_offer),
    ):
        for old, new in fills.items():
            site.edit(relative, old, new)
    assert run(site.root, "validate") == 0, capsys.readouterr().out
    assert run(site.root, "new", "offer", "uusi-ry", "kerho") == 1  # never overwrites
    assert run(site.root, "new", "offer", "puuttuva-ry", "kerho") == 1
    assert "järjestöä 'puuttuva-ry' ei ole" in capsys.readouterr().err


def test_committed_schemas_are_what_the_models_produce(taxonomy: Taxonomy) -> None:
    for name, model in SCHEMAS.items():
        committed = (REPO / SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == render(model, taxonomy), f"{name} is stale: run 'tarjotin schema'"


def test_schema_titles_are_finnish_and_codes_are_enums(taxonomy: Taxonomy) -> None:
    schema = build_schema(Offer, taxonomy)
    assert schema["title"] == "Tarjonta"
    themes = schema["properties"]["teemat"]["items"]
    assert themes["enum"] == list(taxonomy.themes)
    assert themes["enumDescriptions"][0] == "Mielenterveys ja päihteet"
    assert {d["title"] for d in schema["$defs"].values()} >= {"Paikka", "Viikoittainen aika", "Yhteyshenkilö"}


def _as_an_editor_reads(relative: str) -> dict[str, Any]:
    """Return a fixture file as an editor's YAML 1.2 reader sees it: dates stay text, numbers and truths do not."""
    data: dict[str, Any] = yaml.load((DATA / "valid" / relative).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    if relative == OFFER:
        data["ika"]["min"] = int(data["ika"]["min"])
        data["ilmoittautuminen"]["tarvitaan"] = True
        data["yhteystiedot"]["henkilo"]["suostumus"] = True
        data["paikat"][0]["sijainti"] = {"lat": 60.40, "lon": 25.03}
    else:
        data["esimerkki"] = True
    return data


def test_schema_accepts_the_valid_fixture(taxonomy: Taxonomy) -> None:
    jsonschema.validate(_as_an_editor_reads(OFFER), build_schema(Offer, taxonomy))
    jsonschema.validate(_as_an_editor_reads(ORGANISATION), build_schema(Organisation, taxonomy))


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            yield from _patterns(item)


def test_every_schema_pattern_is_anchored(taxonomy: Taxonomy) -> None:
    """A JSON Schema pattern matches anywhere in a text: unanchored, "[0-9]{5}" would take "x04300y"."""
    schemas = [*(build_schema(model, taxonomy) for model in SCHEMAS.values()), catalogue_schema(taxonomy)]
    patterns = [pattern for schema in schemas for pattern in _patterns(schema)]
    assert len(patterns) >= 4
    assert [p for p in patterns if not (p.startswith("^") and p.endswith("$"))] == []


@pytest.mark.parametrize(
    ("model", "relative", "where", "value"),
    [
        (Offer, OFFER, ("ajat", 0, "alkaa"), "x17:30y"),
        (Offer, OFFER, ("paikat", 0, "postinumero"), "04300 Tuusula"),
        (Organisation, ORGANISATION, ("ytunnus",), "FI1572860-0"),
        (Organisation, ORGANISATION, ("yllapitajat", 0), "esimerkki kayttaja"),
    ],
)
def test_schema_refuses_text_around_a_valid_value(
    taxonomy: Taxonomy, model: type[BaseModel], relative: str, where: tuple[str | int, ...], value: str
) -> None:
    data = _as_an_editor_reads(relative)
    *parents, last = where
    functools.reduce(operator.getitem, parents, data)[last] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, build_schema(model, taxonomy))


def test_build_writes_the_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site_source(tmp_path, DATA / "site")
    assert run(root, "build", "--today", "2026-11-23") == 0
    assert capsys.readouterr().out == "Sivusto rakennettu kansioon site\n"
    assert (root / "site" / "tarjonta" / "esimerkki-ry" / "vertaisryhma" / "index.html").is_file()


def test_build_stops_with_the_messages_validate_prints(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(REPO / "mkdocs.yml", site.root)
    site.edit(OFFER, 'alkaa: "17:30"', "alkaa: 930")
    site.edit(OFFER, 'postinumero: "04300"', "postinumero: 4300")
    assert run(site.root, "validate", "--today", "2026-11-23") == 1
    validated = capsys.readouterr().out.splitlines()
    assert run(site.root, "build", "--today", "2026-11-23") == 1
    built = capsys.readouterr().err.splitlines()
    assert len(validated) == 3
    assert built[:2] == validated[:2]
    assert built[2] == "tarjotin: luettelossa on virheitä, joten sivustoa ei rakennettu"
    assert not (site.root / "site").exists()
    assert not (site.root / "build").exists()


def _only_line(err: str) -> str:
    """Return the one line a refused command printed to stderr."""
    assert "Traceback" not in err
    (line,) = err.splitlines()
    return line


@pytest.mark.parametrize(
    ("site_dir", "expected"),
    [
        (
            "tiedosto.txt",
            "tarjotin: sivuston kansion {site} paikalla on tiedosto: valitse toinen kansio tai poista tiedosto",
        ),
        (
            "catalogue/sivusto",
            "tarjotin: sivustoa ei voi rakentaa kansioon {site}, koska se on kansiossa catalogue: valitse toinen kansio",
        ),
        (
            ".",
            "tarjotin: sivustoa ei voi rakentaa kansioon {site}, koska sen tilalle kirjoitettu sivusto poistaisi "
            "kansion catalogue: valitse toinen kansio",
        ),
        (
            "muistiinpanot",
            "tarjotin: kansiossa {site} on muuta kuin aiemmin rakennettu sivusto, ja sivusto korvaisi kansion "
            "kokonaan: valitse uusi tai tyhjä kansio",
        ),
        (
            "tiedosto.txt/sivusto",
            "tarjotin: sivustoa ei voi kirjoittaa kansioon {site}: polussa on tiedosto kansion paikalla",
        ),
    ],
    ids=[
        "a_file_in_its_place",
        "inside_the_catalogue",
        "the_catalogue_itself",
        "a_folder_of_other_files",
        "below_a_file",
    ],
)
def test_build_refuses_a_site_folder_it_cannot_use(
    site: Workspace, capsys: pytest.CaptureFixture[str], site_dir: str, expected: str
) -> None:
    site.write("tiedosto.txt", "muistiinpanoja\n")
    site.write("muistiinpanot/kokous.txt", "muistiinpanoja\n")
    before = sorted(site.root.rglob("*"))
    assert run(site.root, "build", "--today", "2026-11-23", "--site-dir", str(site.root / site_dir)) == 2
    assert _only_line(capsys.readouterr().err) == expected.format(site=(site.root / site_dir).resolve())
    assert sorted(site.root.rglob("*")) == before
    assert site.read("tiedosto.txt") == "muistiinpanoja\n"


@pytest.mark.parametrize(
    ("outdir", "source"),
    [
        ("catalogue", "catalogue"),
        ("catalogue/esimerkki-ry/avoin-data", "catalogue"),
        ("organisations", "organisations"),
        ("site_config/data", "site_config"),
    ],
)
def test_export_refuses_a_folder_the_build_reads(
    site: Workspace, capsys: pytest.CaptureFixture[str], outdir: str, source: str
) -> None:
    """Files exported there would be read as the catalogue's own, or published as the site's pages."""
    before = sorted(site.root.rglob("*"))
    assert run(site.root, "export", "--today", "2026-11-23", str(site.root / outdir)) == 2
    assert _only_line(capsys.readouterr().err) == (
        f"tarjotin: avointa dataa ei voi kirjoittaa kansioon {(site.root / outdir).resolve()}, koska se on kansiossa "
        f"{source}: valitse toinen kansio"
    )
    assert sorted(site.root.rglob("*")) == before
