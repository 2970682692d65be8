"""Community resources: the document's strategy plus well-established links."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    KNOWLEDGE,
    Item,
    bullet_list,
    entity_values,
    format_points,
    mark_shown,
    requested_items,
    set_topic,
    shown_keys,
)
from actions.local_resources import local_resources_text


def format_links(item: Item) -> str:
    """The item's outside resources, with phone numbers and web addresses."""
    lines = []
    for link in item.links:
        reach = " — ".join(part for part in (link.phone, link.url) if part)
        lines.append(f"{link.name}: {reach}")
    return "Where to start:\n" + bullet_list(lines) if lines else ""


def utter_resource(dispatcher: CollectingDispatcher, item: Item) -> None:
    dispatcher.utter_message(
        response="utter_resource", title=item.title, points=format_points(item), links=format_links(item)
    )


class ActionSuggestResource(Action):
    """Points to the community resource the person needs, or lists them."""

    def name(self) -> str:
        return "action_suggest_resource"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        section = KNOWLEDGE.section("resources")
        picked = [item for _, item in requested_items(tracker, [section.name])]
        named = [item for item in section.items if item.key in entity_values(tracker, "resource")]
        items = picked or named
        if not items:
            dispatcher.utter_message(
                response="utter_resources_list",
                intro=section.intro,
                item_list=bullet_list(item.title for item in section.items),
            )
            return [set_topic(section.name)]
        local = local_resources_text(tracker, items[0].key)
        if local:
            dispatcher.utter_message(text=local)
        utter_resource(dispatcher, items[0])
        return [mark_shown(section, items[:1], shown_keys(tracker)), set_topic(section.name)]
