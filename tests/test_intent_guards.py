"""The intents that words settle: medical advice and meeting searches."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intent_guards import IntentGuards, guarded_intent
from bot.meetings.parse_request import request_words
from bot.text import normalise
from tests.conftest import nlu_entities


@pytest.mark.parametrize(
    "text, classified, settled",
    [
        # a medication with what to do with it: always the referral
        ("can i drink on antabuse", "ask_group_audience", None),  # no action word: the classifier decides
        ("is it safe to take gabapentin while im on methadone", "nlu_fallback", "ask_medical_advice"),
        ("how do i wean off suboxone", "ask_strategy", "ask_medical_advice"),
        ("what dose of naltrexone works", "ask_group", "ask_medical_advice"),
        ("im on meds for depression, can i still go to aa", "ask_group_audience", None),
        # a meeting with a time or a place: a search
        ("any na mtgs near 112xx", "nlu_fallback", "find_meeting"),
        ("is there a smart meeting on thursday", "ask_group_online", "find_meeting"),
        ("aa meeting nearby?", "ask_group", "find_meeting"),
        ("what happens at meetings near me", "ask_group_meetings", "find_meeting"),
        ("where are the aa meetings in los angeles, ca", "nlu_fallback", "find_meeting"),
        ("any aa meeting at 7pm", "ask_group", "find_meeting"),
        ("na meetings in brooklyn", "ask_group_meetings", "find_meeting"),
        # explanations and stories stay what they are
        ("do i have to speak at my first meeting tomorrow", "ask_group_meetings", None),
        ("i went to a meeting last night and it helped", "ask_strategy", None),
        ("what happens at a meeting", "ask_group_meetings", None),
        ("what happens at a meeting in the evening", "ask_group_meetings", None),
        ("is aa in brooklyn any good", "ask_group", None),  # no meeting asked for
        # safety intents are never overridden here
        ("i took all my xanax tonight before the meeting", "medical_emergency", None),
        ("i want to die, is there a meeting tonight", "crisis", None),
    ],
)
def test_the_words_settle_the_intent_or_leave_it(text: str, classified: str, settled: str | None) -> None:
    """The place and time come from the NLU's meeting words, as in the pipeline."""
    assert guarded_intent(normalise(text), classified, request_words(nlu_entities(text))) == settled


def test_the_component_sets_the_intent_and_keeps_the_ranking() -> None:
    message = Message(
        {TEXT: "whats the best way to taper off xanax", INTENT: {"name": "nlu_fallback", "confidence": 0.45}}
    )
    message.set(
        INTENT_RANKING_KEY,
        [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "ask_medical_advice", "confidence": 0.2}],
    )
    (processed,) = IntentGuards().process([message])
    assert processed.get(INTENT) == {"name": "ask_medical_advice", "confidence": 1.0}
    assert [e["name"] for e in processed.get(INTENT_RANKING_KEY)] == ["ask_medical_advice", "nlu_fallback"]
