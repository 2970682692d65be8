"""Shared fixtures: the knowledge, the domain, dispatchers and trackers built
from real events, and a renderer that fills domain responses like Rasa does;
helpers for request bodies, Rasa's remote action and tracker-store files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue import domain_dict
from bot.knowledge_base import Knowledge, load_knowledge
from bot.text import normalise
from bot.words import message_words

if TYPE_CHECKING:
    from rasa.core.actions.action import RemoteAction

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return domain_dict()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


# The NLU's word finder (bot/nlu_words.py), so that a test's text gets the
# entities the NLU would give it and still proves text -> reply.
NLU_WORDS = message_words(load_knowledge())


def nlu_entities(text: str) -> list[dict[str, Any]]:
    """The entities the NLU word finder gives ``text``."""
    return NLU_WORDS.entities(text, normalise(text))


def user_event(text: str, intent: str, entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A `user` event as Rasa sends it to the action server: the NLU's
    entities of the text, then ``entities`` (a button payload's, say)."""
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": 0.99},
            "entities": [*nlu_entities(text), *(entities or [])],
        },
    }


def tracker_from_events(events: list[dict[str, Any]], sender_id: str = "test-user") -> Tracker:
    """A tracker whose slots and latest message follow from ``events``."""
    slots: dict[str, Any] = {}
    latest: dict[str, Any] = {}
    active_loop: dict[str, Any] = {}
    for event in events:
        if event["event"] == "slot":
            slots[event["name"]] = event["value"]
        elif event["event"] == "user":
            latest = event["parse_data"]
        elif event["event"] == "active_loop":
            active_loop = {"name": event["name"]} if event["name"] else {}
    return Tracker(sender_id, slots, latest, events, False, None, active_loop, "action_listen")


@pytest.fixture
def tracker_for() -> Callable[..., Tracker]:
    """Build a tracker: earlier events (or slots) then one user message."""

    def build(
        text: str,
        intent: str,
        entities: list[dict[str, Any]] | None = None,
        slots: dict[str, Any] | None = None,
        history: list[dict[str, Any]] | None = None,
    ) -> Tracker:
        events = list(history or []) + [SlotSet(k, v) for k, v in (slots or {}).items()]
        return tracker_from_events(events + [user_event(text, intent, entities)])

    return build


def entity(label: str, value: str) -> dict[str, Any]:
    return {"entity": label, "value": value}


def entity_values(message: Any, label: str) -> list[Any]:
    """The values of a parsed message's entities of one label."""
    return [e["value"] for e in message.get("entities") or [] if e["entity"] == label]


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots that an action's events set, by name."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def apply_events(history: list[dict[str, Any]], new_events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation after an action's events, for the next turn."""
    return history + list(new_events)


@pytest.fixture
def render(domain: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    """Text of a dispatched message as the person would read it."""

    def to_text(message: dict[str, Any]) -> str:
        if message.get("text"):
            return message["text"]
        variations = domain["responses"][message["response"]]
        values = {k: v for k, v in message.items() if k not in ("response", "buttons")}
        text = variations[0]["text"].format(**values)
        titles = [b["title"] for b in (message.get("buttons") or []) + (variations[0].get("buttons") or [])]
        return "\n".join([text, *titles])

    return to_text


@pytest.fixture
def run_action() -> Callable[..., Any]:
    """Run an action and return (events, messages)."""

    async def run(action: Any, tracker: Tracker, domain: dict[str, Any]):
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, tracker, domain)
        return events, dispatcher.messages

    return run


def json_body(payload: Any) -> bytes:
    """``payload`` as the JSON bytes of a request body."""
    return json.dumps(payload).encode()


def remote_action() -> RemoteAction:
    """Rasa's client of the action server, for one of our actions."""
    # Importing Rasa takes seconds: only the tests that run its code pay for it.
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import EndpointConfig

    return RemoteAction("action_describe_group", EndpointConfig("http://localhost:5055/webhook"))


def stored_bytes(tracker_db: Path) -> bytes:
    """Everything a SQLite tracker store has on disk: the database file and its
    write-ahead log (the store writes in WAL mode)."""
    wal = tracker_db.with_name(tracker_db.name + "-wal")
    return tracker_db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


# The operator's crisis and emergency numbers (bot/knowledge/crisis_lines.yml):
# tests compare replies with the file, never with typed numbers.
CRISIS_NUMBER = load_knowledge().crisis.crisis_line.number
EMERGENCY_NUMBER = load_knowledge().crisis.emergency_line.number
