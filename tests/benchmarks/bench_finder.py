"""Benchmark: the finder against mkdocs-material's own search, in headless Chromium, on synthetic catalogues.

    python tests/benchmarks/bench_finder.py [--sizes 1500 10000] [--query kerho]

For each size, a synthetic catalogue is built our way (`build()`) and, from the same generated
offer pages, as a plain mkdocs-material site with its built-in search (the offers as ordinary
pages). Both are served over http on this machine; Chromium (Debian's, or TARJOTIN_CHROMIUM)
opens a fresh profile each time and the script reports:

- bytes: everything the browser fetched before the first results showed, counted gzipped
  (GitHub Pages sends text gzipped), and the largest of those files;
- query ms: from navigation to the first results for a query (ours: /hae/?haku=…; material: the
  home page, the query typed into the header search as soon as the page has loaded);
- filter ms: on our finder, from ticking a municipality to the updated results.

Targets: at 1,500 offers, first results within 300 ms and at most 500 KB; at 10,000, ours/material
at most 0.2 in time and 0.3 in bytes. Each figure is the median of --runs page loads.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from bench_build import TODAY, site_source
from playwright.sync_api import Browser, sync_playwright

from generator.build import build

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for the browser helpers the tests use
from browser import VIEWPORT, launch, search_header, served

REPO = Path(__file__).resolve().parents[2]
TARGET_MS, TARGET_BYTES = 300, 500_000  # at 1,500 offers
TARGET_TIME_RATIO, TARGET_BYTES_RATIO = 0.2, 0.3  # ours / material at 10,000 offers
KB = 1000
UNMARK = re.compile(r' data-search-exclude(="")?')


def build_ours(root: Path, size: int) -> Path:
    root.mkdir()
    return build(site_source(root, size, seed=0), date.fromisoformat(TODAY))


def build_material(docs: Path, target: Path) -> Path:
    """A plain mkdocs-material site of the same offer pages, searched by the theme's own search plugin."""
    # Ordinary pages: without the markers that keep all but an offer's title and summary out of the theme's index.
    for source in (docs / "tarjonta").rglob("*.md"):
        page = target / "docs" / source.relative_to(docs)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(UNMARK.sub("", source.read_text(encoding="utf-8")), encoding="utf-8")
    (target / "docs" / "index.md").write_text("# Tarjonta\n", encoding="utf-8")
    config = {
        "site_name": "Hyvinvointitarjotin (material)",
        "theme": {"name": "material", "language": "fi", "font": False},
        "plugins": [{"search": {"lang": "fi"}}],
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": False}}],
        "validation": {"links": {"not_found": "info"}, "nav": {"omitted_files": "info"}},
        # Without a nav mkdocs lists every page in it, and every page carries that list: hours at 10,000.
        "nav": ["index.md"],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=target, check=True, capture_output=True)
    return target / "site"


@dataclass
class Load:
    ms: float
    gzip_bytes: int
    largest: str


def _transfer(urls: list[str], site: Path, base: str) -> list[tuple[str, int]]:
    """The files fetched, each with its gzipped size."""
    found = []
    for url in dict.fromkeys(urls):
        path = url.removeprefix(base).split("?")[0].split("#")[0]
        file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
        if file.is_file():
            found.append((path or "index.html", len(gzip.compress(file.read_bytes(), 6))))
    return found


