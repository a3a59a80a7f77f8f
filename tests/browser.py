"""Headless Chromium and a local web server, shared by the browser tests and the finder benchmark."""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright, ViewportSize

# Debian's Chromium, or the executable TARJOTIN_CHROMIUM names; Playwright cannot download its own here.
CHROMIUM = os.environ.get("TARJOTIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# A desktop window, wide enough for the theme's navigation sidebar and its search box in the header.
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
# A phone, where the header shows buttons instead of the search box.
PHONE: ViewportSize = {"width": 390, "height": 844}


def launch(playwright: Playwright) -> Browser:
    """Start headless Chromium."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def search_header(page: Page, text: str) -> None:
    """Type `text` into the theme's header search key by key, as a person does.

    The theme reads its search box on key-up and focus, not on input events, so a programmatic
    fill can go unseen when the page is busy.
    """
    page.locator(".md-search__input").press_sequentially(text)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that drops a connection while a file is on its way (the tests and the benchmark close
        # pages as soon as they have what they check) is no error of the site's; anything else is reported.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve `folder` over http on a free local port, as GitHub Pages would; yield its address without a trailing slash."""
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
