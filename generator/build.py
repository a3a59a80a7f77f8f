"""The whole pipeline: validate, generate the docs folder, render it with mkdocs; and the live preview."""

from __future__ import annotations

import functools
import gc
import logging
import multiprocessing
import os
import re
import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator import finder, opendata
from generator.entries import OPEN_DATA, Entry, Links, published
from generator.errors import TarjotinError, UsageError, reason
from generator.markup import finnish_date
from generator.pages import docs_files
from generator.phrases import count
from generator.problems import format_text
from generator.taxonomy import TAXONOMY, load_taxonomy
from generator.validate import CATALOGUE_DIR, ORGANISATIONS_DIR, Catalogue, validate_catalogue, yaml_files

CONFIG = "mkdocs.yml"
OFFLINE_SWITCH = "TARJOTIN_OFFLINE"  # mkdocs.yml turns the theme's offline plugin on with it
DOCS = Path("build") / "docs"  # must match docs_dir in mkdocs.yml
SITE = Path("site")
WATCHED = (CATALOGUE_DIR, ORGANISATIONS_DIR, "site_config")
BUILT_MARK = "sitemap.xml"  # mkdocs writes it into every site it builds: a folder with it holds an earlier build
DOWNLOADS = "lataa"  # the folder of the offline copy on the site
# The theme's search runs in a web worker, which a page opened from disk may not start; this shim
# from the npm registry runs it in an iframe instead.
SHIM_PACKAGE = Path("node_modules") / "iframe-worker" / "shim" / "index.js"
SHIM_ASSET = "assets/iframe-worker/shim.js"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold
# From this many offer files the second process validates the catalogue while this one does, then makes the
# open data while this one makes the pages; below it, starting that process first costs more than it saves.
BACKGROUND_FROM = 2000

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


def offline_zip(today: date) -> str:
    """Return the offline copy's path on the site; its name carries the build date."""
    return f"{DOWNLOADS}/hyvinvointitarjotin-{today.isoformat()}.zip"


def generate(root: Path, today: date, config: MkDocsConfig) -> int:
    """Validate and write the docs folder for the preview, the finder's files included; return how many files changed."""
    catalogue = load_catalogue(root, today)
    entries = published(catalogue, today)
    found = finder.data(entries, catalogue.taxonomy, today).files(config.use_directory_urls)
    return write_docs(root, site_files(root, catalogue, entries, today, config, download=None) | found)


def site_files(
    root: Path,
    catalogue: Catalogue,
    entries: list[Entry],
    today: date,
    config: MkDocsConfig,
    download: str | None,
    exported: Future[dict[str, bytes]] | None = None,
) -> dict[str, bytes]:
    """Return the docs folder for the published `entries`: pages, assets and open data, not the finder's files
    (see finder_files). `download` is the path of the offline copy if the build makes one. The open
    data is made here unless it is being `exported` in the second process (see open_data).

    The open data links to the published site.
    """
    pages = docs_files(catalogue, entries, root, today, config.use_directory_urls, _download_link(config, download))
    return pages | (exported.result() if exported else _exported(catalogue, entries, today, _links(config)))


def _download_link(config: MkDocsConfig, download: str | None) -> str | None:
    """The offline copy's address on the published site, for the home page; None if the build makes none."""
    return _links(config).file(download) if download else None


def second_process() -> ProcessPoolExecutor:
    """The build's second process, which validates the catalogue for itself (see _valid_catalogue):
    sending it the catalogue would cost more."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


@functools.cache
def _valid_catalogue(root: Path, today: date) -> Catalogue:
    """The catalogue, validated once in the second process for both the open data and the finder's files."""
    return validate_catalogue(root, load_taxonomy(root / TAXONOMY), today).catalogue


def validate_ahead(root: Path, today: date) -> None:
    """Validate the catalogue in the second process while the build validates it too, for the jobs that follow there."""
    _valid_catalogue(root, today)


def _offer_files(root: Path) -> int:
    """How many offer files the catalogue folder holds, known before validation says how many are published."""
    folder = root / CATALOGUE_DIR
    return sum(len(yaml_files(path)) for path in folder.iterdir() if path.is_dir()) if folder.is_dir() else 0


def finder_files(root: Path, today: date, directory_urls: tuple[bool, ...]) -> list[dict[str, bytes]]:
    """Validate the catalogue and return the finder's and the tray's files, once for each style of page
    address in `directory_urls` (the site's and, for the offline copy, .html files).

    Run in a second process while mkdocs renders the pages, which only link to these files from
    HTML: mkdocs has nothing to check in them, so they go straight into the rendered site.
    """
    catalogue = _valid_catalogue(root, today)
    found = finder.data(published(catalogue, today), catalogue.taxonomy, today)
    return [found.files(style) for style in directory_urls]


