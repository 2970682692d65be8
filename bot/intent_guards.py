"""NLU component: two intents settled by words, not by the classifier's mood.

The classifier wavers on two kinds of message whose answer must not depend
on it (measured on held-out conversations: a retrain moved "whats the best way
to taper off xanax" from the medical referral to the fallback):

* a medication named together with what to do with it ("taper", "while I'm
  on", "dose") is a request for medical advice: ``ask_medical_advice``, whose
  answer says the assistant is automated and points to professionals;
* a meeting asked for with a time or a place ("an AA mtg 2nite near 100xx",
  "aa meetings in Austin, TX")
  is a search of the meeting lists: ``find_meeting``, but only when the
  classifier had put it among the meeting questions or was unsure, so that
  "what happens at a meeting?" stays an explanation.

The words are data: ``guard_words`` in ``bot/knowledge/vocabulary.yml``; the
place and the time are those the word finder already read into the
``meeting_request`` entity (``bot/meetings/parse_request.py``). It runs before
the risk assessment (``bot.crisis_guard``), which overrides both.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge_base import load_knowledge
from bot.meetings.parse_request import RequestWords, request_words
from bot.nlu_words import normalised_text

MEDICAL_INTENT = "ask_medical_advice"
MEETING_INTENT = "find_meeting"
# What the classifier calls a meeting search when it is not sure it is one.
MEETING_NEIGHBOURS = {
    "nlu_fallback",
    "out_of_scope",
    "ask_group",
    "ask_group_online",
    "ask_group_website",
    "ask_group_audience",
    "ask_groups_list",
}
# How meetings work: a day alone does not make it a search ("do I have to speak
# at my first meeting tomorrow?"), a place does.
MEETING_EXPLANATION = "ask_group_meetings"
# Never overridden here: the risk assessment and the safety intents decide these.
SAFETY_INTENTS = {"crisis", "medical_emergency", "ask_means", "risk_ambiguous", MEDICAL_INTENT}


def force_intent(message: Message, name: str) -> None:
    """Make ``name`` the message's intent, certain, ahead of the classifier's ranking."""
    forced = {"name": name, "confidence": 1.0}
    others = [entry for entry in message.get(INTENT_RANKING_KEY) or [] if entry.get("name") != name]
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [forced, *others], add_to_output=True)


def guarded_intent(norm: str, intent: str, request: RequestWords | None) -> str | None:
    """The intent the words of a normalised message (``bot.text.normalise``)
    and its meeting words (the ``meeting_request`` entity) settle, or None to
    keep the classifier's."""
    if intent in SAFETY_INTENTS:
        return None
    words = set(load_knowledge().guard_words.values_in(norm, normalised=True))
    if {"medication", "medical_request"} <= words:
        return MEDICAL_INTENT
    if "meeting" not in words:
        return None
    where = "nearby" in words or bool(request and request.place)
    when = bool(request and request.when.said)
    if (intent in MEETING_NEIGHBOURS and (where or when)) or (intent == MEETING_EXPLANATION and where):
        return MEETING_INTENT
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentGuards(GraphComponent, IntentClassifier):
    """Sets the medical-advice or meeting-search intent when the words settle it."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentGuards:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name") or ""
            request = request_words(message.get(ENTITIES) or [])
            settled = guarded_intent(normalised_text(message), intent, request)
            if settled:
                force_intent(message, settled)
        return messages
