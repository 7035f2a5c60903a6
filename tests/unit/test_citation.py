"""CITATION.cff is valid CFF 1.2.0, agrees with pyproject.toml and _config.yml, and the citation
the README and the landing page show is the one generated from it."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

from widgets.book.citation import LICENCES, citation_markdown, load_cff, reuse_markdown

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests/unit/schemas/cff-1.2.0.schema.json").read_text("utf-8"))
CFF = load_cff(ROOT / "CITATION.cff")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))


def test_citation_file_is_valid_cff_1_2_0():
    assert CFF["cff-version"] == "1.2.0"
    jsonschema.validate(CFF, SCHEMA)


@pytest.mark.parametrize(
    "change",
    [
        {"license": "MIT-ish"},
        {"date-released": "6 December 2026"},
        {"authors": []},
        {"typo-field": "x"},
    ],
)
def test_schema_rejects_a_broken_citation(change):
    broken = {**copy.deepcopy(CFF), **change}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def test_citation_agrees_with_pyproject_and_book_config():
    assert CFF["version"] == PROJECT["version"]
    assert set(CFF["license"]) == set(PROJECT["license"].split(" AND "))
    assert CFF["repository-code"] == CONFIG["repository"]["url"]
    assert CFF["title"] == CONFIG["title"]
    assert [a["name"] for a in CFF["authors"]] == [CONFIG["author"]]
    assert CFF["date-released"][:4] == str(CONFIG["copyright"])


def test_licence_files_name_the_licences_and_the_holder():
    mit = (ROOT / "LICENSE").read_text("utf-8")
    content = (ROOT / "LICENSE-CONTENT.md").read_text("utf-8")
    assert mit.startswith("MIT License\n\nCopyright (c) 2026 The Cramp Lab authors\n")
    assert "Creative Commons Attribution 4.0 International Public License" in content
    assert "Section 8 -- Interpretation." in content  # the whole legal code, not a summary
    assert "https://creativecommons.org/licenses/by/4.0/" in content
    assert set(LICENCES) == set(CFF["license"])


def test_citation_is_author_year_from_the_file():
    text = citation_markdown(CFF)
    assert text == (
        "The Cramp Lab authors (2026). *Cramp Lab* (version 0.1.0). "
        "https://github.com/cramp-lab/cramp-lab"
    )
    two = {**CFF, "authors": [{"family-names": "Ng", "given-names": "A."}, {"name": "B"}]}
    assert citation_markdown(two).startswith("Ng, A. et al. (2026).")
    assert "CC BY 4.0" in reuse_markdown(CFF) and "MIT" in reuse_markdown(CFF)


def test_readme_and_landing_page_use_the_generated_citation():
    readme = (ROOT / "README.md").read_text("utf-8")
    intro = (ROOT / "intro.md").read_text("utf-8")
    assert f"> {citation_markdown(CFF)}\n" in readme
    assert "## Cite and reuse" in readme and "## Cite and reuse" in intro
    assert "```{course-citation}" in intro
    assert CFF["repository-code"] not in intro  # typed once, in CITATION.cff
