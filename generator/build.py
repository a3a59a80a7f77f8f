"""The whole pipeline: validate, generate the docs folder, render it with mkdocs; and the live preview."""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import TarjotinError
from generator.pages import write_docs
from generator.problems import format_text
from generator.taxonomy import load_taxonomy
from generator.validate import CATALOGUE_DIR, ORGANISATIONS_DIR, Catalogue, validate_catalogue

TAXONOMY = Path("site_config") / "taxonomy.yml"
CONFIG = "mkdocs.yml"
DOCS = Path("build") / "docs"  # must match docs_dir in mkdocs.yml
SITE = Path("site")
WATCHED = (CATALOGUE_DIR, ORGANISATIONS_DIR, "site_config")

_WHITESPACE = re.compile(r"(?P<verbatim><(?P<tag>pre|textarea|script)\b.*?</(?P=tag)>)|\n\s+", re.DOTALL)

log = logging.getLogger(__name__)


def load_catalogue(root: Path, today: date) -> Catalogue:
    """Validate the catalogue, raising TarjotinError with every problem if any is an error; log the warnings."""
    taxonomy = load_taxonomy(root / TAXONOMY)
    result = validate_catalogue(root, taxonomy, today)
    if result.errors:
        raise TarjotinError("luettelossa on virheitä, joten sivustoa ei rakennettu", result.problems)
    for problem in result.warnings:
        log.warning("%s", format_text(problem))
    return result.catalogue


def generate(root: Path, today: date) -> int:
    """Validate and write the docs folder; return how many files changed."""
    return write_docs(load_catalogue(root, today), root, root / DOCS, today)


@contextmanager
def _build_date(today: date) -> Iterator[None]:
    """Stamp the build with the build date, not the clock, so that the same inputs give the same bytes."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def build(root: Path, today: date, site: Path | None = None) -> Path:
    """Build the site into `site` (default: site/ under root) and return it.

    The site is rendered beside the target and moved into place only when mkdocs succeeds,
    so a failed build leaves the previous site as it was.
    """
    generate(root, today)
    target = site or root / SITE
    staging = target.with_name(target.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with _build_date(today):
            config = load_config(str(root / CONFIG), strict=True, site_dir=str(staging))
            mkdocs_build(config)
    except MkDocsException as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise TarjotinError(f"mkdocs ei saanut sivustoa rakennettua: {error}") from None
    for page in staging.rglob("*.html"):
        page.write_text(compact_html(page.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


def compact_html(html: str) -> str:
    """Drop the theme templates' indentation and blank lines, which are a fifth of an offer page.

    Whitespace between tags renders the same as one newline, except inside the elements
    kept whole here.
    """
    return _WHITESPACE.sub(lambda match: match.group("verbatim") or "\n", html)


def _snapshot(root: Path) -> dict[Path, float]:
    seen = {}
    for folder in WATCHED:
        for path in (root / folder).rglob("*"):
            try:
                seen[path] = path.stat().st_mtime
            except FileNotFoundError:  # an editor's temporary file, gone already
                continue
    return seen


def _regenerate_on_change(root: Path, today: date, interval: float) -> None:
    """Regenerate the docs folder whenever a source file changes; mkdocs serve picks up the result."""
    seen = _snapshot(root)
    while True:
        time.sleep(interval)
        current = _snapshot(root)
        if current == seen:
            continue
        seen = current
        try:
            log.info("Tiedostoja muuttui: %d sivua päivitetty", generate(root, today))
        except TarjotinError as error:
            for problem in error.problems:
                log.error("%s", format_text(problem))
            log.error("%s; esikatselussa on edellinen kunnossa ollut versio", error.message)


def serve(root: Path, today: date, address: str) -> None:
    """Serve the site on `address` and rebuild it when a catalogue, organisation or site_config file changes."""
    generate(root, today)
    watcher = threading.Thread(target=_regenerate_on_change, args=(root, today, 1.0), daemon=True)
    watcher.start()
    with _build_date(today):
        mkdocs_serve(str(root / CONFIG), dev_addr=address, watch_theme=True)
