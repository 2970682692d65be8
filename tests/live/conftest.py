"""The live tests' assistant, on ports of its own so that a developer's
`make run` can keep running.

One assistant serves the whole session, so every test leaves it as it found
it: whatever a test stopped or paused runs again and answers normally after
it (``leaves_the_assistant_as_found``). Any test or file can run alone or in
any order.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from scripts.assistant import Assistant, running_assistant, wait_until

PORTS = {"RASA_PORT": "5105", "ACTION_PORT": "5155", "WEB_PORT": "8180"}
# Part of the answer to "what is alcoholics anonymous", which needs the action server.
AA_ANSWER = "12-step"


def new_sender(prefix: str = "live") -> str:
    """A conversation id of its own for each conversation of a test."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def answers_normally(assistant: Assistant) -> bool:
    """True when a question that needs the action server gets its answer."""
    return AA_ANSWER in assistant.say(new_sender(), "what is alcoholics anonymous")


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    with running_assistant(tmp_path_factory.mktemp("live"), PORTS) as running:
        yield running


@pytest.fixture(autouse=True)
def leaves_the_assistant_as_found(assistant: Assistant) -> Iterator[None]:
    """After every test: the action server runs again and Rasa calls it again.

    After a hang Rasa skips the action server for a few seconds
    (bot/timeouts.py), hence the wait for a normal answer. Rasa itself comes
    back by itself (restart_rasa waits for it; the supervisor restarts it).
    """
    yield
    assistant.resume_action_server()  # harmless when it was not paused
    if assistant.action_server_held():
        assistant.start_action_server()
    wait_until(assistant.rasa_answers, 240, "Rasa to answer")
    wait_until(lambda: answers_normally(assistant), 30, "normal answers")
