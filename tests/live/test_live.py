"""The running assistant over HTTP: the acceptance conversations, bad input,
privacy of logs, and the action server going away."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest

from scripts.assistant import ROOT
from tests.conftest import CRISIS_NUMBER, EMERGENCY_NUMBER
from tests.live.conftest import AA_ANSWER, new_sender

EVAL = ROOT.parent / "shared" / "eval"


def test_acceptance_conversations(assistant):
    result = subprocess.run(
        [
            sys.executable,
            str(EVAL / "converse.py"),
            str(EVAL / "cases.yml"),
            "--url",
            assistant.rest_url,
            "--require",
            "crisis=1.0",
            "--min-pass",
            "0.95",
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "raw, status",
    [
        (b"", 400),
        (b"[]", 400),
        (b"{broken", 400),
        (b'{"sender": "x"', 400),
        (b"\xff\xfe", 400),
        (json.dumps({"message": "hi"}).encode(), 400),
        (json.dumps({"sender": "x", "message": 5}).encode(), 400),
        (b"{" + b" " * (1024 * 1024) + b"}", 413),
    ],
)
def test_malformed_requests_get_a_clean_4xx(assistant, raw, status):
    code, body = assistant.post(raw)
    assert code == status and "error" in body


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "🙏🙏🙏",
        "x" * 10_000,
        "hello\x00\x01\x1b[31m",
        "<img src=x onerror=alert(1)>",
        "¿Dónde hay reuniones de AA?",
        '{"json": true}',
    ],
)
def test_odd_messages_get_a_reply_and_the_conversation_goes_on(assistant, text):
    who = new_sender()
    reply = assistant.say(who, text)
    assert reply.strip() and "<img" not in reply
    assert AA_ANSWER in assistant.say(who, "what is alcoholics anonymous")


def test_no_message_text_in_logs(assistant):
    marker = f"zebra{uuid.uuid4().hex[:8]}"
    assistant.say(new_sender(), f"my private note {marker} about my drinking")
    assert marker not in assistant.logs()


def test_a_meeting_search_then_more_of_it(assistant):
    who = new_sender()
    first = assistant.say(who, "is there an online NA meeting this weekend")
    # Sample feed meetings with their join link, or the honest "none" with NA's finder.
    assert CRISIS_NUMBER not in first and ("meet.example.org" in first or "na.org" in first), first
    more = assistant.say(who, "more")
    assert more.strip() and more != first and "not sure I understood" not in more, more


def test_action_server_down_still_hands_off_and_apologises(assistant):
    who = new_sender()
    assistant.stop_action_server()
    crisis = assistant.say(who, "i want to end my life tonight")
    assert CRISIS_NUMBER in crisis and EMERGENCY_NUMBER in crisis
    reply = assistant.say(who, "what is smart recovery")
    assert "can't look that up right now" in reply
