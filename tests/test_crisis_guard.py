"""The NLU safety net component: forced intents and the risk signal."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.crisis_guard import RISK_ENTITY, CrisisSafetyNet
from tests.conftest import entity_values


def processed(text: str, intent: str = "ask_group", confidence: float = 0.99) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    return CrisisSafetyNet().process([message])[0]


def risk(message: Message) -> list[str]:
    return entity_values(message, RISK_ENTITY)


@pytest.mark.parametrize(
    "text, intent",
    [
        ("i want to end my life", "crisis"),
        ("my friend isnt breathing after he used", "medical_emergency"),
        ("quiero morir", "crisis"),
        ("how high is the tallest bridge in town", "ask_means"),
    ],
)
def test_danger_overrides_a_confident_classifier(text, intent):
    message = processed(text, "ask_group", 0.99)
    assert message.get(INTENT) == {"name": intent, "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == intent


def test_ordinary_messages_keep_their_intent_and_are_marked_calm():
    message = processed("what is smart recovery", "ask_group", 0.7)
    assert message.get(INTENT)["name"] == "ask_group"
    assert risk(message) == ["calm"]


def test_every_message_gets_exactly_one_risk_level():
    assert risk(processed("i lost my job and feel hopeless", "ask_strategy")) == ["distress"]
    assert risk(processed("i want to end my life", "ask_group")) == ["danger"]
    # A means question on its own is calm; the policy weighs what came before.
    means = processed("what are the tallest buildings here", "out_of_scope")
    assert means.get(INTENT)["name"] == "ask_means" and risk(means) == ["calm"]


def test_figurative_language_does_not_hand_off():
    message = processed("im dying to know how smart meetings work", "ask_group_meetings")
    assert message.get(INTENT)["name"] == "ask_group_meetings"


# ---------------------------------------------------------------------------
# The learned layer (bot.risk.RiskModel), with a model whose answer we set


class FixedModel:
    """Stands in for RiskModel: always the same probabilities."""

    def __init__(self, **probabilities: float) -> None:
        self.p = {"safe": 0.0, "distress": 0.0, "ambiguous": 0.0, "high": 0.0, **probabilities}

    def probabilities(self, vector):
        return dict(self.p)

    def nearest(self, vector):
        # Far from every example: only the probabilities decide.
        return 0.0, 0.0


def processed_with(model, text: str, intent: str = "ask_group") -> Message:
    import numpy as np

    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.9})
    message.set("text_embedding", np.zeros(384, dtype=np.float32))
    return CrisisSafetyNet(model).process([message])[0]


def test_the_learned_layer_hands_off_when_sure():
    message = processed_with(FixedModel(high=0.9), "the rope is ready")
    assert message.get(INTENT)["name"] == "crisis" and risk(message) == ["danger"]


def test_the_learned_layer_asks_when_unsure():
    message = processed_with(FixedModel(high=0.3, ambiguous=0.3, safe=0.4), "it will all be over soon")
    assert message.get(INTENT)["name"] == "risk_ambiguous" and risk(message) == ["ambiguous"]


def test_the_learned_layer_records_distress_and_leaves_the_intent():
    message = processed_with(FixedModel(distress=0.7, safe=0.3), "everything is going wrong", "ask_strategy")
    assert message.get(INTENT)["name"] == "ask_strategy" and risk(message) == ["distress"]


def test_explicit_danger_wins_over_a_calm_model():
    message = processed_with(FixedModel(safe=1.0), "i want to kill myself")
    assert message.get(INTENT)["name"] == "crisis" and risk(message) == ["danger"]


def test_a_trained_model_survives_saving_and_loading():
    import numpy as np

    from bot.risk import CLASSES, RiskModel

    rng = np.random.default_rng(0)
    centres = rng.normal(size=(len(CLASSES), 384))
    vectors = np.concatenate([centre + 0.1 * rng.normal(size=(20, 384)) for centre in centres])
    labels = [label for label in CLASSES for _ in range(20)]
    model = RiskModel.fit(vectors, labels)
    again = RiskModel.from_arrays(model.to_arrays())
    for label, centre in zip(CLASSES, centres, strict=False):
        p = again.probabilities(centre.astype(np.float32))
        assert max(p, key=p.get) == label
        assert p == model.probabilities(centre.astype(np.float32))
