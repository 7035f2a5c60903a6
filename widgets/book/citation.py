"""The course's citation, generated from ``CITATION.cff`` so it is typed once.

The landing page shows it (``_ext/cite_reuse.py``, directive ``{course-citation}``) and the README
quotes it; ``tests/unit/test_citation.py`` checks both against this function.

Example::

    >>> citation_markdown({"authors": [{"name": "A"}], "title": "T", "version": "1",
    ...     "date-released": "2026-01-02", "repository-code": "https://x.org"})
    'A (2026). *T* (version 1). https://x.org'
"""

from __future__ import annotations

from pathlib import Path

import yaml

#: What each licence of the course covers, by its SPDX id (LICENSE and LICENSE-CONTENT.md).
LICENCES: dict[str, str] = {
    "MIT": "the code (the course's package, the book's extensions, tools, tests and code cells) "
    "under the MIT licence",
    "CC-BY-4.0": "the text, figures, quizzes and data-file text under the Creative Commons "
    "Attribution 4.0 licence (CC BY 4.0), if you credit the course and say what you changed",
}


def load_cff(path: Path) -> dict:
    """``CITATION.cff`` as a dict (dates stay text, as the CFF schema wants them)."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _author(author: dict) -> str:
    if "name" in author:
        return author["name"]
    return f"{author['family-names']}, {author.get('given-names', '')}".rstrip(", ")


def citation_markdown(cff: dict) -> str:
    """The citation, author-year: "Authors (year). *Title* (version v). repository"."""
    authors = [_author(a) for a in cff["authors"]]
    names = authors[0] if len(authors) == 1 else f"{authors[0]} et al."
    year = str(cff["date-released"])[:4]
    return (
        f"{names} ({year}). *{cff['title']}* (version {cff['version']}). {cff['repository-code']}"
    )


def reuse_markdown(cff: dict, branch: str = "main") -> str:
    """The licences in a sentence, what each covers, with links to the licence files."""
    licences = cff["license"] if isinstance(cff["license"], list) else [cff["license"]]
    terms = "; and ".join(LICENCES[spdx] for spdx in licences)
    repo = cff["repository-code"]
    files = " and ".join(
        f"[{name}]({repo}/blob/{branch}/{name})" for name in ("LICENSE", "LICENSE-CONTENT.md")
    )
    return f"You may reuse {terms}. The full terms: {files} in [the course's repository]({repo})."
