"""The pretrained sentence encoder and the item selector built on it."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.encoder import DIMENSIONS, EncoderMissing, get_encoder, model_dir, verify_weights
from bot.featurizer import EMBEDDING
from bot.item_selector import KnowledgeItemSelector
from tests.conftest import entity, entity_values

SECTIONS_OF_INTENT = {"ask_disadvantages": ["advantages", "disadvantages", "ethics"], "ask_resource": ["resources"]}


@pytest.fixture(scope="module")
def encoder():
    return get_encoder()


@pytest.fixture(scope="module")
def selector(knowledge):
    config = {**KnowledgeItemSelector.get_default_config(), "sections_of_intent": SECTIONS_OF_INTENT}
    return KnowledgeItemSelector(config, knowledge)


def test_the_installed_weights_are_the_expected_ones():
    verify_weights(model_dir())


def test_other_weights_are_refused(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    with pytest.raises(EncoderMissing):
        verify_weights(tmp_path)


def test_vectors_are_unit_length_and_batches_agree_with_single_calls(encoder):
    texts = ["what is narcotics anonymous", "", "🙂🙂", "x" * 5000]
    vectors = encoder.encode(texts)
    assert vectors.shape == (4, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert np.allclose(vectors[0], encoder.encode_one(texts[0]), atol=1e-4)


def test_paraphrases_are_nearer_than_unrelated_sentences(encoder):
    a, b, c = encoder.encode(["i cant afford rehab", "treatment costs too much money for me", "my dog likes the park"])
    assert a @ b > a @ c + 0.2


def message(text: str, intent: str, encoder) -> Message:
    msg = Message(data={TEXT: text})
    msg.set(INTENT, {"name": intent, "confidence": 0.9})
    msg.set(EMBEDDING, encoder.encode_one(text))
    return msg


def items_of(msg: Message):
    return entity_values(msg, "item")


def test_an_intent_without_sections_gets_no_item(selector, encoder):
    msg = selector.process([message("tell me about groupthink", "ask_group", encoder)])[0]
    assert items_of(msg) == []


def test_a_chosen_item_comes_from_the_intents_sections(selector, encoder, knowledge):
    msg = selector.process([message("where can i find a place to live that is sober", "ask_resource", encoder)])[0]
    values = items_of(msg)
    assert len(values) == 1 and values[0].startswith("resources:")
    section, _, key = values[0].partition(":")
    knowledge.section(section).item(key)  # a real item


def test_a_quick_reply_item_is_kept(selector, encoder):
    msg = message("/ask_disadvantages", "ask_disadvantages", encoder)
    msg.set(ENTITIES, [entity("item", "disadvantages:groupthink")])
    assert items_of(selector.process([msg])[0]) == ["disadvantages:groupthink"]


def test_an_item_needs_a_clear_score(knowledge, encoder):
    strict = KnowledgeItemSelector(
        {**KnowledgeItemSelector.get_default_config(), "sections_of_intent": SECTIONS_OF_INTENT, "min_score": 1.01},
        knowledge,
    )
    assert items_of(strict.process([message("any downsides to groups", "ask_disadvantages", encoder)])[0]) == []