def _links(config: MkDocsConfig) -> Links:
    return Links(config.site_url or "", config.use_directory_urls)


def open_data(root: Path, today: date, links: Links) -> dict[str, bytes]:
    """Validate the catalogue and return its open data files by their paths in the docs folder; run in the second process."""
    catalogue = _valid_catalogue(root, today)
    return _exported(catalogue, published(catalogue, today), today, links)


def _exported(catalogue: Catalogue, entries: list[Entry], today: date, links: Links) -> dict[str, bytes]:
    exported = opendata.files(catalogue, entries, today, links)
    return {f"{OPEN_DATA}/{path}": content for path, content in exported.items()}


def write_docs(root: Path, files: dict[str, bytes]) -> int:
    """Make the docs folder hold exactly `files`; return how many files changed.

    Unchanged files are left alone and files no longer generated are removed, so that
    `mkdocs serve` sees only real changes.
    """
    docs = root / DOCS
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


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write `files` under `folder` by their paths."""
    for path, content in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if saved is None:
            del os.environ[name]
        else:
            os.environ[name] = saved


def _build_date(today: date) -> AbstractContextManager[None]:
    """Stamp the build with the build date, not the clock, so that the same inputs give the same bytes."""
    return _environment(
        "SOURCE_DATE_EPOCH", str(int(datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp()))
    )


def build(root: Path, today: date, site: Path | None = None, *, with_offline_zip: bool = False) -> Path:
    """Build the site into `site` (default: site/ under root) and return it.

    The site is rendered beside the target and moved into place only when mkdocs succeeds,
    so a failed build leaves the previous site as it was. With `with_offline_zip` the site also
    carries a zip of itself built to work when opened from disk (see `offline_zip`).

    The finder's data is made in a second process, started by spawning, while mkdocs renders
    the pages, and from BACKGROUND_FROM offer files the open data too, while this process validates
    the catalogue and makes the pages: a script that calls this must guard its own code with
    `if __name__ == "__main__":`.
    """
    target = (site or root / SITE).resolve()  # "." and ".." name a folder too
    _check_site_dir(root, target)
    staging = target.with_name(target.name + ".staging")
    offline = target.with_name(target.name + ".offline")
    for folder in (staging, offline):
        shutil.rmtree(folder, ignore_errors=True)
    _check_writable(staging, target)
    download = offline_zip(today) if with_offline_zip else None
    try:
        with second_process() as pool:
            big = _offer_files(root) >= BACKGROUND_FROM
            if big:
                pool.submit(validate_ahead, root, today)
            catalogue = load_catalogue(root, today)  # a catalogue with errors stops here, before anything is written
            entries = published(catalogue, today)
            shim = _shim(root) if with_offline_zip else b""
            config = _config(root, today, strict=True, site_dir=str(staging))
            url_styles = (config.use_directory_urls, False) if download else (config.use_directory_urls,)
            exported = pool.submit(open_data, root, today, _links(config)) if big else None
            files = site_files(root, catalogue, entries, today, config, download, exported)
            finding = pool.submit(finder_files, root, today, url_styles)
            _render(root, config, files, today)
            found, *offline_found = finding.result()
        write_files(staging, found)
        if download is not None:
            # The theme's offline plugin makes every page an .html file, which the lists' links must name.
            offline_pages = docs_files(catalogue, entries, root, today, False, _download_link(config, download))
            _render(root, _offline_config(root, today, offline), files | offline_pages | {SHIM_ASSET: shim}, today)
            write_files(offline, offline_found[0])
            _zip(offline, staging / download, Path(download).stem)
    except MkDocsException as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise TarjotinError(f"mkdocs ei saanut sivustoa rakennettua: {error}") from None
    finally:
        shutil.rmtree(offline, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    try:
        staging.rename(target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise _unwritable(target, error) from None
    return target


def _check_not_in_sources(root: Path, target: Path, refusal: str) -> None:
    """Refuse an output folder that is or lies in a folder the build reads or writes, e.g. catalogue/."""
    for source in (*WATCHED, DOCS):
        if target.is_relative_to((root / source).resolve()):
            raise UsageError(f"{refusal} kansioon {target}, koska se on kansiossa {source}: valitse toinen kansio")


def _check_site_dir(root: Path, target: Path) -> None:
    """Refuse a site folder the build cannot replace whole.

    That is a file, a folder that overlaps one the build reads or writes, or a folder that holds anything
    but an earlier build (a mistyped --site-dir must not empty someone's documents).
    """
    if target.exists() and not target.is_dir():
        raise UsageError(f"sivuston kansion {target} paikalla on tiedosto: valitse toinen kansio tai poista tiedosto")
    _check_not_in_sources(root, target, "sivustoa ei voi rakentaa")
    for source in (*WATCHED, DOCS):
        folder = (root / source).resolve()
        if folder.is_relative_to(target):
            raise UsageError(
                f"sivustoa ei voi rakentaa kansioon {target}, koska sen tilalle kirjoitettu sivusto poistaisi kansion "
                f"{source}: valitse toinen kansio"
            )
    if target.is_dir() and any(target.iterdir()) and not (target / BUILT_MARK).is_file():
        raise UsageError(
            f"kansiossa {target} on muuta kuin aiemmin rakennettu sivusto, ja sivusto korvaisi kansion kokonaan: "
            "valitse uusi tai tyhjä kansio"
        )


def _check_writable(staging: Path, target: Path) -> None:
    """Refuse a site folder that cannot be written, before the catalogue is validated and rendered for it."""
    try:
        staging.mkdir(parents=True)
        staging.rmdir()
    except OSError as error:
        raise _unwritable(target, error) from None


def _unwritable(target: Path, error: OSError) -> UsageError:
    return UsageError(f"sivustoa ei voi kirjoittaa kansioon {target}: {reason(error)}")


def site_url(root: Path) -> str:
    """Return the address the site is published at: mkdocs.yml's site_url, which the SITE_URL variable sets."""
    return _config(root, date.today()).site_url or ""


def export(root: Path, today: date, formats: tuple[str, ...], folder: Path) -> list[str]:
    """Write the open data in `formats` into `folder` without building the site; return the files written."""
    _check_not_in_sources(root, folder.resolve(), "avointa dataa ei voi kirjoittaa")
    catalogue = load_catalogue(root, today)
    config = _config(root, today)
    links = _links(config)
    exported = opendata.files(catalogue, published(catalogue, today), today, links, formats)
    write_files(folder, exported)
    return sorted(exported)


def _render(root: Path, config: MkDocsConfig, files: dict[str, bytes], today: date) -> None:
    """Write the docs folder and render it with mkdocs into the config's site_dir."""
    write_docs(root, files)
    with _build_date(today), _gc_frozen():
        mkdocs_build(config)
    for page in Path(config.site_dir).rglob("*.html"):
        page.write_text(compact_html(page.read_text(encoding="utf-8")), encoding="utf-8")


def _offline_config(root: Path, today: date, site_dir: Path) -> MkDocsConfig:
    """Return the config of the copy that works from disk: the theme's offline plugin on, its worker shim served locally."""
    with _environment(OFFLINE_SWITCH, "true"):
        config = _config(root, today, strict=True, site_dir=str(site_dir))
    # The offline plugin adds this shim from a CDN unless a polyfill by its name is already listed.
    config.extra["polyfills"] = [SHIM_ASSET]
    return config


def _shim(root: Path) -> bytes:
    shim = root / SHIM_PACKAGE
    if not shim.is_file():
        raise TarjotinError(f"offline-versio tarvitsee tiedoston {SHIM_PACKAGE.as_posix()}: aja ensin 'npm ci'")
    return shim.read_bytes()


def _zip(folder: Path, archive: Path, top: str) -> None:
    """Zip `folder` under the top-level folder `top`, with fixed timestamps so that the same site gives the same zip."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                bundle.writestr(info, path.read_bytes())


def _config(root: Path, today: date, **overrides: Any) -> MkDocsConfig:
    # mkdocs refuses a configuration whose docs folder does not exist yet.
    (root / DOCS).mkdir(parents=True, exist_ok=True)
    config = load_config(str(root / CONFIG), **overrides)
    config.extra["tiedot"] = finnish_date(today)  # "Tiedot 23.11.2026" in every page's footer
    return config


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


def _regenerate_on_change(root: Path, today: date, config: MkDocsConfig, interval: float) -> None:
    """Regenerate the docs folder whenever a source file changes; mkdocs serve picks up the result."""
    seen = _snapshot(root)
    while True:
        time.sleep(interval)
        current = _snapshot(root)
        if current == seen:
            continue
        seen = current
        try:
            log.info("Tiedostoja muuttui: %s päivitetty", count(generate(root, today, config), "sivu", "sivua"))
        except TarjotinError as error:
            for problem in error.problems:
                log.error("%s", format_text(problem))
            log.error("%s; esikatselussa on edellinen kunnossa ollut versio", error.message)


def serve(root: Path, today: date, address: str) -> None:
    """Serve the site on `address` and rebuild it when a catalogue, organisation or site_config file changes."""
    config = _config(root, today)
    generate(root, today, config)
    watcher = threading.Thread(target=_regenerate_on_change, args=(root, today, config, 1.0), daemon=True)
    watcher.start()
    with _build_date(today):
        mkdocs_serve(str(root / CONFIG), dev_addr=address, watch_theme=True, extra=dict(config.extra))
