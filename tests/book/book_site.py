"""Paths, the table of contents and browser settings shared by the book tests."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
BUILD_LOG = ROOT / "_build" / "build.log"
CHROMIUM = os.environ.get("CRAMP_CHROMIUM", "/usr/bin/chromium")
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
# Flags that keep headless chromium from calling home (this machine has no internet).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--no-default-browser-check",
]


def toc_docnames() -> list[str]:
    """Every page of the table of contents, in order (root first)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return names


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    output: str

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if "WARNING" in line or "ERROR" in line]


def watch_page(page) -> None:
    """Record console errors in ``page.console_errors`` and block every request that would leave
    127.0.0.1, recording it in ``page.offsite_requests`` (data:, blob: and about: stay allowed)."""
    from urllib.parse import urlparse

    page.console_errors = []
    page.offsite_requests = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))

    def guard(route):
        url = urlparse(route.request.url)
        if url.scheme in {"data", "blob", "about"} or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            page.offsite_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