def first_results(browser: Browser, site: Path, base: str, url: str, ready: str, typed: str | None = None) -> Load:
    """Open `url` in a fresh profile, type `typed` into the header search as soon as the page is there, and
    measure the time from navigation to `ready` and the bytes fetched by then."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        # Requests, not the page's resource timings: those leave out what a web worker loads (material's search).
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(url, wait_until="domcontentloaded" if typed else "commit")
        if typed:
            search_header(page, typed)
        # The condition returns the page's own clock when it first holds, so no round trip is counted.
        ms = float(page.wait_for_function(ready, polling="raf", timeout=120_000).json_value())
        files = _transfer(requested, site, base)
    finally:
        context.close()
    largest = max(files, key=lambda item: item[1])
    return Load(ms, sum(size for _, size in files), f"{largest[0]} {largest[1] / KB:.0f} KB")


OURS_READY = "() => (document.getElementById('tarjotin-tila') || {}).textContent && performance.now()"
# Material's result line says it is initialising until its index is in, then "N täsmäävää dokumenttia"
# (or "Ei täsmääviä dokumentteja").
MATERIAL_READY = "() => /täsmä/.test((document.querySelector('.md-search-result__meta') || {}).textContent || '') && performance.now()"


def filter_ms(browser: Browser, base: str, query: str) -> float:
    """Milliseconds from ticking a municipality to the next frame, by when the updated results are drawn."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{base}hae/?haku={query}")
        page.wait_for_function(OURS_READY)
        return float(
            page.evaluate(
                """() => new Promise(done => {
                    const box = document.querySelector('input[name=kunta][value=tuusula]');
                    const start = performance.now();
                    box.click();
                    requestAnimationFrame(() => setTimeout(() => done(performance.now() - start)));
                })"""
            )
        )
    finally:
        context.close()


def median_load(loads: list[Load]) -> Load:
    ordered = sorted(loads, key=lambda load: load.ms)
    return ordered[len(ordered) // 2]


def measure(size: int, query: str, runs: int, browser: Browser) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="bench-finder-") as folder:
        ours_site = build_ours(Path(folder) / "ours", size)
        material_site = build_material(Path(folder) / "ours" / "build" / "docs", Path(folder) / "material")
        with served(ours_site) as ours_address, served(material_site) as material_address:
            ours_base, material_base = ours_address + "/", material_address + "/"
            ours = median_load(
                [
                    first_results(browser, ours_site, ours_base, f"{ours_base}hae/?haku={query}", OURS_READY)
                    for _ in range(runs)
                ]
            )
            material = median_load(
                [
                    first_results(browser, material_site, material_base, material_base, MATERIAL_READY, query)
                    for _ in range(runs)
                ]
            )
            filtering = statistics.median(filter_ms(browser, ours_base, query) for _ in range(runs))
    misses = []
    if size == 1500 and (ours.ms > TARGET_MS or ours.gzip_bytes > TARGET_BYTES):
        misses.append(f"over {TARGET_MS} ms or {TARGET_BYTES / KB:.0f} KB")
    time_ratio, bytes_ratio = ours.ms / material.ms, ours.gzip_bytes / material.gzip_bytes
    if size == 10000 and (time_ratio > TARGET_TIME_RATIO or bytes_ratio > TARGET_BYTES_RATIO):
        misses.append(f"ratios over {TARGET_TIME_RATIO} / {TARGET_BYTES_RATIO}")
    verdict = f"FAIL ({', '.join(misses)})" if misses else "PASS" if size in (1500, 10000) else "no target at this size"
    return [
        f"{size:>7} {'ours':>9} {ours.ms:>9.0f} {filtering:>10.1f} {ours.gzip_bytes / KB:>9.0f}  {ours.largest}",
        f"{'':>7} {'material':>9} {material.ms:>9.0f} {'-':>10} {material.gzip_bytes / KB:>9.0f}  {material.largest}",
        f"{'':>7} {'ratio':>9} {time_ratio:>9.2f} {'':>10} {bytes_ratio:>9.2f}  {verdict}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 10000])
    parser.add_argument("--query", default="kerho")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("$ " + shlex.join(["python", "tests/benchmarks/bench_finder.py", *sys.argv[1:]]))
    print(
        f"targets: at 1,500 offers first results <= {TARGET_MS} ms and <= {TARGET_BYTES / KB:.0f} KB gzipped;"
        f" at 10,000 ours/material <= {TARGET_TIME_RATIO} in time and <= {TARGET_BYTES_RATIO} in bytes"
    )
    print(f"{'offers':>7} {'search':>9} {'query ms':>9} {'filter ms':>10} {'KB (gz)':>9}  largest file")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for size in args.sizes:
                for line in measure(size, args.query, args.runs, browser):
                    print(line, flush=True)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
