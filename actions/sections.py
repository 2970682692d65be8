"""Advantages, disadvantages, ethical dilemmas and family support.

Each can be answered as an overview or, when the person asks about one point
("is it confidential?", "should I set boundaries?"), as that item alone.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

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

# Intent -> (section, brief list shown in the overview or None).
SECTION_OF_INTENT: Dict[str, tuple[str, Optional[str]]] = {
    "ask_advantages": ("advantages", "advantages_brief"),
    "ask_disadvantages": ("disadvantages", "disadvantages_brief"),
    "ask_ethics": ("ethics", None),
    "ask_family_support": ("family", None),
}
# Questions about one concern, answered with fixed items (section, key).
ITEMS_OF_INTENT: Dict[str, List[tuple[str, str]]] = {
    "ask_confidentiality": [("advantages", "anonymity"), ("ethics", "confidentiality_privacy")],
    "ask_bad_advice": [("ethics", "harmful_advice")],
}


# Pros, cons and ethics answer each other's items: "it feels like a cult" may
# be asked as a downside or as an ethical problem.
RELATED_SECTIONS: Dict[str, tuple[str, ...]] = {
    "advantages": ("advantages", "disadvantages", "ethics"),
    "disadvantages": ("advantages", "disadvantages", "ethics"),
    "ethics": ("advantages", "disadvantages", "ethics"),
    "family": ("family",),
}


def overview_lines(section: Section, brief: Optional[Section]) -> str:
    """A short, phone-sized list. Sections with a brief list show it with its
    text; family strategies are few, so each shows its first point; longer
    lists (ethics) show titles only."""
    shown = brief or section
    if brief is not None or section.name == "family":
        return bullet_list(f"{item.title}: {item.points[0].text}" for item in shown.items)
    return bullet_list(item.title for item in shown.items)


class ActionAnswerSection(Action):
    """Answers advantages / disadvantages / ethics / family questions."""

    def name(self) -> Text:
        return "action_answer_section"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        intent = latest_intent(tracker)
        shown = shown_keys(tracker)
        if intent in ITEMS_OF_INTENT:
            pairs = [(KNOWLEDGE.section(s), KNOWLEDGE.section(s).item(k)) for s, k in ITEMS_OF_INTENT[intent]]
            events: List[EventType] = []
            for section, item in pairs:
                utter_item(dispatcher, item)
                events.append(mark_shown(section, [item], shown))
                shown = list(events[-1]["value"])
            return events + [set_topic(pairs[-1][0].name)]

        section_name, brief_name = SECTION_OF_INTENT.get(intent, ("advantages", "advantages_brief"))
        section = KNOWLEDGE.section(section_name)
        picked = requested_items(tracker, RELATED_SECTIONS[section.name])
        if picked:
            picked_section, item = picked[0]
            utter_item(dispatcher, item)
            return [mark_shown(picked_section, [item], shown), set_topic(picked_section.name)]

        brief = KNOWLEDGE.section(brief_name) if brief_name else None
        more = f"The guide describes {len(section.items)} in more detail: say \"tell me more\" to go through them, or ask about any one."
        dispatcher.utter_message(
            response="utter_section_list",
            heading=(brief or section).title + ":",
            item_list=overview_lines(section, brief),
            closing=more,
        )
        return [set_topic(section.name)]
