"""Fixtures of the browser tests (the browser, axe-core and screenshots are in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def look(browser_page, axe, screenshot):
    """look(name): axe-core on the page, screenshots on the desktop and at 360 px, and no
    horizontal overflow at 360 px."""

    def check(name: str) -> None:
        page = browser_page
        axe(page)
        screenshot(page, f"{name}-bureau")
        page.set_viewport_size({"width": 360, "height": 740})
        screenshot(page, f"{name}-360")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{name} : la page déborde à 360 px ({width} px)"
        page.set_viewport_size({"width": 1280, "height": 900})

    return check
