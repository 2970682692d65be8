"""Builds the project's spaCy pipeline: blank English plus an EntityRuler.

No pretrained spaCy model can be downloaded here, and none is needed: the
entities the assistant uses (group, substance, resource, ...) are closed
vocabularies that live in the knowledge files. The ruler is generated from
them, so the knowledge files stay the single source.

    python -m bot.spacy_pipeline build/spacy_model
"""
from __future__ import annotations

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


def build(target: Path, knowledge: Knowledge | None = None) -> spacy.language.Language:
    """Create the pipeline and save it to ``target`` (loadable by SpacyNLP)."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(entity_patterns(knowledge or load_knowledge()))
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return nlp


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy_model"))
