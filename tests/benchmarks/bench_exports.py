"""Benchmark: sizes of the offline zip and of each open data export, for the demo and a synthetic catalogue.

    python tests/benchmarks/bench_exports.py [--sizes 10000]

Builds the demo catalogue and synthetic catalogues of the given sizes with `tarjotin build --zip`
(as the deploy workflow does; `npm ci` first) in temporary folders, and prints the build's wall
time, the zip, each file under avoin-data/, the whole site, and the site projected to 50,000 offers
against GitHub Pages' 1 GB limit.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_build import MB, PAGES_LIMIT_BYTES, PROJECT_TO, REPO, TODAY, configuration, site_source

from generator import feed, hsds, ical, opendata
from generator.build import offline_zip
from generator.entries import OPEN_DATA


def source(root: Path, offers: int | None) -> Path:
    """Assemble a buildable folder: the project's configuration with the demo catalogue or a synthetic one,
    and the npm packages the offline copy needs."""
    if offers is None:
        configuration(root)
        for folder in ("organisations", "catalogue"):
            shutil.copytree(REPO / folder, root / folder)
    else:
        site_source(root, offers, seed=offers)
    (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return root


def size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(name: str, offers: int | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = source(Path(folder), offers)
        start = time.perf_counter()
        command = [sys.executable, "-c", "from generator.cli import main; raise SystemExit(main())"]
        command += ["--root", str(root), "build", "--zip", "--today", TODAY]
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        site = root / "site"
        data = site / OPEN_DATA
        count = len(list((site / "tarjonta").glob("*/*/index.html")))
        rows = {
            "offline zip": size(site / offline_zip(date.fromisoformat(TODAY))),
            opendata.JSON_FILE: size(data / opendata.JSON_FILE),
            opendata.SCHEMA_FILE: size(data / opendata.SCHEMA_FILE),
            opendata.CSV_FILE: size(data / opendata.CSV_FILE),
            f"{hsds.FOLDER}/ (all)": size(data / hsds.FOLDER),
            f"{hsds.FOLDER}/services.json": size(data / hsds.FOLDER / "services.json"),
            f"{ical.FOLDER}/ ({len(list((data / ical.FOLDER).rglob('*.ics')))} files)": size(data / ical.FOLDER),
            feed.FILE: size(data / feed.FILE),
            f"{OPEN_DATA}/ (all)": size(data),
            "site (all, zip included)": size(site),
        }
        print(f"\n{name}: {count} published offers, `tarjotin build --zip` {seconds:.1f} s")
        for label, value in rows.items():
            print(f"  {label:<32} {value / MB:9.2f} MB")
        if offers:
            projected = size(site) * PROJECT_TO / count
            verdict = "fits" if projected <= PAGES_LIMIT_BYTES else "DOES NOT FIT"
            print(
                f"  projected to {PROJECT_TO:,} offers: {projected / MB:,.0f} MB of GitHub Pages'"
                f" {PAGES_LIMIT_BYTES / MB:,.0f} MB ({verdict})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000])
    args = parser.parse_args()
    if not (REPO / "node_modules" / "iframe-worker").is_dir():
        sys.exit("run `npm ci` first: the offline copy needs iframe-worker")
    measure("demo catalogue", None)
    for offers in args.sizes:
        measure(f"synthetic catalogue of {offers:,} offers", offers)


if __name__ == "__main__":
    main()
