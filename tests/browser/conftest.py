"""Playwright drives a real Chromium against pytest-django's live server.

Browser tests never skip: without Chromium they fail and say what to install.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.chromium import HOW_TO_INSTALL, find_chromium

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that this test process knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Keep Chromium off the network: this machine allows loopback only.
QUIET_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
]

RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " blocked " + event.blockedURI);
});
"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = find_chromium()
    if not path:
        pytest.fail(HOW_TO_INSTALL)
    return {**browser_type_launch_args, "executable_path": path, "args": QUIET_FLAGS}


class PageProblems:
    """What went wrong in a page that a user might not see but a test must: console errors,
    uncaught exceptions, failed requests and Content-Security-Policy violations."""

    def __init__(self, page):
        self.page = page
        self.errors = []
        page.add_init_script(RECORD_CSP_VIOLATIONS)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", self._on_request_failed)

    def _on_request_failed(self, request):
        # Leaving a page cancels what it was still loading (often the favicon, which Chromium
        # fetches after the load event): the browser's doing, not the page's.
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"failed: {request.url} ({request.failure})")

    def _on_console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def all(self):
        return self.errors + self.page.evaluate("window.__cspViolations || []")


@pytest.fixture
def page_problems(page):
    return PageProblems(page)


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="session")
def wcag_violations():
    """A function listing what axe-core finds against WCAG 2.1 A and AA in a page as it is now."""
    axe = Axe()

    def audit(page) -> list[str]:
        violations = axe.run(page, options=WCAG_21_AA).response["violations"]
        return [
            f"{v['id']}: {v['help']} at {[node['target'] for node in v['nodes']]}"
            for v in violations
        ]

    return audit


SCHEMES = ["light", "dark"]


@pytest.fixture
def check(page, page_problems, wcag_violations):
    """Checks the page as it is now, in each theme; `status`, when the page is an error page,
    is the one console message expected (the browser logs the document's own 4xx)."""

    def check_page(where: str, status: int = 200, reason: str = "") -> None:
        for scheme in SCHEMES:
            # Without motion: a link's colour eases into the new theme, and axe would read it
            # half-way.
            page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
            assert wcag_violations(page) == [], f"{where} ({scheme})"
        expected = []
        if status >= 400:
            expected = [
                "console: Failed to load resource: the server responded with a status of "
                f"{status} ({reason})"
            ]
        assert page_problems.all() == expected, where
        page_problems.errors.clear()

    return check_page


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's base URL, with a database the server thread can see."""
    return live_server.url
