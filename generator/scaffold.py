"""Write new organisation and offer files from the commented templates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.errors import TarjotinError, UsageError
from generator.validate import CATALOGUE_DIR, ORGANISATIONS_DIR, id_problems

TEMPLATE_DIR = Path("site_config") / "uusi"


def _render(root: Path, name: str, today: date) -> str:
    environment = Environment(
        loader=FileSystemLoader(root / TEMPLATE_DIR), undefined=StrictUndefined, keep_trailing_newline=True
    )
    return environment.get_template(name).render(today=today.isoformat())


def _check_id(value: str) -> None:
    problems = id_problems(value, value)
    if problems:
        raise UsageError(problems[0].text)


def _write(path: Path, text: str) -> Path:
    if path.exists():
        raise TarjotinError(f"{path} on jo olemassa")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_organisation(root: Path, organisation_id: str, today: date) -> Path:
    """Write `organisations/<id>.yml` from the template and return its path."""
    _check_id(organisation_id)
    return _write(root / ORGANISATIONS_DIR / f"{organisation_id}.yml", _render(root, "jarjesto.yml.j2", today))


def new_offer(root: Path, organisation_id: str, offer_id: str, today: date) -> Path:
    """Write `catalogue/<organisation>/<id>.yml` from the template and return its path."""
    _check_id(organisation_id)
    _check_id(offer_id)
    if not (root / ORGANISATIONS_DIR / f"{organisation_id}.yml").is_file():
        raise TarjotinError(
            f"järjestöä '{organisation_id}' ei ole: luo se ensin komennolla tarjotin new organisation {organisation_id}"
        )
    return _write(root / CATALOGUE_DIR / organisation_id / f"{offer_id}.yml", offer_template(root, today))


def offer_template(root: Path, today: date) -> str:
    """Return the commented template of a new offer, checked today."""
    return _render(root, "tarjonta.yml.j2", today)
