"""A person's message to a meeting search, in two steps.

1. :func:`read_request`, in the NLU (``bot.nlu_words.WordFinder``): the words
   of the message, read once, to :class:`RequestWords`, which travels as the
   value of the ``meeting_request`` entity. Fellowship names are the groups'
   aliases (``bot/knowledge/groups.yml``), online / in person the
   ``meeting_format`` words (``vocabulary.yml``), types, times and place words
   ``request_words.yml``: no word list lives in code.
2. :meth:`RequestWords.request`, in the action: the clock and the place's
   coordinates turn those words into a :class:`MeetingRequest`.

What is kept: the entity holds the place as the message said it, which the
channel has already masked ("100xx"; a city as "Brooklyn, NY"), never
coordinates. ``MeetingRequest.to_slot`` is the form stored in the
``meeting_query`` slot: the fellowships, online / in person, the type wishes,
the time window, the place *masked* and the keys of the meetings found, so
"more meetings" pages through the same list without the place.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.knowledge_base import Knowledge
from bot.meetings.places import Place, PlaceFinder
from bot.meetings.search import ATTENDANCE, MeetingQuery, SearchResults
from bot.meetings.vocabulary import Vocabulary
from bot.meetings.when import TimeWindow, WhenWords, read_when, window
from bot.text import normalise

ENTITY = "meeting_request"
_RADIUS = re.compile(r"\bwithin\s+(\d{1,3}(?:\.\d+)?)\s*(?:miles?|mi)\b")
MAX_RADIUS_MILES = 100.0
_WEEKDAYS = frozenset(str(day) for day in range(7))


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of strings")
    return tuple(value)


def _optional(value: Any, kind: type | tuple[type, ...]) -> Any:
    if value is not None and (isinstance(value, bool) or not isinstance(value, kind)):
        raise TypeError(f"expected {kind} or None")
    return value


@dataclass(frozen=True)
class MeetingRequest:
    """The search, the window said back to the person, and the place (exact, not kept)."""

    query: MeetingQuery
    window: TimeWindow
    place: Place | None

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


@dataclass(frozen=True)
class RequestWords:
    """What a message asks of a meeting search, before any clock or coordinates."""

    fellowships: tuple[str, ...] = ()
    attendance: str | None = None
    wishes: tuple[str, ...] = ()
    place: str | None = None
    radius_miles: float | None = None
    when: WhenWords = WhenWords()

    @property
    def said(self) -> bool:
        """True when the message says anything a search uses."""
        return self != RequestWords()

    def entity_value(self) -> dict[str, Any]:
        """The value of the ``meeting_request`` entity, as JSON will hold it (lists)."""
        value = dataclasses.asdict(self)
        value.update(fellowships=list(self.fellowships), wishes=list(self.wishes))
        value["when"].update(relative=list(self.when.relative), weekdays=list(self.when.weekdays))
        return value

    @classmethod
    def from_entity_value(cls, value: Any) -> RequestWords | None:
        """The words back from an entity value; None if it is not one of ours
        (a typed payload can carry anything)."""
        try:
            when = value["when"]
            words = cls(
                fellowships=_strings(value["fellowships"]),
                attendance=_optional(value["attendance"], str),
                wishes=_strings(value["wishes"]),
                place=_optional(value["place"], str),
                radius_miles=_optional(value["radius_miles"], (int, float)),
                when=WhenWords(
                    relative=_strings(when["relative"]),
                    weekdays=_strings(when["weekdays"]),
                    part=_optional(when["part"], str),
                    clock=_optional(when["clock"], int),
                    duration=_optional(when["duration"], int),
                ),
            )
        except (KeyError, TypeError):
            return None
        in_range = all(day in _WEEKDAYS for day in words.when.weekdays) and (words.attendance in (None, *ATTENDANCE))
        numbers = [n for n in (words.radius_miles, words.when.clock, words.when.duration) if n is not None]
        return words if in_range and all(0 <= n < 10_000 for n in numbers) else None

    def request(
        self,
        now: datetime,
        vocabulary: Vocabulary,
        places: PlaceFinder,
        *,
        radius_miles: float,
        group_in_context: str = "",
    ) -> MeetingRequest:
        """The search from ``now``. ``group_in_context`` is the group the
        conversation was about: "can I join one from home?" after SMART
        Recovery means SMART meetings, unless the message names a fellowship."""
        place = places.place(self.place) if self.place else None
        window_asked = window(self.when, now, vocabulary)
        fellowships = self.fellowships or ((group_in_context,) if group_in_context else ())
        query = MeetingQuery(
            start=window_asked.start.timestamp(),
            end=window_asked.end.timestamp(),
            fellowships=fellowships,
            attendance=self.attendance,
            wishes=self.wishes,
            latitude=place.latitude if place else None,
            longitude=place.longitude if place else None,
            radius_miles=radius_miles if self.radius_miles is None else self.radius_miles,
        )
        return MeetingRequest(query, window_asked, place)


def single_attendance(modes: Iterable[str]) -> str | None:
    """Online or in person when the message says exactly one of them."""
    said = set(modes) & set(ATTENDANCE)
    return said.pop() if len(said) == 1 else None


def read_request(text: str, vocabulary: Vocabulary, places: PlaceFinder, knowledge: Knowledge) -> RequestWords:
    """The meeting words of a message, read once in the NLU."""
    place, rest = places.find(normalise(text, punctuation=True))
    # Read without the place, so "Austin, CA" is not Cocaine Anonymous; the
    # phrase lists match the word form, the numbers the punctuated one.
    rest_words = normalise(rest)
    fellowships = [g for g in knowledge.group_matcher.values_in(rest_words, normalised=True) if g in knowledge.groups]
    radius = _RADIUS.search(rest)
    return RequestWords(
        fellowships=tuple(dict.fromkeys(fellowships)),
        attendance=single_attendance(knowledge.vocabulary["meeting_format"].values_in(rest_words, normalised=True)),
        wishes=tuple(vocabulary.wish_words.values_in(rest_words, normalised=True)),
        place=place.key if place else None,
        radius_miles=min(float(radius.group(1)), MAX_RADIUS_MILES) if radius else None,
        when=read_when(rest, rest_words, vocabulary),
    )


def request_words(entities: list[dict[str, Any]]) -> RequestWords | None:
    """The meeting words of a parsed message's entities, or None if the NLU gave none."""
    for entity in entities:
        if entity.get("entity") == ENTITY:
            return RequestWords.from_entity_value(entity.get("value"))
    return None
