"""The group finder: slot extraction, questions asked, recommendations."""

from __future__ import annotations

import pytest

from actions.group_finder import ActionRecommendGroup, ValidateGroupFinderForm, needed_slots
from actions.recommendation import recommend
from tests.conftest import entity, slots_set, tracker_from_events, user_event


async def validate(text, entities, slots=None, requested=None, domain=None):
    history = [{"event": "slot", "name": k, "value": v} for k, v in (slots or {}).items()]
    if requested:
        history.append({"event": "slot", "name": "requested_slot", "value": requested})
    tracker = tracker_from_events(history + [user_event(text, "ask_group_fit", entities)])
    from rasa_sdk.executor import CollectingDispatcher

    return slots_set(await ValidateGroupFinderForm().run(CollectingDispatcher(), tracker, domain))


async def test_first_message_can_fill_two_slots_and_end_the_questions(domain):
    values = await validate(
        "looking for help for my son who uses meth",
        [entity("family_member", "my son"), entity("substance", "meth")],
        domain=domain,
    )
    assert values["finder_for"] == "family" and values["finder_substance"] == "drugs"
    assert values["requested_slot"] is None


async def test_secular_wish_needs_no_more_questions(domain):
    values = await validate("I'm not into the god stuff", [entity("approach", "god stuff")], domain=domain)
    assert values["finder_for"] == "self" and values["finder_approach"] == "science_based"
    assert values["requested_slot"] is None


async def test_nothing_known_asks_who_it_is_for(domain):
    values = await validate("help finding a group", [], domain=domain)
    assert not any(name.startswith("finder_") for name in values)
    # Rasa asks the form's first slot itself when the validator sets none.
    assert values.get("requested_slot", "finder_for") == "finder_for"


async def test_short_answer_fills_the_question_asked_whatever_the_intent(domain):
    history = [
        {"event": "slot", "name": k, "value": v}
        for k, v in {"finder_for": "self", "finder_approach": "any", "finder_substance": "alcohol"}.items()
    ]
    history.append({"event": "slot", "name": "requested_slot", "value": "finder_format"})
    tracker = tracker_from_events(
        history + [user_event("online?", "ask_group_online", [entity("meeting_format", "online")])]
    )
    from rasa_sdk.executor import CollectingDispatcher

    values = slots_set(await ValidateGroupFinderForm().run(CollectingDispatcher(), tracker, domain))
    assert values["finder_format"] == "online" and values.get("requested_slot") is None


async def test_an_unrelated_question_fills_nothing(domain):
    history = [
        {"event": "slot", "name": "requested_slot", "value": "finder_substance"},
        {"event": "slot", "name": "finder_for", "value": "self"},
    ]
    tracker = tracker_from_events(
        history
        + [user_event("how do i handle my cravings at night", "ask_strategy", [entity("strategy_topic", "cravings")])]
    )
    from rasa_sdk.executor import CollectingDispatcher

    values = slots_set(await ValidateGroupFinderForm().run(CollectingDispatcher(), tracker, domain))
    assert not any(name.startswith("finder_") for name in values)


async def test_skip_answers_the_question_asked(domain):
    values = await validate("skip", [], slots={"finder_for": "self"}, requested="finder_substance", domain=domain)
    assert values["finder_substance"] == "unknown"
    assert values.get("requested_slot", "finder_approach") == "finder_approach"


async def test_first_person_means_the_finder_is_for_them(domain):
    values = await validate("which group is right for me", [], domain=domain)
    assert values["finder_for"] == "self"


def test_family_members_are_not_asked_about_approach():
    assert needed_slots("family", None, guided=True) == ["finder_for", "finder_substance", "finder_format"]
    assert "finder_substance" not in needed_slots("self", "science_based", guided=True)


def test_format_is_asked_only_once_questions_are_being_answered():
    assert "finder_format" not in needed_slots("family", "any", guided=False)
    assert needed_slots(None, None, guided=True)[-1] == "finder_format"


def expected_top(knowledge, for_whom, substance, approach):
    """The expected first pick, derived from the groups' own fields."""
    audience = "family" if for_whom == "family" else "self"
    fitting = [
        g
        for g in knowledge.groups.values()
        if g.audience == audience and (substance in (None, "unknown") or substance in g.substances)
    ]
    if approach in ("science_based", "twelve_step"):
        fitting = [g for g in fitting if g.approach_type == approach] or fitting
    if substance not in (None, "unknown"):
        fitting = [g for g in fitting if g.substances[0] == substance] or fitting
    return fitting[0].key


@pytest.mark.parametrize(
    "for_whom, substance, approach, top",
    [
        ("family", "alcohol", None, "alanon"),
        ("family", "drugs", None, "naranon"),
        ("family", "cocaine", None, "naranon"),
        ("self", None, "science_based", "smart"),
        ("self", "alcohol", "twelve_step", "aa"),
        ("self", "alcohol", "any", "aa"),
        ("self", "drugs", "twelve_step", "na"),
        ("self", "cocaine", "twelve_step", "ca"),
        ("self", "cocaine", "science_based", "smart"),
    ],
)
def test_top_recommendation(knowledge, for_whom, substance, approach, top):
    picks = recommend(knowledge.groups.values(), for_whom, substance, approach)
    assert 1 <= len(picks) <= 3
    assert picks[0].group.key == top == expected_top(knowledge, for_whom, substance, approach)
    assert picks[0].group.who_for in picks[0].reason


def test_unknown_person_also_gets_a_family_group(knowledge):
    picks = recommend(knowledge.groups.values(), "unknown", "alcohol", "unknown")
    assert picks[-1].group.audience == "family" and picks[0].group.audience == "self"


async def test_recommendation_message_has_website_and_reason(tracker_for, run_action, domain, render, knowledge):
    tracker = tracker_for("skip", "inform", slots={"finder_for": "family", "finder_substance": "alcohol"})
    _, messages = await run_action(ActionRecommendGroup(), tracker, domain)
    text = render(messages[0])
    assert knowledge.groups["alanon"].website in text and knowledge.groups["alanon"].who_for in text


@pytest.mark.parametrize(
    "slot, known",
    [
        ("finder_for", {}),
        ("finder_substance", {"finder_for": "self"}),
        ("finder_approach", {"finder_for": "self", "finder_substance": "alcohol"}),
        ("finder_format", {"finder_for": "self", "finder_substance": "alcohol", "finder_approach": "any"}),
    ],
)
async def test_every_question_can_be_skipped(domain, slot, known):
    values = await validate("not sure", [], slots=known, requested=slot, domain=domain)
    assert values[slot] in ("unknown", "either")


def test_recommendation_works_with_everything_skipped(knowledge):
    picks = recommend(knowledge.groups.values(), "unknown", "unknown", "unknown")
    assert 1 <= len(picks) <= 3
