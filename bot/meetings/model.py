"""The meeting record shared by every feed format, and a feed problem."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

MINUTES_PER_DAY = 24 * 60

# An approximate address ("Chicago, IL, USA") has no street number; the spec
# allows one for online meetings, so it does not make a meeting in person.
_STREET_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class Meeting:
    """One weekly meeting, whatever feed it came from.

    ``day`` counts from 0 = Sunday; ``time`` and ``end_time`` are minutes after
    local midnight in ``timezone`` (an IANA name). ``types`` are Meeting Guide
    codes ("O", "S", "X"...), BMLT formats already translated.
    """

    fellowship: str
    name: str
    slug: str
    day: int
    time: int
    timezone: str
    feed: str = ""
    end_time: int | None = None
    types: tuple[str, ...] = ()
    location: str = ""
    formatted_address: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    conference_url: str = ""
    conference_phone: str = ""
    notes: str = ""
    region: str = ""
    updated: str = ""

    @property
    def key(self) -> str:
        """Unique across feeds: slugs are only unique within one feed."""
        return f"{self.feed}:{self.slug}"

    @property
    def online(self) -> bool:
        return bool(self.conference_url or self.conference_phone)

    @property
    def has_street_address(self) -> bool:
        if self.address:
            return True
        first_part = self.formatted_address.split(",")[0]
        return bool(_STREET_NUMBER.search(first_part))

    @property
    def in_person(self) -> bool:
        """People can go there (in person only, or hybrid)."""
        return self.has_street_address

    @property
    def hybrid(self) -> bool:
        return self.online and self.has_street_address

    @property
    def attendance(self) -> str:
        """ "hybrid", "online" or "in_person"."""
        if self.hybrid:
            return "hybrid"
        return "online" if self.online else "in_person"

    @property
    def full_address(self) -> str:
        if self.formatted_address:
            return self.formatted_address
        region = " ".join(part for part in (self.state, self.postal_code) if part)
        return ", ".join(part for part in (self.address, self.city, region) if part)

    def to_record(self) -> dict[str, Any]:
        """A JSON-able dict, for the database."""
        record = asdict(self)
        record["types"] = list(self.types)
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Meeting:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in record.items() if k in known}
        values["types"] = tuple(values.get("types") or ())
        return cls(**values)


@dataclass(frozen=True)
class Problem:
    """A record of a feed that was skipped, or a feed that failed."""

    feed: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f" record {self.record}" if self.record else ""
        field = f" field '{self.field}'" if self.field else ""
        return f"feed {self.feed}:{where}{field}: {self.message}"
