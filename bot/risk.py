"""Risk assessment: one module, one result per message, weighed over the conversation.

Three layers:

1. **Explicit danger** (``bot.crisis``, patterns kept as data in
   ``bot/risk/explicit_patterns.yml``): suicide, self-harm, an overdose now.
   It hands off at once, whatever any model says.
2. **A learned model** over the sentence encoder (:class:`RiskModel`, trained
   with the NLU from ``bot/risk/training.yml`` and the NLU examples, and
   the nearest of those examples) catches what is not spelled out: goodbyes,
   giving things away, preparations, a time frame, "won't be around",
   burden, hopelessness with a plan.
3. **The conversation** (:func:`decide`): distress earlier raises the weight of
   an ambiguous message later. An ambiguous message on its own gets a direct,
   caring question ("Are you thinking about ending your life?"); after
   distress, or at any answer but "no", the person gets the crisis lines.

:func:`assess` gives each message one :class:`Level`; the NLU component
(``bot.crisis_guard``) records it on the message and the dialogue policy
(``bot.risk_policy``) calls :func:`decide` with the levels so far. Nothing
here needs the action server, and nothing is logged.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from bot.crisis import CrisisKind, detect_normalised
from bot.risk_context import is_distress, is_means_question

TRAINING_FILE = Path(__file__).resolve().parent / "risk" / "training.yml"
MEANS_INTENT = "ask_means"
AMBIGUOUS_INTENT = "risk_ambiguous"


class Level(str, enum.Enum):
    """What one message says about danger; values are the ``risk_signal`` entity."""

    CALM = "calm"
    DISTRESS = "distress"
    AMBIGUOUS = "ambiguous"
    DANGER = "danger"


# The model's classes, in the order of its probability columns.
CLASSES: tuple[str, ...] = ("safe", "distress", "ambiguous", "high")
# A message is danger when the model is this sure of "high"; ambiguous when
# "high" and "ambiguous" together reach AMBIGUOUS_AT. Chosen by cross-validation
# on the training file (scripts/risk_thresholds.py), never on the held-out sets:
# the model hands off only when very sure, and otherwise asks, because a
# question costs a safe person one tap and a wrong handoff ends their topic.
DANGER_AT = 0.80
AMBIGUOUS_AT = 0.50
DISTRESS_AT = 0.50


@dataclass(frozen=True)
class MessageRisk:
    """The one risk result of a message."""

    level: Level
    # Intent the NLU must force (crisis, medical_emergency, ask_means,
    # risk_ambiguous) or None to keep the classifier's.
    forced_intent: str | None = None


def load_training(path: Path = TRAINING_FILE) -> tuple[list[str], list[str]]:
    """(texts, labels) from the training file, labels among :data:`CLASSES`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    texts: list[str] = []
    labels: list[str] = []
    for label in CLASSES:
        for text in data.get(label) or []:
            texts.append(str(text))
            labels.append(label)
    missing = [label for label in CLASSES if label not in labels]
    if missing:
        raise ValueError(f"{path}: no examples for {missing}")
    return texts, labels


# Inverse regularisation of the logistic regression; 16 fits the figurative
# safe examples ("this craving is killing me") better than 4 in cross-validation.
REGULARISATION = 16.0


# A message also counts as ambiguous when its nearest risky training example
# (high or ambiguous) is at least this similar (cosine) and nearer than the
# nearest safe one by NEAR_MARGIN; and an ambiguous call of the regression is
# dropped when a safe example is at least SAFE_NEAR_AT similar and nearer than
# any risky one by SAFE_MARGIN ("i need a safe place to live"). The regression
# generalises; the neighbours keep close paraphrases on the side they belong.
# Cross-validated on the training data: more risk caught, fewer safe messages
# asked, no danger call changed (the neighbours never hand off or veto one).
NEAR_AT = 0.60
NEAR_MARGIN = 0.05
SAFE_NEAR_AT = 0.75
SAFE_MARGIN = 0.10
RISKY = ("high", "ambiguous")


