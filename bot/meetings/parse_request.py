"""A person's message to a meeting search.

Fellowship names are the groups' aliases (``bot/knowledge/groups.yml``),
online / in person the ``meeting_format`` words (``vocabulary.yml``), types,
times and place words ``request_words.yml``: no word list lives in code.

What is kept: ``MeetingRequest.to_slot`` is the only form stored (the
``meeting_query`` slot). It holds the fellowships, online / in person, the
type wishes, the time window, the place *masked* (a ZIP code as "100xx", a
city as "Brooklyn, NY", never coordinates) and the keys of the meetings found,
so "more meetings" pages through the same list without the place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Optional

from bot.knowledge_base import load_knowledge
from bot.meetings.places import Place, PlaceFinder
from bot.meetings.search import ATTENDANCE, MeetingQuery, SearchResults
from bot.meetings.vocabulary import Vocabulary
from bot.meetings.when import TimeWindow, parse_when

_RADIUS = re.compile(r"\bwithin\s+(\d{1,3}(?:\.\d+)?)\s*(?:miles?|mi)\b")
MAX_RADIUS_MILES = 100.0


@dataclass(frozen=True)
class MeetingRequest:
    """The search, the window said back to the person, and the place (exact, not kept)."""

    query: MeetingQuery
    window: TimeWindow
    place: Optional[Place]

    def to_slot(self, results: SearchResults) -> dict[str, Any]:
        """A small JSON-able dict for the ``meeting_query`` slot, place masked."""
        return {
            "fellowships": list(self.query.fellowships),
            "attendance": self.query.attendance,
            "wishes": list(self.query.wishes),
            "start": self.query.start,
            "end": self.query.end,
            "when": self.window.label,
            "place": self.place.masked if self.place else None,
            "results": list(results.keys),
            "total": results.total,
        }


def parse_request(
    text: str,
    now: datetime,
    vocabulary: Vocabulary,
    places: PlaceFinder,
    *,
    radius_miles: float,
    fellowships: Iterable[str] = (),
    attendance: Iterable[str] = (),
    group_in_context: str = "",
) -> MeetingRequest:
    """Read a message; ``fellowships``/``attendance`` add what the NLU found.

    ``group_in_context`` is the group the conversation was about: "can I join
    one from home?" after SMART Recovery means SMART meetings, unless the
    message names a fellowship itself."""
    knowledge = load_knowledge()
    place, rest = places.find(text)
    # Read without the place, so "Austin, CA" is not Cocaine Anonymous.
    found_groups = list(dict.fromkeys([*fellowships, *knowledge.group_matcher.values_in(rest)])) or [group_in_context]
    modes = set(attendance) | set(knowledge.vocabulary["meeting_format"].values_in(rest))
    modes &= set(ATTENDANCE)
    window = parse_when(rest, now, vocabulary)
    radius = _RADIUS.search(rest)
    query = MeetingQuery(
        start=window.start.timestamp(),
        end=window.end.timestamp(),
        fellowships=tuple(g for g in found_groups if g in knowledge.groups),
        attendance=modes.pop() if len(modes) == 1 else None,
        wishes=tuple(vocabulary.wish_words.values_in(rest)),
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        radius_miles=min(float(radius.group(1)), MAX_RADIUS_MILES) if radius else radius_miles,
    )
    return MeetingRequest(query, window, place)
