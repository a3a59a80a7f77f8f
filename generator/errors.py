"""The project's own error type, caught only at the command-line edge, and the system's file errors in Finnish."""

from __future__ import annotations

import errno

from generator.problems import Problem

# Why a file or folder could not be used. The system's own words (OSError.strerror) are English.
_REASONS = {
    errno.EACCES: "ei käyttöoikeutta",
    errno.EPERM: "ei käyttöoikeutta",
    errno.ENOENT: "tiedostoa tai kansiota ei ole",
    errno.ENOTDIR: "polussa on tiedosto kansion paikalla",
    errno.EISDIR: "se on kansio eikä tiedosto",
    errno.EEXIST: "se on jo olemassa",
    errno.ENOTEMPTY: "kansio ei ole tyhjä",
    errno.EROFS: "levylle ei voi kirjoittaa",
    errno.ENOSPC: "levyllä ei ole tilaa",
    errno.ENAMETOOLONG: "nimi on liian pitkä",
    errno.EADDRINUSE: "osoite on jo käytössä",
}


def reason(error: OSError) -> str:
    """Return in Finnish why a file or folder could not be used."""
    if error.errno is None:
        return "tuntematon käyttöjärjestelmän virhe"
    return _REASONS.get(error.errno) or f"käyttöjärjestelmän virhe {errno.errorcode.get(error.errno, error.errno)}"


def os_error_text(error: OSError) -> str:
    """Return an operating-system error as one Finnish line: the path, if it has one, and why."""
    return f"{error.filename}: {reason(error)}" if error.filename else reason(error)


class TarjotinError(Exception):
    """A run that cannot go on; carries a Finnish message and any problems behind it."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class UsageError(TarjotinError):
    """The command was called wrongly (exit code 2)."""
