"""The project's own error type, caught only at the command-line edge."""

from __future__ import annotations

from generator.problems import Problem


class TarjotinError(Exception):
    """A run that cannot go on; carries a Finnish message and any problems behind it."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class UsageError(TarjotinError):
    """The command was called wrongly (exit code 2)."""
