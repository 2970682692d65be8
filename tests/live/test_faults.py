"""Bad input and faults against the running assistant.

REST and socket.io (long-polling through python-socketio's client, and raw
WebSocket frames as the chat page sends them): malformed JSON, missing
fields, wrong types, a 1 MB body, NUL and control characters, invalid UTF-8,
10,000-character messages. Each gets a 4xx (or, on socket.io, a
``bad_request`` event or a closed socket) or a sensible reply, never a 500,
and the same conversation answers afterwards.

Then the faults: the action server stopped, then hung (SIGSTOP), then Rasa
restarted in the middle of a conversation.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.timeouts import ACTION_TIMEOUT, REPLY_TIMEOUT
from scripts.assistant import Assistant, wait_until
from tests.conftest import CRISIS_NUMBER, EMERGENCY_NUMBER, json_body
from tests.harness import RawSocket, SocketChat, stored_events
from tests.live.conftest import AA_ANSWER, new_sender

UNAVAILABLE = "can't look that up right now"
# A turn of a hung action server ends by the action timeout or the reply
# limit, whichever comes first; plus slack for a loaded test machine.
APOLOGY_WITHIN = min(ACTION_TIMEOUT, REPLY_TIMEOUT) + 4


# ---------------------------------------------------------------------------
# REST


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"null",
        b"[]",
        b"{broken",
        b"\xff\xfe\xfd",
        b'{"sender": "SENDER", "message": "caf\xe9"}',  # Latin-1, not UTF-8
        b"[" * 50_000 + b"]" * 50_000,  # deeper than the JSON parser recurses
        json_body({"message": "hi"}),
        json_body({"sender": ["SENDER"], "message": "hi"}),
        json_body({"sender": "SENDER", "message": {"text": "hi"}}),
        json_body({"sender": "SENDER", "message": "hi", "metadata": "page"}),
        b'{"sender": "SENDER", "message": "' + b"x" * (1024 * 1024) + b'"}',
    ],
    ids=[
        "empty",
        "null",
        "array",
        "broken",
        "not-utf8",
        "latin1-in-json",
        "deep",
        "no-sender",
        "sender-list",
        "message-object",
        "metadata-string",
        "1MB",
    ],
)
def test_rest_refuses_malformed_requests_and_the_conversation_goes_on(assistant: Assistant, raw: bytes) -> None:
    who = new_sender()
    status, reply = assistant.post(raw.replace(b"SENDER", who.encode()))
    assert 400 <= status < 500 and reply["error"], (status, reply)
    assert AA_ANSWER in assistant.say(who, "what is alcoholics anonymous")


ODD_MESSAGES = [
    "",
    " \t\n ",
    "hello\x00\x01\x07\x1b[31m\x7f",
    "\ud800 lone surrogate",
    "\u202eevil bidi\u200b\u2060\ufeff",
    "x" * 10_000,
    "🙏" * 10_000,
    "what is AA " * 1_000,
    "/empty_message",
    '/ask_group{"group_name": [1, {"x": null}]}',
]


@pytest.mark.parametrize("text", ODD_MESSAGES, ids=lambda t: repr(t[:12]))
def test_rest_answers_odd_messages_and_the_conversation_goes_on(assistant: Assistant, text: str) -> None:
    who = new_sender()
    assert assistant.say(who, text).strip()
    assert AA_ANSWER in assistant.say(who, "what is alcoholics anonymous")


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=200))
def test_rest_answers_any_random_text(assistant: Assistant, text: str) -> None:
    """The whole stack (channel, NLU pipeline, policies, actions) on random text."""
    assert assistant.say(new_sender(), text).strip()


# ---------------------------------------------------------------------------
# socket.io: long-polling through python-socketio's client


BAD_SOCKET_PAYLOADS = [
    "hello",
    5,
    None,
    [1, 2],
    {"message": "hi"},
    {"message": 5, "session_id": "SESSION"},
    {"message": "hi", "session_id": ["x"]},
]


async def test_socketio_refuses_bad_payloads_and_the_conversation_goes_on(assistant: Assistant) -> None:
    session = new_sender()
    async with SocketChat(assistant.server_url, session) as chat:
        for payload in BAD_SOCKET_PAYLOADS:
            if isinstance(payload, dict) and payload.get("session_id") == "SESSION":
                payload = {**payload, "session_id": session}
            events = await chat.send(payload, timeout=10)
            assert [name for name, _ in events] == ["bad_request"] and events[0][1]["error"], (payload, events)
        assert "Narcotics Anonymous" in await chat.say("what is narcotics anonymous")


@pytest.mark.parametrize("text", ODD_MESSAGES, ids=lambda t: repr(t[:12]))
async def test_socketio_answers_odd_messages_and_the_conversation_goes_on(assistant: Assistant, text: str) -> None:
    async with SocketChat(assistant.server_url, new_sender()) as chat:
        assert (await chat.say(text)).strip()
        assert AA_ANSWER in await chat.say("what is alcoholics anonymous")


async def test_socketio_over_the_size_limit_drops_the_socket_not_the_conversation(assistant: Assistant) -> None:
    session = new_sender()
    async with SocketChat(assistant.server_url, session) as chat:
        await chat.say("hello")
        await chat.client.emit("user_uttered", {"message": "x" * (1024 * 1024), "session_id": session})
        await asyncio.sleep(3)
        assert not chat.client.connected
    async with SocketChat(assistant.server_url, session) as chat:
        assert AA_ANSWER in await chat.say("what is alcoholics anonymous")


# ---------------------------------------------------------------------------
# socket.io: raw WebSocket frames, as the chat page's client sends them


async def test_websocket_frames_of_junk_are_ignored(assistant: Assistant) -> None:
    session, sock = new_sender(), RawSocket(assistant)
    await sock.join(session)
    for frame in (
        b"\xff\xfe\xfd",
        "42[broken",
        '42["user_uttered",',
        "4",
        '42["user_uttered", {"message": "\\ud800"}]',
        "9999",
    ):
        await sock.ws.send(frame)
    assert AA_ANSWER in await sock.say(session, "what is alcoholics anonymous")
    await sock.ws.close()


async def test_websocket_1mb_message_closes_the_socket_then_the_conversation_goes_on(assistant: Assistant) -> None:
    session, sock = new_sender(), RawSocket(assistant)
    await sock.join(session)
    await sock.emit("user_uttered", {"message": "x" * (1024 * 1024), "session_id": session})
    await sock.events(timeout=10)
    assert sock.ws.closed
    again = RawSocket(assistant)
    await again.join(session)
    assert AA_ANSWER in await again.say(session, "what is alcoholics anonymous")
    await again.ws.close()


# ---------------------------------------------------------------------------
# The action server stopped or hung


def test_action_server_stopped_apology_and_crisis_then_it_comes_back(assistant: Assistant) -> None:
    who = new_sender()
    assert AA_ANSWER in assistant.say(who, "what is alcoholics anonymous")
    assistant.stop_action_server()

    assert UNAVAILABLE in assistant.say(who, "what is smart recovery")
    crisis = assistant.say(who, "i want to end my life tonight")
    assert CRISIS_NUMBER in crisis and EMERGENCY_NUMBER in crisis

    assistant.start_action_server()
    wait_until(lambda: "SMART Recovery" in assistant.say(who, "what is smart recovery"), 30, "normal answers again")


async def test_action_server_stopped_over_socketio(assistant: Assistant) -> None:
    async with SocketChat(assistant.server_url, new_sender()) as chat:
        assistant.stop_action_server()
        assert UNAVAILABLE in await chat.say("what is smart recovery")
        assert CRISIS_NUMBER in await chat.say("i want to end my life tonight")


def timed_say(assistant: Assistant, who: str, text: str) -> tuple[str, float]:
    start = time.monotonic()
    reply = assistant.say(who, text)
    return reply, time.monotonic() - start


def test_action_server_hung_apology_in_time_crisis_at_once_then_it_comes_back(assistant: Assistant) -> None:
    who = new_sender()
    assert AA_ANSWER in assistant.say(who, "what is alcoholics anonymous")
    assistant.pause_action_server()

    reply, took = timed_say(assistant, who, "what is smart recovery")
    assert UNAVAILABLE in reply and took < APOLOGY_WITHIN, took

    crisis, took = timed_say(assistant, who, "i want to end my life tonight")
    assert CRISIS_NUMBER in crisis and took < 5, took
    crisis, took = timed_say(assistant, new_sender(), "i took too many pills and can't breathe")
    assert EMERGENCY_NUMBER in crisis and took < 5, took

    assistant.resume_action_server()
    wait_until(lambda: "SMART Recovery" in assistant.say(who, "what is smart recovery"), 30, "normal answers again")


async def test_action_server_hung_over_socketio(assistant: Assistant) -> None:
    async with SocketChat(assistant.server_url, new_sender()) as chat:
        assistant.pause_action_server()
        start = time.monotonic()
        assert UNAVAILABLE in await chat.say("what is smart recovery")
        assert time.monotonic() - start < APOLOGY_WITHIN + 1.5  # + the quiet period
        assert CRISIS_NUMBER in await chat.say("i want to end my life tonight")


# ---------------------------------------------------------------------------
# Rasa restarted in the middle of a conversation


def test_rasa_restart_keeps_the_conversation_and_its_context(assistant: Assistant) -> None:
    who = new_sender()
    assert "Alcoholics Anonymous" in assistant.say(who, "tell me about AA")
    assistant.restart_rasa()
    reply = assistant.say(who, "can I attend online?")
    assert "Alcoholics Anonymous" in reply and "online" in reply.lower(), reply
    turns = len(stored_events(assistant.tracker_db, who, "user"))
    assert turns == 2
