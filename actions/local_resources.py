"""Local services near the person, shown before the national resources.

``actions/resources.py`` calls ``local_resources_text(tracker, key)`` with
the resource it answers (e.g. "treatment_centers"): when the latest message
names a ZIP code or a city (the place of the NLU's ``meeting_request``
entity), or an earlier meeting search did (its slot keeps
only the masked place, "100xx"), and entries lie nearby, the text lists
them; otherwise it is "" and nothing changes.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.meetings import meeting_service, message_request_words, stored_search
from bot.local_resources import describe_local, load_local_directory, local_resources_near

# Loaded once when the action server imports the actions.
DIRECTORY = load_local_directory()


def local_resources_text(tracker: Tracker, category: str) -> str:
    """Nearby entries of a category for the place in the latest message, or ""."""
    searched = stored_search(tracker)
    key = message_request_words(tracker).place or (searched["place"] if searched else None)
    place = meeting_service().places.place(key) if key else None
    if place is None:
        return ""
    nearby = local_resources_near(category, place, DIRECTORY)
    if not nearby:
        return ""
    lead = f"Near {place.masked}" + (" (sample listings, not real services)" if DIRECTORY.sample else "") + ":"
    return "\n".join([lead, *(describe_local(resource, miles) for resource, miles in nearby)])
