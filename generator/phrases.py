"""Finnish phrasing shared by messages, reports and pages."""

from __future__ import annotations


def join(items: list[str], last: str = "ja") -> str:
    """Join words the Finnish way: "a", "a ja b", "a, b ja c"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
