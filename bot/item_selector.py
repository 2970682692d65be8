"""NLU component: which knowledge item a message means, by meaning.

"My group kinda feels like a cult" is about groupthink; "can that possession
charge get cleared off my record" is about legal aid. For the intents that
answer from a section (configured in ``config.yml``), the message's sentence
vector is compared with each item's own text (title and points) and example
phrasings from ``bot/knowledge``, and with the section's general phrasings
("what are the cons?"). When an item is clearly nearer than the section as a
whole, the message gets an ``item`` entity ``section:key``, which the actions
answer. The knowledge vectors are computed once, when the model loads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue import load_dialogue
from bot.encoder import get_encoder
from bot.featurizer import message_embedding
from bot.knowledge_base import Knowledge, load_knowledge

ITEM_ENTITY = "item"
GENERAL = "*"


@dataclass(frozen=True)
class Choice:
    """The item chosen for a message and how sure the choice is."""

    section: str
    key: str
    score: float
    margin: float

    @property
    def value(self) -> str:
        return f"{self.section}:{self.key}"


class ItemIndex:
    """Vectors of every item's texts, grouped by section, built once."""

    def __init__(self, knowledge: Knowledge, section_names: Sequence[str]) -> None:
        texts: list[str] = []
        self._owners: list[tuple[str, str]] = []
        for name in section_names:
            section = knowledge.section(name)
            for text in section.general_examples or (section.title,):
                texts.append(text)
                self._owners.append((name, GENERAL))
            for item in section.items:
                for text in item_texts(item):
                    texts.append(text)
                    self._owners.append((name, item.key))
        self._vectors = get_encoder().encode(texts)

    def choose(self, vector: np.ndarray, sections: Sequence[str]) -> tuple[str, str, float, float] | None:
        """(section, key, score, margin over the general phrasings) of the
        nearest item in these sections, or None if there are no items."""
        scores = self._vectors @ vector
        best: dict[tuple[str, str], float] = {}
        for owner, score in zip(self._owners, scores.tolist(), strict=False):
            if owner[0] in sections and score > best.get(owner, -1.0):
                best[owner] = score
        general = max((s for (name, key), s in best.items() if key == GENERAL), default=-1.0)
        items = [(s, owner) for owner, s in best.items() if owner[1] != GENERAL]
        if not items:
            return None
        score, (section, key) = max(items)
        return section, key, score, score - general


def item_texts(item: Any) -> list[str]:
    """What an item is compared by: its title, each point, its examples."""
    return [item.title, *(point.text for point in item.points), *item.examples]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class KnowledgeItemSelector(GraphComponent):
    """Adds the ``item`` entity for the knowledge item a message means."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # intent -> sections its answer can come from; None: the dialogue
            # table's (bot/dialogue/table.yml, `related`)
            "sections_of_intent": None,
            # the nearest item must score at least this (cosine similarity)...
            "min_score": 0.45,
            # ...and be at least this much nearer than the general phrasings.
            "min_margin": 0.0,
        }

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KnowledgeItemSelector:
        return cls({**cls.get_default_config(), **config}, load_knowledge())

    def __init__(self, config: dict[str, Any], knowledge: Knowledge) -> None:
        self._sections_of_intent: dict[str, list[str]] = dict(
            config["sections_of_intent"] or load_dialogue().sections_of_intent
        )
        self._min_score = float(config["min_score"])
        self._min_margin = float(config["min_margin"])
        names = sorted({name for names in self._sections_of_intent.values() for name in names})
        self._index = ItemIndex(knowledge, names)

    def choose(self, intent: str, vector: np.ndarray) -> Choice | None:
        """The item this message means, if one is clear enough."""
        sections = self._sections_of_intent.get(intent)
        if not sections:
            return None
        found = self._index.choose(vector, sections)
        if found is None:
            return None
        choice = Choice(*found)
        if choice.score < self._min_score or choice.margin < self._min_margin:
            return None
        return choice

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            vector = message_embedding(message)
            intent = (message.get(INTENT) or {}).get("name") or ""
            if vector is None or not message.get(TEXT):
                continue
            if any(e.get("entity") == ITEM_ENTITY for e in message.get(ENTITIES) or []):
                continue
            choice = self.choose(intent, vector)
            if choice is None:
                continue
            entity = {
                "entity": ITEM_ENTITY,
                "value": choice.value,
                "start": 0,
                "end": 0,
                "confidence_entity": round(choice.score, 3),
                "extractor": type(self).__name__,
            }
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages
