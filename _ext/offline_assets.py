"""Sphinx extension: serve MathJax from the built site.

The book must open with no internet. Instead of letting Sphinx and MyST-NB point at CDNs, this
extension fetches the pinned npm tarballs listed in ``vendor.lock.json`` (``npm pack``, checked
against their sha512 integrity), unpacks them once under ``_build/.vendor/`` and copies the needed
files into ``<outdir>/_static/offline/`` when the build finishes. ``_config.yml`` points
``mathjax_path`` at them. Nothing else is vendored: the book shows no live widget views, so
``nb_ipywidgets_js`` is empty and no page needs RequireJS or the widget manager.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

LOCK_FILE = Path(__file__).with_name("vendor.lock.json")
logger = logging.getLogger(__name__)


def _integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def _fetch(name: str, version: str, integrity: str, cache: Path) -> Path:
    """Return the unpacked ``package/`` folder of NAME@VERSION, fetching it with npm if needed."""
    target = cache / f"{name.replace('/', '__')}-{version}"
    if (target / "package").is_dir():
        return target / "package"
    npm = shutil.which("npm")
    if npm is None:
        raise ExtensionError(
            "offline_assets: `npm` is needed once to fetch the vendored front-end files "
            f"({name}@{version}); install Node.js/npm (apt-get install npm) and build again."
        )
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [npm, "pack", "--silent", f"{name}@{version}"],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=False,
        )
        tarballs = list(Path(tmp).glob("*.tgz"))
        if out.returncode != 0 or len(tarballs) != 1:
            raise ExtensionError(
                f"offline_assets: npm pack {name}@{version} failed: {out.stderr.strip()}"
            )
        got = _integrity(tarballs[0])
        if got != integrity:
            raise ExtensionError(
                f"offline_assets: {name}@{version} integrity mismatch (expected {integrity}, got {got})"
            )
        staging = Path(tmp) / "unpacked"
        with tarfile.open(tarballs[0]) as tar:
            tar.extractall(staging, filter="data")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(target))
    return target / "package"


def vendor_tree(srcdir: Path) -> Path:
    """Assemble ``_build/.vendor/site`` (what goes to ``_static/offline``) and return its path."""
    lock = json.loads(LOCK_FILE.read_text())
    cache = srcdir / "_build" / ".vendor"
    site = cache / "site"
    stamp = site / ".lock-digest"
    digest = hashlib.sha256(LOCK_FILE.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text() == digest:
        return site
    shutil.rmtree(site, ignore_errors=True)
    for pkg in lock["packages"]:
        root = _fetch(pkg["name"], pkg["version"], pkg["integrity"], cache)
        for src, dest in pkg["copy"].items():
            source, destination = root / src, site / dest
            destination.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, destination)
            else:
                shutil.copy2(source, destination)
    stamp.write_text(digest)
    return site


def _prepare(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.env.offline_vendor_site = vendor_tree(Path(app.srcdir))


def _copy_into_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = vendor_tree(Path(app.srcdir))
    destination = Path(app.outdir) / "_static" / "offline"
    stamp = destination / ".lock-digest"
    if stamp.is_file() and stamp.read_text() == (site / ".lock-digest").read_text():
        return
    shutil.rmtree(destination, ignore_errors=True)
    shutil.copytree(site, destination)
    logger.info("offline_assets: vendored front-end files copied to %s", destination)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _prepare)
    app.connect("build-finished", _copy_into_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
