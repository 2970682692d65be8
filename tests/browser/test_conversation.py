"""Talking to the assistant through the widget, in a real browser."""

from __future__ import annotations

import contextlib
import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from scripts.assistant import ROOT, wait_until
from tests.browser.conftest import PORTS
from tests.browser.widget import ANSWER_TIMEOUT_MS, Widget
from tests.harness import stored_user_texts

SMART_QUESTION = "What is SMART Recovery?"


def test_first_message_says_who_it_is_with_quick_replies(assistant, open_tab):
    chat = Widget(open_tab(assistant.page_url).page)
    greeting = chat.wait_for_greeting()
    text = greeting.inner_text().lower()
    assert "not a counselor" in text and "not for emergencies" in text
    replies = greeting.get_by_role("button")
    assert replies.count() >= 3
    expect(replies.first).to_have_text("Support groups")
    # Asked for silently: the conversation does not start with a "/greet" from the person.
    expect(chat.user).to_have_count(0)


def test_typed_question_gets_its_answer(assistant, open_tab):
    tab = open_tab(assistant.page_url)
    chat = Widget(tab.page)
    chat.wait_for_greeting()
    chat.ask(SMART_QUESTION)
    expect(chat.user.last).to_contain_text(SMART_QUESTION)
    chat.answer_containing("science-based")
    expect(chat.input).to_have_value("")
    assert tab.errors == []


def test_quick_reply_gets_its_answer(assistant, open_tab):
    chat = Widget(open_tab(assistant.page_url).page)
    greeting = chat.wait_for_greeting()
    greeting.get_by_role("button", name="Support groups").click()
    expect(chat.user.last).to_contain_text("Support groups")
    answer = chat.answer_containing("Alcoholics Anonymous")
    expect(answer).to_contain_text("SMART Recovery")


# The focused element, inside the widget's shadow root if that is where focus is.
DEEP_ACTIVE = (
    "(() => { let e = document.activeElement;"
    " while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;"
    " return e; })()"
)


def _focused(page, expression: str):
    """Evaluate a JS expression about the focused element `e`."""
    return page.evaluate(f"() => {{ const e = {DEEP_ACTIVE}; return {expression}; }}")


