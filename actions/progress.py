"""Personal progress: sobriety milestones and a recovery goal.

Nothing here is stored beyond the conversation's own slots: no account.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import KNOWLEDGE, format_points, latest_text, set_topic

# "30 days", "a week", "one year", "6 months", "90 days clean".
_NUMBER_WORDS = "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]{1,4}"
_MILESTONE = re.compile(rf"\b({_NUMBER_WORDS})\s*(day|week|month|year)s?\b", re.IGNORECASE)
GOAL_SLOTS = ("goal_what", "goal_when", "goal_first_step", "goal_support")
MAX_GOAL_ANSWER_CHARS = 200
# "skip" or "not sure" as the whole answer leaves that step open.
SKIP_MAX_WORDS = 4
SKIPPED = "(not decided yet)"


def milestone_in(text: str) -> Optional[str]:
    """The milestone a message names ("30 days"), or None."""
    match = _MILESTONE.search(text)
    if not match:
        return None
    amount, unit = match.group(1).lower(), match.group(2).lower()
    plural = amount not in ("a", "an", "one", "1")
    return f"{amount} {unit}{'s' if plural else ''}"


class ActionAcknowledgeMilestone(Action):
    """A warm word for a milestone, and the document's tracking strategy."""

    def name(self) -> Text:
        return "action_acknowledge_milestone"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        milestone = milestone_in(latest_text(tracker))
        if milestone:
            dispatcher.utter_message(response="utter_milestone", milestone=milestone)
        else:
            dispatcher.utter_message(response="utter_progress")
        tracking = KNOWLEDGE.section("strategies").item("tracking_progress")
        dispatcher.utter_message(response="utter_section_item", title=tracking.title, points=format_points(tracking))
        return [set_topic("strategies:tracking")]


class ValidateGoalForm(FormValidationAction):
    """Keeps each answer short and clean; "skip" leaves a step open."""

    def name(self) -> Text:
        return "validate_goal_form"

    @staticmethod
    def _answer(slot: str, value: Any) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())[:MAX_GOAL_ANSWER_CHARS]
        skipped = len(text.split()) <= SKIP_MAX_WORDS and "skip" in KNOWLEDGE.answer_words.values_in(text)
        return {slot: SKIPPED if skipped else (text or None)}

    async def validate_goal_what(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._answer("goal_what", value)

    async def validate_goal_when(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._answer("goal_when", value)

    async def validate_goal_first_step(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._answer("goal_first_step", value)

    async def validate_goal_support(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._answer("goal_support", value)


class ActionPlayBackGoal(Action):
    """Plays the goal back, with why goals help (from the document)."""

    def name(self) -> Text:
        return "action_play_back_goal"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        goals = KNOWLEDGE.section("strategies").item("setting_goals")
        values = {slot: tracker.get_slot(slot) or SKIPPED for slot in GOAL_SLOTS}
        dispatcher.utter_message(response="utter_goal_summary", benefit=goals.points[-1].text, **values)
        return [set_topic("strategies:goals")]
