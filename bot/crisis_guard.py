"""NLU component: the crisis safety net.

Runs last in the NLU pipeline. When the rule-based detector in
``bot.crisis`` recognises high-risk language, the message's intent is forced
to the crisis intent it names, whatever the classifier (or the fallback
classifier) decided; a question about means (``bot.risk_context``) is forced
to ``ask_means``. Every other message is marked with a ``risk_signal``
entity (distress or calm) that fills the ``risk_level`` slot, so a rule can
hand off when a means question follows distress. The dialogue rules answer
with fixed domain responses, so none of this needs the action server or the
classifier's confidence.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.crisis import detect_crisis
from bot.risk_context import is_distress, is_means_question

MEANS_INTENT = "ask_means"
RISK_ENTITY = "risk_signal"
DISTRESS, CALM = "distress", "calm"


def assess(text: str) -> tuple[Optional[str], Optional[str]]:
    """(intent to force or None, risk signal to record or None)."""
    kind = detect_crisis(text)
    if kind is not None:
        return kind.value, DISTRESS
    if is_means_question(text):
        # No signal: the distress before it must still be on record.
        return MEANS_INTENT, None
    return None, DISTRESS if is_distress(text) else CALM


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisSafetyNet(GraphComponent, IntentClassifier):
    """Overrides the predicted intent when a message signals danger."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CrisisSafetyNet":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            forced_intent, signal = assess(message.get(TEXT) or "")
            if forced_intent:
                self._force_intent(message, forced_intent)
            if signal:
                entity = {"entity": RISK_ENTITY, "value": signal, "start": 0, "end": 0, "extractor": type(self).__name__}
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages

    @staticmethod
    def _force_intent(message: Message, name: str) -> None:
        forced = {"name": name, "confidence": 1.0}
        ranking: List[Dict[str, Any]] = message.get(INTENT_RANKING_KEY) or []
        others = [entry for entry in ranking if entry.get("name") != name]
        message.set(INTENT, forced, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [forced, *others], add_to_output=True)
