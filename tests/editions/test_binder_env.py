"""binder/: the environment of Binder and of a class hub's image, and the one that is tested.

The slow test does what repo2docker does with binder/ (a new Python environment, then
`pip install -r binder/requirements.txt` from the repository's root) in a fresh virtual
environment, and runs chapter 00, which drives every widget (numba included), with a kernel of
that environment. pip uses its usual configuration and cache, so after `make` has installed the
course once nothing new is downloaded; it skips compiling the installed files to bytecode
(``--no-compile``: the same files, a quarter less processor time; Python compiles what a chapter
imports when it first imports it)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT

BINDER = ROOT / "binder"
CHAPTER = "chapters/00_how_to_use.ipynb"
SKIP = shutil.ignore_patterns(
    ".git",
    ".venv",
    "_build",
    "node_modules",
    "__pycache__",
    "*.egg-info",
    "build",
    ".pytest_cache",
    ".hypothesis",
    ".ipynb_checkpoints",
)


def requirement_lines() -> list[str]:
    lines = (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def test_runtime_is_the_tested_python():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"


def test_runtime_dependencies_come_from_pyproject_pinned_by_constraints():
    lines = requirement_lines()
    assert "-c ../constraints.txt" in lines
    assert ".[live]" in lines, "binder must install the course package with its dependencies"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {
        re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower()
        for d in project["dependencies"] + project["optional-dependencies"]["live"]
    }
    assert "numba" in runtime
    others = [line for line in lines if line not in ("-c ../constraints.txt", ".[live]")]
    for line in others:
        name = re.split(r"[<>=!~\[ ;]", line, maxsplit=1)[0].lower()
        assert name not in runtime, f"{name} is listed twice (pyproject.toml and binder/)"
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][A-Za-z0-9.]*", line), f"not pinned: {line}"
    for script in ("postBuild", "start", "environment.yml", "apt.txt"):
        path = BINDER / script
        assert not path.exists() or "--no-deps" not in path.read_text(), script


def fresh_environment(tmp_path: Path) -> tuple[Path, dict]:
    """A copy of the repository and a new virtual environment built from its binder/ folder."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=SKIP)
    venv = tmp_path / "env"
    post_build = repo / "binder" / "postBuild"
    # repo2docker's environment has pip; ours needs it only for a postBuild script.
    subprocess.run(
        [sys.executable, "-m", "venv", str(venv)]
        + ([] if post_build.exists() else ["--without-pip"]),
        check=True,
    )
    python = venv / "bin" / "python"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "JUPYTER_PATH")
    }
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
        # a new user: no kernels, settings or IPython profile from this machine
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
        IPYTHONDIR=str(tmp_path / "ipython"),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    # pip of this environment, run for the new one; repo2docker runs this from the repo's root.
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-compile",
            "-r",
            "binder/requirements.txt",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    if post_build.exists():  # repo2docker runs it next, from the repository's root
        subprocess.run(["bash", str(post_build)], cwd=repo, env=env, check=True)
    return repo, env


RUN_CHAPTER = r"""
import json, sys
import nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(
    "import sys, numba, widgets\nprint(sys.prefix)\nprint(widgets.__file__)"))
NotebookClient(nb, kernel_name="python3", timeout=300,
               resources={"metadata": {"path": path.rsplit("/", 1)[0]}}).execute()
print(json.dumps("".join(o.get("text", "") for o in nb.cells[-1].outputs).split()))
"""


def test_binder_environment_builds_fresh_and_runs_a_chapter(tmp_path):
    repo, env = fresh_environment(tmp_path)
    python = Path(env["VIRTUAL_ENV"]) / "bin" / "python"
    check = subprocess.run(
        [str(python), "-c", "import numba, jupyterlab, jupyterlab_myst, nbgitpuller, widgets"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    run = subprocess.run(
        [str(python), "-c", RUN_CHAPTER, str(repo / CHAPTER)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    prefix, package = json.loads(run.stdout.strip().splitlines()[-1])
    assert Path(prefix) == Path(env["VIRTUAL_ENV"]), "the kernel was not the new environment's"
    # Installed as a copy (a hub mounts each student's home over the repository's folder).
    assert Path(package).is_relative_to(Path(prefix)), package
