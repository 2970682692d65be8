"""Faults without a running assistant: a turn that fails or hangs, an action
server that times out, socket.io payloads of every wrong shape, and very long
messages.

The live versions (real processes stopped, paused and restarted) are in
``tests/live/test_faults.py``.
"""

from __future__ import annotations

import asyncio
import re
import time
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.exceptions import RasaException

from bot import timeouts
from bot.channels import SafeSocketIOInput
from bot.channels.limits import EMPTY_MESSAGE_INTENT, MAX_SENDER_CHARS, MAX_SYMBOLS, MAX_TEXT_CHARS, clean_text
from bot.channels.transport import BadRequest
from bot.channels.turns import respond, run_turn
from bot.crisis import detect_crisis
from bot.knowledge_base import load_knowledge
from bot.privacy import PHONE_MASK
from tests.conftest import remote_action

UNAVAILABLE = load_knowledge().unavailable_message
APP: Any = SimpleNamespace(ctx=SimpleNamespace(agent=None))


def parsed(text: str = "what is AA") -> dict:
    return {"sender": "s1", "text": text, "metadata": None}


# ---------------------------------------------------------------------------
# A turn that fails, stays silent or hangs


async def answer_with(on_new_message: Any) -> list[str]:
    output = CollectingOutputChannel()
    await respond(APP, on_new_message, parsed(), output, lambda: bool(output.messages), "rest")
    return [m["text"] for m in output.messages]


async def test_a_normal_turn_is_passed_through() -> None:
    async def rasa(message: Any) -> None:
        await message.output_channel.send_text_message(message.sender_id, "AA is a 12-step group")

    assert await answer_with(rasa) == ["AA is a 12-step group"]


async def test_a_silent_turn_gets_the_apology() -> None:
    async def rasa(message: Any) -> None:
        return None

    assert await answer_with(rasa) == [UNAVAILABLE]


async def test_a_failing_turn_gets_the_apology_and_no_text_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def rasa(message: Any) -> None:
        raise RuntimeError(f"something about {message.text}")

    assert await answer_with(rasa) == [UNAVAILABLE]
    assert "RuntimeError" in caplog.text and "what is AA" not in caplog.text


async def test_a_hung_turn_gets_the_apology_in_time_and_still_finishes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeouts, "REPLY_TIMEOUT", 0.2)
    finished = asyncio.Event()

    async def rasa(message: Any) -> None:
        await asyncio.sleep(0.5)
        finished.set()  # stands for "Rasa saved the tracker"

    start = time.monotonic()
    assert await answer_with(rasa) == [UNAVAILABLE]
    assert time.monotonic() - start < 0.45
    await asyncio.wait_for(finished.wait(), 2)


async def test_run_turn_reports_success_failure_and_lateness(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeouts, "REPLY_TIMEOUT", 0.1)

    async def ok(_: Any) -> None:
        return None

    async def broken(_: Any) -> None:
        raise ValueError("x")

    async def slow(_: Any) -> None:
        await asyncio.sleep(0.3)

    message: Any = SimpleNamespace()
    assert await run_turn(ok, message) is True
    assert await run_turn(broken, message) is False
    assert await run_turn(slow, message) is False


# ---------------------------------------------------------------------------
# The action server: short timeout, timeouts as ordinary failures, fail fast


