"""The chat widget as a person sees it, for the browser tests.

Playwright's locators reach into the widget's (open) shadow root, so these
are the same roles, labels and texts a person or a screen reader meets.
"""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Locator, Page, expect

STORAGE_KEY = "recovery-chat:v1"
# Rasa answers in well under a second here; the margin is for a loaded CI machine.
ANSWER_TIMEOUT_MS = 30_000


class Widget:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.root = page.locator(".rc")
        self.log = page.get_by_role("log", name="Conversation")
        self.input = page.get_by_label("Your message")
        self.send_button = page.get_by_role("button", name="Send", exact=True)
        self.help_button = page.get_by_role("button", name="Get help now")
        self.crisis_panel = page.locator(".rc-crisis")
        self.bot = page.locator(".rc-bot")
        self.user = page.locator(".rc-user")
        self.status = page.locator(".rc-status")
        self.typing = page.locator(".rc-typing")

    def wait_for_greeting(self) -> Locator:
        greeting = self.bot.first
        expect(greeting).to_contain_text("automated", timeout=ANSWER_TIMEOUT_MS)
        return greeting

    def wait_styled(self) -> None:
        """Wait for the widget's stylesheet (in its shadow root) to apply."""
        self.root.wait_for()
        self.page.wait_for_function(
            "() => { const h = document.querySelector('.recovery-chat');"
            " const r = h && h.shadowRoot && h.shadowRoot.querySelector('.rc');"
            " return r && getComputedStyle(r).display === 'flex'; }"
        )

    def ask(self, text: str) -> None:
        self.input.fill(text)
        self.send_button.click()

    def answer_containing(self, text: str) -> Locator:
        answer = self.bot.filter(has_text=text).last
        expect(answer).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
        return answer

    def wait_for_bot_count(self, count: int) -> None:
        expect(self.bot).to_have_count(count, timeout=ANSWER_TIMEOUT_MS)

    def stored(self) -> dict[str, Any] | None:
        raw = self.page.evaluate(f"() => sessionStorage.getItem({json.dumps(STORAGE_KEY)})")
        return json.loads(raw) if raw else None

    def open_help(self) -> None:
        self.help_button.click()
        expect(self.crisis_panel).to_be_visible()
