"""Launch buttons and hub links: the JupyterHub button appears only when a hub is configured, and
tools/nbgitpuller_link.py prints the same link the book's button would."""

from __future__ import annotations

import copy
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from conftest import ROOT
from nbgitpuller_link import chapter_path, main, nbgitpuller_link

from widgets.book.live import repository

HUB = "https://hub.university.edu"


class _Config(dict):
    __getattr__ = dict.__getitem__


def launch_buttons(user_yaml: dict, page: str = "chapters/04_force") -> dict[str, str]:
    """The launch buttons sphinx-book-theme puts on a chapter page for this _config.yml:
    {button text: url}. Runs the theme's own code on the configuration jupyter-book makes."""
    from jupyter_book.config import get_final_config
    from sphinx_book_theme.header_buttons import update_context_with_repository_info
    from sphinx_book_theme.header_buttons.launch import add_launch_buttons

    sphinx_config, _ = get_final_config(
        user_yaml=user_yaml, validate=False, cli_config={"latex_individualpages": False}
    )
    theme_options = sphinx_config["html_theme_options"]
    config = _Config(html_theme_options=theme_options, html_context={})
    app = SimpleNamespace(
        config=config,
        builder=SimpleNamespace(theme_options=theme_options),
        env=SimpleNamespace(
            doc2path=lambda name: str(ROOT / f"{name}.ipynb"),
            metadata={page: {"kernelspec": {"name": "python3"}}},
        ),
    )
    update_context_with_repository_info(app)
    context = dict(
        config.html_context, pagename=page, sourcename=f"{page}.ipynb", header_buttons=[]
    )
    add_launch_buttons(app, page, "page.html", context, None)
    groups = [b for b in context["header_buttons"] if b.get("label") == "launch-buttons"]
    return {b["text"]: b["url"] for group in groups for b in group["buttons"]}


@pytest.fixture(scope="module")
def book_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_no_jupyterhub_button_until_a_hub_is_configured(book_config):
    hub = book_config["launch_buttons"].get("jupyterhub_url") or ""
    buttons = launch_buttons(book_config)
    assert {"Binder", "Colab"} <= set(buttons)
    if not hub:
        assert "JupyterHub" not in buttons
    else:  # a real hub was configured: no placeholder address in the book
        assert "example." not in hub and "JupyterHub" in buttons


def test_a_configured_hub_gets_the_button_with_the_nbgitpuller_link(book_config):
    configured = copy.deepcopy(book_config)
    configured["launch_buttons"]["jupyterhub_url"] = HUB + "/"
    buttons = launch_buttons(configured)
    repo = repository()
    assert buttons["JupyterHub"] == nbgitpuller_link(
        HUB, repo["url"], repo["branch"], "chapters/04_force.ipynb"
    )
    assert buttons["JupyterHub"].startswith(f"{HUB}/hub/user-redirect/git-pull?repo=")


def test_the_binder_button_uses_the_repository_of_the_config(book_config):
    repo = repository()
    owner_name = repo["url"].split("github.com/")[1]
    assert launch_buttons(book_config)["Binder"].startswith(
        f"https://mybinder.org/v2/gh/{owner_name}/{repo['branch']}?urlpath=lab/tree/chapters/"
    )


@pytest.mark.parametrize("given", ["4", "04", "04_force", "chapters/04_force.ipynb"])
def test_chapters_can_be_named_several_ways(given):
    assert chapter_path(given) == "chapters/04_force.ipynb"


def test_no_chapter_opens_the_chapters_folder():
    assert chapter_path("") == "chapters"


def test_link_parts():
    link = nbgitpuller_link(
        "https://uni.edu/jupyter/",
        "https://github.com/me/course.git",
        "main",
        "chapters/00_how_to_use.ipynb",
        interface="classic",
    )
    assert link == (
        "https://uni.edu/jupyter/hub/user-redirect/git-pull?"
        "repo=https%3A//github.com/me/course.git"
        "&urlpath=tree/course/chapters/00_how_to_use.ipynb&branch=main"
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"hub_url": "hub.university.edu"}, "hub_url"),
        ({"hub_url": "https://hub.university.edu/?x=1"}, "hub_url"),
        ({"repository_url": "github.com/me/course"}, "repository_url"),
        ({"interface": "vscode"}, "interface"),
        ({"branch": ""}, "branch"),
    ],
)
def test_bad_link_arguments_are_clear_errors(kwargs, message):
    args = dict(hub_url=HUB, repository_url="https://github.com/me/course", branch="main")
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        nbgitpuller_link(**args)


@pytest.mark.parametrize("given", ["12", "muscle", "99_none"])
def test_unknown_chapters_are_clear_errors(given):
    with pytest.raises(ValueError, match="no single chapter"):
        chapter_path(given)


def test_the_command_prints_the_link(capsys):
    assert main([HUB, "--chapter", "9"]) == 0
    repo = repository()
    assert capsys.readouterr().out.strip() == nbgitpuller_link(
        HUB, repo["url"], repo["branch"], "chapters/09_specialists.ipynb"
    )
    with pytest.raises(SystemExit) as stop:
        main(["not-a-url"])
    assert stop.value.code == 2
    assert "hub_url" in capsys.readouterr().err


def test_the_student_edition_can_be_handed_out_from_another_repository(capsys):
    main(
        [
            HUB,
            "--repo",
            "https://github.com/teacher/cramp-lab-class",
            "--branch",
            "spring",
            "--chapter",
            "2",
        ]
    )
    assert capsys.readouterr().out.strip() == (
        f"{HUB}/hub/user-redirect/git-pull?repo=https%3A//github.com/teacher/cramp-lab-class"
        "&urlpath=lab/tree/cramp-lab-class/chapters/02_electrolytes.ipynb&branch=spring"
    )
    assert Path(ROOT / "chapters" / "02_electrolytes.ipynb").is_file()
