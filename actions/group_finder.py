"""The group finder: a form that asks only what it needs, then recommends."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import KNOWLEDGE, entity_values, latest_intent, latest_text, set_topic
from actions.recommendation import ANY_APPROACH, FOR_FAMILY, UNKNOWN, recommend
from bot.words import ANSWER_WORD, SELF, SELF_REFERENCE

FOR_SELF = "self"
FOR_SLOT, SUBSTANCE_SLOT, APPROACH_SLOT, FORMAT_SLOT = (
    "finder_for",
    "finder_substance",
    "finder_approach",
    "finder_format",
)
ANY_FORMAT = "either"
# Messages that are about the finder: they may answer any of its questions.
FINDER_INTENTS = {"ask_group_fit", "inform"}
# A short message is taken as the answer to the question just asked, even
# when the classifier saw something else in it ("online" -> ask_group_online).
SHORT_ANSWER_WORDS = 5


def needed_slots(for_whom: str | None, approach: str | None, guided: bool) -> list[str]:
    """The questions worth asking, given what is known.

    A family member is pointed to a family group, so their approach does not
    matter; someone who wants a science-based group gets one for any
    substance, so the substance does not matter. A first message that says
    whom and what it is about ("is there a group for crack users?") gets
    its answer at once; the approach and the meeting format, which only
    reorder the answer, are asked of someone already answering questions
    (``guided``).
    """
    slots = [FOR_SLOT]
    if for_whom == FOR_FAMILY or approach != "science_based":
        slots.append(SUBSTANCE_SLOT)
    if not guided:
        return slots
    if for_whom != FOR_FAMILY:
        slots.append(APPROACH_SLOT)
    return slots + [FORMAT_SLOT]


class _Answer:
    """What the latest message can tell a given question of the finder."""

    def __init__(self, tracker: Tracker, slot: str) -> None:
        self.tracker = tracker
        asked = tracker.get_slot("requested_slot") == slot
        short = len(latest_text(tracker).split()) <= SHORT_ANSWER_WORDS
        self.counts = latest_intent(tracker) in FINDER_INTENTS or (asked and short)
        # "skip", "either": the NLU's answer words (bot/words.py).
        words = entity_values(tracker, ANSWER_WORD) if asked else []
        self.skipped = "skip" in words
        self.no_preference = "no_preference" in words

    def entities(self, label: str) -> list[str]:
        return entity_values(self.tracker, label) if self.counts else []


def _single_value(answer: _Answer, label: str, slot: str, undecided: str) -> dict[str, Any]:
    """One value named fills the slot; several, "skip" or "either" leave it
    undecided; nothing said leaves it empty (the question is asked)."""
    values = answer.entities(label)
    if len(values) == 1:
        return {slot: values[0]}
    if len(values) > 1 or answer.skipped or answer.no_preference:
        return {slot: undecided}
    return {}


class ValidateGroupFinderForm(FormValidationAction):
    """Fills the finder's slots from whatever the person says, in any order."""

    def name(self) -> str:
        return "validate_group_finder_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        # requested_slot is empty only on the message that opened the finder.
        guided = tracker.get_slot("requested_slot") is not None
        needed = needed_slots(tracker.get_slot(FOR_SLOT), tracker.get_slot(APPROACH_SLOT), guided)
        # Answers given in advance stay in the list, or rasa_sdk would drop them.
        return needed + [s for s in domain_slots if s not in needed and tracker.get_slot(s) is not None]

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Read every slot from each message, asked or not yet asked: "I'm not
        into the god stuff" answers the approach question in advance."""
        events: list[EventType] = []
        for slot in self.domain_slots(domain):
            extracted = await getattr(self, f"extract_{slot}")(dispatcher, tracker, domain)
            tracker.slots.update(extracted)
            events += [SlotSet(name, value) for name, value in extracted.items()]
        return events

    async def extract_finder_for(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        answer = _Answer(tracker, FOR_SLOT)
        if answer.entities("family_member"):
            return {FOR_SLOT: FOR_FAMILY}
        if answer.skipped:
            return {FOR_SLOT: UNKNOWN}
        # "for me", "I drink": the NLU marks the person speaking of themselves.
        speaks_of_self = answer.counts and SELF in entity_values(tracker, SELF_REFERENCE)
        states_a_need = answer.entities("substance") or answer.entities("approach")
        if tracker.get_slot(FOR_SLOT) is None and (speaks_of_self or states_a_need):
            return {FOR_SLOT: FOR_SELF}
        return {}

    async def extract_finder_substance(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _single_value(_Answer(tracker, SUBSTANCE_SLOT), "substance", SUBSTANCE_SLOT, UNKNOWN)

    async def extract_finder_approach(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        answer = _Answer(tracker, APPROACH_SLOT)
        approaches = answer.entities("approach")
        # "I don't like the spiritual side of 12-step" names both: the wish
        # for a secular group is the point.
        for approach in ("science_based", "twelve_step"):
            if approach in approaches:
                return {APPROACH_SLOT: approach}
        if answer.no_preference:
            return {APPROACH_SLOT: ANY_APPROACH}
        return {APPROACH_SLOT: UNKNOWN} if answer.skipped else {}

    async def extract_finder_format(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _single_value(_Answer(tracker, FORMAT_SLOT), "meeting_format", FORMAT_SLOT, ANY_FORMAT)


class ActionRecommendGroup(Action):
    """Recommends one to three groups, with reasons and official websites."""

    def name(self) -> str:
        return "action_recommend_group"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        picks = recommend(
            KNOWLEDGE.groups.values(),
            tracker.get_slot(FOR_SLOT),
            tracker.get_slot(SUBSTANCE_SLOT),
            tracker.get_slot(APPROACH_SLOT),
        )
        wants_online = tracker.get_slot(FORMAT_SLOT) == "online"
        lines = []
        for number, pick in enumerate(picks, 1):
            online = f" {pick.group.online}" if wants_online else ""
            lines.append(
                f"{number}. {pick.group.name} ({pick.group.short_name}): {pick.reason}{online} {pick.group.website}"
            )
        dispatcher.utter_message(
            response="utter_recommendation",
            recommendations="\n".join(lines),
            buttons=[
                {"title": f"About {p.group.short_name}", "payload": f'/ask_group{{"group_name":"{p.group.key}"}}'}
                for p in picks
            ],
        )
        return [set_topic("groups")]
