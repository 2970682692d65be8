"""Finding a meeting: "is there an online NA meeting tonight?", "AA near
10001 on saturday morning", and "more meetings".

The meeting index is built once, when the action server imports this module
(``meeting_service``), from the operator's feeds (bot/meetings/feeds.py);
each message only searches it, and at most starts a background refresh.

Slots: ``meeting_query`` keeps the last search as a small dict with the
place masked ("100xx", never coordinates) and the keys of the meetings found;
``meeting_page`` the number of pages shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import GROUP_SLOT, KNOWLEDGE, TOPIC_SLOT, entity_values
from bot.meetings.feeds import MeetingService, start_service
from bot.meetings.format import describe_search, render_page
from bot.meetings.parse_request import RequestWords, request_words, single_attendance
from bot.meetings.search import ATTENDANCE, Hit

QUERY_SLOT = "meeting_query"
PAGE_SLOT = "meeting_page"
PAGE_SIZE = 3
MORE_BUTTON = {"title": "More meetings", "payload": "/request_more_meetings"}
# The topic slot's value after a search, so that a typed "more" goes on with it.
MEETINGS_TOPIC = "meetings"


@functools.lru_cache(maxsize=1)
def meeting_service() -> MeetingService:
    """The process's meetings: feeds loaded and indexed once."""
    return start_service()


class _Answers:
    """What both actions share: the service (injectable for tests) and the answer."""

    def __init__(self, service: Callable[[], MeetingService] | None = None) -> None:
        self._service = service or meeting_service

    def service(self) -> MeetingService:
        service = self._service()
        service.refresh_in_background_if_due()
        return service

    @staticmethod
    def now(service: MeetingService) -> datetime:
        return datetime.fromtimestamp(service.clock(), service.zone)

    @staticmethod
    def send(dispatcher: CollectingDispatcher, text: str, more: bool) -> None:
        dispatcher.utter_message(text=text, buttons=[MORE_BUTTON] if more else [])

    def render(self, service: MeetingService, hits: list[Hit], stored: dict[str, Any], offset: int) -> str:
        words = describe_search(
            stored["fellowships"],
            stored["attendance"],
            stored["wishes"],
            stored["place"],
            stored["when"],
            # "the SMART meetings I have" when none is left to show
            count=stored["total"] if hits else 0,
            knowledge=KNOWLEDGE,
            vocabulary=service.vocabulary,
        )
        return render_page(
            hits,
            total=stored["total"],
            offset=offset,
            search_words=words,
            fellowships=stored["fellowships"],
            full_list_url=service.config.full_list_url,
            now=self.now(service),
            knowledge=KNOWLEDGE,
            vocabulary=service.vocabulary,
        )

    async def find(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        service = self.service()
        request = message_request_words(tracker).request(
            self.now(service),
            service.vocabulary,
            service.places,
            radius_miles=service.config.default_radius_miles,
            group_in_context=tracker.get_slot(GROUP_SLOT) or "",
        )
        results = service.index.search(request.query, 0, PAGE_SIZE)
        stored = request.to_slot(results)
        self.send(dispatcher, self.render(service, list(results.hits), stored, 0), results.total > PAGE_SIZE)
        events = [SlotSet(QUERY_SLOT, stored), SlotSet(PAGE_SLOT, 1), SlotSet(TOPIC_SLOT, MEETINGS_TOPIC)]
        if len(stored["fellowships"]) == 1:
            # Follow-ups about "them" ("are they online too?") mean this group.
            events.append(SlotSet(GROUP_SLOT, stored["fellowships"][0]))
        return events


def message_request_words(tracker: Tracker) -> RequestWords:
    """What the latest message asks of a search: the NLU's ``meeting_request``
    entity; for a button payload, which has none, its fellowship and format."""
    words = request_words((tracker.latest_message or {}).get("entities") or [])
    if words is not None:
        return words
    return RequestWords(
        fellowships=tuple(entity_values(tracker, "group_name")),
        attendance=single_attendance(entity_values(tracker, "meeting_format")),
    )


def stored_search(tracker: Tracker) -> dict[str, Any] | None:
    """The last search from its slot, or None if there is none (or it is not one of ours)."""
    stored = tracker.get_slot(QUERY_SLOT)
    if not isinstance(stored, dict):
        return None
    texts = all(
        isinstance(stored.get(f), list) and all(isinstance(v, str) for v in stored[f])
        for f in ("fellowships", "wishes", "results")
    )
    start = stored.get("start")
    sane_start = isinstance(start, (int, float)) and not isinstance(start, bool) and 0 < start < 4e9
    total = stored.get("total")
    sane_total = isinstance(total, int) and not isinstance(total, bool) and total >= 0
    described = isinstance(stored.get("when"), str) and isinstance(stored.get("place"), (str, type(None)))
    known_mode = stored.get("attendance") in (None, *ATTENDANCE)
    return stored if texts and sane_start and sane_total and described and known_mode else None


def shown_pages(tracker: Tracker) -> int:
    page = tracker.get_slot(PAGE_SLOT)
    return int(page) if isinstance(page, (int, float)) and 1 <= page < 1000 else 1


class ActionFindMeetings(Action):
    """Searches the meetings for what the latest message asks."""

    def __init__(self, service: Callable[[], MeetingService] | None = None) -> None:
        self.answers = _Answers(service)

    def name(self) -> str:
        return "action_find_meetings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return await self.answers.find(dispatcher, tracker)


class ActionMoreMeetings(Action):
    """The next three meetings of the last search."""

    def __init__(self, service: Callable[[], MeetingService] | None = None) -> None:
        self.answers = _Answers(service)

    def name(self) -> str:
        return "action_more_meetings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        stored = stored_search(tracker)
        if stored is None:
            # No search yet: search for what this message says.
            return await self.answers.find(dispatcher, tracker)
        service = self.answers.service()
        page = shown_pages(tracker)
        keys = stored["results"][page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        start = datetime.fromtimestamp(stored["start"], service.zone)
        hits = service.index.hits_for(keys, after=start)
        more = (page + 1) * PAGE_SIZE < len(stored["results"])
        self.answers.send(dispatcher, self.answers.render(service, hits, stored, page * PAGE_SIZE), more)
        return [SlotSet(PAGE_SLOT, page + 1)]


# Built once, when the action server imports the actions.
meeting_service()
