"""The hardened REST channel: request checks and text cleaning."""

from __future__ import annotations

import json

import pytest

from bot.channels.limits import EMPTY_MESSAGE_INTENT, MAX_TEXT_CHARS, clean_text
from bot.channels.transport import BadRequest, parse_request


def body(payload) -> bytes:
    return json.dumps(payload).encode()


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"[]",
        b"[1, 2]",
        b"{not json",
        b'"just a string"',
        b"\xff\xfe\xfa",
        body({"message": "hi"}),
        body({"sender": "", "message": "hi"}),
        body({"sender": 12, "message": "hi"}),
        body({"sender": "a", "message": 12}),
        body({"sender": "a", "message": ["x"]}),
        body({"sender": "a", "message": "hi", "metadata": "x"}),
        body({"sender": "a" * 500, "message": "hi"}),
        b"x" * (1024 * 1024),
    ],
)
def test_bad_requests_are_refused_with_a_reason(raw):
    with pytest.raises(BadRequest) as refused:
        parse_request(raw)
    assert str(refused.value)


def test_good_request_is_parsed():
    parsed = parse_request(body({"sender": "web-1", "message": "  hello\x00 there  ", "metadata": {"page": "x"}}))
    assert parsed == {"sender": "web-1", "text": "hello  there", "metadata": {"page": "x"}}


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x01\x02", "\u200b".strip() or ""])
def test_empty_text_becomes_the_empty_message_intent(text):
    assert clean_text(text) == EMPTY_MESSAGE_INTENT


def test_long_text_keeps_its_beginning_and_end():
    text = "start " + "x" * 20_000 + " the end"
    cleaned = clean_text(text)
    assert len(cleaned) <= MAX_TEXT_CHARS + 10
    assert cleaned.startswith("start") and cleaned.endswith("the end")


def test_emoji_and_markup_are_kept_as_text():
    assert clean_text("🙂🙂") == "🙂🙂"
    assert clean_text("<script>alert(1)</script>") == "<script>alert(1)</script>"
