"""Milestones and the recovery goal form."""

from __future__ import annotations

import pytest

from actions.progress import SKIPPED, ActionAcknowledgeMilestone, ActionPlayBackGoal, ValidateGoalForm
from bot.text import normalise
from bot.words import milestone_in
from tests.conftest import tracker_from_events, user_event


@pytest.mark.parametrize(
    "text, milestone",
    [
        ("im 30 days sober", "30 days"),
        ("one year clean today!", "one year"),
        ("made it a week", "a week"),
        ("i feel good", None),
    ],
)
def test_milestone_is_read_from_the_message(text, milestone):
    assert milestone_in(normalise(text)) == milestone


async def test_milestone_gets_a_warm_acknowledgement_and_tracking(tracker_for, run_action, domain, render, knowledge):
    _, messages = await run_action(
        ActionAcknowledgeMilestone(), tracker_for("90 days clean today", "share_milestone"), domain
    )
    assert messages[0]["response"] == "utter_milestone" and "90 days" in render(messages[0])
    assert messages[1]["title"] == knowledge.section("strategies").item("tracking_progress").title


async def test_goal_answers_are_cleaned_and_skip_leaves_a_step_open(domain):
    # As in Rasa: the user speaks, then the from_text mappings set the slots.
    events = [
        {"event": "active_loop", "name": "goal_form"},
        {"event": "slot", "name": "requested_slot", "value": "goal_when"},
        user_event("not sure", "inform"),
        {"event": "slot", "name": "goal_what", "value": "  stop   drinking on weekdays "},
        {"event": "slot", "name": "goal_when", "value": "not sure"},
    ]
    from rasa_sdk.executor import CollectingDispatcher

    result = await ValidateGoalForm().run(CollectingDispatcher(), tracker_from_events(events), domain)
    values = {e["name"]: e["value"] for e in result if e.get("event") == "slot"}
    assert values["goal_what"] == "stop drinking on weekdays"
    assert values["goal_when"] == SKIPPED


async def test_goal_is_played_back_with_why_goals_help(tracker_for, run_action, domain, render, knowledge):
    slots = {
        "goal_what": "no drinks on weekdays",
        "goal_when": "end of March",
        "goal_first_step": "empty the fridge",
        "goal_support": "my sister",
    }
    _, messages = await run_action(ActionPlayBackGoal(), tracker_for("my sister", "inform", slots=slots), domain)
    text = render(messages[0])
    assert all(value in text for value in slots.values())
    assert knowledge.section("strategies").item("setting_goals").points[-1].text in text
