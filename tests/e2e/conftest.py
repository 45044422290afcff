"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

The fixtures (browser, page, screenshot, axe_serious) are in tests/browser.py. Screenshots
land in tests/e2e/artifacts/ to be looked at.
"""

import pytest

from tests.browser import ARTIFACTS

__all__ = ["ARTIFACTS"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
