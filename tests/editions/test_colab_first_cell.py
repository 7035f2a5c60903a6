"""widgets.book.live: the course package on Colab, nothing anywhere else.

The first cell (first_cell_source) and ensure_course_package make the same decision;
both are checked in the three situations: package present, missing on Colab, missing elsewhere."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import types

import nbformat
import pytest
import yaml
from conftest import ROOT

from widgets.book import live


@pytest.fixture
def repo() -> dict:
    block = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]
    return {"url": block["url"], "branch": block["branch"]}


@pytest.fixture
def missing_package(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "widgets" else real(name, *a)
    )


@pytest.fixture
def colab(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))


@pytest.fixture
def pip_calls(monkeypatch) -> list:
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append((a, k)))
    return calls


def expected_pip(repo) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        f"cramp-lab @ git+{repo['url']}@{repo['branch']}",
    ]


def run_first_cell(repo):
    exec(compile(live.first_cell_source(repo), "<first cell>", "exec"), {})


def test_repository_comes_from_the_book_config(repo):
    assert live.repository() == repo


def test_present_package_means_no_action(repo, colab, pip_calls):
    assert live.ensure_course_package(repo, run=subprocess.run) == "present"
    run_first_cell(repo)
    assert pip_calls == []


def test_missing_package_on_colab_is_installed_from_the_repository(
    repo, missing_package, colab, pip_calls
):
    assert live.ensure_course_package(repo, run=subprocess.run) == "installed"
    run_first_cell(repo)
    assert [a for a, _ in pip_calls] == [(expected_pip(repo),), (expected_pip(repo),)]
    assert all(k == {"check": True} for _, k in pip_calls)


def test_missing_package_elsewhere_is_not_installed(repo, missing_package, pip_calls):
    assert not live.on_colab()
    with pytest.raises(ModuleNotFoundError, match="make live"):
        live.ensure_course_package(repo, run=subprocess.run)
    run_first_cell(repo)
    assert pip_calls == []


def test_the_first_cell_has_no_value_to_show(repo):
    import ast

    source = live.first_cell_source(repo)
    body = ast.parse(source).body
    assert not any(
        isinstance(node, ast.Expr) for node in body
    )  # nothing for the kernel to display
    assert repo["url"] in source and "google.colab" in source


def test_chapters_that_start_with_the_colab_cell_use_exactly_this_line():
    expected = live.first_cell_source()
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        if cells and "google.colab" in cells[0].source:
            assert cells[0].source == expected, path.name
            assert cells[0].outputs == [], path.name


@pytest.mark.parametrize(
    "repo, message",
    [
        ({"url": "github.com/cramp-lab/cramp-lab", "branch": "main"}, "url"),
        ({"url": "https://github.com", "branch": "main"}, "url"),
        ({"url": "https://github.com/cramp-lab/cramp-lab", "branch": "ma in"}, "branch"),
        ({"url": "https://github.com/cramp-lab/cramp-lab", "branch": ""}, "branch"),
    ],
)
def test_bad_repository_settings_are_clear_errors(repo, message):
    with pytest.raises(ValueError, match=message):
        live.pip_requirement(repo)


def test_a_missing_config_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="config_path"):
        live.repository(tmp_path / "_config.yml")