@pytest.mark.parametrize(
    "url, health",
    [
        ("http://localhost:5055/webhook", "http://localhost:5055/health"),
        ("http://actions:5055/webhook/", "http://actions:5055/health"),
        ("http://localhost:5055/custom", None),
    ],
)
def test_the_health_check_sits_next_to_the_webhook(url: str, health: Any) -> None:
    assert timeouts.health_url(url) == health


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def breaker(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A fresh breaker on a fake clock, a fake action call and a fake health check."""
    clock = FakeClock()
    state = SimpleNamespace(clock=clock, calls=0, hang=True, healthy=False, breaker=timeouts.Breaker(5.0, clock))

    async def rasa_run(self: Any, *args: Any, **kwargs: Any) -> list[Any]:
        state.calls += 1
        if state.hang:
            raise asyncio.TimeoutError()
        return []

    async def health(url: str) -> bool:
        return state.healthy

    monkeypatch.setattr(timeouts, "BREAKER", state.breaker)
    state.run = timeouts.guarded(rasa_run)
    monkeypatch.setattr(timeouts, "answers_health_check", health)
    return state


async def test_a_timeout_becomes_the_failure_rasa_handles(breaker: Any) -> None:
    with pytest.raises(RasaException, match="timed out"):
        await breaker.run(remote_action(), None, None, None, None)
    assert breaker.calls == 1


async def test_after_a_timeout_calls_fail_at_once_until_the_server_answers_again(breaker: Any) -> None:
    action = remote_action()
    with pytest.raises(RasaException):
        await breaker.run(action, None, None, None, None)

    # Within the pause: no call at all.
    with pytest.raises(RasaException, match="skipped"):
        await breaker.run(action, None, None, None, None)
    assert breaker.calls == 1

    # After the pause, a failed health check: still no call.
    breaker.clock.now += 6
    with pytest.raises(RasaException, match="skipped"):
        await breaker.run(action, None, None, None, None)
    assert breaker.calls == 1

    # The server is back: called again, normally.
    breaker.clock.now += 6
    breaker.healthy, breaker.hang = True, False
    assert await breaker.run(action, None, None, None, None) == []
    assert breaker.calls == 2 and breaker.breaker.tripped_until is None


# ---------------------------------------------------------------------------
# socket.io payloads


@pytest.fixture
def socket_channel() -> SafeSocketIOInput:
    return SafeSocketIOInput(session_persistence=True)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "hello",
        5,
        [1, 2],
        {"message": "hi"},
        {"message": "hi", "session_id": ""},
        {"message": "hi", "session_id": 12},
        {"message": "hi", "session_id": "x" * (MAX_SENDER_CHARS + 1)},
        {"message": "hi", "session_id": "\x00\x01"},
        {"message": 5, "session_id": "s"},
        {"message": ["x"], "session_id": "s"},
        {"message": "hi", "session_id": "s", "metadata": "{not json"},
        {"message": "hi", "session_id": "s", "metadata": [1]},
    ],
)
def test_bad_socket_payloads_are_refused_with_a_reason(socket_channel: SafeSocketIOInput, data: Any) -> None:
    with pytest.raises(BadRequest) as refused:
        socket_channel._parse("sid-1", data)
    assert str(refused.value)


def test_a_good_socket_payload_is_cleaned_and_masked(socket_channel: SafeSocketIOInput) -> None:
    data = {"message": " call 555-123-4567\x00 ", "session_id": "abc", "metadata": '{"page": "x"}'}
    assert socket_channel._parse("sid-1", data) == {
        "sender": "abc",
        "text": f"call {PHONE_MASK}",
        "metadata": {"page": "x"},
    }
    assert socket_channel._parse("sid-1", {"session_id": "abc"})["text"] == EMPTY_MESSAGE_INTENT


def test_without_session_persistence_the_socket_is_the_conversation() -> None:
    channel = SafeSocketIOInput(session_persistence=False)
    assert channel._parse("sid-1", {"message": "hi"})["sender"] == "sid-1"


@pytest.mark.parametrize(
    "data", [None, "x", 5, {}, {"session_id": None}, {"session_id": {"a": 1}}, {"session_id": " "}]
)
def test_an_invalid_session_request_gets_a_new_session(data: Any) -> None:
    assert SafeSocketIOInput._session_id(data) is None


def test_a_valid_session_request_keeps_its_id() -> None:
    assert SafeSocketIOInput._session_id({"session_id": "abc123"}) == "abc123"


# ---------------------------------------------------------------------------
# Very long messages


FILLER = "I have been thinking about my recovery and the meetings I go to every week. "


@pytest.mark.parametrize("repeats", [80, 400, 1_500])
def test_a_crisis_buried_in_the_middle_of_a_long_message_is_kept(repeats: int) -> None:
    text = FILLER * repeats + "Honestly I am going to kill myself tonight. " + FILLER * repeats
    cleaned = clean_text(text)
    assert len(cleaned) <= MAX_TEXT_CHARS + 10
    assert detect_crisis(cleaned) is not None


def test_a_long_message_without_danger_keeps_its_beginning_and_end() -> None:
    cleaned = clean_text("start " + FILLER * 500 + " the end")
    assert cleaned.startswith("start") and cleaned.endswith("the end") and detect_crisis(cleaned) is None


def test_floods_of_symbols_are_cut_so_the_nlu_stays_fast() -> None:
    assert clean_text("thanks!!!!!!!! 🙏🙏🙏🙏🙏🙏") == "thanks!!! 🙏🙏🙏"
    assert clean_text("ok... really?? :-)") == "ok... really?? :-)"
    cleaned = clean_text("🙏😢" * 5_000 + " what is AA?")
    assert len(re.findall(r"[^\w\s]", cleaned)) == MAX_SYMBOLS
    assert cleaned.endswith("what is AA")
