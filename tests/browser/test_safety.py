"""Safety in the page: crisis help without any server, numbers that match the
knowledge file, and message text that is never run or rendered as markup."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from bot.knowledge_base import load_knowledge
from scripts.assistant import ROOT
from tests.browser.conftest import OFFLINE_WEB_PORT, PHONE, PORTS
from tests.browser.widget import Widget

XSS = "<img src=x onerror=alert(1)>"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_get_help_now_works_with_the_servers_stopped(offline_url, open_tab):
    tab = open_tab(offline_url, viewport=PHONE)
    chat = Widget(tab.page)
    # The page says plainly that the assistant cannot be reached...
    expect(chat.status).to_contain_text("Can't reach the assistant")
    # ...and "Get help now" is on screen, one tap away, at 360 px.
    expect(chat.help_button).to_be_in_viewport()
    chat.open_help()
    expect(chat.help_button).to_have_attribute("aria-expanded", "true")
    crisis = load_knowledge().crisis
    emergency = crisis.emergency_line
    expect(chat.crisis_panel).to_contain_text(crisis.crisis_line.number)
    expect(chat.crisis_panel).to_contain_text(emergency.number)
    call, text = crisis.crisis_line.links  # the crisis line is called and texted
    call_crisis_line = chat.crisis_panel.get_by_role("link", name=call["label"])
    expect(call_crisis_line).to_have_attribute("href", call["href"])
    expect(call_crisis_line).to_be_in_viewport()
    expect(chat.crisis_panel.get_by_role("link", name=text["label"])).to_have_attribute("href", text["href"])
    (call_emergency,) = emergency.links
    expect(chat.crisis_panel.get_by_role("link", name=call_emergency["label"])).to_have_attribute(
        "href", call_emergency["href"]
    )
    # Escape closes the panel again and gives focus back to the button.
    tab.page.keyboard.press("Escape")
    expect(chat.crisis_panel).to_be_hidden()
    expect(chat.help_button).to_be_focused()


def test_typed_text_is_kept_while_the_server_is_unreachable(offline_url, open_tab):
    page = open_tab(offline_url).page
    chat = Widget(page)
    expect(chat.status).to_contain_text("Can't reach the assistant")
    chat.ask("I want to find a meeting")
    expect(chat.status).to_contain_text("Your message is still in the box")
    expect(chat.input).to_have_value("I want to find a meeting")
    page.reload()
    expect(Widget(page).input).to_have_value("I want to find a meeting")


def test_crisis_lines_on_the_page_match_the_knowledge_file(offline_url, open_tab):
    """The panel is generated from the knowledge (load_knowledge().crisis) at set-up:
    the country, every line, its wording and each of its numbers as a tel:/sms: link."""
    crisis = load_knowledge().crisis
    chat = Widget(open_tab(offline_url).page)
    chat.open_help()
    expect(chat.crisis_panel).to_contain_text(f"({crisis.country})")
    items = chat.crisis_panel.get_by_role("listitem")
    expect(items).to_have_count(len(crisis.lines))
    for item, line in zip(items.all(), crisis.lines, strict=False):
        expect(item).to_contain_text(line.name)
        expect(item).to_contain_text(line.how)
        links = [{"label": a.inner_text(), "href": a.get_attribute("href")} for a in item.get_by_role("link").all()]
        assert links == list(line.links), (line.name, links)
        hrefs = [link["href"] for link in links]
        assert hrefs and all(h.startswith(("tel:", "sms:")) for h in hrefs), hrefs
        assert line.digits in {_digits(h.split("?")[0]) for h in hrefs}, (line.name, line.number, hrefs)


def test_markup_in_a_message_is_shown_as_text(assistant, open_tab):
    tab = open_tab(assistant.page_url)
    chat = Widget(tab.page)
    chat.wait_for_greeting()
    chat.ask(XSS)
    expect(chat.user.last).to_contain_text(XSS)
    # Wait for the assistant's reply so that anything the message set off has run.
    expect(chat.bot).not_to_have_count(1, timeout=30_000)
    assert chat.log.locator("img").count() == 0
    assert tab.dialogs == []
    assert tab.errors == []
    # Reloading renders the stored history: still text.
    tab.page.reload()
    expect(Widget(tab.page).user.last).to_contain_text(XSS)
    assert Widget(tab.page).log.locator("img").count() == 0
    assert tab.dialogs == []


def test_bot_text_links_are_safe(offline_url, open_tab):
    """Bot messages: only https:// addresses become links (new tab, no opener,
    no referrer); crisis numbers become tel:/sms: links; nothing else is markup."""
    page = open_tab(offline_url).page
    Widget(page).root.wait_for()
    crisis, treatment = load_knowledge().crisis.crisis_line, load_knowledge().crisis.by_role("treatment")
    # The crisis number with a digit more must stay plain text.
    text = (
        "<b>bold</b> <script>alert(1)</script> see https://www.smartrecovery.org/meetings. "
        "or javascript:alert(1) or http://insecure.example or data:text/html,x, "
        f"call {crisis.number} or {treatment.number}, not 1{crisis.number}0"
    )
    result = page.evaluate(
        """(text) => {
          const box = document.createElement('div');
          box.appendChild(RecoveryChat.formatText(text));
          return {
            html: box.innerHTML,
            links: Array.from(box.querySelectorAll('a'))
              .map(a => ({href: a.getAttribute('href'), target: a.target, rel: a.rel})),
            elements: Array.from(box.querySelectorAll('*')).map(e => e.tagName)
          };
        }""",
        text,
    )
    assert set(result["elements"]) == {"A"}, result
    assert "&lt;b&gt;bold&lt;/b&gt;" in result["html"]
    links = {link["href"]: link for link in result["links"]}
    phone_links = {crisis.links[0]["href"], treatment.links[0]["href"]}
    assert set(links) == {"https://www.smartrecovery.org/meetings", *phone_links}, links
    web = links["https://www.smartrecovery.org/meetings"]
    assert web["target"] == "_blank" and set(web["rel"].split()) == {"noopener", "noreferrer"}
    assert all("noopener" in link["rel"] for link in links.values())


@pytest.mark.parametrize("transports", [["polling", "websocket"], ["websocket"]], ids=["polling", "websocket"])
def test_a_page_on_another_origin_cannot_talk_to_the_assistant(assistant, offline_url, open_tab, transports):
    """CHAT_ORIGIN is the page's origin (localhost:8280); the same widget on
    localhost:8281 must be refused, whether it starts with long polling
    (refused by CORS) or with WebSocket (refused by the channel's origin check)."""
    page_file = ROOT / "build" / f"web-{OFFLINE_WEB_PORT}" / "foreign-test.html"
    init = json.dumps({"server": f"http://localhost:{PORTS['RASA_PORT']}", "container": "#c", "transports": transports})
    page_file.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Elsewhere</title></head><body>"
        f"<div id='c'></div><script src='recovery-chat.js'></script><script>RecoveryChat.init({init});</script>"
        "</body></html>",
        encoding="utf-8",
    )
    try:
        page = open_tab(offline_url + page_file.name).page
        chat = Widget(page)
        expect(chat.status).to_contain_text("Can't reach the assistant")
        page.wait_for_timeout(2000)
        expect(chat.bot).to_have_count(0)
    finally:
        page_file.unlink()
