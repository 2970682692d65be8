"""Checks shared by the feed parsers: one bad field skips one record.

A parser turns each record into meetings or raises ``RecordError`` naming
the field; ``parse_records`` turns those into ``Problem``s, so a feed with a
few bad records still loads the rest and never crashes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.meetings.model import Meeting, Problem

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


class RecordError(ValueError):
    """One field of one record is missing or invalid."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def text(value: Any) -> str:
    """A field as stripped text ("" for null)."""
    return "" if value is None else str(value).strip()


def required_text(record: dict[str, Any], field: str) -> str:
    value = text(record.get(field))
    if not value:
        raise RecordError(field, "is missing")
    return value


def clock_minutes(value: Any, field: str) -> int:
    """Minutes after midnight of "HH:MM" or "HH:MM:SS"."""
    match = _CLOCK.fullmatch(text(value))
    if not match:
        raise RecordError(field, f"expected HH:MM, got {value!r}")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise RecordError(field, f"{value!r} is not a time of day")
    return hours * 60 + minutes


@functools.cache
def _zone_exists(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def timezone_name(value: Any, default: str, field: str) -> str:
    """An IANA time zone name; the feed's default when the record has none."""
    name = text(value) or default
    if not _zone_exists(name):
        raise RecordError(field, f"{name!r} is not an IANA time zone")
    return name


def coordinates(latitude: Any, longitude: Any, *, zero_is_missing: bool = False) -> tuple[float | None, float | None]:
    """Latitude and longitude as floats, both or neither."""
    lat, lon = text(latitude), text(longitude)
    if zero_is_missing and lat in ("0", "0.0") and lon in ("0", "0.0"):
        return None, None
    if bool(lat) != bool(lon):
        raise RecordError("longitude" if lat else "latitude", "is missing (latitude and longitude go together)")
    if not lat:
        return None, None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except ValueError:
        raise RecordError("latitude", f"expected numbers, got {latitude!r}, {longitude!r}") from None
    if not (-90 <= lat_f <= 90):
        raise RecordError("latitude", f"{lat_f} is out of range")
    if not (-180 <= lon_f <= 180):
        raise RecordError("longitude", f"{lon_f} is out of range")
    return lat_f, lon_f


def parse_records(
    feed: str,
    records: Any,
    parse_one: Callable[[dict[str, Any]], Iterable[Meeting]],
    slug_field: str,
) -> tuple[list[Meeting], list[Problem]]:
    """Every record through ``parse_one``; bad ones become problems."""
    if not isinstance(records, list):
        return [], [Problem(feed, "", "", f"expected a list of meetings, got {type(records).__name__}")]
    meetings: list[Meeting] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        slug = text(record.get(slug_field)) if isinstance(record, dict) else ""
        where = f"#{index}" + (f" ({slug})" if slug else "")
        if not isinstance(record, dict):
            problems.append(Problem(feed, where, "", "expected an object"))
            continue
        try:
            parsed = list(parse_one(record))
        except RecordError as error:
            problems.append(Problem(feed, where, error.field, error.message))
            continue
        for meeting in parsed:
            if meeting.slug in seen:
                problems.append(Problem(feed, where, slug_field, f"{meeting.slug!r} is used twice"))
                continue
            seen.add(meeting.slug)
            meetings.append(meeting)
    return meetings, problems
