"""Local services near the person, shown before the national resources.

``actions/resources.py`` calls ``local_resources_text(tracker, key)`` with
the resource it answers (e.g. "treatment_centers"): when the latest message
names a ZIP code or a city, or an earlier meeting search did (its slot keeps
only the masked place, "100xx"), and entries lie nearby, the text lists
them; otherwise it is "" and nothing changes.
"""
from __future__ import annotations

from rasa_sdk import Tracker

from actions.common import latest_text
from bot.local_resources import describe_local, load_local_directory, local_resources_near
from bot.meetings.feeds import load_feeds_config
from bot.meetings.places import place_finder

# Loaded once when the action server imports the actions.
DIRECTORY = load_local_directory()
PLACES = place_finder(load_feeds_config().default_state)


def local_resources_text(tracker: Tracker, category: str) -> str:
    """Nearby entries of a category for the place in the latest message, or ""."""
    place, _ = PLACES.find(latest_text(tracker))
    searched = tracker.get_slot("meeting_query")
    if place is None and isinstance(searched, dict) and isinstance(searched.get("place"), str):
        place, _ = PLACES.find(searched["place"])
    if place is None:
        return ""
    nearby = local_resources_near(category, place, DIRECTORY)
    if not nearby:
        return ""
    lead = f"Near {place.masked}" + (" (sample listings, not real services)" if DIRECTORY.sample else "") + ":"
    return "\n".join([lead, *(describe_local(resource, miles) for resource, miles in nearby)])
