"""Benchmark: full site build (validation + pages + mkdocs) of synthetic catalogues, and a plain mkdocs baseline.

    python tests/benchmarks/bench_build.py [--sizes 1500 10000] [--plain 2000] [--profile]

Each catalogue is generated (not timed) into a temporary folder assembled like the tests'
site_source(): the project's mkdocs.yml and site_config beside organisations/ and catalogue/.
A fresh child process then runs generator.build.build() for 2026-11-23 and times it (not the
interpreter start or the imports), split into validation, generating and writing the pages and open data, mkdocs
(while a second process makes the finder's data) and the rest (waiting for the finder's data if mkdocs finished first,
compacting the HTML, moving the site into place), and reports its CPU seconds, its second processes' included, and its
own peak RSS.
The parent measures the site: HTML pages, total bytes, the search index, every offer page and what
the offline copy's zip would add (the deploy publishes it too), for the projection to 50,000 offers.

--plain N builds a catalogue of N offers with our build and then, from the same generated offer
pages (build/docs/tarjonta), a plain mkdocs-material site (material, fi, search) whose nav lists
every offer page, as a naive setup would; both are timed the same way and ours/plain is printed.
--profile runs one more, separate child under cProfile (size --profile-size, default the first
of --sizes) and prints the 25 most expensive calls by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import finder
from generator.synthetic import write_catalogue

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-11-23"
TARGET_SECONDS = {1500: 15.0, 10000: 90.0}  # full build, wall seconds in the child
TARGET_OFFER_PAGE_BYTES = 15_000  # HTML of one offer page (the largest one is held to it)
TARGET_RATIO = 0.1  # ours / plain at --plain offers
PAGES_LIMIT_BYTES = 1_000_000_000  # GitHub Pages: published sites may be no larger than 1 GB
PROJECT_TO = 50_000
KB, MB = 1000, 1_000_000
ZIP_LEVEL = 6  # zipfile's default deflate level

CHILD = """
import json, resource, sys, time
from datetime import date
from pathlib import Path

mode, root, today, profile = sys.argv[1], Path(sys.argv[2]), date.fromisoformat(sys.argv[3]), sys.argv[4] == "1"
timings = {}


def timed(module, name, key):
    # Wrap module.name so that every call adds its wall time to timings[key].
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timings[key] = timings.get(key, 0.0) + time.perf_counter() - start

    setattr(module, name, wrapper)


if mode == "ours":
    import generator.build as build_module

    timed(build_module, "load_catalogue", "validate")
    timed(build_module, "site_files", "pages")
    timed(build_module, "write_docs", "pages")
    timed(build_module, "mkdocs_build", "mkdocs")

    def run():
        build_module.build(root, today)
else:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    def run():
        start = time.perf_counter()
        config = load_config(str(root / "mkdocs.yml"))
        mkdocs_build(config)
        timings["mkdocs"] = time.perf_counter() - start

if profile:
    import cProfile, pstats

    profiler = cProfile.Profile()
    profiler.enable()
def cpu_seconds():
    # This process's and its finished second processes' (the build waits for them).
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


cpu_before = cpu_seconds()
start = time.perf_counter()
run()
seconds = time.perf_counter() - start
if profile:
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(25)
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, **timings, "cpu": cpu_seconds() - cpu_before, "peak_kib": peak_kib}))
"""


@dataclass
class Site:
    """What a build wrote: every file's bytes, the HTML pages, the search data and the offer pages."""

    total_bytes: int
    # The offline copy's zip, which the deploy also publishes: estimated as this site deflated (0: not measured).
    zip_bytes: int
    html_pages: int
    search_index_bytes: int  # the theme's header search
    finder_bytes: int  # the finder's cards and full text and the tray's details
    offer_page_bytes: list[int]

    @classmethod
    def measure(cls, site: Path, *, zipped: bool = False) -> Site:
        """Measure `site`; with `zipped`, also estimate its offline zip (slow: it deflates every file)."""
        files = [path for path in site.rglob("*") if path.is_file()]
        offers = sorted(path.stat().st_size for path in (site / "tarjonta").glob("*/*/index.html"))
        index = site / "search" / "search_index.json"
        finder_files = [
            site / finder.INDEX_SCRIPT,
            site / finder.HANDOUT_SCRIPT,
            *(site / finder.PARTS_FOLDER).glob("*"),
        ]
        return cls(
            total_bytes=sum(path.stat().st_size for path in files),
            zip_bytes=sum(len(zlib.compress(path.read_bytes(), ZIP_LEVEL)) for path in files) if zipped else 0,
            html_pages=sum(1 for path in files if path.suffix == ".html"),
            search_index_bytes=index.stat().st_size if index.is_file() else 0,
            finder_bytes=sum(path.stat().st_size for path in finder_files if path.is_file()),
            offer_page_bytes=offers,
        )

    @property
    def mean_offer_kb(self) -> float:
        return sum(self.offer_page_bytes) / len(self.offer_page_bytes) / KB if self.offer_page_bytes else 0.0

    @property
    def max_offer_kb(self) -> float:
        return max(self.offer_page_bytes, default=0) / KB


