"""JSON Schemas of the two file kinds, for editors that complete and check YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.models import Offer, Organisation
from generator.taxonomy import Taxonomy

SCHEMA_DIR = Path("site_config") / "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "jarjesto.schema.json": Organisation,
    "tarjonta.schema.json": Offer,
}


def _with_codes(node: Any, taxonomy: Taxonomy) -> Any:
    """Replace each `x-koodisto` marker with the codes of that list and their labels."""
    if isinstance(node, dict):
        if "x-koodisto" in node:
            terms = taxonomy.codes(node["x-koodisto"])
            return {
                "type": "string",
                "enum": list(terms),
                "enumDescriptions": [term.fi for term in terms.values()],
            }
        return {key: _with_codes(value, taxonomy) for key, value in node.items()}
    if isinstance(node, list):
        return [_with_codes(item, taxonomy) for item in node]
    return node


def build_schema(model: type[BaseModel], taxonomy: Taxonomy) -> dict[str, Any]:
    """Return the JSON Schema of one file kind, with the taxonomy's codes as enums."""
    body = _with_codes(model.model_json_schema(by_alias=True, mode="validation"), taxonomy)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **body}


def render(model: type[BaseModel], taxonomy: Taxonomy) -> str:
    return json.dumps(build_schema(model, taxonomy), ensure_ascii=False, indent=2) + "\n"


def write_schemas(root: Path, taxonomy: Taxonomy) -> list[Path]:
    """Write every schema under `site_config/schema/` and return their paths."""
    folder = root / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = folder / name
        path.write_text(render(model, taxonomy), encoding="utf-8")
        written.append(path)
    return written
