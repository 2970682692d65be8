"""Advantages, disadvantages, ethical dilemmas and family support.

Each can be answered as an overview or, when the person asks about one point
("is it confidential?", "should I set boundaries?"), as that item alone.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    KNOWLEDGE,
    Section,
    bullet_list,
    latest_intent,
    mark_shown,
    requested_items,
    set_topic,
    shown_keys,
    utter_item,
)
from bot.dialogue import load_dialogue

# Which section each topic lists, its brief list, the sections whose single
# items it may show, and the fixed items of one-concern questions: the
# dialogue table (bot/dialogue/table.yml).
DIALOGUE = load_dialogue()
DEFAULT_TOPIC = DIALOGUE.topics[[t.intent for t in DIALOGUE.topics].index("ask_advantages")]


def overview_lines(section: Section, brief: Section | None) -> str:
    """A short, phone-sized list. Sections with a brief list show it with its
    text; family strategies are few, so each shows its first point; longer
    lists (ethics) show titles only."""
    shown = brief or section
    if brief is not None or section.name == "family":
        return bullet_list(f"{item.title}: {item.points[0].text}" for item in shown.items)
    return bullet_list(item.title for item in shown.items)


class ActionAnswerSection(Action):
    """Answers advantages / disadvantages / ethics / family questions."""

    def name(self) -> str:
        return "action_answer_section"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        topic = DIALOGUE.topic(latest_intent(tracker))
        if topic is None or not (topic.section or topic.items):
            # Reached by another intent (a story's fallback): the benefits, as before.
            topic = DEFAULT_TOPIC
        shown = shown_keys(tracker)
        if topic.items:
            pairs = [
                (KNOWLEDGE.section(s), KNOWLEDGE.section(s).item(k))
                for s, _, k in (i.partition(":") for i in topic.items)
            ]
            events: list[EventType] = []
            for section, item in pairs:
                utter_item(dispatcher, item)
                events.append(mark_shown(section, [item], shown))
                shown = list(events[-1]["value"])
            return events + [set_topic(pairs[-1][0].name)]

        section = KNOWLEDGE.section(topic.section)
        picked = requested_items(tracker, topic.related)
        if picked:
            picked_section, item = picked[0]
            utter_item(dispatcher, item)
            return [mark_shown(picked_section, [item], shown), set_topic(picked_section.name)]

        brief = KNOWLEDGE.section(topic.brief) if topic.brief else None
        dispatcher.utter_message(
            response="utter_section_list",
            heading=(brief or section).title + ":",
            item_list=overview_lines(section, brief),
            count=len(section.items),
        )
        return [set_topic(section.name)]
