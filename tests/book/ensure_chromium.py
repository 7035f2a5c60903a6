"""Make sure Debian's chromium is there for the browser tests; install it with apt when we can.

Never downloads a browser build of its own (no `playwright install`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

CHROMIUM = os.environ.get("CRAMP_CHROMIUM", "/usr/bin/chromium")


def main() -> int:
    if os.access(CHROMIUM, os.X_OK):
        return 0
    apt = shutil.which("apt-get")
    if os.geteuid() == 0 and apt:
        print(f"{CHROMIUM} is missing: installing Debian's chromium with apt-get", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run([apt, "update", "-qq"], check=True, env=env)
        subprocess.run([apt, "install", "-y", "-qq", "chromium"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        if os.access(CHROMIUM, os.X_OK):
            return 0
    print(
        f"The browser tests need Debian's chromium at {CHROMIUM}, and it is missing.\n"
        "Install it as root with:  apt-get update && apt-get install -y chromium\n"
        "(or set CRAMP_CHROMIUM to a chromium binary). Do not use `playwright install`.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
