"""One headless Chromium for the browser tests, a fresh page per test, screenshots on failure.

The browser is Debian's `chromium`, driven by Playwright's Python package through
`executable_path` (Playwright's own browser downloads are never used). Without it the tests
skip locally, saying how to install it, and fail in CI.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import sync_playwright

from testing.browser import CHROMIUM_INSTALL_HINT, chromium_path
from testing.environment import missing
from testing.processes import BASE_DIR

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = BASE_DIR / "e2e-screenshots"
TIMEOUT_MS = 15_000
# ReDoc's side menu shows Redocly's logo from their CDN, whatever its options: the policy
# refuses it on purpose (no third-party request), and ReDoc then leaves the image out.
EXPECTED_REFUSAL = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        missing(f"The browser tests need Chromium: {CHROMIUM_INSTALL_HINT}.")

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an asyncio loop running in this thread, so Django takes
        # every ORM call the test makes for one from async code and refuses it. The calls
        # are plain synchronous ones; Playwright's docs for Django say to allow them.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, live_server, request) -> Iterator:
    """A page in a fresh browser context (no cookies), on the live server.

    Whatever the test does, nothing on the pages it opens may break the Content-Security-Policy:
    Chromium reports each refusal on the console, and the test fails at its end.
    """
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{message.text} ({message.location['url']})")
            if "Content Security Policy" in message.text and EXPECTED_REFUSAL not in message.text
            else None
        ),
    )
    yield page
    assert not refused, "Content-Security-Policy violations:\n" + "\n".join(refused)
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{request.node.name}.png"
        page.screenshot(path=path, full_page=True)
        print(f"Screenshot of the failed test: {path.relative_to(BASE_DIR)}")
    context.close()
