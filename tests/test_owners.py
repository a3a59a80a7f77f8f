"""Who may change what: the generated CODEOWNERS and the ownership check of a pull request."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import OFFER, ORGANISATION, REPO, Workspace

from generator.cli import main
from generator.owners import CODEOWNERS, codeowners

OTHER_ORGANISATION = "organisations/toinen-ry.yml"
OTHER_OFFER = "catalogue/toinen-ry/kerho.yml"


def test_committed_codeowners_is_what_owners_generates() -> None:
    committed = (REPO / CODEOWNERS).read_text(encoding="utf-8")
    assert committed == codeowners(REPO), "CODEOWNERS is stale: run 'tarjotin owners'"


def test_codeowners_names_only_the_curators(workspace: Workspace) -> None:
    # GitHub ignores code owners without write access, which maintainers usually lack.
    workspace.write("site_config/yllapito.yml", "kuraattorit: [kuraattori-a, kuraattori-b]\n")
    text = codeowners(workspace.root)
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rules == ["* @kuraattori-a @kuraattori-b"]
    assert "esimerkki-kayttaja" in workspace.read(ORGANISATION) and "esimerkki-kayttaja" not in text


def test_owners_check_fails_once_a_curator_is_added(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(REPO / "site_config", workspace.root / "site_config")
    assert main(["--root", str(workspace.root), "owners"]) == 0
    assert capsys.readouterr().out == f"Kirjoitettu {CODEOWNERS}\n"
    assert main(["--root", str(workspace.root), "owners", "--check"]) == 0
    assert capsys.readouterr().out == f"{CODEOWNERS} on ajan tasalla\n"
    workspace.edit(ORGANISATION, "yllapitajat: [esimerkki-kayttaja]", "yllapitajat: [esimerkki-kayttaja, uusi]")
    assert main(["--root", str(workspace.root), "owners", "--check"]) == 0  # maintainers are not listed
    workspace.edit("site_config/yllapito.yml", "kuraattorit: [", "kuraattorit: [uusi-kuraattori, ")
    capsys.readouterr()
    before = workspace.read(str(CODEOWNERS))
    assert main(["--root", str(workspace.root), "owners", "--check"]) == 1
    assert capsys.readouterr().out.startswith(".github/CODEOWNERS ei vastaa kuraattoreiden luetteloa")
    assert workspace.read(str(CODEOWNERS)) == before  # --check writes nothing
    assert main(["--root", str(workspace.root), "owners"]) == 0
    assert "@uusi-kuraattori" in workspace.read(str(CODEOWNERS))


def test_a_broken_curator_list_is_reported_at_its_line(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "site_config", workspace.root / "site_config")
    workspace.write("site_config/yllapito.yml", "# kuraattorit\nkuraattorit: [hyva, '@@huono']\n")
    assert main(["--root", str(workspace.root), "owners"]) == 1
    assert "site_config/yllapito.yml:2:" in capsys.readouterr().err


class Repository:
    """A git repository of a small catalogue: main holds two organisations, a branch is the pull request."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.root = workspace.root

    def git(self, *args: str) -> None:
        env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        identity = ["-c", "user.name=Testi", "-c", "user.email=testi@example.fi", "-c", "commit.gpgsign=false"]
        subprocess.run(["git", *identity, *args], cwd=self.root, env=env, check=True, capture_output=True)

    def commit(self, message: str) -> None:
        self.git("add", "--all")
        self.git("commit", "--quiet", "--message", message)

    def check(self, author: str, *extra: str) -> int:
        return main(["--root", str(self.root), "check-owner", "--author", author, "--base", "main", *extra])


@pytest.fixture
def repository(workspace: Workspace) -> Repository:
    workspace.write("site_config/yllapito.yml", "kuraattorit: [kuraattori-a]\n")
    other = workspace.read(ORGANISATION).replace("esimerkki-kayttaja", "toinen-kayttaja")
    workspace.write(OTHER_ORGANISATION, other.replace("Esimerkki ry", "Toinen ry"))
    workspace.write(OTHER_OFFER, workspace.read(OFFER))
    repository = Repository(workspace)
    repository.git("init", "--quiet", "--initial-branch", "main")
    repository.commit("Perusversio")
    repository.git("switch", "--quiet", "--create", "muutos")
    return repository


