"""The whole pipeline: validate, generate the docs folder, render it with mkdocs; and the live preview."""

from __future__ import annotations

import gc
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
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator import finder
from generator.entries import published
from generator.errors import TarjotinError
from generator.pages import docs_files
from generator.problems import format_text
from generator.taxonomy import TAXONOMY, load_taxonomy
from generator.validate import CATALOGUE_DIR, ORGANISATIONS_DIR, Catalogue, validate_catalogue

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


def generate(root: Path, today: date, directory_urls: bool) -> int:
    """Validate and write the docs folder; return how many files changed."""
    return write_docs(root, load_catalogue(root, today), today, directory_urls)


def write_docs(root: Path, catalogue: Catalogue, today: date, directory_urls: bool) -> int:
    """Write the docs folder for a valid catalogue; return how many files changed.

    `directory_urls` must be mkdocs' use_directory_urls, since the finder's data holds page URLs.
    """
    entries = published(catalogue, today)
    files = docs_files(catalogue, entries, root, today)
    files |= finder.files(entries, catalogue.taxonomy, today, directory_urls)
    return _sync(root / DOCS, files)


def _sync(docs: Path, files: dict[str, bytes]) -> int:
    """Make `docs` hold exactly `files`; return how many files changed.

    Unchanged files are left alone and files no longer generated are removed, so that
    `mkdocs serve` sees only real changes.
    """
    changed = 0
    for path, content in files.items():
        target = docs / path
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            changed += 1
    if docs.is_dir():
        for existing in sorted(docs.rglob("*"), reverse=True):
            relative = existing.relative_to(docs).as_posix()
            if existing.is_file() and relative not in files:
                existing.unlink()
                changed += 1
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    return changed


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


def build(root: Path, today: date, site: Path | None = None, *, offline: bool = False) -> Path:
    """Build the site into `site` (default: site/ under root) and return it.

    The site is rendered beside the target and moved into place only when mkdocs succeeds,
    so a failed build leaves the previous site as it was. An offline build links pages as
    files (page.html, not page/) so that it works when opened from disk.
    """
    target = site or root / SITE
    staging = target.with_name(target.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    catalogue = load_catalogue(root, today)  # a catalogue with errors stops here, before anything is written
    try:
        config = _config(root, strict=True, site_dir=str(staging), **({"use_directory_urls": False} if offline else {}))
        write_docs(root, catalogue, today, config.use_directory_urls)
        with _build_date(today), _gc_frozen():
            mkdocs_build(config)
    except MkDocsException as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise TarjotinError(f"mkdocs ei saanut sivustoa rakennettua: {error}") from None
    for page in staging.rglob("*.html"):
        page.write_text(compact_html(page.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


def _config(root: Path, **overrides: Any) -> MkDocsConfig:
    # mkdocs refuses a configuration whose docs folder does not exist yet.
    (root / DOCS).mkdir(parents=True, exist_ok=True)
    return load_config(str(root / CONFIG), **overrides)


@contextmanager
def _gc_frozen() -> Iterator[None]:
    """Keep the collector off what already lives: mkdocs makes thousands of objects per page, and each
    full collection would walk the catalogue and the theme again (measured: a tenth of the render time)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


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


def _regenerate_on_change(root: Path, today: date, directory_urls: bool, interval: float) -> None:
    """Regenerate the docs folder whenever a source file changes; mkdocs serve picks up the result."""
    seen = _snapshot(root)
    while True:
        time.sleep(interval)
        current = _snapshot(root)
        if current == seen:
            continue
        seen = current
        try:
            log.info("Tiedostoja muuttui: %d sivua päivitetty", generate(root, today, directory_urls))
        except TarjotinError as error:
            for problem in error.problems:
                log.error("%s", format_text(problem))
            log.error("%s; esikatselussa on edellinen kunnossa ollut versio", error.message)


def serve(root: Path, today: date, address: str) -> None:
    """Serve the site on `address` and rebuild it when a catalogue, organisation or site_config file changes."""
    directory_urls = _config(root).use_directory_urls
    generate(root, today, directory_urls)
    watcher = threading.Thread(target=_regenerate_on_change, args=(root, today, directory_urls, 1.0), daemon=True)
    watcher.start()
    with _build_date(today):
        mkdocs_serve(str(root / CONFIG), dev_addr=address, watch_theme=True)
