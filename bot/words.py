"""The words of a message that the actions need, as entities with canonical values.

Found once per message on its normalised text (``bot.text.normalise``) by the
NLU component ``bot.nlu_words.WordFinder``; the actions only read the values.
This module has no Rasa imports: the action server reads its labels too.

* the knowledge's closed vocabularies: ``group_name`` "aa" for "Alcoholics
  Anon", ``substance`` "drugs" for "meth", ``resource``, ...;
* ``answer_word``: a form answer's "skip" / "no preference";
* ``milestone``: a sobriety milestone ("30 days");
* ``self_reference``: the person speaks of themselves ("self");
* ``meeting_request``: what a meeting search would use (fellowships, place,
  time words...), read by ``bot.meetings.parse_request.read_request``.
"""

from __future__ import annotations

import re
from typing import Any

from bot.knowledge_base import Knowledge, PhraseMatcher
from bot.meetings.feeds import load_feeds_config
from bot.meetings.parse_request import ENTITY as MEETING_REQUEST
from bot.meetings.parse_request import read_request
from bot.meetings.places import PlaceFinder, place_finder
from bot.meetings.vocabulary import Vocabulary, load_vocabulary

EXTRACTOR = "WordFinder"
ANSWER_WORD = "answer_word"
MILESTONE = "milestone"
SELF_REFERENCE = "self_reference"
SELF = "self"
# "30 days", "a week", "one year", "6 months", "90 days clean".
_NUMBER_WORDS = "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]{1,4}"
_MILESTONE = re.compile(rf"\b({_NUMBER_WORDS}) ?(day|week|month|year)s?\b")
# "for me", "I drink", "i'm" (normalised "i am"): the person speaks about themselves.
_FIRST_PERSON = re.compile(r"\b(?:i|me|myself|my own|mine)\b")


def milestone_in(norm: str) -> str | None:
    """The milestone a normalised message names ("30 days"), or None."""
    match = _MILESTONE.search(norm)
    if not match:
        return None
    amount, unit = match.group(1), match.group(2)
    plural = amount not in ("a", "an", "one", "1")
    return f"{amount} {unit}{'s' if plural else ''}"


def knowledge_tables(knowledge: Knowledge) -> list[tuple[str, PhraseMatcher]]:
    """Entity label -> phrase matcher, in the order that decides a phrase's label:
    a group's name ("al-anon") is a group even though it is also a resource keyword."""
    return [
        ("group_name", knowledge.group_matcher),
        *sorted(knowledge.vocabulary.items()),
        ("resource", knowledge.section("resources").keyword_matcher),
    ]


class KnowledgeWords:
    """Finds the entities of a normalised message; built once from the knowledge."""

    def __init__(self, knowledge: Knowledge) -> None:
        # One matcher over every label, so the longest phrase wins across labels
        # ("sober living" the resource over "living"); values are "label:value".
        labelled: dict[str, str] = {}
        for label, matcher in knowledge_tables(knowledge):
            for phrase, value in matcher.phrases.items():
                labelled.setdefault(phrase, f"{label}:{value}")
        by_value: dict[str, list[str]] = {}
        for phrase, value in labelled.items():
            by_value.setdefault(value, []).append(phrase)
        self._labelled = PhraseMatcher(by_value)
        self._answer_words = knowledge.answer_words
        self.labels = frozenset(label for label, _ in knowledge_tables(knowledge)) | {
            ANSWER_WORD,
            MILESTONE,
            SELF_REFERENCE,
        }

    def entities(self, norm: str) -> list[dict[str, Any]]:
        """Every entity of the message, canonical values, in order of mention per kind."""
        found = [tuple(value.split(":", 1)) for value in self._labelled.values_in(norm, normalised=True)]
        found += [(ANSWER_WORD, value) for value in self._answer_words.values_in(norm, normalised=True)]
        milestone = milestone_in(norm)
        if milestone:
            found.append((MILESTONE, milestone))
        if _FIRST_PERSON.search(norm):
            found.append((SELF_REFERENCE, SELF))
        return [entity(label, value) for label, value in found]


def entity(label: str, value: Any) -> dict[str, Any]:
    """An entity of the word finder: a canonical value, no span."""
    return {"entity": label, "value": value, "start": 0, "end": 0, "extractor": EXTRACTOR}


class MessageWords:
    """Every entity the NLU word finder gives one message; built once."""

    def __init__(self, knowledge: Knowledge, vocabulary: Vocabulary, places: PlaceFinder) -> None:
        self._knowledge = knowledge
        self._knowledge_words = KnowledgeWords(knowledge)
        self._vocabulary = vocabulary
        self._places = places
        self.labels = self._knowledge_words.labels | {MEETING_REQUEST}

    def entities(self, text: str, norm: str) -> list[dict[str, Any]]:
        """The entities of a message: ``text`` as typed, ``norm`` its normalised form."""
        found = self._knowledge_words.entities(norm)
        request = read_request(text, self._vocabulary, self._places, self._knowledge)
        if request.place is not None:
            # The groups are read without the place: "Austin, CA" is not Cocaine Anonymous.
            found = [e for e in found if e["entity"] != "group_name" or e["value"] in request.fellowships]
        if request.said:
            found.append(entity(MEETING_REQUEST, request.entity_value()))
        return found


def message_words(knowledge: Knowledge) -> MessageWords:
    """The word finder of the operator's configuration (the meetings' default state)."""
    return MessageWords(knowledge, load_vocabulary(), place_finder(load_feeds_config().default_state))
