"""Shared helpers for the actions: the knowledge, entities, item formatting.

The knowledge is loaded once, when the action server imports this module,
never per message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from bot.knowledge_base import Group, Item, Knowledge, Section, load_knowledge  # noqa: F401 (re-exported)
from bot.words import ANSWER_WORD, SELF, SELF_REFERENCE, knowledge_tables

KNOWLEDGE: Knowledge = load_knowledge()

TOPIC_SLOT = "topic"
SHOWN_SLOT = "shown_items"
GROUP_SLOT = "group"


def latest_text(tracker: Tracker) -> str:
    """Text of the person's latest message ("" if none)."""
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    """Name of the intent of the person's latest message ("" if none)."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def entity_values(tracker: Tracker, label: str) -> list[str]:
    """Values of the latest message's entities of one label, no repeats.

    They are canonical already: the NLU word finder (bot/nlu_words.py) emits
    the knowledge's keys ("aa", "drugs"), and button payloads carry them too.
    A typed payload can carry anything, so a closed label keeps known values only.
    """
    values: list[str] = []
    for entity in (tracker.latest_message or {}).get("entities") or []:
        value = entity.get("value")
        if entity.get("entity") != label or not isinstance(value, str) or not value or value in values:
            continue
        known = _CANONICAL_VALUES.get(label)
        if known is None or value in known:
            values.append(value)
    return values


# The values of the closed labels, built once here rather than on every message.
_CANONICAL_VALUES = {
    **{label: set(matcher.phrases.values()) for label, matcher in knowledge_tables(KNOWLEDGE)},
    ANSWER_WORD: set(KNOWLEDGE.answer_words.phrases.values()),
    SELF_REFERENCE: {SELF},
}


def requested_items(tracker: Tracker, sections: Iterable[str]) -> list[tuple[Section, Item]]:
    """Items of these sections that the latest message names in an ``item``
    entity ("section:key"): set by a quick reply, or by the NLU item selector
    (bot/item_selector.py) when the words mean one item."""
    wanted = set(sections)
    found: list[tuple[Section, Item]] = []
    for value in entity_values(tracker, "item"):
        name, _, key = value.partition(":")
        if name not in wanted:
            continue
        section = KNOWLEDGE.section(name)
        item = next((candidate for candidate in section.items if candidate.key == key), None)
        if item is not None and (section, item) not in found:
            found.append((section, item))
    return found


def format_points(item: Item) -> str:
    """An item's bullets, one per line, labelled as in the document."""
    return "\n".join(f"{p.label}: {p.text}" if p.label else p.text for p in item.points)


def bullet_list(lines: Iterable[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def shown_keys(tracker: Tracker) -> list[str]:
    return list(tracker.get_slot(SHOWN_SLOT) or [])


def shown_key(section: Section, item: Item) -> str:
    return f"{section.name}:{item.key}"


def next_unshown(section: Section, candidates: Iterable[Item], shown: list[str]) -> Item | None:
    """The first candidate not shown yet in this conversation."""
    return next((item for item in candidates if shown_key(section, item) not in shown), None)


def mark_shown(section: Section, items: Iterable[Item], shown: list[str]) -> SlotSet:
    """Remember items as shown, so "another one" never repeats them."""
    keys = [shown_key(section, item) for item in items]
    return SlotSet(SHOWN_SLOT, shown + [k for k in keys if k not in shown])


def forget_section(section: Section, shown: list[str]) -> list[str]:
    """Shown keys without this section's: a finished list starts over."""
    prefix = f"{section.name}:"
    return [key for key in shown if not key.startswith(prefix)]


def set_topic(topic: str) -> EventType:
    return SlotSet(TOPIC_SLOT, topic)


def item_buttons(section: Section, intent: str, items: Iterable[Item]) -> list[dict[str, Any]]:
    """Quick replies that open one item each (the payload names the item)."""
    return [{"title": item.title, "payload": f'/{intent}{{"item":"{shown_key(section, item)}"}}'} for item in items]


def utter_item(dispatcher: Any, item: Item) -> None:
    """Send one item of a section, faithful to the document."""
    dispatcher.utter_message(response="utter_section_item", title=item.title, points=format_points(item))


def show_next_item(
    dispatcher: Any, section: Section, shown: list[str], render: Callable[[Any, Item], None]
) -> list[EventType]:
    """Show the section's next unseen item; at the end say so and start over."""
    item = next_unshown(section, section.items, shown)
    if item is None:
        dispatcher.utter_message(response="utter_list_finished", count=len(section.items), topic=section.title)
        return [mark_shown(section, [], forget_section(section, shown))]
    render(dispatcher, item)
    return [mark_shown(section, [item], shown), set_topic(section.name)]
