"""Accessibility (axe-core, vendored in tests/browser/vendor) with a conversation on the page, the
360 px layout, and the screenshots (tests/artifacts/, git-ignored)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE, DESKTOP, PHONE
from tests.browser.widget import Widget

SERIOUS = {"serious", "critical"}


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical axe-core violations (WCAG 2.x A/AA and best practice)."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in SERIOUS
    ]


def _conversation(page: Page) -> Widget:
    chat = Widget(page)
    chat.wait_styled()
    chat.wait_for_greeting()
    chat.ask("What is SMART Recovery?")
    chat.answer_containing("science-based")
    return chat


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_axe_finds_no_serious_violation_with_a_conversation(assistant, open_tab, viewport):
    page = open_tab(assistant.page_url, viewport=viewport).page
    chat = _conversation(page)
    assert axe_violations(page) == []
    chat.open_help()
    assert axe_violations(page) == []


def test_axe_finds_no_serious_violation_when_the_server_is_down(offline_url, open_tab):
    page = open_tab(offline_url).page
    chat = Widget(page)
    chat.wait_styled()
    expect(chat.status).to_contain_text("Can't reach the assistant")
    chat.ask("hello")
    expect(chat.status).to_contain_text("still in the box")
    assert axe_violations(page) == []


def test_usable_at_360px_and_screenshots(assistant, open_tab, artifacts):
    # Reduced motion: no smooth scrolling or blinking dots half-way in a picture.
    desktop = open_tab(assistant.page_url, viewport=DESKTOP, reduced_motion="reduce").page
    expect(_conversation(desktop).typing).to_be_hidden()
    desktop.screenshot(path=str(artifacts / "widget-desktop.png"))

    phone = open_tab(assistant.page_url, viewport=PHONE, reduced_motion="reduce").page
    chat = _conversation(phone)
    expect(chat.typing).to_be_hidden()
    # Nothing wider than the screen; help, input and Send all on screen.
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    for control in (chat.help_button, chat.input, chat.send_button):
        expect(control).to_be_in_viewport()
    # Touch targets at least 44 px high.
    for control in (chat.help_button, chat.send_button, chat.bot.first.get_by_role("button").first):
        assert control.bounding_box()["height"] >= 44
    phone.screenshot(path=str(artifacts / "widget-mobile-360.png"))
    chat.open_help()
    phone.screenshot(path=str(artifacts / "widget-mobile-360-help.png"))
