"""``MeetingIndex``: every meeting in arrays, built once, searched per message.

A search is a few slices and masks over numpy arrays: the meetings of each
time zone are sorted by their minute of the week, so a time window is one
``searchsorted`` per zone and local day; fellowship, online / in person,
types and distance are vectorised masks. Start times are exact wall-clock
times of each meeting's own zone (``zoneinfo``), DST included.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from bot.meetings.model import MINUTES_PER_DAY, Meeting
from bot.meetings.places import haversine_miles
from bot.meetings.when import at_minutes, sunday_weekday

MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
ONLINE, IN_PERSON = "online", "in_person"
ATTENDANCE = (ONLINE, IN_PERSON)
# A window is at most a week and a day of local dates.
MAX_WINDOW_DAYS = 8


@dataclass(frozen=True)
class MeetingQuery:
    """What to look for. Times are UTC epoch seconds; the place is exact
    and lives only for the search (see ``parse_request`` for what is kept)."""

    start: float
    end: float
    fellowships: tuple[str, ...] = ()
    attendance: str | None = None
    wishes: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    radius_miles: float = 10.0

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Hit:
    """A meeting found, its next start in its own zone, and how far it is."""

    meeting: Meeting
    starts_at: datetime
    distance_miles: float | None = None


@dataclass(frozen=True)
class SearchResults:
    hits: tuple[Hit, ...]
    total: int
    # The first matches in order, for paging ("more meetings").
    keys: tuple[str, ...]


@functools.lru_cache(maxsize=512)
def _day_epochs(zone: str, day: date) -> np.ndarray:
    """UTC epoch seconds of each wall-clock minute 0..1440 of ``day`` in ``zone``."""
    tz = ZoneInfo(zone)
    midnight = datetime.combine(day, time(0), tzinfo=tz)
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    before, after = midnight.utcoffset(), next_midnight.utcoffset()
    assert before is not None and after is not None, "aware datetimes have an offset"
    minutes = np.arange(MINUTES_PER_DAY + 1, dtype=np.int64)
    # Wall-clock epochs: as if the zone were UTC, then shifted by the offset.
    wall = int(midnight.replace(tzinfo=ZoneInfo("UTC")).timestamp()) + 60 * minutes
    if before == after:
        return wall - int(before.total_seconds())
    # The clocks change today: the first wall minute on the new offset, found
    # by bisection with zoneinfo's own reading (fold 0, as for every minute).
    low, high = 0, MINUTES_PER_DAY
    while low < high:
        middle = (low + high) // 2
        if (midnight + timedelta(minutes=int(middle))).utcoffset() == after:
            high = middle
        else:
            low = middle + 1
    offsets = np.where(minutes < low, int(before.total_seconds()), int(after.total_seconds()))
    return wall - offsets


def next_start(meeting: Meeting, after: datetime) -> datetime:
    """The meeting's first start at or after ``after``, in its own zone."""
    local = after.astimezone(ZoneInfo(meeting.timezone))
    day = local.date() + timedelta(days=(meeting.day - sunday_weekday(local.date())) % 7)
    start = at_minutes(day, meeting.time, local)
    if start.timestamp() < after.timestamp():
        start = at_minutes(day + timedelta(days=7), meeting.time, local)
    return start


class _Zone:
    """The meetings of one time zone, by minute of the week."""

    def __init__(self, name: str, positions: np.ndarray, week_minutes: np.ndarray) -> None:
        order = np.argsort(week_minutes, kind="stable")
        self.name = name
        self.tz = ZoneInfo(name)
        self.positions = positions[order]
        self.week_minutes = week_minutes[order]

    def candidates(self, start: datetime, end: datetime) -> tuple[np.ndarray, np.ndarray]:
        """Positions and start epochs of meetings whose local start falls in the window."""
        local_start, local_end = start.astimezone(self.tz), end.astimezone(self.tz)
        first_day = local_start.date()
        days = min((local_end.date() - first_day).days, MAX_WINDOW_DAYS - 1)
        positions, epochs = [], []
        for offset in range(days + 1):
            day = first_day + timedelta(days=offset)
            base = sunday_weekday(day) * MINUTES_PER_DAY
            low = local_start.hour * 60 + local_start.minute if offset == 0 else 0
            high = local_end.hour * 60 + local_end.minute if offset == days else MINUTES_PER_DAY - 1
            begin = np.searchsorted(self.week_minutes, base + low, side="left")
            stop = np.searchsorted(self.week_minutes, base + high, side="right")
            if begin >= stop:
                continue
            positions.append(self.positions[begin:stop])
            epochs.append(_day_epochs(self.name, day)[self.week_minutes[begin:stop] - base])
        if not positions:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        return np.concatenate(positions), np.concatenate(epochs)


