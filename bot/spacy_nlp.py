"""Rasa's SpacyNLP with the project's spaCy pipeline inside the model archive.

Rasa's own SpacyNLP loads a pipeline by name or path, so a trained archive
would need ``build/spacy_model`` beside it. This one builds the pipeline from
the knowledge (``bot.spacy_pipeline``) at training time and persists it as a
trained resource of the archive, which then loads anywhere.

DefaultV1Recipe places a trainable model loader and featurizer in three nodes:

- train graph: ``provide_SpacyNLP0`` (``create``) builds the pipeline;
  ``train_SpacyNLP0`` persists it (a target, so Rasa's training cache stores
  and restores it like any trained resource, even when nothing is retrained);
  ``run_SpacyNLP0`` adds spaCy docs to the training data;
- predict graph: ``provide_SpacyNLP0`` (``load``) reads the pipeline from the
  trained resource, which the recipe gives to the featurizing node
  ``run_SpacyNLP0``; that node adds spaCy docs to messages.

Only a providing node holds a pipeline: the others are handed it as ``model``.
The class keeps the name SpacyNLP because SpacyTokenizer and
SpacyEntityExtractor find their model's provider by that name; registering
it replaces Rasa's SpacyNLP in the recipe's registry (this project uses only
this one).
"""

from __future__ import annotations

from typing import Any

import spacy
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.model import InvalidModelError
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.spacy_pipeline import pipeline


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=True,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Provides the knowledge's spaCy pipeline, persisted in the trained model."""

    def __init__(
        self,
        model: SpacyModel | None,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(model, config)  # None on the non-providing nodes
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpacyNLP:
        """At training time: the providing node builds the pipeline from the knowledge."""
        model = _named(pipeline()) if _provides_the_model(execution_context) else None
        return cls(model, {**cls.get_default_config(), **config}, model_storage, resource)

    def train(self, training_data: TrainingData, model: SpacyModel) -> Resource:
        """Persist the provided pipeline into this component's resource of the archive."""
        with self._model_storage.write_to(self._resource) as directory:
            model.model.to_disk(directory)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SpacyNLP:
        """The providing node reads the pipeline that training persisted; the others need none."""
        config = {**cls.get_default_config(), **config}
        if not _provides_the_model(execution_context):
            return cls(None, config, model_storage, resource)
        trained = _trained_resource(execution_context)
        try:
            with model_storage.read_from(trained) as directory:
                nlp = spacy.load(directory)
        except (ValueError, OSError) as error:
            raise InvalidModelError(f"The model holds no spaCy pipeline in '{trained.name}': retrain it") from error
        return cls(_named(nlp), config, model_storage, trained)

    def provide(self) -> SpacyModel:
        """The pipeline, for the tokenizer, the entity extractor and this featurizer."""
        if self._model is None:
            raise InvalidModelError(f"{type(self).__name__}.provide: this graph node holds no spaCy pipeline")
        return self._model


def _named(nlp: spacy.language.Language) -> SpacyModel:
    # The name carries the patterns' digest: the training cache's fingerprint.
    return SpacyModel(model=nlp, model_name=nlp.meta["name"])


def _provides_the_model(execution_context: ExecutionContext) -> bool:
    node = execution_context.graph_schema.nodes[execution_context.node_name]
    return node.fn == "provide"


def _trained_resource(execution_context: ExecutionContext) -> Resource:
    """The resource training persisted: the one the predict graph gives this class's other node."""
    nodes = execution_context.graph_schema.nodes
    uses = nodes[execution_context.node_name].uses
    trained = [node.resource for node in nodes.values() if node.uses is uses and node.resource is not None]
    if len(trained) != 1:
        raise InvalidModelError(f"expected one trained resource of {uses.__name__}, found {len(trained)}")
    return trained[0]
