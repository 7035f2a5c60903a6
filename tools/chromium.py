"""Which chromium the tests, the benchmarks and `make pdf` drive, and installing it.

Debian builds two programs from its chromium source package: ``chromium`` (the desktop browser)
and ``chromium-headless-shell`` (the same Chromium and Blink, without the desktop browser's
window and UI layers: what playwright itself runs headless tests on). Everything here runs
headless, so the headless shell is used when it is installed: it opens a page for about a third
of the processor time (0.7 s instead of 2.2 s for a chapter, measured on this 2-core machine),
which is most of what the browser tests cost. Without it, the desktop ``chromium`` works the
same, only slower. ``CRAMP_CHROMIUM`` names another binary. No browser is ever downloaded
(no ``playwright install``).

Run as a script (``make chromium``) it installs Debian's packages with apt when it can.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
DESKTOP = "/usr/bin/chromium"
PACKAGES = ["chromium-headless-shell", "chromium"]


def executable(environ=os.environ) -> str:
    """CRAMP_CHROMIUM if set, else the headless shell when installed, else the desktop chromium."""
    if environ.get("CRAMP_CHROMIUM"):
        return environ["CRAMP_CHROMIUM"]
    return HEADLESS_SHELL if os.access(HEADLESS_SHELL, os.X_OK) else DESKTOP


CHROMIUM = executable()
MISSING = (
    f"The browser tests need Debian's chromium at {CHROMIUM}, and it is missing.\n"
    f"Install it as root with:  apt-get update && apt-get install -y {' '.join(PACKAGES)}\n"
    "(or set CRAMP_CHROMIUM to a chromium binary; `make test` installs it when run as root). "
    "Do not use `playwright install`."
)


def ensure_chromium() -> int:
    """0 when the headless shell (or CRAMP_CHROMIUM) is there, installing Debian's packages with
    apt-get as root when it is not; 0 too when only the desktop chromium can be had; else 1."""
    wanted = os.environ.get("CRAMP_CHROMIUM") or HEADLESS_SHELL
    if os.access(wanted, os.X_OK):
        return 0
    apt = shutil.which("apt-get")
    if os.geteuid() == 0 and apt and not os.environ.get("CRAMP_CHROMIUM"):
        print(f"installing Debian's {' and '.join(PACKAGES)} with apt-get", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run([apt, "update", "-qq"], check=True, env=env)
        subprocess.run(
            [apt, "install", "-y", "-qq", *PACKAGES],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    if os.access(executable(), os.X_OK):
        return 0
    print(MISSING, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(ensure_chromium())
