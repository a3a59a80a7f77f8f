"""Finnish phrasing shared by messages, reports and pages: counted nouns and joined lists."""

from __future__ import annotations


def join(items: list[str], last: str = "ja") -> str:
    """Join words the Finnish way: "a", "a ja b", "a, b ja c"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def count(number: int, one: str, many: str) -> str:
    """Return a number with its noun in the form the number takes: "1 virhe", "0 virhettä", "2 virhettä"."""
    return f"{number} {one if number == 1 else many}"
