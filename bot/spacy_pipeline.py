"""Builds the project's spaCy pipeline: blank English, for SpacyNLP's tokens.

No pretrained spaCy model can be downloaded here, and none is needed: the
entities the assistant uses (group, substance, resource, ...) are closed
vocabularies that live in the knowledge files, and ``bot.nlu_words`` finds
them on the message's normalised text, with the knowledge's own phrase
matchers. (An EntityRuler used to match them a second time, on spaCy's
lower-cased tokens: another normaliser, and the text as typed as the value.)

The trained model carries the pipeline (``bot.spacy_nlp``); writing it to a
folder is for looking at it or using it outside Rasa:

    python -m bot.spacy_pipeline build/spacy_model
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy


def pipeline() -> spacy.language.Language:
    """Blank English, named for Rasa's training cache (which fingerprints a spaCy model by its name)."""
    nlp = spacy.blank("en")
    nlp.meta["name"] = f"blank_en_{spacy.__version__}"
    return nlp


def build(target: Path) -> spacy.language.Language:
    """Create the pipeline and save it to ``target`` (loadable with ``spacy.load``)."""
    nlp = pipeline()
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return nlp


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy_model"))
