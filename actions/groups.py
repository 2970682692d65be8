"""The six groups: what each is, who it is for, how its meetings work."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import GROUP_SLOT, KNOWLEDGE, Group, bullet_list, entity_values, latest_intent, set_topic

# What the person asked about a group -> the response that answers it.
RESPONSE_OF_INTENT = {
    "ask_group": "utter_group_description",
    "ask_group_meetings": "utter_group_meetings",
    "ask_group_online": "utter_group_online",
    "ask_group_audience": "utter_group_audience",
    "ask_group_website": "utter_group_website",
}


def utter_group(dispatcher: CollectingDispatcher, response: str, group: Group) -> None:
    """Fill a group response with the group's fields from the knowledge."""
    fields = {k: v for k, v in asdict(group).items() if isinstance(v, (str, int))}
    dispatcher.utter_message(response=response, **fields)


def comparison(groups: list[Group]) -> str:
    """Side by side: who each group is for, its approach and its meetings."""
    return "\n".join(
        f"{g.name} ({g.short_name})\n• For: {g.who_for}\n• Approach: {g.approach}\n• Meetings: {g.format}"
        for g in groups
    )


class ActionListGroups(Action):
    """Lists the well-known self-help groups."""

    def name(self) -> str:
        return "action_list_groups"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        lines = bullet_list(f"{g.name} ({g.short_name}): {g.who_for}" for g in KNOWLEDGE.groups.values())
        dispatcher.utter_message(
            response="utter_groups_list",
            intro=KNOWLEDGE.groups_intro,
            group_list=lines,
            buttons=[
                {"title": g.short_name, "payload": f'/ask_group{{"group_name":"{g.key}"}}'}
                for g in KNOWLEDGE.groups.values()
            ],
        )
        return [set_topic("groups")]


class ActionDescribeGroup(Action):
    """Answers about the group named, or the one discussed last.

    "Who is it for?" or "can I go online?" right after AA was discussed is
    about AA; with no group in sight the person is asked which one.
    """

    def name(self) -> str:
        return "action_describe_group"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        intent = latest_intent(tracker)
        keys = entity_values(tracker, "group_name") or [
            k for k in [tracker.get_slot(GROUP_SLOT)] if k in KNOWLEDGE.groups
        ]
        if not keys:
            dispatcher.utter_message(response="utter_ask_which_group")
            return []
        groups = [KNOWLEDGE.groups[k] for k in keys]
        if len(groups) > 1:
            dispatcher.utter_message(response="utter_group_comparison", comparison=comparison(groups))
        else:
            utter_group(dispatcher, RESPONSE_OF_INTENT.get(intent, "utter_group_description"), groups[0])
        return [SlotSet(GROUP_SLOT, keys[-1]), set_topic("group")]


class ActionAnswerReligion(Action):
    """'Do I have to believe in God?': the document's word on pressure to
    conform, and the science-based alternative it describes."""

    def name(self) -> str:
        return "action_answer_religion"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        coercion = KNOWLEDGE.section("ethics").item("coercion_pressure")
        smart = KNOWLEDGE.groups["smart"]
        dispatcher.utter_message(
            response="utter_religion",
            coercion_title=coercion.title,
            coercion_text=coercion.points[0].text,
            smart_name=smart.name,
            smart_purpose=smart.purpose,
        )
        return [SlotSet(GROUP_SLOT, smart.key), set_topic("group")]
