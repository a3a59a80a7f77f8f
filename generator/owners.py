"""Who may change what: CODEOWNERS for the curators, and the ownership check of a pull request.

Each organisation's `yllapitajat` may change its own files; the curators of
`site_config/yllapito.yml` may change everything, and only they may change the files of
the whole catalogue (site_config, generator, workflows...). The check of a pull request
reads both from the base revision, so that a pull request cannot make its author an owner.

CODEOWNERS names only the curators: GitHub ignores code owners without write access to
the repository, which association volunteers usually lack, so naming maintainers there
would do nothing but show errors. The ownership check is what enforces who may change what.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, ValidationError

from generator.errors import TarjotinError
from generator.fields import GitHubUser, unique
from generator.load import Document, load_file, load_text
from generator.messages import to_problems
from generator.models import STRICT
from generator.problems import Problem, Severity
from generator.validate import CATALOGUE_DIR, ORGANISATIONS_DIR, YAML_SUFFIXES

CURATION = Path("site_config") / "yllapito.yml"
CODEOWNERS = Path(".github") / "CODEOWNERS"

_HEADER = """\
# Luotu komennolla tarjotin owners kuraattoreista (site_config/yllapito.yml).
# Älä muokkaa käsin: aja tarjotin owners.
#
# Tämä tiedosto pyytää kuraattoreilta katselmoinnin jokaiseen pull requestiin. Järjestöjen
# ylläpitäjiä (yllapitajat) ei luetella täällä: GitHub ohittaa koodin omistajat, joilla ei
# ole kirjoitusoikeutta tietovarastoon, eikä järjestöjen vapaaehtoisilla yleensä ole sitä.
# Sen, että kukin muuttaa vain oman järjestönsä tiedostoja, varmistaa pull requestin
# tarkistus (tarjotin check-owner).
"""


class Curation(BaseModel):
    """Ylläpidon asetukset."""

    model_config = STRICT

    curators: Annotated[list[GitHubUser], AfterValidator(unique)] = Field(alias="kuraattorit", min_length=1)


def _curators(document: Document | Problem) -> list[str]:
    if isinstance(document, Problem):
        raise TarjotinError("kuraattoreita ei voi lukea", [document])
    try:
        return Curation.model_validate(document.data).curators
    except ValidationError as error:
        problems = to_problems(error, document, Curation)
        raise TarjotinError("kuraattoreiden luettelo on virheellinen", problems) from None


def load_curators(root: Path) -> list[str]:
    """Return the curators' GitHub user names from `site_config/yllapito.yml`."""
    return _curators(load_file(root / CURATION, str(CURATION)))


def codeowners(root: Path) -> str:
    """Return the CODEOWNERS text: the curators own everything, so GitHub asks them to review each change."""
    curators = " ".join(f"@{name}" for name in load_curators(root))
    return f"{_HEADER}\n* {curators}\n"


def write_codeowners(root: Path, *, check: bool) -> bool:
    """Write CODEOWNERS, or with `check` only compare it; return whether it was already up to date."""
    text = codeowners(root)
    target = root / CODEOWNERS
    current = target.is_file() and target.read_text(encoding="utf-8") == text
    if not check and not current:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return current


def _git(root: Path, failure: str, *args: str) -> str:
    """Return the output of a git command; if it fails, raise `failure`, since git's own words are English."""
    # A file of the base version that is not UTF-8 is read all the same: only its maintainers are needed.
    result = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, encoding="utf-8", errors="replace", check=False
    )
    if result.returncode != 0:
        raise TarjotinError(failure)
    return result.stdout


