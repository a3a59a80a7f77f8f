"""The benchmark catalogues: deterministic from the seed and valid."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY

from generator.synthetic import write_catalogue
from generator.taxonomy import Taxonomy
from generator.validate import validate_catalogue


def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yml"))}


def test_same_seed_same_files_and_valid(tmp_path: Path, taxonomy: Taxonomy) -> None:
    write_catalogue(tmp_path / "a", 120, seed=7)
    write_catalogue(tmp_path / "b", 120, seed=7)
    write_catalogue(tmp_path / "c", 120, seed=8)
    assert _files(tmp_path / "a") == _files(tmp_path / "b") != _files(tmp_path / "c")
    result = validate_catalogue(tmp_path / "a", taxonomy, TODAY)
    assert result.problems == []
    assert (len(result.catalogue.organisations), len(result.catalogue.offers)) == (4, 120)


def test_a_benchmark_sized_catalogue_is_valid(tmp_path: Path, taxonomy: Taxonomy) -> None:
    # Rare combinations show only in larger catalogues: the benchmarks build 1,500 offers and more.
    write_catalogue(tmp_path, 1500)
    assert validate_catalogue(tmp_path, taxonomy, TODAY).problems == []
