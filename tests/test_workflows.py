"""The GitHub workflows: least privilege, pinned actions, no untrusted text in scripts, only tested commands."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

from generator.cli import _parser
from generator.fields import SLUG

WORKFLOWS = REPO / ".github" / "workflows"
# A pinned action: the full commit and, as a comment, the release it is.
PINNED = re.compile(r"^\s*(?:- )?uses: (actions/[a-z-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")
# Values the workflows give through the environment, for parsing their commands.
ENVIRONMENT = {"ISSUE": "7", "AUTHOR": "esimerkki-kayttaja", "RUNNER_TEMP": "/tmp"}


def _load(path: Path) -> dict[str, Any]:
    # YAML 1.1 would read the key `on` as true; as text every key stays what it says.
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return data


def _workflows() -> dict[str, dict[str, Any]]:
    return {path.name: _load(path) for path in sorted(WORKFLOWS.glob("*.yml"))}


def _steps() -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{name}/{job_id}", step)
        for name, workflow in _workflows().items()
        for job_id, job in workflow["jobs"].items()
        for step in job["steps"]
    ]


def test_zizmor_finds_nothing() -> None:
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", str(WORKFLOWS)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_triggers() -> None:
    triggers = {name: workflow["on"] for name, workflow in _workflows().items()}
    assert triggers == {
        "julkaisu.yml": {"push": {"branches": ["main"]}, "schedule": [{"cron": "17 2 * * *"}], "workflow_dispatch": ""},
        "lomake.yml": {"issues": {"types": ["opened", "edited"]}},
        "tarkistus.yml": {"pull_request": {"types": ["opened", "synchronize", "reopened", "ready_for_review"]}},
        "vanhentuneet.yml": {"schedule": [{"cron": "23 5 * * 1"}], "workflow_dispatch": ""},
    }


def test_no_token_by_default_and_least_privilege_per_job() -> None:
    workflows = _workflows()
    assert all(workflow["permissions"] == {} for workflow in workflows.values())
    permissions = {
        f"{name}/{job_id}": job["permissions"]
        for name, workflow in workflows.items()
        for job_id, job in workflow["jobs"].items()
    }
    assert permissions == {
        "julkaisu.yml/rakenna": {"contents": "read", "pages": "read"},
        "julkaisu.yml/julkaise": {"pages": "write", "id-token": "write"},
        "lomake.yml/lue": {"contents": "read"},
        "lomake.yml/vie": {"contents": "write", "pull-requests": "write", "issues": "write"},
        "tarkistus.yml/tiedostot": {"contents": "read"},
        "tarkistus.yml/testit": {"contents": "read"},
        "vanhentuneet.yml/raportti": {"contents": "read", "issues": "write"},
    }
    # Only the deploy job touches Pages, and it runs nothing from the repository.
    assert [step.get("uses", "").split("@")[0] for step in workflows["julkaisu.yml"]["jobs"]["julkaise"]["steps"]] == [
        "actions/deploy-pages"
    ]


def test_every_action_is_a_pinned_official_one() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert PINNED.match(line), f"{path.name}: {line.strip()}"


def test_checkouts_keep_no_credentials() -> None:
    for name, workflow in _workflows().items():
        for job_id, job in workflow["jobs"].items():
            checkouts = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
            # A job that runs commands needs the repository once; one that only runs actions needs none.
            runs = any("run" in step for step in job["steps"])
            assert len(checkouts) == int(runs), f"{name}/{job_id}"
            assert all(step["with"]["persist-credentials"] == "false" for step in checkouts)


def test_untrusted_text_reaches_scripts_only_through_the_environment() -> None:
    for where, step in _steps():
        assert "${{" not in step.get("run", ""), f"{where}: an expression inside run: {step['run']}"
    lomake = _workflows()["lomake.yml"]["jobs"]["lue"]["steps"]
    read = next(step for step in lomake if step.get("id") == "lomake")
    assert read["env"]["BODY"] == "${{ github.event.issue.body }}"


def _tarjotin_commands() -> list[tuple[str, list[str]]]:
    commands = []
    for where, step in _steps():
        for line in step.get("run", "").splitlines():
            if line.strip().startswith("tarjotin "):
                words = shlex.split(line.strip())[1:]
                expanded = [re.sub(r"\$(\w+)", lambda m: ENVIRONMENT[m[1]], word) for word in words]
                commands.append((where, expanded))
    return commands


def test_workflows_run_valid_tarjotin_commands_from_a_known_set() -> None:
    commands = _tarjotin_commands()
    for where, args in commands:
        try:
            _parser().parse_args(args)
        except SystemExit:
            pytest.fail(f"{where}: tarjotin {' '.join(args)} is not a valid command")
    # The set is pinned: a workflow that starts running another command needs a test of it
    # (these are run by tests/test_cli.py, test_owners.py, test_report.py and test_from_issue.py).
    assert {args[0] for _, args in commands} == {"validate", "check-owner", "owners", "build", "report", "from-issue"}
    others = [
        line.split()[0]
        for _, step in _steps()
        for line in step.get("run", "").splitlines()
        if line.strip() and not line.startswith((" ", "if", "fi", "else", "elif"))
    ]
    assert "mkdocs" not in others and "pytest" not in others  # tests run through .ci/run, the site through tarjotin


def test_deploy_uploads_what_the_build_writes() -> None:
    build = _workflows()["julkaisu.yml"]["jobs"]["rakenna"]["steps"]
    assert [step["run"] for step in build if step.get("name") == "Rakenna sivusto ja offline-versio"] == [
        "tarjotin build --zip"
    ]
    upload = next(step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"


def test_the_published_address_is_the_same_on_every_trigger() -> None:
    # On a schedule run github.event has no repository: the nightly build once linked to
    # https://<owner>.github.io// everywhere. The address comes from GitHub's Pages settings instead.
    for name, workflow in _workflows().items():
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        if "schedule" in workflow["on"]:
            assert "github.event." not in text, f"{name} runs on schedule, where github.event lacks most fields"
    # mkdocs.yml takes the published address for absolute links from SITE_URL.
    assert "!ENV [SITE_URL" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    job = _workflows()["julkaisu.yml"]["jobs"]["rakenna"]
    assert "SITE_URL" not in job.get("env", {})
    uses = [step.get("uses", "").split("@")[0] for step in job["steps"]]
    pages = job["steps"][uses.index("actions/configure-pages")]
    build = next(step for step in job["steps"] if step.get("run") == "tarjotin build --zip")
    assert uses.index("actions/configure-pages") < job["steps"].index(build)
    # A repository variable overrides the address, e.g. for a domain Pages does not know.
    assert build["env"]["SITE_URL"] == f"${{{{ vars.SITE_URL || steps.{pages['id']}.outputs.base_url }}}}"


def test_pre_commit_runs_the_same_checks_on_content_files() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) == {"tarjotin-validate", "tarjotin-owners"}
    for hook in hooks.values():
        entry = shlex.split(hook["entry"])
        assert entry[0] == "tarjotin"
        _parser().parse_args(entry[1:])
        assert hook["pass_filenames"] is False
    content = re.compile(hooks["tarjotin-validate"]["files"])
    demo = [path.relative_to(REPO).as_posix() for path in (*REPO.glob("organisations/*"), *REPO.glob("catalogue/*/*"))]
    assert demo and all(content.search(path) for path in demo)
    assert not content.search("README.md") and not content.search("generator/cli.py")
    # CODEOWNERS names the curators only, so only their list can make it stale.
    owners = re.compile(hooks["tarjotin-owners"]["files"])
    assert owners.search("site_config/yllapito.yml") and not owners.search("organisations/majakkapiiri.yml")


def test_the_form_is_read_without_a_write_token_and_written_without_running_the_repository() -> None:
    jobs = _workflows()["lomake.yml"]["jobs"]
    read, write = jobs["lue"], jobs["vie"]
    assert "write" not in read["permissions"].values()
    assert "github.token" not in str(read) and "GH_TOKEN" not in str(read)
    assert write["needs"] == "lue"
    # The writing job installs and runs nothing: no Python, no tarjotin, no package manager.
    assert not any(step.get("uses", "").startswith("actions/setup-") for step in write["steps"])
    commands = [line.split()[0] for step in write["steps"] for line in step.get("run", "").splitlines() if line.strip()]
    assert not {"python", "pip", "tarjotin", "npm", "npx", "make"} & set(commands)
    assert not any(command.startswith(("./", ".ci")) for command in commands)


def _path_check() -> str:
    steps = _workflows()["lomake.yml"]["jobs"]["vie"]["steps"]
    return str(next(step for step in steps if step.get("id") == "polku")["run"])


def test_the_path_check_takes_the_same_ids_as_tarjotin() -> None:
    assert "catalogue/" + SLUG.pattern.replace("(?:", "(") + "/" + SLUG.pattern.replace("(?:", "(") in _path_check()


VALID = "catalogue/esimerkki-ry/omaisten-ryhma.yml"


@pytest.mark.parametrize(
    ("files", "found"),
    [
        ({"viesti.md": "x"}, ""),
        ({"viesti.md": "x", VALID: "x"}, VALID),
        ({"viesti.md": "x", "catalogue/esimerkki-ry/ryhma.yaml": "x"}, "catalogue/esimerkki-ry/ryhma.yaml"),
        ({VALID: "x"}, None),  # no message
        ({"viesti.md": "x", ".github/workflows/x.yml": "x"}, None),
        ({"viesti.md": "x", "catalogue/Esimerkki/x.yml": "x"}, None),
        ({"viesti.md": "x", "catalogue/esimerkki-ry/x.sh": "x"}, None),
        ({"viesti.md": "x", "organisations/esimerkki-ry.yml": "x"}, None),
        ({"viesti.md": "x", VALID: "x", "catalogue/esimerkki-ry/toinen.yml": "x"}, None),
        ({"viesti.md": "x", VALID: "x", "muu.txt": "x"}, None),
        ({"viesti.md": "x", VALID: "-> /etc/passwd"}, None),
        ({"viesti.md": "-> muu.md", "muu.md": "x"}, None),
    ],
)
def test_the_path_check_lets_through_only_the_message_and_one_offer_file(
    tmp_path: Path, files: dict[str, str], found: str | None
) -> None:
    folder = tmp_path / "lomake"
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if content.startswith("-> "):
            target.symlink_to(content.removeprefix("-> "))
        else:
            target.write_text(content, encoding="utf-8")
    output = tmp_path / "output"
    output.touch()
    env = {"PATH": os.environ["PATH"], "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output)}
    # The shell GitHub runs a bash step with.
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _path_check()], env=env, capture_output=True
    )
    if found is None:
        assert result.returncode != 0
    else:
        assert result.returncode == 0, result.stderr
        assert output.read_text(encoding="utf-8") == f"polku={found}\n"


@pytest.mark.parametrize(
    "name",
    [
        "CONTRIBUTING.md",
        ".github/PULL_REQUEST_TEMPLATE.md",
        ".github/ISSUE_TEMPLATE/uusi-tarjonta.yml",
        ".github/ISSUE_TEMPLATE/paivita-tarjontaa.yml",
    ],
)
def test_contributor_texts_point_to_the_published_guide_and_to_sources_that_exist(name: str) -> None:
    text = (REPO / name).read_text(encoding="utf-8")
    assert "**Ohjeet**" in text and "`ohjeet/`" in text  # the site's address is not known here, its path is
    sources = re.findall(r"\]\((?:\.\./blob/main/)?(site_config/pages/[^)]+)\)", text)
    assert sources and all((REPO / source).is_file() for source in sources)
