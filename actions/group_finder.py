"""The group finder: a form that asks only what it needs, then recommends."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import KNOWLEDGE, entity_values, latest_text, set_topic
from actions.recommendation import ANY_APPROACH, FOR_FAMILY, UNKNOWN, recommend

FOR_SELF = "self"
FOR_SLOT, SUBSTANCE_SLOT, APPROACH_SLOT = "finder_for", "finder_substance", "finder_approach"
# "for me", "I drink", "my drinking": the person speaks about themselves.
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|me|myself|my own|mine)\b", re.IGNORECASE)


def _is_skip(tracker: Tracker, slot: str) -> bool:
    """The person answered the question about ``slot`` with "skip" / "not sure"."""
    return tracker.get_slot("requested_slot") == slot and bool(KNOWLEDGE.skip_words.values_in(latest_text(tracker)))


def needed_slots(for_whom: Optional[str], approach: Optional[str]) -> List[str]:
    """The questions worth asking, given what is known.

    A family member is pointed to a family group, so their approach does not
    matter; someone who wants a science-based group gets one for any
    substance, so the substance does not matter.
    """
    slots = [FOR_SLOT]
    if for_whom == FOR_FAMILY:
        return slots + [SUBSTANCE_SLOT]
    if approach != "science_based":
        slots.append(SUBSTANCE_SLOT)
    return slots + [APPROACH_SLOT]


class ValidateGroupFinderForm(FormValidationAction):
    """Fills the finder's slots from whatever the person says, in any order."""

    def name(self) -> Text:
        return "validate_group_finder_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        return needed_slots(tracker.get_slot(FOR_SLOT), tracker.get_slot(APPROACH_SLOT))

    async def extract_finder_for(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        if entity_values(tracker, "family_member"):
            return {FOR_SLOT: FOR_FAMILY}
        if _is_skip(tracker, FOR_SLOT):
            return {FOR_SLOT: UNKNOWN}
        speaks_of_self = _FIRST_PERSON.search(latest_text(tracker))
        states_a_need = entity_values(tracker, "substance") or entity_values(tracker, "approach")
        if tracker.get_slot(FOR_SLOT) is None and (speaks_of_self or states_a_need):
            return {FOR_SLOT: FOR_SELF}
        return {}

    async def extract_finder_substance(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        substances = entity_values(tracker, "substance")
        if len(substances) == 1:
            return {SUBSTANCE_SLOT: substances[0]}
        if len(substances) > 1 or _is_skip(tracker, SUBSTANCE_SLOT):
            return {SUBSTANCE_SLOT: UNKNOWN}
        return {}

    async def extract_finder_approach(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        approaches = entity_values(tracker, "approach")
        # "I don't like the spiritual side of 12-step" names both: the wish
        # for a secular group is the point.
        for approach in ("science_based", "twelve_step", ANY_APPROACH):
            if approach in approaches:
                return {APPROACH_SLOT: approach}
        if _is_skip(tracker, APPROACH_SLOT):
            return {APPROACH_SLOT: UNKNOWN}
        return {}


class ActionRecommendGroup(Action):
    """Recommends one to three groups, with reasons and official websites."""

    def name(self) -> Text:
        return "action_recommend_group"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        picks = recommend(
            KNOWLEDGE.groups.values(),
            tracker.get_slot(FOR_SLOT),
            tracker.get_slot(SUBSTANCE_SLOT),
            tracker.get_slot(APPROACH_SLOT),
        )
        lines = [f"{n}. {p.group.name} ({p.group.short_name}): {p.reason} {p.group.website}" for n, p in enumerate(picks, 1)]
        dispatcher.utter_message(
            response="utter_recommendation",
            recommendations="\n".join(lines),
            buttons=[{"title": f"About {p.group.short_name}", "payload": f'/ask_group{{"group_name":"{p.group.key}"}}'} for p in picks],
        )
        return [set_topic("groups")]
