"""NLU component: sentence features from the pretrained encoder.

Adds the message's all-MiniLM-L6-v2 vector (``bot.encoder``) as a dense
sentence-level feature, so DIET starts from a model that already knows which
sentences mean the same thing. The vector is also kept on the message
(:data:`EMBEDDING`) for the components after the classifier (item selection,
risk), so each message is encoded once.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.encoder import get_encoder

# Key of the message's sentence vector (not part of the parse output).
EMBEDDING = "text_embedding"


def message_embedding(message: Message) -> np.ndarray | None:
    """The vector the featurizer stored on the message, if any."""
    return message.get(EMBEDDING)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Dense sentence features from all-MiniLM-L6-v2."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config()}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to check: the featurizer has no options of its own."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        return cls(config, execution_context.node_name)

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        self._encoder = get_encoder()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize([m for m in training_data.training_examples if m.get(TEXT)])
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize([m for m in messages if m.get(TEXT) is not None])
        return messages

    def _featurize(self, messages: list[Message]) -> None:
        if not messages:
            return
        vectors = self._encoder.encode([m.get(TEXT) or "" for m in messages])
        for message, vector in zip(messages, vectors, strict=False):
            message.set(EMBEDDING, vector)
            self.add_features_to_message(None, vector[None, :], TEXT, message)
