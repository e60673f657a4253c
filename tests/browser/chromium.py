"""Finds the Chromium that the browser tests drive.

In order: $CHROMIUM_PATH, a system Chromium on PATH, Playwright's own download. The Makefile runs
this file before the tests so that a missing browser is reported at once, with what to install.
"""

import os
import shutil
import sys

SYSTEM_NAMES = ("chromium", "chromium-browser")
HOW_TO_INSTALL = (
    "Chromium was not found, and the browser tests need it. Install it with your system's "
    "packages (Debian/Ubuntu: `sudo apt-get install chromium`), or run "
    "`.venv/bin/playwright install chromium`, or set CHROMIUM_PATH to a Chromium binary."
)


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in SYSTEM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return _playwright_download()


def _playwright_download() -> str | None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if os.access(path, os.X_OK) else None


if __name__ == "__main__":
    found = find_chromium()
    if not found:
        sys.exit(HOW_TO_INSTALL)
    print(found)
