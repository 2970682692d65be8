"""The Meeting Guide JSON format: a list of meetings, one object each.

Specification: https://github.com/code4recovery/spec (fields ``name``,
``slug``, ``day`` 0 = Sunday as an integer or a list, ``time``/``end_time``
"HH:MM", ``timezone``, ``types`` codes, address fields, ``latitude``/
``longitude``, ``conference_url``/``conference_phone``...).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.meetings.model import Meeting, Problem
from bot.meetings.records import (
    RecordError,
    clock_minutes,
    coordinates,
    parse_records,
    required_text,
    text,
    timezone_name,
)
from bot.meetings.vocabulary import load_vocabulary

TEMPORARILY_CLOSED = "TC"


def _days(value: Any) -> list[int]:
    values = value if isinstance(value, list) else [value]
    days = []
    for day in values:
        if isinstance(day, str) and day.strip().isdigit():
            day = int(day)
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise RecordError("day", f"expected 0 (Sunday) to 6 (Saturday), got {value!r}")
        days.append(day)
    if not days:
        raise RecordError("day", "is missing")
    return days


def _types(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RecordError("types", f"expected a list of codes, got {value!r}")
    known = load_vocabulary().type_names
    # Custom codes are allowed by the spec; only the known ones can be described.
    return tuple(dict.fromkeys(str(code) for code in value if str(code) in known))


def _meetings(record: dict[str, Any], fellowship: str, feed: str, default_timezone: str) -> Iterator[Meeting]:
    name = required_text(record, "name")
    slug = required_text(record, "slug")
    if "day" not in record or record["day"] is None:
        raise RecordError("day", "is missing")
    days = _days(record["day"])
    start = clock_minutes(record.get("time"), "time")
    end = clock_minutes(record["end_time"], "end_time") if text(record.get("end_time")) else None
    latitude, longitude = coordinates(record.get("latitude"), record.get("longitude"))
    types = _types(record.get("types"))
    address, formatted = text(record.get("address")), text(record.get("formatted_address"))
    url, phone = text(record.get("conference_url")), text(record.get("conference_phone"))
    if TEMPORARILY_CLOSED in types:
        # The room is closed: the meeting exists only online, if at all.
        if not (url or phone):
            raise RecordError("types", "location temporarily closed and no online link")
        address, formatted = "", ""
    fields: dict[str, Any] = dict(
        fellowship=fellowship,
        name=name,
        timezone=timezone_name(record.get("timezone"), default_timezone, "timezone"),
        feed=feed,
        time=start,
        end_time=end,
        types=types,
        location=text(record.get("location")),
        formatted_address=formatted,
        address=address,
        city=text(record.get("city")),
        state=text(record.get("state")),
        postal_code=text(record.get("postal_code")),
        country=text(record.get("country")),
        latitude=latitude,
        longitude=longitude,
        conference_url=url,
        conference_phone=phone,
        notes=text(record.get("notes")),
        region=text(record.get("region")),
        updated=text(record.get("updated")),
    )
    for day in days:
        # One listing on several days is one meeting per day, each its own slug.
        yield Meeting(slug=slug if len(days) == 1 else f"{slug}-{day}", day=day, **fields)


def parse_meeting_guide(
    data: Any, *, feed: str, fellowship: str, default_timezone: str
) -> tuple[list[Meeting], list[Problem]]:
    """Meetings of a Meeting Guide feed, and the records that were skipped."""
    return parse_records(feed, data, lambda record: _meetings(record, fellowship, feed, default_timezone), "slug")
