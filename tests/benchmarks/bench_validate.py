"""Benchmark: validation throughput and peak memory for synthetic catalogues.

    python tests/benchmarks/bench_validate.py [--sizes 1500 10000 50000] [--profile]

Each catalogue is generated into a temporary directory (not timed), then validated in a fresh
child process. The child times load_taxonomy plus validate_catalogue (all file reading and
checking, not the interpreter start or the imports), asserts that there are no errors and that
every offer was accepted, and reports its own peak RSS. --profile runs one more child per size
under cProfile and prints the 25 most expensive calls by cumulative time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.synthetic import write_catalogue

REPO = Path(__file__).resolve().parents[2]
TAXONOMY = REPO / "site_config" / "taxonomy.yml"
TARGET_OFFERS_PER_S = 2500  # offer files per second, required at 50,000 offers
TARGET_PEAK_MIB = 1024

CHILD = """
import json, resource, sys, time
from datetime import date
from pathlib import Path

from generator.taxonomy import load_taxonomy
from generator.validate import validate_catalogue

root, taxonomy, expected, profile = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
if profile:
    import cProfile, pstats
    profiler = cProfile.Profile()
    profiler.enable()
start = time.perf_counter()
result = validate_catalogue(root, load_taxonomy(taxonomy), date(2026, 11, 23))
seconds = time.perf_counter() - start
if profile:
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
assert not result.errors, [p.text for p in result.errors[:3]]
assert len(result.catalogue.offers) == expected, (len(result.catalogue.offers), expected)
print(json.dumps({
    "offers": len(result.catalogue.offers),
    "warnings": len(result.warnings),
    "seconds": seconds,
    "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
"""


def run_child(root: Path, offers: int, *, profile: bool = False) -> tuple[dict[str, float], str]:
    """Validate the catalogue at `root` in a fresh interpreter; return its figures and any profile."""
    command = [sys.executable, "-c", CHILD, str(root), str(TAXONOMY), str(offers), "1" if profile else "0"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"validation child failed for {offers} offers:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout)
    return figures, done.stderr if profile else ""


def main() -> None:
    """Generate, validate and report every size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 10000, 50000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of each size")
    args = parser.parse_args()
    print(
        f"target: >= {TARGET_OFFERS_PER_S:,} offer files/s at 50,000 offers and peak memory < {TARGET_PEAK_MIB} MiB"
        " (every row is held to both)"
    )
    print(f"{'offers':>8} {'files':>8} {'seconds':>8} {'files/s':>8} {'offers/s':>9} {'peak MiB':>9}  meets target")
    profiles: list[str] = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-validate-") as folder:
            root = Path(folder)
            write_catalogue(root, size, seed=args.seed)
            files = sum(1 for _ in root.rglob("*.yml"))
            figures, _ = run_child(root, size)
            if args.profile:
                profiles.append(
                    f"--- cProfile of {size} offers (a separate, slower run) ---\n{run_child(root, size, profile=True)[1]}"
                )
        seconds, peak = figures["seconds"], figures["peak_kib"] / 1024
        rate = size / seconds
        misses = ["too slow"] if rate < TARGET_OFFERS_PER_S else []
        misses += ["too much memory"] if peak >= TARGET_PEAK_MIB else []
        verdict = f"NO ({', '.join(misses)})" if misses else "yes"
        warnings = f", {figures['warnings']:.0f} warnings" if figures["warnings"] else ""
        print(
            f"{size:>8} {files:>8} {seconds:>8.2f} {files / seconds:>8.0f} {rate:>9.0f} {peak:>9.0f}  {verdict}{warnings}"
        )
    for profile in profiles:
        print(profile)


if __name__ == "__main__":
    main()
