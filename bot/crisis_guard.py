"""NLU component: the risk assessment of every message (``bot.risk``).

Runs last in the NLU pipeline. Explicit danger forces the crisis (or medical
emergency) intent whatever the classifier decided; the learned risk model,
trained here from ``bot/risk/training.yml`` and the NLU examples, forces the
crisis intent when it is sure and ``risk_ambiguous`` when it is not; a
question about means is forced to ``ask_means``. Every message is marked
with one ``risk_signal`` entity (calm, distress, ambiguous or danger), which
the dialogue policy ``bot.risk_policy`` weighs over the conversation.

This is the only place a message's risk is assessed; it reads the normalised
text that ``bot.nlu_words`` stored on the message.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.encoder import get_encoder
from bot.featurizer import message_embedding
from bot.intent_guards import force_intent
from bot.nlu_words import normalised_text
from bot.risk import MessageRisk, RiskModel, assess, load_training

RISK_ENTITY = "risk_signal"
# NLU intents whose examples teach the model what danger looks like; every
# other intent's examples are safe.
DANGER_INTENTS = {"crisis": "high", "medical_emergency": "high", "ask_means": "ambiguous"}
MODEL_FILE = "risk_model.npz"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CrisisSafetyNet(GraphComponent, IntentClassifier):
    """Forces the intent when a message signals danger; records its risk level."""

    def __init__(
        self,
        model: RiskModel | None = None,
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
    ) -> None:
        self._model = model
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisSafetyNet:
        return cls(None, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CrisisSafetyNet:
        try:
            with model_storage.read_from(resource) as directory, np.load(directory / MODEL_FILE) as arrays:
                model = RiskModel.from_arrays(dict(arrays))
        except (ValueError, KeyError, FileNotFoundError):
            # Explicit patterns still hand off; only the learned layer is missing.
            model = None
        return cls(model, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = load_training()
        for example in training_data.intent_examples:
            text = example.get(TEXT)
            if text:
                texts.append(text)
                labels.append(DANGER_INTENTS.get(example.get(INTENT), "safe"))
        self._model = RiskModel.fit(get_encoder().encode(texts), labels)
        assert self._model_storage is not None and self._resource is not None, "created by Rasa's graph"
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / MODEL_FILE, **self._model.to_arrays())
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            vector = message_embedding(message)
            if vector is None and self._model is not None and text:
                vector = get_encoder().encode_one(text)
            intent = (message.get(INTENT) or {}).get("name") or ""
            self.apply(message, assess(normalised_text(message), vector, self._model, intent))
        return messages

    @staticmethod
    def apply(message: Message, risk: MessageRisk) -> None:
        """Record the message's one risk result, forcing the intent if needed."""
        if risk.forced_intent:
            force_intent(message, risk.forced_intent)
        entity = {
            "entity": RISK_ENTITY,
            "value": risk.level.value,
            "start": 0,
            "end": 0,
            "extractor": "CrisisSafetyNet",
        }
        message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