def test_a_maintainer_may_change_their_own_files(repository: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    repository.workspace.edit(OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 2026-11-20")
    repository.workspace.write("catalogue/esimerkki-ry/uusi.yml", repository.workspace.read(OFFER))
    repository.commit("Uusi ryhmä")
    assert repository.check("Esimerkki-Kayttaja", "--format", "text") == 0  # user names ignore case
    assert capsys.readouterr().out == "Kunnossa: @Esimerkki-Kayttaja saa muuttaa kaikkia muuttamiaan tiedostoja\n"


def test_changing_another_organisations_files_fails_naming_the_files_and_the_organisation(
    repository: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    repository.workspace.edit(OFFER, "hinta: maksuton", "hinta:\n  maksu: 50 €")
    repository.workspace.write("catalogue/esimerkki-ry/uusi.yml", repository.workspace.read(OFFER))
    repository.workspace.edit(OTHER_OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 2026-11-20")
    repository.commit("Muutoksia")
    assert repository.check("toinen-kayttaja", "--format", "text") == 1
    message = (
        "@toinen-kayttaja ei ole järjestön 'esimerkki-ry' ylläpitäjä eikä kuraattori, joten ei voi muuttaa sen "
        "tiedostoja — järjestön ylläpitäjät (@esimerkki-kayttaja) voivat lisätä sinut kenttään 'yllapitajat' "
        "tiedostossa organisations/esimerkki-ry.yml [not-maintainer]"
    )
    assert capsys.readouterr().out.splitlines() == [
        f"catalogue/esimerkki-ry/uusi.yml:1:1: {message}",
        f"{OFFER}:1:1: {message}",
        "2 virhettä 2 tiedostossa",
    ]


def test_an_organisation_file_that_is_not_utf8_in_the_base_is_still_read(
    repository: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    """Saved as Latin-1 by an old editor: its maintainers still decide, and the check ends with a verdict."""
    repository.git("switch", "--quiet", "main")
    organisation = repository.root / ORGANISATION
    organisation.write_bytes(organisation.read_text(encoding="utf-8").encode("latin-1"))
    repository.commit("Latin-1")
    repository.git("switch", "--quiet", "--force-create", "muutos")
    repository.workspace.edit(OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 2026-11-20")
    repository.commit("Muutos")
    assert repository.check("esimerkki-kayttaja", "--format", "text") == 0
    assert repository.check("toinen-kayttaja", "--format", "text") == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 virhe 1 tiedostossa"


def test_the_refusal_names_the_organisation_file_as_it_is_spelled(
    repository: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    """An organisation kept in a .yaml file: the hint points to that file; the author may be written with @."""
    repository.git("switch", "--quiet", "main")  # owners are read from the base
    organisation = repository.root / ORGANISATION
    organisation.rename(organisation.with_suffix(".yaml"))
    repository.commit("Pääte .yaml")
    repository.git("switch", "--quiet", "--force-create", "muutos")
    repository.workspace.edit(OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 2026-11-20")
    repository.commit("Muutos")
    assert repository.check("@toinen-kayttaja", "--format", "text") == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{OFFER}:1:1: @toinen-kayttaja ei ole järjestön 'esimerkki-ry' ylläpitäjä")
    assert first.endswith("tiedostossa organisations/esimerkki-ry.yaml [not-maintainer]")


def test_a_curator_may_change_every_file(repository: Repository) -> None:
    repository.workspace.edit(OFFER, "hinta: maksuton", "hinta:\n  maksu: 5 €")
    repository.workspace.edit(OTHER_ORGANISATION, "yllapitajat: [toinen-kayttaja]", "yllapitajat: [uusi]")
    repository.commit("Kuraattorin korjaus")
    assert repository.check("@kuraattori-a") == 0


def test_adding_yourself_as_a_maintainer_in_the_same_pull_request_does_not_count(
    repository: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    repository.workspace.edit(ORGANISATION, "yllapitajat: [esimerkki-kayttaja]", "yllapitajat: [tunkeilija]")
    repository.workspace.edit("site_config/yllapito.yml", "[kuraattori-a]", "[kuraattori-a, tunkeilija]")
    repository.workspace.edit(OFFER, "hinta: maksuton", "hinta:\n  maksu: 500 €")
    repository.commit("Otan ryhmän")
    assert repository.check("tunkeilija", "--format", "text") == 1
    paths = [line.split(":")[0] for line in capsys.readouterr().out.splitlines()[:-1]]
    assert paths == [OFFER, ORGANISATION, "site_config/yllapito.yml"]


SHARED = [
    ".github/CODEOWNERS",
    ".github/workflows/julkaisu.yml",
    "catalogue/irrallinen.yml",  # in no organisation's folder
    "generator/cli.py",
    "organisations/lueteltu/muu.yml",
    "site_config/taxonomy.yml",
    "site_config/yllapito.yml",
]


def test_only_curators_may_change_files_of_the_whole_catalogue(
    repository: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in SHARED:
        repository.workspace.write(path, "muutettu: true\n")
    repository.workspace.edit(OFFER, "hinta: maksuton", "hinta:\n  maksu: 5 €")  # their own file: allowed
    repository.commit("Kaikenlaista")
    assert repository.check("esimerkki-kayttaja", "--format", "text") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{path}:1:1: vain ylläpitäjätiimi (kuraattorit) voi muuttaa tiedostoa {path}, joka ei kuulu millekään "
        "järjestölle; @esimerkki-kayttaja ei ole kuraattori — muuta vain kansioiden organisations/ ja catalogue/ "
        "järjestösi tiedostoja, ja ehdota muita muutoksia kuraattoreille tiketillä [curators-only]"
        for path in SHARED
    ] + [f"{len(SHARED)} virhettä {len(SHARED)} tiedostossa"]
    assert repository.check("kuraattori-a") == 0


def test_moving_a_file_out_of_another_organisation_counts_as_removing_it(
    repository: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    repository.git("mv", OFFER, "catalogue/toinen-ry/vertaisryhma.yml")
    repository.commit("Siirto")
    assert repository.check("toinen-kayttaja", "--format", "text") == 1
    assert capsys.readouterr().out.splitlines()[0].startswith(f"{OFFER}:1:1: @toinen-kayttaja ei ole järjestön")


def test_a_new_organisation_passes_with_a_warning_for_the_curator(
    repository: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    organisation = repository.workspace.read(ORGANISATION).replace("esimerkki-kayttaja", "uusi-kayttaja")
    repository.workspace.write("organisations/uusi-ry.yml", organisation)
    repository.workspace.write("catalogue/uusi-ry/kerho.yml", repository.workspace.read(OFFER))
    repository.commit("Uusi järjestö")
    assert repository.check("uusi-kayttaja", "--format", "github") == 0
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::warning file={path},line=1,col=1,title=new-organisation::'uusi-ry' on uusi järjestö — "
        "kuraattori tarkistaa uuden järjestön ja sen ylläpitäjät ennen julkaisua"
        for path in ("catalogue/uusi-ry/kerho.yml", "organisations/uusi-ry.yml")
    ]


def test_refusals_reach_the_job_summary_under_github_actions(
    repository: Repository, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repository.workspace.edit(OFFER, "hinta: maksuton", "hinta:\n  maksu: 5 €")
    repository.commit("Muutos")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert repository.check("toinen-kayttaja") == 1
    assert capsys.readouterr().out.startswith(f"::error file={OFFER},line=1,col=1,title=not-maintainer::")
    assert summary.read_text(encoding="utf-8").startswith("### Muutosoikeudet: 1 virhe 1 tiedostossa\n")


def test_an_unknown_base_is_one_finnish_line(repository: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repository.root), "check-owner", "--author", "a", "--base", "puuttuva"]) == 1
    assert capsys.readouterr().err == (
        "tarjotin: versiota 'puuttuva' ei löydy: tarkista --base, ja että versio on haettu (git fetch)\n"
    )


def test_a_base_of_another_history_is_one_finnish_line(
    repository: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    repository.git("switch", "--quiet", "--orphan", "irrallinen")
    repository.workspace.write(OFFER, "nimi: Irrallinen\n")
    repository.commit("Toinen historia")
    assert repository.check("esimerkki-kayttaja", "--format", "text") == 1
    assert capsys.readouterr().err == (
        "tarjotin: muutoksia ei voi verrata versioon 'main', koska niillä ei ole yhteistä historiaa: "
        "hae lisää historiaa (git fetch --deepen) tai tarkista --base\n"
    )


def test_a_folder_that_is_no_repository_is_one_finnish_line(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(workspace.root), "check-owner", "--author", "a", "--base", "main"]) == 1
    assert capsys.readouterr().err == f"tarjotin: kansio {workspace.root} ei ole git-tietovarasto\n"


def _ci_command() -> list[str]:
    """Return the check-owner command line of the pull-request workflow, as it runs there."""
    workflow = yaml.load((REPO / ".github/workflows/tarkistus.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    steps = workflow["jobs"]["tiedostot"]["steps"]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "2"
    line = next(step["run"] for step in steps if step.get("run", "").startswith("tarjotin check-owner"))
    return shlex.split(line)[1:]


@pytest.mark.parametrize(("author", "code"), [("esimerkki-kayttaja", 0), ("toinen-kayttaja", 1)])
def test_check_owner_works_in_the_shallow_merge_checkout_of_ci(
    repository: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str], author: str, code: int
) -> None:
    repository.workspace.edit(OFFER, "hinta: maksuton", "hinta:\n  maksu: 5 €")
    repository.commit("Pull request")
    repository.git("switch", "--quiet", "main")
    repository.workspace.edit(OTHER_OFFER, "tarkistettu: 2026-11-01", "tarkistettu: 2026-11-20")
    repository.commit("Main moves on")
    # GitHub checks out a merge commit whose first parent is the base branch, two commits deep.
    repository.git("switch", "--quiet", "--create", "merge")
    repository.git("merge", "--quiet", "--no-ff", "--no-edit", "muutos")
    clone = tmp_path / "clone"
    repository.git("clone", "--quiet", "--depth", "2", "--branch", "merge", f"file://{repository.root}", str(clone))
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=clone, capture_output=True, text=True, check=True
    )
    assert shallow.stdout.strip() == "true"
    args = [arg.replace("$AUTHOR", author) for arg in _ci_command()]
    capsys.readouterr()
    assert main(["--root", str(clone), *args]) == code
    out = capsys.readouterr().out
    if code:
        # Only the pull request's own change is checked, not what main did meanwhile.
        assert [line.split(",")[0] for line in out.splitlines() if line.startswith("::")] == [f"::error file={OFFER}"]
    else:
        assert out.endswith(f"Kunnossa: @{author} saa muuttaa kaikkia muuttamiaan tiedostoja\n")