class MeetingIndex:
    """All meetings, ready to search. Build once; searching never changes it."""

    def __init__(self, meetings: Sequence[Meeting], wishes: Mapping[str, Iterable[str]]) -> None:
        self.meetings: tuple[Meeting, ...] = tuple(meetings)
        self._by_key = {m.key: m for m in self.meetings}
        self._fellowship_ids = {name: i for i, name in enumerate(sorted({m.fellowship for m in self.meetings}))}
        self._wish_bits = {wish: 1 << bit for bit, wish in enumerate(wishes)}
        wish_codes = {wish: set(codes) for wish, codes in wishes.items()}
        count = len(self.meetings)
        self._fellowship = np.array([self._fellowship_ids[m.fellowship] for m in self.meetings], dtype=np.int16)
        self._online = np.array([m.online for m in self.meetings], dtype=bool)
        self._in_person = np.array([m.in_person for m in self.meetings], dtype=bool)
        self._wishes = np.array(
            [
                sum(bit for wish, bit in self._wish_bits.items() if wish_codes[wish] & set(m.types))
                for m in self.meetings
            ],
            dtype=np.int64,
        )
        nan = float("nan")
        self._lat = np.array([m.latitude if m.latitude is not None else nan for m in self.meetings], dtype=float)
        self._lon = np.array([m.longitude if m.longitude is not None else nan for m in self.meetings], dtype=float)
        week_minutes = np.array([m.day * MINUTES_PER_DAY + m.time for m in self.meetings], dtype=np.int64)
        zones = np.array([m.timezone for m in self.meetings]) if count else np.empty(0, dtype=str)
        self._zones = [
            _Zone(name, np.flatnonzero(zones == name), week_minutes[zones == name])
            for name in sorted(set(zones.tolist()))
        ]

    def __len__(self) -> int:
        return len(self.meetings)

    def search(self, query: MeetingQuery, offset: int = 0, limit: int = 3, keep: int = 30) -> SearchResults:
        """Matches ordered by next start, then distance; one page of hits and
        the keys of the first ``keep`` matches (for paging)."""
        start = datetime.fromtimestamp(query.start, ZoneInfo("UTC"))
        end = datetime.fromtimestamp(query.end, ZoneInfo("UTC"))
        parts = [zone.candidates(start, end) for zone in self._zones]
        positions = np.concatenate([p for p, _ in parts]) if parts else np.empty(0, dtype=np.int64)
        epochs = np.concatenate([e for _, e in parts]) if parts else np.empty(0, dtype=np.int64)
        wanted = (epochs >= query.start) & (epochs <= query.end) & self._matches(query, positions)
        positions, epochs = positions[wanted], epochs[wanted]
        by_distance = query.has_place and query.attendance != ONLINE
        distances = self._distances(query, positions) if by_distance else np.zeros(len(positions))
        if by_distance:
            near = distances <= query.radius_miles
            positions, epochs, distances = positions[near], epochs[near], distances[near]
        order = np.lexsort((distances, epochs))
        positions, epochs, distances = positions[order], epochs[order], distances[order]
        hits = tuple(
            self._hit(int(positions[i]), int(epochs[i]), float(distances[i]) if by_distance else None)
            for i in range(offset, min(offset + limit, len(positions)))
        )
        return SearchResults(hits, len(positions), tuple(self.meetings[int(p)].key for p in positions[:keep]))

    def hits_for(self, keys: Iterable[str], after: datetime) -> list[Hit]:
        """Meetings by key (a stored result list), with their next start; gone ones are left out."""
        hits = []
        for key in keys:
            meeting = self._by_key.get(key)
            if meeting is not None:
                hits.append(Hit(meeting, next_start(meeting, after)))
        return hits

    def _matches(self, query: MeetingQuery, positions: np.ndarray) -> np.ndarray:
        mask = np.ones(len(positions), dtype=bool)
        if query.fellowships:
            wanted = [self._fellowship_ids[f] for f in query.fellowships if f in self._fellowship_ids]
            mask &= np.isin(self._fellowship[positions], wanted)
        if query.attendance == ONLINE:
            mask &= self._online[positions]
        elif query.attendance == IN_PERSON or query.has_place:
            mask &= self._in_person[positions]
        for wish in query.wishes:
            mask &= (self._wishes[positions] & self._wish_bits.get(wish, 0)) != 0
        return mask

    def _distances(self, query: MeetingQuery, positions: np.ndarray) -> np.ndarray:
        distances = haversine_miles(query.latitude, query.longitude, self._lat[positions], self._lon[positions])
        # No coordinates: never "near" (NaN compares false), sorted last.
        return np.where(np.isnan(distances), np.inf, distances)

    def _hit(self, position: int, epoch: int, distance: float | None) -> Hit:
        meeting = self.meetings[position]
        return Hit(meeting, datetime.fromtimestamp(epoch, ZoneInfo(meeting.timezone)), distance)
