"""Dialogue policy: acts on the risk of the conversation so far (``bot.risk``).

The NLU marks every message with one risk level (``risk_signal``). After
each message this policy weighs the levels of the conversation
(:func:`bot.risk.decide`) and, when needed, answers before any other policy,
inside forms too:

* danger, or ambiguity after distress: the fixed crisis response;
* ambiguity alone: the direct question "Are you thinking about ending your
  life?" (Yes / No / Not sure). Yes, not sure or anything unclear hands
  off; "no" gets a warm reply and the watch continues; a calm topic question
  is answered as usual, with the earlier message still weighing.

It predicts only domain responses, so none of this needs the action server.
Explicit crisis messages are also covered by rules (generated from
``bot/dialogue/table.yml`` into ``data/rules/generated/``);
both predict the same actions.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.crisis import CrisisKind
from bot.crisis_guard import RISK_ENTITY
from bot.risk import Decision, Level, MessageRisk, answer_is_no, decide, reply_hands_off

ASK = "utter_ask_risk"
HANDOFF = "utter_crisis"
MEDICAL = "utter_medical_emergency"
AFTER_NO = "utter_risk_no"
# After these the person gets to answer (or the form asks its question again).
OWN_ACTIONS = {ASK, HANDOFF, MEDICAL, AFTER_NO, "utter_means_check_in"}
# After the lines inside a form the form asks again; this answers it.
FORM_ANSWER_INTENT = "inform"


def message_level(event: UserUttered) -> Level:
    for entity in event.entities or []:
        if entity.get("entity") == RISK_ENTITY:
            try:
                return Level(entity.get("value"))
            except ValueError:
                break
    return Level.CALM


def conversation(tracker: DialogueStateTracker) -> tuple[list[Level], list[str]]:
    """Levels of the person's earlier messages since their last "no" to the
    direct question, and the bot's actions between their previous message
    and their latest one."""
    levels: list[Level] = []
    bot_actions: list[str] = []
    before_latest: list[str] = []
    users = [e for e in tracker.events if isinstance(e, (UserUttered, ActionExecuted))]
    for event in users:
        if isinstance(event, ActionExecuted):
            if event.action_name != ACTION_LISTEN_NAME:
                bot_actions.append(event.action_name)
            continue
        if ASK in bot_actions and answer_is_no((event.intent or {}).get("name") or ""):
            levels = []
        else:
            levels.append(message_level(event))
        before_latest = bot_actions
        bot_actions = []
    # The latest message is the one being answered, not an earlier one.
    return levels[:-1], before_latest


def next_action(tracker: DialogueStateTracker) -> str | None:
    """The action this policy insists on now, or None to let others decide."""
    latest = tracker.latest_action_name
    if latest in OWN_ACTIONS and latest != ASK:
        # Back to the form's question, or wait for the person.
        return tracker.active_loop_name or ACTION_LISTEN_NAME
    if latest == ASK:
        return ACTION_LISTEN_NAME
    if latest != ACTION_LISTEN_NAME or not isinstance(tracker.latest_message, UserUttered):
        return None
    message = tracker.latest_message
    intent = (message.intent or {}).get("name") or ""
    earlier, before_latest = conversation(tracker)
    level = message_level(message)
    if ASK in before_latest:
        if answer_is_no(intent):
            return AFTER_NO
        return HANDOFF if reply_hands_off(intent, level) else None
    if MEDICAL in before_latest or HANDOFF in before_latest:
        # Right after the lines, "yes", "ok", "idk": the lines again, never the menu.
        answers_form = intent == FORM_ANSWER_INTENT and tracker.active_loop_name in before_latest
        if reply_hands_off(intent, level, after_lines=True, answers_form=answers_form):
            return MEDICAL if MEDICAL in before_latest else HANDOFF
        return None
    current = MessageRisk(level, intent)
    decision = decide(earlier, current)
    if decision is Decision.HANDOFF:
        return MEDICAL if intent == CrisisKind.MEDICAL_EMERGENCY.value else HANDOFF
    if decision is Decision.ASK:
        return ASK
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class RiskPolicy(Policy):
    """Answers first when the conversation shows risk (priority above rules)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 7}

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action = next_action(tracker)
        if action is None or action not in domain.action_names_or_texts:
            return self._prediction(self._default_predictions(domain))
        return self._prediction(confidence_scores_for(action, 1.0, domain))
