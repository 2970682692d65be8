"""NLU component: each message normalised once, its words found once.

Early in the pipeline (config.yml, before the classifiers), :class:`WordFinder`

* stores the message's normalised text (``bot.text.normalise``) on the
  message, where the intent guards and the risk assessment read it
  (:func:`normalised_text`) instead of normalising the text again;
* emits the words the actions need as entities with **canonical values**
  (``bot.words``: "aa" for "Alcoholics Anon", a form's "skip", a milestone,
  a meeting search's fellowship, place and time words).
  The actions read entity values and never match the text again.

Why the knowledge's own phrase matchers and not spaCy's EntityRuler: the
ruler matched on spaCy's lower-cased tokens (a fourth normaliser) and Rasa's
SpacyEntityExtractor gave the text as typed, which the actions mapped to the
canonical value with the same phrase lists again. Entities here carry no span
(``start`` = ``end`` = 0, like ``risk_signal``): their value is a canonical
key, not a piece of the text.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge_base import load_knowledge
from bot.text import normalise
from bot.words import MessageWords, message_words

NORMALISED_TEXT = "normalised_text"


def normalised_text(message: Message) -> str:
    """The message's normalised text, computed the first time it is asked for
    (by :class:`WordFinder` in the pipeline) and then only read."""
    norm = message.get(NORMALISED_TEXT)
    if norm is None:
        norm = normalise(message.get(TEXT) or "")
        message.set(NORMALISED_TEXT, norm)
    return norm


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class WordFinder(GraphComponent, EntityExtractorMixin):
    """Normalises each message once and emits its canonical entities."""

    def __init__(self, words: MessageWords) -> None:
        self._words = words

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> WordFinder:
        return cls(message_words(load_knowledge()))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            found = self._words.entities(message.get(TEXT) or "", normalised_text(message))
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)
        return messages
