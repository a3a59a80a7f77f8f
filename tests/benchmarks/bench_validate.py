"""Benchmark: validation throughput and peak memory for synthetic catalogues.

    python tests/benchmarks/bench_validate.py [--sizes 1500 10000 50000]

Each size is validated in a fresh child process that reports its own wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.synthetic import write_catalogue

TARGET_FILES_PER_S = 2500
TARGET_PEAK_MIB = 1024

CHILD = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from generator.taxonomy import load_taxonomy
from generator.validate import validate_catalogue
root = Path(sys.argv[1])
start = time.perf_counter()
taxonomy = load_taxonomy(Path(sys.argv[2]))
result = validate_catalogue(root, taxonomy, date(2026, 11, 23))
seconds = time.perf_counter() - start
assert not result.errors, result.errors[:3]
print(json.dumps({"offers": len(result.catalogue.offers), "seconds": seconds,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def measure(offers: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        write_catalogue(Path(folder), offers)
        taxonomy = Path(__file__).resolve().parents[2] / "site_config" / "taxonomy.yml"
        out = subprocess.run(
            [sys.executable, "-c", CHILD, folder, str(taxonomy)], capture_output=True, text=True, check=True
        )
    figures: dict[str, float] = json.loads(out.stdout)
    assert figures["offers"] == offers
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 10000, 50000])
    args = parser.parse_args()
    print(f"target: >= {TARGET_FILES_PER_S} offer files/s and < {TARGET_PEAK_MIB} MiB peak at every size")
    print(f"{'offers':>8} {'seconds':>8} {'files/s':>8} {'peak MiB':>9}  meets")
    for size in args.sizes:
        figures = measure(size)
        rate = size / figures["seconds"]
        peak = figures["peak_kib"] / 1024
        ok = rate >= TARGET_FILES_PER_S and peak < TARGET_PEAK_MIB
        print(f"{size:>8} {figures['seconds']:>8.2f} {rate:>8.0f} {peak:>9.0f}  {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
