"""Property-based tests: random input never raises.

Hypothesis throws random text (any Unicode, control characters, lone
surrogates, crisis words, contact details, very long strings) at the input
channel's checks, the privacy mask, the crisis detector, the NLU pieces that
are ours (the spaCy pipeline built from the knowledge, the crisis safety net)
and every custom action, with trackers built from events as
``tests/conftest.py`` builds them. The whole stack is fuzzed through the REST
channel in ``tests/live/test_faults.py``.

Each property also checks what must hold of the result, so a wrong result
fails as surely as an exception.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

import actions
from bot.channels.limits import CONTROL_CHARS as _CONTROL
from bot.channels.limits import EMPTY_MESSAGE_INTENT, MAX_TEXT_CHARS, clean_text
from bot.channels.transport import BadRequest, parse_request
from bot.crisis import CrisisKind, detect_crisis
from bot.crisis_guard import CrisisSafetyNet
from bot.dialogue import domain_dict
from bot.knowledge_base import load_knowledge
from bot.privacy import _EMAIL, PHONE_MASK, mask_pii, published_numbers
from bot.text import normalise
from bot.words import KnowledgeWords, knowledge_tables
from tests.conftest import tracker_from_events, user_event

ROOT = Path(__file__).resolve().parents[1]
DOMAIN: dict[str, Any] = domain_dict()
KNOWLEDGE = load_knowledge()

# No example database: nothing is written into the working tree.
FUZZ = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_ACTIONS = settings(FUZZ, max_examples=60)

# Words that steer random text into the interesting paths: crisis language,
# negations and time words the detector reasons about, group names,
# contact details, payload syntax.
WORDS = [
    "i",
    "want",
    "to",
    "die",
    "kill",
    "myself",
    "kms",
    "end",
    "it",
    "tonight",
    "not",
    "never",
    "used",
    "ago",
    "pills",
    "overdose",
    "bridge",
    "can't",
    "breathe",
    "he",
    "she",
    "AA",
    "NA",
    "smart",
    "al-anon",
    "meeting",
    "online",
    *(line.number for line in load_knowledge().crisis.lines),
    "555-123-4567",
    "+44 20 7946 0958",
    "jo@x.com",
    "2024",
    "90 days",
    "/greet",
    '{"group_name": "aa"}',
    "?",
    ".",
    "!",
    "\n",
    "\x00",
    "\u200b",
    "😢",
    "quiero morir",
]
phrases = st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join)
any_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x9F), max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=50),  # lone surrogates too
    phrases,
)
long_text = st.builds(lambda t, n: t * n, st.text(min_size=1, max_size=20), st.integers(1, 2_000))


# ---------------------------------------------------------------------------
# The channel's checks and the mask


@FUZZ
@given(st.one_of(any_text, long_text))
def test_clean_text_always_gives_clean_bounded_text(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned and not _CONTROL.search(cleaned)
    assert len(cleaned) <= MAX_TEXT_CHARS + len(" ... ")
    assert cleaned == cleaned.strip() or cleaned == EMPTY_MESSAGE_INTENT


@FUZZ
@given(st.binary(max_size=2_000))
def test_parse_request_accepts_or_refuses_any_bytes(body: bytes) -> None:
    try:
        parsed = parse_request(body)
    except BadRequest as refused:
        assert str(refused) and refused.status in (400, 413)
    else:
        assert set(parsed) == {"sender", "text", "metadata"}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@FUZZ
@given(st.dictionaries(st.sampled_from(["sender", "message", "metadata", "other"]), json_values))
def test_parse_request_accepts_or_refuses_any_json_object(payload: dict[str, Any]) -> None:
    try:
        parsed = parse_request(json.dumps(payload).encode())
    except BadRequest as refused:
        assert refused.status == 400
    else:
        assert isinstance(parsed["sender"], str) and parsed["sender"]
        assert isinstance(parsed["text"], str) and parsed["text"]
        assert parsed["metadata"] is None or isinstance(parsed["metadata"], dict)


@FUZZ
@given(st.one_of(any_text, long_text))
def test_mask_pii_leaves_no_email_and_is_stable(text: str) -> None:
    masked = mask_pii(text)
    assert not _EMAIL.search(masked)
    assert mask_pii(masked) == masked


WORDS_WITHOUT_DIGITS = [w for w in WORDS if not re.search(r"\d", w)]


@FUZZ
@given(
    st.lists(st.sampled_from(WORDS_WITHOUT_DIGITS), max_size=10),
    st.from_regex(r"\+?\(?[2-9]\d\d\)?[ .-]?[2-9]\d\d[ .-]?\d{4}", fullmatch=True),
)
def test_a_phone_number_anywhere_is_masked(words: list[str], number: str) -> None:
    assume(re.sub(r"\D", "", number) not in published_numbers())
    masked = mask_pii(" ".join([*words, number, *reversed(words)]))
    assert PHONE_MASK in masked and not re.search(r"\d", masked)


# ---------------------------------------------------------------------------
# Crisis detection and the NLU components that are ours


@FUZZ
@given(st.one_of(any_text, long_text))
def test_detect_crisis_never_raises(text: str) -> None:
    assert detect_crisis(text) in (None, *CrisisKind)


@FUZZ
@given(any_text, st.sampled_from(DOMAIN["intents"]))
def test_the_crisis_safety_net_forces_the_crisis_intent_or_leaves_the_intent(text: str, intent: str) -> None:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.5}})
    CrisisSafetyNet().process([message])
    kind = detect_crisis(text)
    if kind:
        expected = {"name": kind.value, "confidence": 1.0}
    elif intent == CrisisKind.SUICIDE_SELF_HARM.value:
        # The classifier alone never hands off: the person is asked directly.
        expected = {"name": "risk_ambiguous", "confidence": 1.0}
    else:
        expected = {"name": intent, "confidence": 0.5}
    assert message.get(INTENT) == expected


WORDS_FOUND = KnowledgeWords(KNOWLEDGE)
# Every canonical value of every closed label (group keys, vocabulary values...).
CANONICAL = {label: set(matcher.phrases.values()) for label, matcher in knowledge_tables(KNOWLEDGE)}


@FUZZ
@given(text=any_text)
def test_the_word_finder_finds_only_known_entities(text: str) -> None:
    """On the text as the channel hands it on: every entity has a known label
    and, for the knowledge's labels, a canonical value."""
    for entity in WORDS_FOUND.entities(normalise(clean_text(text))):
        assert entity["entity"] in WORDS_FOUND.labels and entity["value"]
        assert entity["value"] in CANONICAL.get(entity["entity"], {entity["value"]})


