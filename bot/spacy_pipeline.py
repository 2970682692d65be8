"""Builds the project's spaCy pipeline: blank English plus an EntityRuler.

No pretrained spaCy model can be downloaded here, and none is needed: the
entities the assistant uses (group, substance, resource, ...) are closed
vocabularies that live in the knowledge files. The ruler is generated from
them, so the knowledge files stay the single source.

The trained model carries the pipeline (``bot.spacy_nlp``); writing it to a
folder is for looking at it or using it outside Rasa:

    python -m bot.spacy_pipeline build/spacy_model
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import spacy

from bot.knowledge_base import Knowledge, load_knowledge


def entity_patterns(knowledge: Knowledge) -> list[dict[str, str]]:
    """EntityRuler phrase patterns, each with its canonical value as ``id``.

    A phrase belongs to one label only, the first in this order: a group's
    name ("al-anon") is a group even though it is also a resource keyword.
    """
    tables = [("group_name", knowledge.group_matcher), *sorted(knowledge.vocabulary.items())]
    tables.append(("resource", knowledge.section("resources").keyword_matcher))
    patterns, taken = [], set()
    for label, matcher in tables:
        for phrase, value in sorted(matcher.phrases.items()):
            if phrase not in taken:
                taken.add(phrase)
                patterns.append({"label": label, "pattern": phrase, "id": value})
    return patterns


def pipeline(knowledge: Knowledge | None = None) -> spacy.language.Language:
    """Blank English plus the EntityRuler, named after a digest of its patterns.

    The name changes exactly when the patterns do: Rasa's training cache
    fingerprints the spaCy model by its name.
    """
    patterns = entity_patterns(knowledge or load_knowledge())
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(patterns)
    digest = hashlib.sha256(json.dumps(patterns, sort_keys=True).encode("utf-8")).hexdigest()
    nlp.meta["name"] = f"knowledge_ruler_{digest[:16]}"
    return nlp


def build(target: Path, knowledge: Knowledge | None = None) -> spacy.language.Language:
    """Create the pipeline and save it to ``target`` (loadable with ``spacy.load``)."""
    nlp = pipeline(knowledge)
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return nlp


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy_model"))