def _check_base(root: Path, base: str) -> None:
    """Refuse a folder that is no git repository, and a base that git does not know."""
    _git(root, f"kansio {root} ei ole git-tietovarasto", "rev-parse", "--git-dir")
    failure = f"versiota '{base}' ei löydy: tarkista --base, ja että versio on haettu (git fetch)"
    _git(root, failure, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")


def changed_files(root: Path, base: str) -> list[str]:
    """Return the files changed since the fork point from `base`; a moved file counts as removed and added."""
    failure = (
        f"muutoksia ei voi verrata versioon '{base}', koska niillä ei ole yhteistä historiaa: "
        "hae lisää historiaa (git fetch --deepen) tai tarkista --base"
    )
    output = _git(root, failure, "diff", "--name-only", "--no-renames", "-z", f"{base}...HEAD")
    return sorted(name for name in output.split("\0") if name)


def organisation_of(path: str) -> str | None:
    """Return the organisation whose file `path` is, or None for files of the whole catalogue."""
    parts = PurePosixPath(path).parts
    if len(parts) == 2 and parts[0] == ORGANISATIONS_DIR and parts[1].endswith(YAML_SUFFIXES):
        return PurePosixPath(parts[1]).stem
    if len(parts) >= 3 and parts[0] == CATALOGUE_DIR:
        return parts[1]
    return None


Reader = Callable[[str], str | None]
"""Return the text of a repository file by its path, or None if it is missing."""


def _tree_reader(root: Path) -> Reader:
    return lambda path: (root / path).read_text(encoding="utf-8", errors="replace") if (root / path).is_file() else None


def _git_reader(root: Path, base: str) -> Reader:
    paths = ("--", ORGANISATIONS_DIR, CURATION.as_posix())
    listed = _git(root, f"versiosta '{base}' ei voi lukea tiedostoja", "ls-tree", "-r", "--name-only", base, *paths)
    present = set(listed.splitlines())

    def read(path: str) -> str | None:
        if path not in present:
            return None
        return _git(root, f"tiedostoa {path} ei voi lukea versiosta '{base}'", "show", f"{base}:{path}")

    return read


def _maintainers_of(read: Reader, organisation: str) -> tuple[str, list[str]] | None:
    """Return an organisation's file and the maintainers it lists, or None if the organisation does not exist."""
    for suffix in YAML_SUFFIXES:
        path = f"{ORGANISATIONS_DIR}/{organisation}{suffix}"
        text = read(path)
        if text is None:
            continue
        document = load_text(path, text)
        listed = document.data.get("yllapitajat") if isinstance(document, Document) else None
        names = [name.removeprefix("@") for name in listed if isinstance(name, str)] if isinstance(listed, list) else []
        return path, names
    return None


def _folded(names: list[str]) -> set[str]:
    return {name.lower() for name in names}  # GitHub user names ignore case


def check_paths(read: Reader, author: str, paths: list[str]) -> list[Problem]:
    """Return a problem for each of `paths` that `author` may not change.

    Owners come from `read`. Files of organisations it does not know are new: they pass
    with a warning that a curator reviews the new organisation. Files of no organisation
    (the site, the tools, the workflows, the curator list) are the curators' alone.
    """
    author = author.removeprefix("@")
    text = read(CURATION.as_posix())
    if text is None:
        raise TarjotinError(f"kuraattoreiden luettelo {CURATION} puuttuu")
    if author.lower() in _folded(_curators(load_text(str(CURATION), text))):
        return []
    by_organisation: dict[str, list[str]] = {}
    shared: list[str] = []
    for path in sorted(paths):
        organisation = organisation_of(path)
        if organisation is None:
            shared.append(path)
        else:
            by_organisation.setdefault(organisation, []).append(path)
    problems = [
        Problem(
            path,
            1,
            1,
            "curators-only",
            f"vain ylläpitäjätiimi (kuraattorit) voi muuttaa tiedostoa {path}, joka ei kuulu millekään "
            f"järjestölle; @{author} ei ole kuraattori",
            f"muuta vain kansioiden {ORGANISATIONS_DIR}/ ja {CATALOGUE_DIR}/ järjestösi tiedostoja, "
            "ja ehdota muita muutoksia kuraattoreille tiketillä",
        )
        for path in shared
    ]
    for organisation, changed in sorted(by_organisation.items()):
        found = _maintainers_of(read, organisation)
        if found is None:
            problems += [
                Problem(
                    path,
                    1,
                    1,
                    "new-organisation",
                    f"'{organisation}' on uusi järjestö",
                    "kuraattori tarkistaa uuden järjestön ja sen ylläpitäjät ennen julkaisua",
                    Severity.WARNING,
                )
                for path in changed
            ]
            continue
        organisation_file, maintainers = found
        if author.lower() not in _folded(maintainers):
            listed = ", ".join(f"@{name}" for name in maintainers) or "ei ketään"
            problems += [
                Problem(
                    path,
                    1,
                    1,
                    "not-maintainer",
                    f"@{author} ei ole järjestön '{organisation}' ylläpitäjä eikä kuraattori, joten ei voi muuttaa sen tiedostoja",
                    f"järjestön ylläpitäjät ({listed}) voivat lisätä sinut kenttään 'yllapitajat' "
                    f"tiedostossa {organisation_file}",
                )
                for path in changed
            ]
    return sorted(problems, key=lambda problem: problem.path)


def check_changes(root: Path, author: str, base: str) -> list[Problem]:
    """Check the files changed since `base` against the owners at `base`, so that a change cannot grant itself."""
    _check_base(root, base)
    return check_paths(_git_reader(root, base), author, changed_files(root, base))


def check_author(root: Path, author: str, path: str) -> list[Problem]:
    """Check one file against the owners in the working tree."""
    return check_paths(_tree_reader(root), author, [path])
