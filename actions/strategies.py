"""Self-management strategies, chosen for the person's situation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    KNOWLEDGE,
    Item,
    Section,
    entity_values,
    forget_section,
    mark_shown,
    next_unshown,
    requested_items,
    set_topic,
    shown_keys,
    utter_item,
)

SETBACK = "setback"
# After a slip, two strategies at once: self-compassion and learning from it.
ITEMS_AFTER_SETBACK = 2


def items_for_situation(section: Section, situation: str) -> list[Item]:
    """Strategies for a situation, those made mainly for it first."""
    items = section.with_situation(situation)
    return sorted(items, key=lambda item: item.situations.index(situation))


def choose_strategies(section: Section, situation: str | None, meant: list[Item], shown: list[str]) -> list[Item]:
    """Strategies to show next, never one already shown while others remain.

    The strategy the words mean comes first, then the situation's own
    strategies, then the rest of the list in the document's order.
    """
    preferred = meant + (items_for_situation(section, situation) if situation else [])
    wanted = ITEMS_AFTER_SETBACK if situation == SETBACK else 1
    chosen: list[Item] = []
    for candidates in (preferred, section.items):
        while len(chosen) < wanted:
            item = next_unshown(section, [c for c in candidates if c not in chosen], shown)
            if item is None:
                break
            chosen.append(item)
    return chosen


class ActionSuggestStrategy(Action):
    """Suggests a coping strategy, fitted to cravings, boredom, a setback..."""

    def name(self) -> str:
        return "action_suggest_strategy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        section = KNOWLEDGE.section("strategies")
        situations = entity_values(tracker, "strategy_topic")
        situation = situations[0] if situations else None
        meant = [item for _, item in requested_items(tracker, [section.name])]
        return suggest_strategies(dispatcher, section, situation, meant, shown_keys(tracker))


def suggest_strategies(
    dispatcher: CollectingDispatcher, section: Section, situation: str | None, meant: list[Item], shown: list[str]
) -> list[EventType]:
    """Show the next strategies; when all were shown, say so and start over."""
    items = choose_strategies(section, situation, meant, shown)
    if not items:
        dispatcher.utter_message(
            response="utter_list_finished", count=len(section.items), topic="self-management strategies"
        )
        return [mark_shown(section, [], forget_section(section, shown)), set_topic(section.name)]
    if situation == SETBACK:
        dispatcher.utter_message(response="utter_setback_support")
    else:
        label = f" with {situation}" if situation else ""
        dispatcher.utter_message(response="utter_strategy_intro", situation=label)
    for item in items:
        utter_item(dispatcher, item)
    dispatcher.utter_message(response="utter_strategy_more_prompt")
    topic = f"{section.name}:{situation}" if situation else section.name
    return [mark_shown(section, items, shown), set_topic(topic)]
