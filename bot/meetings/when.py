"""When a person wants a meeting: words to a window of time.

"now", "tonight", "today", "tomorrow", "this weekend", weekday names,
parts of the day ("saturday morning"), "in an hour", "at 7pm". Everything is
computed in wall-clock time of the person's zone (the operator's default
zone) with ``zoneinfo``, so a window on a day when clocks change is right,
and the week wraps: the day after Saturday (6) is Sunday (0).

The clock is a parameter (``now``): tests are deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from bot.meetings.vocabulary import PartOfDay, Vocabulary

SATURDAY, SUNDAY = 6, 0
_AMPM = re.compile(r"(?<![\d:])(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?![a-z])")
_AT_CLOCK = re.compile(r"\bat\s+(\d{1,2})(?::(\d{2}))?(?![\d:]|\s*(?:miles?|mi)\b)")
_CLOCK_24 = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
_IN_DURATION = re.compile(
    r"\bin\s+(?:the\s+next\s+)?(half an?|an?|one|two|three|\d{1,3})\s*(hours?|hrs?|minutes?|mins?)\b"
)
_NEXT_HOUR = re.compile(r"\b(?:within|in)\s+the\s+(?:next\s+)?hour\b")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}


@dataclass(frozen=True)
class TimeWindow:
    """Meetings starting between ``start`` and ``end`` (aware datetimes)."""

    start: datetime
    end: datetime
    label: str = ""

    @property
    def asked(self) -> bool:
        """True when the person named a time (not the default "next days")."""
        return bool(self.label)


def later(moment: datetime, minutes: float) -> datetime:
    """``minutes`` of real time after ``moment`` (negative: before).

    Plain ``moment + timedelta`` moves the wall clock, which is an hour off
    across a DST change; durations ("in 2 hours") are real time.
    """
    return (moment.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def sunday_weekday(day: date) -> int:
    """0 = Sunday ... 6 = Saturday, as in the feeds."""
    return (day.weekday() + 1) % 7


def at_minutes(day: date, minutes: int, now: datetime) -> datetime:
    """Wall-clock ``minutes`` after midnight of ``day`` in ``now``'s zone (may pass midnight)."""
    midnight = datetime.combine(day, time(0), tzinfo=now.tzinfo)
    # Adding a timedelta to an aware datetime moves the wall clock: right across DST.
    return midnight + timedelta(minutes=minutes)


def next_weekday(today: date, weekday: int) -> date:
    """The next date with this weekday (0 = Sunday), today included."""
    return today + timedelta(days=(weekday - sunday_weekday(today)) % 7)


def _clock_time(text: str, part: PartOfDay | None) -> int | None:
    match = _AMPM.search(text)
    if match:
        hours, minutes = int(match.group(1)) % 12, int(match.group(2) or 0)
        if match.group(3).startswith("p"):
            hours += 12
        return hours * 60 + minutes if hours < 24 and minutes < 60 else None
    match = _CLOCK_24.search(text)
    if match:
        return int(match.group(1)) * 60 + int(match.group(2))
    match = _AT_CLOCK.search(text)
    if not match or int(match.group(1)) > 23:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    # "at 7" without am/pm: meetings are mostly in the evening, unless the
    # person said morning.
    if 1 <= hours <= 11 and not (part and part.start < 12 * 60):
        hours += 12
    return hours * 60 + minutes


def _duration_minutes(text: str) -> int | None:
    if _NEXT_HOUR.search(text):
        return 60
    match = _IN_DURATION.search(text)
    if not match:
        return None
    amount, unit = match.group(1), match.group(2)
    value = 0.5 if amount.startswith("half") else _NUMBER_WORDS.get(amount) or int(amount)
    return int(value * 60) if unit.startswith("h") else int(value)


def _days(relative: list[str], weekdays: list[str], today: date) -> list[date]:
    if "weekend" in relative:
        if sunday_weekday(today) == SUNDAY:
            return [today]
        saturday = next_weekday(today, SATURDAY)
        return [saturday, saturday + timedelta(days=1)]
    if weekdays:
        return [next_weekday(today, int(weekdays[0]))]
    if "tomorrow" in relative:
        return [today + timedelta(days=1)]
    if "today" in relative:
        return [today]
    return []


