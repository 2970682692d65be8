"""BMLT semantic ``GetSearchResults`` JSON (``switcher=GetSearchResults``).

Every value is a string. ``weekday_tinyint`` counts from 1 = Sunday,
``start_time``/``duration_time`` are "HH:MM:SS", ``venue_type`` is 1 in
person, 2 virtual, 3 hybrid, ``formats`` a comma-separated list of format
keys (translated to Meeting Guide codes by ``bmlt_formats.yml``). The answer
is a list of meetings, or an object with ``meetings`` when formats are asked
for too (``get_used_formats``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.meetings.model import MINUTES_PER_DAY, Meeting, Problem
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

IN_PERSON, VIRTUAL, HYBRID = 1, 2, 3


def _day(value: Any) -> int:
    raw = text(value)
    if not raw.isdigit() or not 1 <= int(raw) <= 7:
        raise RecordError("weekday_tinyint", f"expected 1 (Sunday) to 7 (Saturday), got {value!r}")
    return int(raw) - 1


def _venue_type(record: dict[str, Any], has_link: bool, has_street: bool) -> int:
    raw = text(record.get("venue_type"))
    if not raw:
        # Older servers have no venue type: the fields tell.
        return HYBRID if has_link and has_street else VIRTUAL if has_link else IN_PERSON
    if raw not in ("1", "2", "3"):
        raise RecordError("venue_type", f"expected 1, 2 or 3, got {raw!r}")
    return int(raw)


def _types(formats: Any) -> tuple[str, ...]:
    table = load_vocabulary().bmlt_formats
    keys = [key.strip() for key in text(formats).split(",")]
    return tuple(dict.fromkeys(table[key] for key in keys if key in table))


def _meetings(record: dict[str, Any], fellowship: str, feed: str, default_timezone: str) -> Iterator[Meeting]:
    slug = required_text(record, "id_bigint")
    name = required_text(record, "meeting_name")
    day = _day(record.get("weekday_tinyint"))
    start = clock_minutes(record.get("start_time"), "start_time")
    duration = clock_minutes(record["duration_time"], "duration_time") if text(record.get("duration_time")) else None
    link, phone = text(record.get("virtual_meeting_link")), text(record.get("phone_meeting_number"))
    street = text(record.get("location_street"))
    venue = _venue_type(record, bool(link or phone), bool(street))
    if venue in (VIRTUAL, HYBRID) and not (link or phone):
        raise RecordError("virtual_meeting_link", "a virtual or hybrid meeting needs a link or a phone number")
    if venue in (IN_PERSON, HYBRID) and not street:
        raise RecordError("location_street", "an in-person or hybrid meeting needs a street address")
    if venue == VIRTUAL:
        street = ""  # a virtual meeting's address is only where the group comes from
    if venue == IN_PERSON:
        link, phone = "", ""
    latitude, longitude = coordinates(record.get("latitude"), record.get("longitude"), zero_is_missing=True)
    yield Meeting(
        fellowship=fellowship,
        name=name,
        slug=slug,
        day=day,
        time=start,
        end_time=(start + duration) % MINUTES_PER_DAY if duration else None,
        timezone=timezone_name(record.get("time_zone"), default_timezone, "time_zone"),
        feed=feed,
        types=_types(record.get("formats")),
        location=text(record.get("location_text")),
        address=street,
        city=text(record.get("location_municipality")),
        state=text(record.get("location_province")),
        postal_code=text(record.get("location_postal_code_1")),
        country=text(record.get("location_nation")),
        latitude=latitude if venue != VIRTUAL else None,
        longitude=longitude if venue != VIRTUAL else None,
        conference_url=link,
        conference_phone=phone,
        notes=" ".join(part for part in (text(record.get("location_info")), text(record.get("comments"))) if part),
        region=text(record.get("location_neighborhood")) or text(record.get("location_city_subsection")),
    )


def parse_bmlt(data: Any, *, feed: str, fellowship: str, default_timezone: str) -> tuple[list[Meeting], list[Problem]]:
    """Meetings of a BMLT ``GetSearchResults`` answer, and the records skipped."""
    if isinstance(data, dict) and "meetings" in data:
        data = data["meetings"]
    return parse_records(feed, data, lambda record: _meetings(record, fellowship, feed, default_timezone), "id_bigint")