def _tab_until(page, selector: str, key: str = "Tab", limit: int = 40) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches selector."""
    for _ in range(limit):
        page.keyboard.press(key)
        if _focused(page, f"e.matches({json.dumps(selector)})"):
            return
    raise AssertionError(f"{selector} never got focus with {key}")


def _focus_ring(page) -> str:
    return _focused(page, "getComputedStyle(e).outlineStyle")


def test_keyboard_only(assistant, open_tab):
    page = open_tab(assistant.page_url).page
    chat = Widget(page)
    chat.wait_for_greeting()
    # Tab from the top of the page: "Get help now" comes before the conversation.
    _tab_until(page, ".rc-help")
    assert _focus_ring(page) == "solid", "focus must be visible"
    _tab_until(page, "input")
    expect(chat.input).to_be_focused()
    assert _focus_ring(page) == "solid"
    page.keyboard.type(SMART_QUESTION)
    page.keyboard.press("Enter")
    chat.answer_containing("science-based")
    # Back up from the input to the nearest quick reply and press it.
    _tab_until(page, ".rc-reply", key="Shift+Tab")
    assert _focus_ring(page) == "solid"
    title = _focused(page, "e.textContent")
    bots_before = chat.bot.count()
    page.keyboard.press("Enter")
    expect(chat.user.last).to_have_text(re.compile(re.escape(title) + "$"))
    expect(chat.bot).not_to_have_count(bots_before, timeout=ANSWER_TIMEOUT_MS)


def test_reload_keeps_the_conversation_and_the_session(assistant, open_tab):
    page = open_tab(assistant.page_url).page
    chat = Widget(page)
    chat.wait_for_greeting()
    chat.ask(SMART_QUESTION)
    chat.answer_containing("science-based")
    before = chat.log.inner_text()
    session_id = chat.stored()["sessionId"]

    page.reload()
    chat = Widget(page)
    chat.answer_containing("science-based")
    assert chat.log.inner_text() == before
    assert chat.stored()["sessionId"] == session_id
    # The reloaded page continues the same Rasa conversation (no new greeting)...
    bots_before = chat.bot.count()
    chat.ask("Thanks")
    expect(chat.user).to_have_count(2)
    expect(chat.bot).not_to_have_count(bots_before, timeout=ANSWER_TIMEOUT_MS)
    expect(chat.bot.filter(has_text="I'm an automated assistant (a chatbot)")).to_have_count(1)
    # ...which the server keeps under the same sender id (Rasa stores the
    # turn just after sending the reply, hence the short wait).
    with contextlib.suppress(TimeoutError):
        wait_until(
            lambda: {SMART_QUESTION, "Thanks"} <= set(stored_user_texts(assistant.tracker_db, session_id)),
            15,
            "both user messages stored",
        )
    texts = stored_user_texts(assistant.tracker_db, session_id)
    assert SMART_QUESTION in texts and "Thanks" in texts, texts


def test_typing_indicator_and_live_region(assistant, open_tab):
    page = open_tab(assistant.page_url, reduced_motion="reduce").page
    chat = Widget(page)
    chat.wait_for_greeting()
    expect(chat.log).to_have_attribute("aria-live", "polite")
    expect(chat.typing).to_have_attribute("role", "status")
    expect(chat.status).to_have_attribute("role", "status")
    expect(chat.typing).to_be_hidden()
    # Record whether the indicator shows, however short the wait for the answer.
    chat.typing.evaluate(
        "el => { window.typingShown = false; new MutationObserver(() => { if (!el.hidden) window.typingShown = true; })"
        ".observe(el, {attributes: true, attributeFilter: ['hidden']}); }"
    )
    chat.ask(SMART_QUESTION)
    chat.answer_containing("science-based")
    assert page.evaluate("() => window.typingShown") is True
    expect(chat.typing).to_be_hidden()
    # prefers-reduced-motion: the dots stand still.
    assert page.locator(".rc-dots span").first.evaluate("el => getComputedStyle(el).animationName") == "none"


def test_start_over_and_delete_my_conversation(assistant, open_tab):
    page = open_tab(assistant.page_url).page
    chat = Widget(page)
    chat.wait_for_greeting()
    chat.ask(SMART_QUESTION)
    chat.answer_containing("science-based")
    first_session = chat.stored()["sessionId"]

    page.get_by_role("button", name="Start over").click()
    chat.wait_for_greeting()
    expect(chat.status).to_be_empty()
    expect(chat.user).to_have_count(0)
    expect(chat.bot).to_have_count(1)
    second_session = chat.stored()["sessionId"]
    assert second_session != first_session

    chat.ask(SMART_QUESTION)
    chat.answer_containing("science-based")
    page.get_by_role("button", name="Delete my conversation").click()
    confirm = page.get_by_role("button", name="Yes, delete")
    expect(confirm).to_be_focused()
    confirm.click()
    expect(chat.status).to_contain_text("cleared from this device")
    chat.wait_for_greeting()
    # Still said once the new conversation has started.
    expect(chat.status).to_contain_text("cleared from this device")
    expect(chat.user).to_have_count(0)
    stored = chat.stored()
    assert stored["sessionId"] not in (first_session, second_session)
    assert all("SMART" not in m["text"] for m in stored["messages"] if m["from"] == "user")


def test_reconnects_without_losing_what_was_typed(assistant, open_tab):
    tab = open_tab("")
    page = tab.page
    # The network to Rasa is down when the page loads.
    page.route("**/socket.io/**", lambda route: route.abort())
    page.goto(assistant.page_url)
    chat = Widget(page)
    expect(chat.status).to_contain_text("Can't reach the assistant")
    chat.input.click()
    page.keyboard.type(SMART_QUESTION)
    page.keyboard.press("Enter")
    expect(chat.status).to_contain_text("Your message is still in the box")
    expect(chat.input).to_have_value(SMART_QUESTION)
    expect(chat.user).to_have_count(0)

    page.unroute("**/socket.io/**")
    expect(chat.status).to_contain_text("Connected again", timeout=ANSWER_TIMEOUT_MS)
    expect(chat.input).to_have_value(SMART_QUESTION)
    chat.send_button.click()
    chat.answer_containing("science-based")
    expect(chat.input).to_have_value("")


@pytest.mark.parametrize("transports", [None, ["websocket"]], ids=["default", "websocket-only"])
def test_embed_api_on_an_operator_page(assistant, open_tab, transports):
    """One script tag and one init call on another page. That page's CSS must
    not change the widget (it lives in a shadow root), and its lack of a
    charset must not garble the widget's texts (the bundle is ASCII)."""
    options = {"server": f"http://localhost:{PORTS['RASA_PORT']}", "container": "#help-chat"}
    if transports:
        options["transports"] = transports
    operator_page = f"""<!doctype html><html lang="en"><head><title>Operator</title>
<style>p, button, div {{ color: red !important; padding: 3em; font-size: 40px; }}</style></head>
<body><main><h1>Our organisation</h1><div id="help-chat"></div></main>
<script src="/recovery-chat.js"></script>
<script>window.chat = RecoveryChat.init({json.dumps(options)});</script>
</body></html>"""
    # Served by the assistant's own web server (same origin as CHAT_ORIGIN): a
    # page faked with page.route would count as public and Chromium would
    # refuse it access to localhost.
    path = ROOT / "build" / f"web-{PORTS['WEB_PORT']}" / "operator-test.html"
    path.write_text(operator_page, encoding="ascii")
    try:
        tab = open_tab(assistant.page_url + path.name)
        page = tab.page
        chat = Widget(page)
        chat.wait_styled()
        greeting = chat.wait_for_greeting()
        assert greeting.evaluate("el => getComputedStyle(el).color") != "rgb(255, 0, 0)"
        expect(chat.input).to_have_attribute("placeholder", "Ask about AA, SMART Recovery, coping\u2026")
        assert page.evaluate("() => typeof window.chat.deleteConversation") == "function"
        assert page.evaluate("() => typeof window.io") == "undefined", "the bundle must not leak a global io"
        chat.ask(SMART_QUESTION)
        chat.answer_containing("science-based")
        assert tab.errors == []
    finally:
        path.unlink()


def test_no_third_party_requests(assistant, open_tab):
    tab = open_tab(assistant.page_url)
    chat = Widget(tab.page)
    chat.wait_for_greeting()
    chat.open_help()
    hosts = {urlsplit(u).hostname for u in tab.requests if not u.startswith("data:")}
    assert hosts == {"localhost"}, hosts
