"""'Tell me more' / 'another one': continue whatever was discussed last."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import GROUP_SLOT, KNOWLEDGE, TOPIC_SLOT, show_next_item, shown_keys, utter_item
from actions.groups import utter_group
from actions.meetings import MEETINGS_TOPIC, ActionMoreMeetings
from actions.overview import utter_conclusion
from actions.resources import utter_resource
from actions.strategies import suggest_strategies


class ActionShowMore(Action):
    """Continues the current topic without repeating what was shown."""

    def name(self) -> str:
        return "action_show_more"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        topic = tracker.get_slot(TOPIC_SLOT) or ""
        section_name, _, situation = topic.partition(":")
        shown = shown_keys(tracker)
        if topic == MEETINGS_TOPIC:
            return await ActionMoreMeetings().run(dispatcher, tracker, domain)
        if topic == "overview":
            utter_conclusion(dispatcher)
            return []
        if topic == "group" and tracker.get_slot(GROUP_SLOT) in KNOWLEDGE.groups:
            utter_group(dispatcher, "utter_group_more", KNOWLEDGE.groups[tracker.get_slot(GROUP_SLOT)])
            return []
        if section_name == "strategies":
            return suggest_strategies(dispatcher, KNOWLEDGE.section(section_name), situation or None, [], shown)
        if section_name in KNOWLEDGE.sections:
            render = utter_resource if section_name == "resources" else utter_item
            return show_next_item(dispatcher, KNOWLEDGE.section(section_name), shown, render)
        dispatcher.utter_message(response="utter_ask_what_more")
        return []