# ---------------------------------------------------------------------------
# Every custom action


def all_actions() -> list[type[Action]]:
    """Every Action class defined in the actions package."""
    found = []
    for info in pkgutil.iter_modules(actions.__path__):
        module = importlib.import_module(f"actions.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Action) and cls.__module__ == module.__name__ and not inspect.isabstract(cls):
                found.append(cls)
    return sorted(found, key=lambda c: c.__name__)


ENTITY_LABELS = [e if isinstance(e, str) else next(iter(e)) for e in DOMAIN["entities"]]
KNOWN_VALUES = sorted(
    {
        *KNOWLEDGE.groups,
        *(item.key for s in KNOWLEDGE.sections.values() for item in s.items),
        "alcohol",
        "mother",
        "online",
    }
)
values = st.one_of(st.sampled_from(KNOWN_VALUES), any_text)
# A typed payload ('/ask_group{"group_name": [1]}') can give an entity any JSON value.
entities = st.lists(
    st.fixed_dictionaries({"entity": st.sampled_from(ENTITY_LABELS), "value": st.one_of(values, json_values)}),
    max_size=3,
)


def slot_strategy(slot: dict[str, Any]) -> st.SearchStrategy:
    """Values Rasa can hold in a slot of this declared type (or None)."""
    kind = slot.get("type")
    typed = {
        "text": values,
        "list": st.lists(values, max_size=3),
        "bool": st.booleans(),
        "float": st.floats(allow_nan=False),
        "categorical": st.sampled_from(slot.get("values") or ["x"]),
    }.get(kind, json_values)
    return st.one_of(st.none(), typed)


slot_values = st.fixed_dictionaries({}, optional={name: slot_strategy(slot) for name, slot in DOMAIN["slots"].items()})
loops = st.sampled_from([None, *sorted(DOMAIN.get("forms") or {})])


def test_every_action_is_fuzzed() -> None:
    assert len(all_actions()) >= 10


@pytest.mark.parametrize("action_class", all_actions(), ids=lambda c: c.__name__)
@FUZZ_ACTIONS
@given(text=any_text, intent=st.sampled_from(DOMAIN["intents"]), found=entities, slots=slot_values, loop=loops)
def test_actions_never_raise_on_random_turns(
    action_class: type[Action], text: str, intent: str, found: list[dict[str, Any]], slots: dict[str, Any], loop: Any
) -> None:
    events: list[dict[str, Any]] = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    if loop:
        events.append({"event": "active_loop", "name": loop})
    tracker = tracker_from_events(events + [user_event(text, intent, found)])
    dispatcher = CollectingDispatcher()
    result = asyncio.run(action_class().run(dispatcher, tracker, DOMAIN))
    assert isinstance(result, list)
    for message in dispatcher.messages:
        assert message.get("text") or message.get("response") or message.get("buttons")