def run_child(mode: str, root: Path, *, profile: bool = False) -> tuple[dict[str, float], str]:
    """Run one build (mode "ours" or "plain") of the folder `root` in a fresh interpreter."""
    command = [sys.executable, "-c", CHILD, mode, str(root), TODAY, "1" if profile else "0"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{mode} build child failed in {root}:\n{done.stderr[-5000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures, done.stderr if profile else ""


def configuration(root: Path) -> Path:
    """Copy the project's mkdocs.yml and site_config into `root`, the folder a catalogue is then put in."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site_config", root / "site_config")
    return root


def site_source(root: Path, offers: int, seed: int) -> Path:
    """Assemble a buildable folder like tests/conftest.py's site_source(), with a synthetic catalogue."""
    write_catalogue(configuration(root), offers, seed=seed)
    return root


def plain_source(docs: Path, target: Path) -> Path:
    """Put our generated offer pages into a plain mkdocs-material project whose nav lists every one of them."""
    offer_pages = sorted(path.relative_to(docs).as_posix() for path in (docs / "tarjonta").rglob("*.md"))
    for page in offer_pages:
        (target / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(docs / page, target / "docs" / page)
    (target / "docs" / "index.md").write_text("# Tarjonta\n", encoding="utf-8")
    config = {
        "site_name": "Hyvinvointitarjotin (plain)",
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "fi"},
        "plugins": [{"search": {"lang": "fi"}}],
        # The same Markdown as ours, so that the pages render to the same content.
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": False}}],
        # The offer pages link to organisation pages that this site does not have; do not log 2,000 warnings.
        "validation": {"links": {"not_found": "info"}},
        "nav": [{"Etusivu": "index.md"}, {"Tarjonta": offer_pages}],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def verdict(misses: list[str]) -> str:
    return f"FAIL ({', '.join(misses)})" if misses else "PASS"


def header() -> str:
    return (
        f"{'offers':>7} {'offer pages':>11} {'HTML':>6} {'seconds':>8} {'CPU s':>6}"
        f" {'valid.':>7} {'pages':>6} {'mkdocs':>7}"
        f" {'rest':>5} {'pages/s':>8} {'peak MiB':>9} {'site MB':>8} {'search MB':>9} {'finder MB':>9}"
        f" {'offer KB mean':>13} {'max':>5}  targets"
    )


def row(size: int, figures: dict[str, float], site: Site) -> str:
    """One line of the table, with PASS or FAIL against this size's targets."""
    seconds = figures["seconds"]
    validate = figures.get("validate", 0.0)
    pages = figures.get("pages", 0.0)
    mkdocs = figures.get("mkdocs", 0.0)
    rest = seconds - validate - pages - mkdocs
    misses = []
    if size in TARGET_SECONDS and seconds > TARGET_SECONDS[size]:
        misses.append(f"slower than {TARGET_SECONDS[size]:.0f} s")
    if max(site.offer_page_bytes, default=0) > TARGET_OFFER_PAGE_BYTES:
        misses.append(f"offer page over {TARGET_OFFER_PAGE_BYTES / KB:.0f} KB")
    return (
        f"{size:>7} {len(site.offer_page_bytes):>11} {site.html_pages:>6} {seconds:>8.2f} {figures['cpu']:>6.1f}"
        f" {validate:>7.2f} {pages:>6.2f} {mkdocs:>7.2f} {rest:>5.2f} {site.html_pages / seconds:>8.0f}"
        f" {figures['peak_kib'] / 1024:>9.0f}"
        f" {site.total_bytes / MB:>8.1f} {site.search_index_bytes / MB:>9.1f} {site.finder_bytes / MB:>9.1f}"
        f" {site.mean_offer_kb:>13.1f} {site.max_offer_kb:>5.1f}  {verdict(misses)}"
    )


def projection(results: dict[int, Site]) -> list[str]:
    """Project the published site's size at 50,000 offers from the largest size built, against GitHub Pages' 1 GB.

    The deploy builds with --zip, so the published site also holds the offline copy's zip.
    """
    largest = max(results)
    site = results[largest]
    per_offer = site.total_bytes / largest
    with_zip = (site.total_bytes + site.zip_bytes) / largest
    projected = with_zip * PROJECT_TO
    lines = [
        f"site size at {PROJECT_TO:,} offers, proportional to {largest:,} ({per_offer / KB:.1f} KB of site per offer"
        f" + {(with_zip - per_offer) / KB:.1f} KB in the offline zip, estimated):"
        f" {projected / MB:,.0f} MB of the {PAGES_LIMIT_BYTES / MB:,.0f} MB GitHub Pages limit"
        f"  {verdict([] if projected <= PAGES_LIMIT_BYTES else ['over the limit'])}"
    ]
    if len(results) > 1:
        small = min(results)
        published = {size: found.total_bytes + found.zip_bytes for size, found in results.items()}
        slope = (published[largest] - published[small]) / (largest - small)
        fitted = published[largest] + slope * (PROJECT_TO - largest)
        lines.append(
            f"  (a line through {small:,} and {largest:,} offers: {slope / KB:.1f} KB per offer"
            f" on top of {(published[small] - slope * small) / MB:.1f} MB, {fitted / MB:,.0f} MB)"
        )
    return lines


def compare_plain(offers: int, seed: int) -> list[str]:
    """Build `offers` offers our way and as a plain mkdocs-material site; return the comparison's lines."""
    with tempfile.TemporaryDirectory(prefix="bench-build-plain-") as folder:
        (Path(folder) / "ours").mkdir()
        (Path(folder) / "plain").mkdir()
        root = site_source(Path(folder) / "ours", offers, seed)
        ours, _ = run_child("ours", root)
        ours_site = Site.measure(root / "site")
        plain_root = plain_source(root / "build" / "docs", Path(folder) / "plain")
        plain, _ = run_child("plain", plain_root)
        plain_site = Site.measure(plain_root / "site")
    lines = [
        f"plain mkdocs-material comparison at {offers:,} offers (the same offer pages, every one in the nav):",
        f"{'build':>7} {'offer pages':>11} {'HTML':>6} {'seconds':>8} {'CPU s':>6} {'peak MiB':>9} {'site MB':>8}"
        f" {'offer KB mean':>13} {'max':>6}",
    ]
    for name, figures, site in (("ours", ours, ours_site), ("plain", plain, plain_site)):
        lines.append(
            f"{name:>7} {len(site.offer_page_bytes):>11} {site.html_pages:>6} {figures['seconds']:>8.2f}"
            f" {figures['cpu']:>6.1f} {figures['peak_kib'] / 1024:>9.0f} {site.total_bytes / MB:>8.1f}"
            f" {site.mean_offer_kb:>13.1f} {site.max_offer_kb:>6.1f}"
        )
    ratio, cpu_ratio = ours["seconds"] / plain["seconds"], ours["cpu"] / plain["cpu"]
    lines.append(
        f"ours/plain: {ratio:.3f} wall, {cpu_ratio:.3f} CPU (target <= {TARGET_RATIO})"
        f"  {verdict([] if ratio <= TARGET_RATIO else ['too slow'])};"
        f" output bytes ours/plain {ours_site.total_bytes / plain_site.total_bytes:.3f}"
    )
    return lines


def main() -> None:
    """Generate, build and report every size, then the plain baseline and any profile."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 10000])
    parser.add_argument("--plain", type=int, default=2000, help="offers in the plain mkdocs comparison; 0 skips it")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one size")
    parser.add_argument("--profile-size", type=int, default=None, help="the size to profile (default: the first)")
    args = parser.parse_args()
    print("$ " + shlex.join(["python", "tests/benchmarks/bench_build.py", *sys.argv[1:]]))
    print(
        "targets: full build of 1,500 offers <= 15 s and of 10,000 <= 90 s; offer page HTML <= 15 KB;"
        f" site at {PROJECT_TO:,} offers <= 1 GB; ours/plain <= {TARGET_RATIO} at {args.plain:,} offers"
    )
    print(
        "seconds (wall, the targets) = validation + page generation + mkdocs + rest (wait for the finder's data,"
        " compact HTML, move into place); CPU s = user + system seconds of the build, its second processes included;"
        " peak MiB = the main process's; 1 KB = 1000 B"
    )
    print(header(), flush=True)
    results: dict[int, Site] = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-build-") as folder:
            root = site_source(Path(folder), size, args.seed)
            figures, _ = run_child("ours", root)
            results[size] = Site.measure(root / "site", zipped=True)
        print(row(size, figures, results[size]), flush=True)
    for line in projection(results):
        print(line)

    if args.plain:
        print()
        for line in compare_plain(args.plain, args.seed):
            print(line)

    if args.profile:
        size = args.profile_size or args.sizes[0]
        with tempfile.TemporaryDirectory(prefix="bench-build-profile-") as folder:
            root = site_source(Path(folder), size, args.seed)
            _, profile = run_child("ours", root, profile=True)
        print(f"\n--- cProfile of the full build of {size:,} offers (a separate, slower run) ---\n{profile}")


if __name__ == "__main__":
    main()
