"""Which chromium the browser tests drive (tools/chromium.py): CRAMP_CHROMIUM, else Debian's
headless shell when installed, else the desktop chromium."""

from __future__ import annotations

import chromium


def test_the_environment_variable_wins():
    assert chromium.executable({"CRAMP_CHROMIUM": "/opt/x/chrome"}) == "/opt/x/chrome"


def test_the_headless_shell_when_installed_else_the_desktop_browser(monkeypatch):
    monkeypatch.setattr(chromium.os, "access", lambda path, mode: path == chromium.HEADLESS_SHELL)
    assert chromium.executable({}) == chromium.HEADLESS_SHELL
    monkeypatch.setattr(chromium.os, "access", lambda path, mode: False)
    assert chromium.executable({}) == chromium.DESKTOP


def test_the_missing_message_names_both_packages_and_never_playwright_install():
    assert "chromium-headless-shell chromium" in chromium.MISSING
    assert "Do not use `playwright install`" in chromium.MISSING
