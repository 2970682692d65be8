"""What self-help groups are, their role, and the document's conclusion."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KNOWLEDGE, set_topic


def utter_conclusion(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response="utter_conclusion", conclusion=KNOWLEDGE.overview.conclusion)


class ActionAnswerOverview(Action):
    """Explains self-help groups in general (the document's summary)."""

    def name(self) -> str:
        return "action_answer_overview"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        overview = KNOWLEDGE.overview
        dispatcher.utter_message(response="utter_overview", summary=overview.summary, groups_role=overview.groups_role)
        return [set_topic("overview")]
