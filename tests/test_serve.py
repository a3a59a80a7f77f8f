"""`tarjotin serve`: the live preview a contributor keeps open while editing."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from conftest import DATA, OFFER, site_source

PAGE = "tarjonta/esimerkki-ry/vertaisryhma/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(check: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"not true within {seconds} s")


def test_preview_follows_edits_and_keeps_the_last_good_version(tmp_path: Path) -> None:
    root = site_source(tmp_path, DATA / "site")
    url = f"http://127.0.0.1:{free_port()}/"
    command = [sys.executable, "-m", "generator.cli", "--root", str(root), "serve", "--dev-addr", url[7:-1]]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout or ()), daemon=True)
    reader.start()
    try:
        wait_for(lambda: "Omaisten vertaisryhmä" in (fetch(url + PAGE) or ""))

        offer = root / OFFER
        offer.write_text(
            offer.read_text(encoding="utf-8").replace("nimi: Omaisten vertaisryhmä", "nimi: Omaisten ilta")
        )
        wait_for(lambda: "Omaisten ilta" in (fetch(url + PAGE) or ""))
        # The finder's data, which a build writes straight into the site, follows in the preview too.
        assert "Omaisten ilta" in (fetch(url + "hae/hakemisto.js") or "")

        # A mistake while editing: the contributor sees what is wrong, in the validator's words ...
        offer.write_text(offer.read_text(encoding="utf-8").replace('alkaa: "17:30"', "alkaa: 930"))
        wait_for(lambda: any("[time-format]" in line for line in lines))
        assert any(f"{OFFER}:" in line for line in lines)
        # ... and the preview, rebuilt after that, still shows the last good version.
        assert "Omaisten ilta" in (fetch(url + PAGE) or "")
    finally:
        server.terminate()
        server.wait(timeout=10)
        reader.join(timeout=10)
        if server.stdout:
            server.stdout.close()
