"""The NLU safety net component: forced intents and the risk signal."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.crisis_guard import CrisisSafetyNet


def processed(text: str, intent: str = "ask_group", confidence: float = 0.99) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    return CrisisSafetyNet().process([message])[0]


def risk(message: Message) -> list[str]:
    return [e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == "risk_signal"]


@pytest.mark.parametrize(
    "text, intent",
    [
        ("i want to end my life", "crisis"),
        ("my friend isnt breathing after he used", "medical_emergency"),
        ("quiero morir", "crisis"),
        ("how high is the tallest bridge in town", "ask_means"),
    ],
)
def test_danger_overrides_a_confident_classifier(text, intent):
    message = processed(text, "ask_group", 0.99)
    assert message.get(INTENT) == {"name": intent, "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == intent


def test_ordinary_messages_keep_their_intent_and_are_marked_calm():
    message = processed("what is smart recovery", "ask_group", 0.7)
    assert message.get(INTENT)["name"] == "ask_group"
    assert risk(message) == ["calm"]


def test_distress_is_recorded_and_a_means_question_keeps_it():
    assert risk(processed("i lost my job and feel hopeless", "ask_strategy")) == ["distress"]
    assert risk(processed("what are the tallest buildings here", "out_of_scope")) == []


def test_figurative_language_does_not_hand_off():
    message = processed("im dying to know how smart meetings work", "ask_group_meetings")
    assert message.get(INTENT)["name"] == "ask_group_meetings"
