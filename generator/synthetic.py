"""Synthetic catalogues for benchmarks: the demo catalogue's files, multiplied deterministically."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from generator.validate import CATALOGUE_DIR, ORGANISATIONS_DIR

REPO = Path(__file__).resolve().parent.parent


def write_catalogue(root: Path, offers: int, *, organisations: int | None = None, seed: int = 0) -> None:
    """Write `offers` offer files under `organisations` organisations into `root`, the same for the same seed."""
    rng = random.Random(seed)
    org_texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / ORGANISATIONS_DIR).glob("*.yml"))]
    offer_texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / CATALOGUE_DIR).glob("*/*.yml"))]
    offer_texts = [t for t in offer_texts if "tarkistettu: 2025" not in t and "tila: paattynyt" not in t]
    count = organisations or max(1, offers // 25)
    (root / ORGANISATIONS_DIR).mkdir(parents=True, exist_ok=True)
    for number in range(count):
        org_id = f"jarjesto-{number:05}"
        (root / ORGANISATIONS_DIR / f"{org_id}.yml").write_text(rng.choice(org_texts), encoding="utf-8")
        (root / CATALOGUE_DIR / org_id).mkdir(parents=True, exist_ok=True)
    for number in range(offers):
        org_id = f"jarjesto-{number % count:05}"
        text = rng.choice(offer_texts).replace("nimi: ", f"nimi: {number} ", 1)
        (root / CATALOGUE_DIR / org_id / f"tarjonta-{number:06}.yml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write a synthetic catalogue for benchmarks.")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--offers", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_catalogue(args.outdir, args.offers, seed=args.seed)
