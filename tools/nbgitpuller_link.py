"""Print the nbgitpuller link that gives students a chapter on a JupyterHub.

Usage:
    python tools/nbgitpuller_link.py HUB_URL [--chapter 04] [--repo URL] [--branch NAME]
                                             [--interface jupyterlab|classic]
    make hub-link HUB=https://hub.example.org CHAPTER=04

Clicking the link logs the student in to the hub, copies (the first time) or updates (later) the
repository into their home folder with nbgitpuller, keeping their own edits, and opens the
chapter. Without --chapter the link opens the folder of all chapters. --repo and --branch default
to `repository.url` and `repository.branch` in _config.yml; give another repository (for
example one holding the student edition, `make student`) to hand that out instead.

The link has the same form as the book's JupyterHub launch button (sphinx-book-theme), so the two
open the same place. The hub's image must have nbgitpuller (binder/requirements.txt installs it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from widgets.book.live import repository  # noqa: E402  (the repository's address, from _config.yml)

INTERFACES = {"jupyterlab": "lab/tree", "classic": "tree"}


def chapter_path(chapter: str | None, root: Path = ROOT) -> str:
    """The repository-relative path to open: a chapter given as ``4``, ``04``, ``04_force`` or
    ``chapters/04_force.ipynb``, or the chapters folder when ``chapter`` is empty."""
    if not chapter:
        return "chapters"
    name = Path(chapter).name.removesuffix(".ipynb")
    notebooks = sorted((root / "chapters").glob("*.ipynb"))
    if name.isdigit():
        matches = [p for p in notebooks if p.stem.split("_", 1)[0].lstrip("0") == name.lstrip("0")]
    else:
        matches = [p for p in notebooks if p.stem == name]
    if len(matches) != 1:
        known = ", ".join(p.stem for p in notebooks)
        raise ValueError(f"chapter: no single chapter matches {chapter!r} (chapters: {known})")
    return f"chapters/{matches[0].name}"


def nbgitpuller_link(
    hub_url: str,
    repository_url: str,
    branch: str,
    path: str = "chapters",
    interface: str = "jupyterlab",
) -> str:
    """``{hub}/hub/user-redirect/git-pull?repo=...&urlpath=...&branch=...``: nbgitpuller clones
    the repository into a folder named after it, so the path to open starts with that name."""
    hub = urlparse(hub_url)
    if hub.scheme not in ("https", "http") or not hub.netloc or hub.query or hub.fragment:
        raise ValueError(
            f"hub_url: expected the hub's web address, e.g. "
            f"https://hub.example.org, got {hub_url!r}"
        )
    repo = urlparse(repository_url)
    name = repo.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    if repo.scheme not in ("https", "http") or not repo.netloc or not name:
        raise ValueError(
            f"repository_url: expected a git repository's web address, got {repository_url!r}"
        )
    if interface not in INTERFACES:
        raise ValueError(f"interface: one of {sorted(INTERFACES)}, got {interface!r}")
    if not branch:
        raise ValueError("branch: must not be empty")
    query = urlencode(
        {
            "repo": repository_url,
            "urlpath": f"{INTERFACES[interface]}/{name}/{path}",
            "branch": branch,
        },
        safe="/",
    )
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Print the nbgitpuller link that opens a Cramp Lab chapter on a JupyterHub."
    )
    parser.add_argument("hub_url", help="the hub's address, e.g. https://hub.example.org")
    parser.add_argument(
        "--chapter",
        default="",
        help="4, 04, 04_force or chapters/04_force.ipynb (default: all chapters)",
    )
    parser.add_argument("--repo", default="", help="git repository (default: _config.yml)")
    parser.add_argument("--branch", default="", help="branch (default: _config.yml)")
    parser.add_argument("--interface", default="jupyterlab", choices=sorted(INTERFACES))
    args = parser.parse_args(argv)
    try:
        config = repository() if not (args.repo and args.branch) else {}
        url = args.repo or config["url"]
        branch = args.branch or config["branch"]
        print(
            nbgitpuller_link(args.hub_url, url, branch, chapter_path(args.chapter), args.interface)
        )
    except ValueError as exc:
        parser.exit(2, f"nbgitpuller_link: {exc}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
