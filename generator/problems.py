"""Problems found in the catalogue, and the ways they are reported."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.phrases import count


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place in one file."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    # The value it is about, by keys and list indexes from the top of the file; () for the file as a whole.
    where: tuple[str | int, ...] = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def text(self) -> str:
        """The message with its hint, as one Finnish sentence."""
        return f"{self.message} — {self.hint}" if self.hint else self.message


def sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.col, problem.code)


def format_text(problem: Problem) -> str:
    prefix = "" if problem.is_error else "varoitus: "
    return f"{problem.path}:{problem.line}:{problem.col}: {prefix}{problem.text} [{problem.code}]"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem) -> str:
    """Format a problem as a GitHub Actions workflow command (an annotation)."""
    level = "error" if problem.is_error else "warning"
    props = (
        f"file={_escape_property(problem.path)},line={problem.line},col={problem.col},"
        f"title={_escape_property(problem.code)}"
    )
    return f"::{level} {props}::{_escape_data(problem.text)}"


def table_cell(text: str) -> str:
    """Return text safe inside one cell of a Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def summary_table(problems: Iterable[Problem]) -> str:
    """Return a Markdown table of every problem, for the job summary."""
    rows = [
        "| tiedosto | rivi | sarake | taso | ongelma | koodi |",
        "|---|---|---|---|---|---|",
    ]
    for p in problems:
        level = "virhe" if p.is_error else "varoitus"
        rows.append(f"| {table_cell(p.path)} | {p.line} | {p.col} | {level} | {table_cell(p.text)} | `{p.code}` |")
    return "\n".join(rows) + "\n"


def count_line(problems: list[Problem]) -> str:
    """Return the closing count, e.g. '2 virhettä 1 tiedostossa'."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    parts = []
    if errors:
        parts.append(count(errors, "virhe", "virhettä"))
    if warnings:
        parts.append(count(warnings, "varoitus", "varoitusta"))
    # The inessive takes the singular after every number: "1 tiedostossa", "2 tiedostossa".
    return f"{' ja '.join(parts)} {files} tiedostossa"
