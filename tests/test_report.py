"""The curator's list of files not checked for a year: `tarjotin report` and the weekly issue body."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import OFFER, ORGANISATION, REPO, Workspace

from generator.cli import main
from generator.entries import published
from generator.taxonomy import TAXONOMY, load_taxonomy
from generator.validate import STALE_PERIOD, validate_catalogue


def test_the_demo_catalogue_has_its_one_stale_offer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "report", "--today", "2026-11-23"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Pornaisten Kylätaloyhdistys ry (esimerkki) (pornaisten-kylatalo), "
        "ylläpitäjät @esimerkki-kayttaja-11, @esimerkki-kayttaja-12:",
        "  catalogue/pornaisten-kylatalo/kaikkien-kerho.yml: Kaikkien kerho, tarkistettu 2025-06-15",
        "1 tiedosto tarkistettu yli vuosi sitten",
    ]


@pytest.fixture
def site(workspace: Workspace) -> Workspace:
    shutil.copytree(REPO / "site_config", workspace.root / "site_config")
    return workspace


@pytest.fixture
def two_organisations(site: Workspace) -> Workspace:
    """Esimerkki ry checked long ago with one stale offer of two; Toinen ry (a '|' in its name) stale too."""
    workspace = site
    workspace.edit(ORGANISATION, "tarkistettu: 2026-11-01", "tarkistettu: 2025-03-01")
    workspace.write("catalogue/esimerkki-ry/tuore.yml", workspace.read(OFFER))
    workspace.edit(OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 2025-10-31")
    other = workspace.read(ORGANISATION).replace("[esimerkki-kayttaja]", "[toinen-a, toinen-b]")
    workspace.write("organisations/toinen-ry.yml", other.replace("nimi: Esimerkki ry", "nimi: Toinen | ry"))
    workspace.write("catalogue/toinen-ry/kerho.yml", workspace.read(OFFER))
    return workspace


def test_stale_files_are_grouped_by_organisation_with_their_maintainers(
    two_organisations: Workspace, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = tmp_path / "raportti.md"
    assert (
        main(["--root", str(two_organisations.root), "report", "--today", "2026-11-23", "--markdown", str(body)]) == 0
    )
    assert capsys.readouterr().out.splitlines() == [
        "Esimerkki ry (esimerkki) (esimerkki-ry), ylläpitäjät @esimerkki-kayttaja:",
        f"  {OFFER}: Omaisten vertaisryhmä, tarkistettu 2025-10-31",
        f"  {ORGANISATION}: Esimerkki ry (esimerkki), tarkistettu 2025-03-01",
        "Toinen | ry (esimerkki) (toinen-ry), ylläpitäjät @toinen-a, @toinen-b:",
        "  catalogue/toinen-ry/kerho.yml: Omaisten vertaisryhmä, tarkistettu 2025-10-31",
        "  organisations/toinen-ry.yml: Toinen | ry (esimerkki), tarkistettu 2025-03-01",
        "4 tiedostoa tarkistettu yli vuosi sitten",
    ]
    markdown = body.read_text(encoding="utf-8")
    assert markdown.startswith(
        "Nämä tiedot on tarkistettu viimeksi yli vuosi sitten (4 tiedostoa, tilanne 2026-11-23).\n"
    )
    sections = markdown.split("\n### ")[1:]
    assert [section.splitlines()[0] for section in sections] == [
        "Esimerkki ry (esimerkki) (`esimerkki-ry`)",
        "Toinen \\| ry (esimerkki) (`toinen-ry`)",
    ]
    assert "Ylläpitäjät: @toinen-a, @toinen-b\n" in sections[1]
    assert sections[1].splitlines()[-2:] == [
        "| `catalogue/toinen-ry/kerho.yml` | Omaisten vertaisryhmä | 2025-10-31 |",
        "| `organisations/toinen-ry.yml` | Toinen \\| ry (esimerkki) | 2025-03-01 |",
    ]


def test_nothing_stale_writes_no_issue_body(
    site: Workspace, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = tmp_path / "raportti.md"
    assert main(["--root", str(site.root), "report", "--today", "2026-11-23", "--markdown", str(body)]) == 0
    assert capsys.readouterr().out == "Kaikki tiedot on tarkistettu viimeisen vuoden aikana.\n"
    assert not body.exists()


def test_a_broken_offer_is_left_to_validation_not_listed(
    two_organisations: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    two_organisations.edit("catalogue/toinen-ry/kerho.yml", 'alkaa: "17:30"', "alkaa: 930")
    assert main(["--root", str(two_organisations.root), "report", "--today", "2026-11-23"]) == 0
    assert "catalogue/toinen-ry/kerho.yml" not in capsys.readouterr().out


def test_the_warning_the_report_and_the_offer_page_name_the_same_period(capsys: pytest.CaptureFixture[str]) -> None:
    phrase = f"yli {STALE_PERIOD} sitten"
    result = validate_catalogue(REPO, load_taxonomy(REPO / TAXONOMY), date(2026, 11, 23))
    assert [phrase in problem.message for problem in result.warnings if problem.code == "stale"] == [True]
    assert main(["--root", str(REPO), "report", "--today", "2026-11-23"]) == 0
    assert capsys.readouterr().out.endswith(f"{phrase}\n")
    stale_notices = [
        notice.text
        for entry in published(result.catalogue, date(2026, 11, 23))
        for notice in entry.notices
        if notice.title == "Tiedot voivat olla vanhentuneita"
    ]
    assert len(stale_notices) == 1
    assert phrase in stale_notices[0]


def test_a_report_file_that_cannot_be_written_is_one_finnish_line(
    two_organisations: Workspace, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "raportti.md"
    folder.mkdir()
    args = ["--root", str(two_organisations.root), "report", "--today", "2026-11-23", "--markdown", str(folder)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err == f"tarjotin: {folder}: se on kansio eikä tiedosto\n"