class RiskModel:
    """Multinomial logistic regression over unit sentence vectors, with the
    training vectors of risky and safe examples for the nearest-neighbour check."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, risky: np.ndarray, safe: np.ndarray) -> None:
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.risky = risky.astype(np.float32)
        self.safe = safe.astype(np.float32)

    @classmethod
    def fit(cls, vectors: np.ndarray, labels: Sequence[str], seed: int = 2024) -> RiskModel:
        from sklearn.linear_model import LogisticRegression

        targets = np.array([CLASSES.index(label) for label in labels])
        model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=2000, random_state=seed)
        model.fit(vectors, targets)
        kinds = np.array(labels)
        return cls(model.coef_, model.intercept_, vectors[np.isin(kinds, RISKY)], vectors[kinds == "safe"])

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        logits = self.weights @ vector + self.bias
        exp = np.exp(logits - logits.max())
        return dict(zip(CLASSES, (exp / exp.sum()).tolist(), strict=False))

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {"weights": self.weights, "bias": self.bias, "risky": self.risky, "safe": self.safe}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> RiskModel:
        return cls(arrays["weights"], arrays["bias"], arrays["risky"], arrays["safe"])

    def nearest(self, vector: np.ndarray) -> tuple[float, float]:
        """Similarity of the nearest risky and of the nearest safe training example."""
        return float((self.risky @ vector).max(initial=-1.0)), float((self.safe @ vector).max(initial=-1.0))


def near_risk(risky: float, safe: float) -> bool:
    """A risky example is close, and closer than any safe one."""
    return risky >= NEAR_AT and risky > safe + NEAR_MARGIN


def clearly_safe(risky: float, safe: float) -> bool:
    """A safe example is very close, and much closer than any risky one."""
    return safe >= SAFE_NEAR_AT and safe > risky + SAFE_MARGIN


def assess(norm: str, vector: np.ndarray | None, model: RiskModel | None, classified_intent: str = "") -> MessageRisk:
    """The message's level: explicit patterns first, then the learned model.

    ``norm`` is the message's text as ``bot.text.normalise`` gives it (the NLU
    computes it once per message); ``vector`` its sentence embedding.

    When the intent classifier says "crisis" but neither layer finds danger
    ("this craving is killing me"), the person is asked directly rather than
    handed off or ignored: the classifier alone decides nothing.
    """
    kind = detect_normalised(norm)
    if kind is not None:
        return MessageRisk(Level.DANGER, kind.value)
    if is_means_question(norm):
        return MessageRisk(Level.CALM, MEANS_INTENT)
    distressed = is_distress(norm)
    if model is not None and vector is not None:
        p = model.probabilities(vector)
        if p["high"] >= DANGER_AT:
            return MessageRisk(Level.DANGER, CrisisKind.SUICIDE_SELF_HARM.value)
        risky, safe = model.nearest(vector)
        by_model = p["high"] + p["ambiguous"] >= AMBIGUOUS_AT and not clearly_safe(risky, safe)
        if by_model or near_risk(risky, safe):
            return MessageRisk(Level.AMBIGUOUS, AMBIGUOUS_INTENT)
        distressed = distressed or p["distress"] >= DISTRESS_AT
    if classified_intent == CrisisKind.SUICIDE_SELF_HARM.value:
        return MessageRisk(Level.AMBIGUOUS, AMBIGUOUS_INTENT)
    return MessageRisk(Level.DISTRESS if distressed else Level.CALM)


# ---------------------------------------------------------------------------
# The conversation
# ---------------------------------------------------------------------------


class Decision(str, enum.Enum):
    HANDOFF = "handoff"
    ASK = "ask"


# How much earlier messages weigh, fading by DECAY each later message.
WEIGHTS = {Level.DISTRESS: 1.0, Level.AMBIGUOUS: 2.0, Level.DANGER: 3.0}
DECAY = 0.8
# Ambiguous after this much weight hands off; a means question after
# MEANS_AFTER; distress after ASK_AFTER_DISTRESS gets the direct question.
HANDOFF_AFTER = 0.6
MEANS_AFTER = 0.7
ASK_AFTER_DISTRESS = 1.5


def prior_weight(earlier: Iterable[Level]) -> float:
    """Weight of the earlier messages' levels, oldest first."""
    levels = list(earlier)
    return sum(WEIGHTS.get(level, 0.0) * DECAY**age for age, level in enumerate(reversed(levels)))


def decide(earlier: Sequence[Level], current: MessageRisk) -> Decision | None:
    """What the conversation so far and this message call for, if anything.

    ``earlier`` are the levels of the person's earlier messages since they
    last said "no" to the direct question (that answer is believed, and the
    watch goes on from there).
    """
    if current.level is Level.DANGER:
        return Decision.HANDOFF
    weight = prior_weight(earlier)
    if current.forced_intent == MEANS_INTENT:
        return Decision.HANDOFF if weight >= MEANS_AFTER else None
    if current.level is Level.AMBIGUOUS:
        return Decision.HANDOFF if weight >= HANDOFF_AFTER else Decision.ASK
    if current.level is Level.DISTRESS and weight >= ASK_AFTER_DISTRESS:
        return Decision.ASK
    return None


def answer_is_no(intent: str) -> bool:
    """Only a clear "no" to the direct question is taken as no."""
    return intent == "deny"


def reply_hands_off(intent: str, level: Level, after_lines: bool = False, answers_form: bool = False) -> bool:
    """Whether the reply to the direct question, or to the crisis lines
    (``after_lines``), hands off (again).

    Yes, "not sure", "maybe", anything unclear and any sign of risk do. A clear
    "no" does not, nor a calm question on a topic ("what is AA?"): it is
    answered as usual, and the earlier message keeps its weight, so any
    further sign of risk hands off at once. After the lines, thanks, goodbye
    and the answer to a form's question also go on.
    """
    if answer_is_no(intent):
        return False
    if after_lines and (intent in LEAVING_INTENTS or answers_form):
        return False
    topic_question = (intent.startswith(TOPIC_PREFIX) and intent != MEANS_INTENT) or intent in GOING_ON_INTENTS
    return level is not Level.CALM or not topic_question


# Topic questions (ask_group, ask_resource, ...) start with this; these other
# intents also carry the conversation on ("tell me more", a goal, a
# milestone, "delete my conversation"). Not "inform": a bare "not sure" is
# one, and a form's answer is told apart by the policy.
TOPIC_PREFIX = "ask_"
GOING_ON_INTENTS = {"request_more", "set_goal", "share_milestone", "delete_conversation"}
# Thanks and goodbyes after the crisis lines get their own caring answers,
# whose texts carry the lines too.
LEAVING_INTENTS = {"thank", "goodbye"}
