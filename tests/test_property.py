"""Whatever a contributor types, the result is a catalogue or problems at a line, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import DATA, OFFER, ORGANISATION, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.taxonomy import Taxonomy
from generator.validate import validate_catalogue

VALID_OFFER = (DATA / "valid" / OFFER).read_text(encoding="utf-8")
VALID_ORGANISATION = (DATA / "valid" / ORGANISATION).read_text(encoding="utf-8")
TRICKY = [
    ":",
    "-",
    "[",
    "]",
    "{",
    "}",
    "&",
    "*",
    "!",
    "'",
    '"',
    "#",
    "|",
    ">",
    "\t",
    " ",
    "\n",
    "ä",
    "0",
    "@",
    "%",
    "`",
]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """Apply a few edits of the kind a hurried volunteer makes."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "indent", "dedent"]))
        line = lines[index]
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = "  " + line
        elif action == "dedent":
            lines[index] = line.lstrip()
        else:
            position = draw(st.integers(0, len(line)))
            char = draw(st.sampled_from(TRICKY) | st.characters(codec="utf-8"))
            cut = position + (1 if action == "replace" else 0)
            lines[index] = line[:position] + char + line[cut:]
    return "".join(lines)


def _check(taxonomy: Taxonomy, organisation: str, offer: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for relative, text in ((ORGANISATION, organisation), (OFFER, offer)):
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text, encoding="utf-8", errors="surrogatepass")
        result = validate_catalogue(root, taxonomy, TODAY)
    for problem in result.problems:
        assert problem.path in (ORGANISATION, OFFER)
        text = offer if problem.path == OFFER else organisation
        assert 1 <= problem.line <= text.count("\n") + 2, problem
        assert problem.col >= 1
        assert problem.code != "invalid", problem  # every error has its own Finnish message
        assert problem.message and problem.hint, problem
    offers_with_errors = any(p.is_error and p.path == OFFER for p in result.problems)
    organisation_ok = not any(p.is_error and p.path == ORGANISATION for p in result.problems)
    assert len(result.catalogue.offers) == (0 if offers_with_errors or not organisation_ok else 1)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offer=mutated(VALID_OFFER))
def test_mutated_offer(taxonomy: Taxonomy, offer: str) -> None:
    _check(taxonomy, VALID_ORGANISATION, offer)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisation=mutated(VALID_ORGANISATION))
def test_mutated_organisation(taxonomy: Taxonomy, organisation: str) -> None:
    _check(taxonomy, organisation, VALID_OFFER)


@settings(max_examples=150, deadline=None)
@given(offer=st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=200))
def test_random_text(taxonomy: Taxonomy, offer: str) -> None:
    _check(taxonomy, VALID_ORGANISATION, offer)
