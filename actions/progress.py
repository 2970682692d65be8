"""Personal progress: sobriety milestones and a recovery goal.

Nothing here is stored beyond the conversation's own slots: no account.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import KNOWLEDGE, entity_values, format_points, set_topic
from bot.words import ANSWER_WORD, MILESTONE

GOAL_SLOTS = ("goal_what", "goal_when", "goal_first_step", "goal_support")
MAX_GOAL_ANSWER_CHARS = 200
# "skip" or "not sure" as the whole answer leaves that step open.
SKIP_MAX_WORDS = 4
SKIPPED = "(not decided yet)"


class ActionAcknowledgeMilestone(Action):
    """A warm word for a milestone, and the document's tracking strategy."""

    def name(self) -> str:
        return "action_acknowledge_milestone"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        # The NLU reads the milestone from the message (bot/words.py).
        milestone = next(iter(entity_values(tracker, MILESTONE)), None)
        if milestone:
            dispatcher.utter_message(response="utter_milestone", milestone=milestone)
        else:
            dispatcher.utter_message(response="utter_progress")
        tracking = KNOWLEDGE.section("strategies").item("tracking_progress")
        dispatcher.utter_message(response="utter_section_item", title=tracking.title, points=format_points(tracking))
        return [set_topic("strategies:tracking")]


class ValidateGoalForm(FormValidationAction):
    """Keeps each answer short and clean; "skip" leaves a step open."""

    def name(self) -> str:
        return "validate_goal_form"

    @staticmethod
    def _answer(slot: str, value: Any, tracker: Tracker) -> dict[str, Any]:
        """The slot's answer cleaned. The slot asked is filled with the latest
        message's text (domain.yml): a short "skip" there (an ``answer_word``
        of the NLU) leaves the step open."""
        text = " ".join(str(value or "").split())[:MAX_GOAL_ANSWER_CHARS]
        answers_this = tracker.get_slot("requested_slot") == slot and len(text.split()) <= SKIP_MAX_WORDS
        skipped = answers_this and "skip" in entity_values(tracker, ANSWER_WORD)
        return {slot: SKIPPED if skipped else (text or None)}

    async def validate_goal_what(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer("goal_what", value, tracker)

    async def validate_goal_when(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer("goal_when", value, tracker)

    async def validate_goal_first_step(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer("goal_first_step", value, tracker)

    async def validate_goal_support(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer("goal_support", value, tracker)


class ActionPlayBackGoal(Action):
    """Plays the goal back, with why goals help (from the document)."""

    def name(self) -> str:
        return "action_play_back_goal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        goals = KNOWLEDGE.section("strategies").item("setting_goals")
        values = {slot: tracker.get_slot(slot) or SKIPPED for slot in GOAL_SLOTS}
        dispatcher.utter_message(response="utter_goal_summary", benefit=goals.points[-1].text, **values)
        return [set_topic("strategies:goals")]
