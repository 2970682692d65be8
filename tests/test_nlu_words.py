"""One normaliser (bot/text.py) and the NLU word finder (bot/nlu_words.py, bot/words.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.crisis import detect_crisis, detect_normalised
from bot.crisis_guard import CrisisSafetyNet
from bot.intent_guards import IntentGuards
from bot.knowledge_base import KNOWLEDGE_DIR, PhraseMatcher
from bot.meetings.vocabulary import DATA_DIR
from bot.nlu_words import NORMALISED_TEXT, WordFinder, normalised_text
from bot.text import normalise


def old_normalise(text: str) -> str:
    """The phrase matchers' form before the one normaliser: lower case, straight apostrophes."""
    return re.sub(r"\s+", " ", text.lower().replace("\u2019", "'").replace("\u2018", "'")).strip()


def phrase_tables() -> dict[str, dict[str, list[str]]]:
    """Every phrase list of the knowledge and of the meeting words, as written in the files."""
    vocabulary = yaml.safe_load((KNOWLEDGE_DIR / "vocabulary.yml").read_text(encoding="utf-8"))
    groups = yaml.safe_load((KNOWLEDGE_DIR / "groups.yml").read_text(encoding="utf-8"))["groups"]
    tables = {label: vocabulary[label] for label in vocabulary if isinstance(vocabulary[label], dict)}
    tables["groups"] = {g["key"]: [*g["aliases"], g["name"], g["short_name"]] for g in groups}
    for path in sorted(Path(KNOWLEDGE_DIR).glob("*.yml")):
        items = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("items")
        if isinstance(items, list) and items and "keywords" in items[0]:
            tables[f"keywords:{path.stem}"] = {item["key"]: item["keywords"] for item in items}
    words = yaml.safe_load((Path(DATA_DIR) / "request_words.yml").read_text(encoding="utf-8"))
    tables["wishes"] = {wish: raw["words"] for wish, raw in words["types"].items()}
    tables["parts_of_day"] = {part: raw["words"] for part, raw in words["parts_of_day"].items()}
    tables["weekdays"] = {str(day): names for day, names in words["weekdays"].items()}
    tables["relative_days"] = words["relative_days"]
    return {
        name: {value: [str(w) for w in phrases] for value, phrases in table.items() if isinstance(phrases, list)}
        for name, table in tables.items()
    }


TABLES = phrase_tables()


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_phrase_still_matches_itself_and_its_old_form(name):
    """Hyphens ("al-anon", "12-step"), apostrophes ("women's"), "w/o", digits,
    txt-speak expansion ("idk" -> "i do not know"): the phrase and the text go
    through the same normaliser, so each phrase still finds its own value,
    alone or in a sentence, and no two values share a normalised phrase."""
    table = TABLES[name]
    matcher = PhraseMatcher(table)
    for value, phrases in table.items():
        for phrase in phrases:
            for form in (phrase, old_normalise(phrase), phrase.upper(), f"well, {phrase}, i guess"):
                assert matcher.values_in(form)[:1] == [value], (name, phrase, form, normalise(form))
            assert matcher.value_of(phrase) == value, (name, phrase)


def test_the_normaliser_is_stable_on_its_own_output():
    for table in TABLES.values():
        for phrases in table.values():
            for phrase in phrases:
                assert normalise(normalise(phrase)) == normalise(phrase), phrase


def test_punctuation_option_keeps_what_the_parsers_read():
    assert normalise("Meet at 7:30 P.M. in St. Louis, MO") == "meet at 7 . 30 p . m . in st . louis , mo"
    assert normalise("Meet at 7:30 P.M. in St. Louis, MO", punctuation=True) == "meet at 7:30 p.m. in st. louis, mo"
    assert normalise("San Jos\u00e9\u200b  \u2019s", punctuation=True) == "san jose 's"


def test_a_number_before_a_unit_stays_a_number():
    assert normalise("i have 2 weeks sober") == "i have 2 weeks sober"
    assert normalise("i want 2 die") == "i want to die"


FINDER = WordFinder.create({}, None, None, None)  # type: ignore[arg-type]


def found(text: str) -> Message:
    return FINDER.process([Message(data={TEXT: text})])[0]


def values(message: Message) -> list[tuple[str, str]]:
    return [(e["entity"], e["value"]) for e in message.get(ENTITIES)]


def test_the_word_finder_stores_the_normalised_text_once():
    message = found("I'm 30 days clean, thx 2 AA!!!")
    assert message.get(NORMALISED_TEXT) == normalise("I'm 30 days clean, thx 2 AA!!!")
    assert normalised_text(message) is message.get(NORMALISED_TEXT)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what is Alcoholics Anon", [("group_name", "aa")]),
        ("is Al Anon like al-anon?", [("group_name", "alanon")]),
        ("my son uses meth", [("family_member", "family"), ("substance", "drugs")]),
        ("im 90 days sober", [("milestone", "90 days"), ("self_reference", "self")]),
        ("idk", [("answer_word", "skip"), ("self_reference", "self")]),
        ("either one", [("answer_word", "no_preference")]),
    ],
)
def test_the_word_finder_gives_canonical_values(text, expected):
    message = found(text)
    got = values(message)
    for pair in expected:
        assert pair in got, (text, got)
    assert all(e["extractor"] == "WordFinder" for e in message.get(ENTITIES))


def test_the_word_finder_keeps_earlier_entities():
    message = Message(data={TEXT: "aa", ENTITIES: [{"entity": "item", "value": "resources:x"}]})
    FINDER.process([message])
    assert values(message)[0] == ("item", "resources:x") and ("group_name", "aa") in values(message)


def test_the_risk_and_the_guards_read_the_stored_normalised_text():
    """The NLU components do not normalise again: they read what the word finder stored."""
    message = Message(data={TEXT: "hello", INTENT: {"name": "greet", "confidence": 0.9}})
    message.set(NORMALISED_TEXT, normalise("i want to kill myself"))
    CrisisSafetyNet().process([message])
    assert message.get(INTENT)["name"] == "crisis"
    message = Message(data={TEXT: "hello", INTENT: {"name": "nlu_fallback", "confidence": 0.4}})
    message.set(NORMALISED_TEXT, normalise("can i taper off xanax"))
    IntentGuards().process([message])
    assert message.get(INTENT)["name"] == "ask_medical_advice"


@pytest.mark.parametrize("text", ["i want to kill myself", "he's not breathing!!", "what is aa", "", "kms rn"])
def test_detect_normalised_is_detect_crisis_on_normalised_text(text):
    assert detect_normalised(normalise(text)) == detect_crisis(text)
