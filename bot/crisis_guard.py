"""NLU component: the crisis safety net.

Runs last in the NLU pipeline. When the rule-based detector in
``bot.crisis`` recognises high-risk language, the message's intent is forced
to the crisis intent it names, whatever the classifier (or the fallback
classifier) decided. The dialogue rules then hand off with a fixed response
from the domain, so the handoff needs neither the action server nor the
classifier's confidence.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.crisis import detect_crisis


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
            self._force_crisis_intent(message)
        return messages

    @staticmethod
    def _force_crisis_intent(message: Message) -> None:
        kind = detect_crisis(message.get(TEXT) or "")
        if kind is None:
            return
        forced = {"name": kind.value, "confidence": 1.0}
        ranking: Optional[List[Dict[str, Any]]] = message.get(INTENT_RANKING_KEY) or []
        others = [entry for entry in ranking if entry.get("name") != kind.value]
        message.set(INTENT, forced, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [forced, *others], add_to_output=True)
