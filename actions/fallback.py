"""When a message is not understood: say what was understood, offer the nearest topics."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KNOWLEDGE, entity_values

NEAREST_TOPICS = 3


def nearest_topics(tracker: Tracker) -> list[str]:
    """The classifier's best-ranked intents that are topics, best first."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    names = [entry.get("name") for entry in ranking]
    return [name for name in names if name in KNOWLEDGE.topic_labels][:NEAREST_TOPICS]


def understood_phrase(tracker: Tracker) -> str:
    """What the message did make clear, e.g. " you mentioned Narcotics Anonymous"."""
    groups = [KNOWLEDGE.groups[key].name for key in entity_values(tracker, "group_name") if key in KNOWLEDGE.groups]
    if groups:
        return f"I can see you mentioned {' and '.join(groups)}, but I'm not sure what you'd like to know."
    return "I'm not sure I understood."


class ActionOfferNearestTopics(Action):
    """Fallback that names what it understood and offers two or three topics."""

    def name(self) -> str:
        return "action_offer_nearest_topics"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        topics = nearest_topics(tracker)
        if not topics:
            dispatcher.utter_message(response="utter_fallback")
            return []
        buttons = [{"title": KNOWLEDGE.topic_labels[name], "payload": f"/{name}"} for name in topics]
        dispatcher.utter_message(
            response="utter_nearest_topics", understood=understood_phrase(tracker), buttons=buttons
        )
        return []