@dataclass(frozen=True)
class WhenWords:
    """What a message says about time, before any clock: read by the NLU
    (``read_when``), turned into a window when the action runs (``window``).

    ``weekdays`` are "0" (Sunday) to "6"; ``relative`` the RELATIVE_DAYS
    said; ``part`` a part of the day's name; ``clock`` and ``duration`` minutes.
    """

    relative: tuple[str, ...] = ()
    weekdays: tuple[str, ...] = ()
    part: str | None = None
    clock: int | None = None
    duration: int | None = None

    @property
    def said(self) -> bool:
        return bool(self.relative or self.weekdays or self.part or self.clock is not None or self.duration is not None)


def read_when(punctuated: str, words: str, vocabulary: Vocabulary) -> WhenWords:
    """The time words of a message: ``punctuated`` normalised with
    ``punctuation=True`` (clock times, durations), ``words`` in the word form
    (the phrase lists)."""
    parts = vocabulary.part_words.values_in(words, normalised=True)
    part = parts[0] if parts else None
    return WhenWords(
        relative=tuple(vocabulary.relative_words.values_in(words, normalised=True)),
        weekdays=tuple(vocabulary.weekday_words.values_in(words, normalised=True)),
        part=part,
        clock=_clock_time(punctuated, vocabulary.parts_of_day[part] if part else None),
        duration=_duration_minutes(punctuated),
    )


def window(when: WhenWords, now: datetime, vocabulary: Vocabulary) -> TimeWindow:
    """The window of start times the words ask for, from ``now``; the next days if none."""
    windows = vocabulary.windows
    earliest = later(now, -windows["now_minutes_before"])

    duration = when.duration
    if duration is not None:
        margin = 30
        return TimeWindow(
            max(now, later(now, duration - margin)),
            later(now, duration + margin),
            f"in about {_duration_label(duration)}",
        )

    relative, weekdays, clock = list(when.relative), list(when.weekdays), when.clock
    part = vocabulary.parts_of_day.get(when.part or "")

    if "now" in relative and not (weekdays or part or clock is not None):
        return TimeWindow(earliest, later(now, windows["now_minutes_after"]), "right now")

    days = _days(relative, weekdays, now.date())
    if not days and part is None and clock is None:
        # Less than a week: no meeting shows twice.
        return TimeWindow(earliest, earliest + timedelta(days=windows["default_days_ahead"], minutes=-1))
    day_given = bool(days)
    days = days or [now.date()]

    if clock is not None:
        around = windows["at_time_minutes_around"]
        start, end = later(at_minutes(days[0], clock, now), -around), later(at_minutes(days[-1], clock, now), around)
    elif part is not None:
        start, end = at_minutes(days[0], part.start, now), at_minutes(days[-1], part.end, now)
    else:
        start, end = at_minutes(days[0], 0, now), at_minutes(days[-1], 24 * 60, now)

    if not day_given and end <= now:
        # "morning" said in the afternoon means tomorrow morning.
        start, end = start + timedelta(days=1), end + timedelta(days=1)
        days = [days[0] + timedelta(days=1)]
    label = _label(days, part, clock, now)
    return TimeWindow(max(start, earliest), end, label)


def _duration_label(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return "an hour" if hours == 1 else f"{hours} hours"
    return "half an hour" if minutes == 30 else f"{minutes} minutes"


def _label(days: list[date], part: PartOfDay | None, clock: int | None, now: datetime) -> str:
    """How to say the window back: "tonight", "on Saturday morning", "this weekend"."""
    if len(days) > 1:
        day_words = "this weekend"
    elif days[0] == now.date():
        day_words = "today"
    elif days[0] == now.date() + timedelta(days=1):
        day_words = "tomorrow"
    else:
        day_words = f"on {days[0].strftime('%A')}"
    if clock is not None:
        return f"{day_words} around {format_clock(clock)}"
    if part is None:
        return day_words
    if part.name == "night":
        return "tonight" if day_words == "today" else f"{day_words} night"
    if day_words == "today":
        return f"this {part.name}"
    return f"{day_words} {part.name}"


def format_clock(minutes: int) -> str:
    """7:30 pm, 12:00 pm, 9:00 am."""
    hours, mins = divmod(minutes % (24 * 60), 60)
    suffix = "am" if hours < 12 else "pm"
    return f"{(hours % 12) or 12}:{mins:02d} {suffix}"
