"""Strategies by situation, and "another one" without repeats."""

from __future__ import annotations

from actions.more import ActionShowMore
from actions.strategies import ActionSuggestStrategy
from tests.conftest import apply_events, entity, tracker_from_events, user_event


def shown_titles(messages, knowledge):
    titles = {item.title for item in knowledge.section("strategies").items}
    return [m["title"] for m in messages if m.get("response") == "utter_section_item" and m["title"] in titles]


async def test_cravings_get_a_strategy_made_for_cravings(tracker_for, run_action, domain, knowledge):
    tracker = tracker_for("how do i deal with cravings", "ask_strategy", [entity("strategy_topic", "cravings")])
    _, messages = await run_action(ActionSuggestStrategy(), tracker, domain)
    (title,) = shown_titles(messages, knowledge)
    item = next(i for i in knowledge.section("strategies").items if i.title == title)
    assert "cravings" in item.situations


async def test_a_setback_gets_compassion_and_learning_never_judgement(tracker_for, run_action, domain, knowledge):
    tracker = tracker_for("i slipped last night", "ask_strategy", [entity("strategy_topic", "slipped")])
    _, messages = await run_action(ActionSuggestStrategy(), tracker, domain)
    assert messages[0]["response"] == "utter_setback_support"
    strategies = knowledge.section("strategies")
    assert shown_titles(messages, knowledge) == [
        strategies.item("self_compassion").title,
        strategies.item("learning_from_setbacks").title,
    ]


async def test_another_one_never_repeats_until_all_were_shown(run_action, domain, knowledge):
    history = []
    seen = []
    count = len(knowledge.section("strategies").items)
    events, messages = await run_action(
        ActionSuggestStrategy(), tracker_from_events([user_event("give me a tip", "ask_strategy")]), domain
    )
    history = apply_events([user_event("give me a tip", "ask_strategy")], events)
    seen += shown_titles(messages, knowledge)
    while len(seen) < count:
        history.append(user_event("another one", "request_more"))
        events, messages = await run_action(ActionShowMore(), tracker_from_events(history), domain)
        history = apply_events(history, events)
        new = shown_titles(messages, knowledge)
        assert len(new) == 1 and new[0] not in seen
        seen += new
    history.append(user_event("another one", "request_more"))
    events, messages = await run_action(ActionShowMore(), tracker_from_events(history), domain)
    assert messages[0]["response"] == "utter_list_finished"
    history = apply_events(history, events)
    history.append(user_event("another one", "request_more"))
    _, messages = await run_action(ActionShowMore(), tracker_from_events(history), domain)
    assert len(shown_titles(messages, knowledge)) == 1, "the list starts over after it was finished"


async def test_routine_question_finds_the_routine_strategy(tracker_for, run_action, domain, knowledge):
    tracker = tracker_for("why have a daily routine", "ask_strategy", [entity("strategy_topic", "daily routine")])
    _, messages = await run_action(ActionSuggestStrategy(), tracker, domain)
    assert shown_titles(messages, knowledge) == [knowledge.section("strategies").item("developing_routine").title]
