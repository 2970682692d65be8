"""Privacy: masking contact details and deleting conversations.

``mask_pii`` replaces the e-mail addresses and phone numbers people type with
``[email]`` and ``[phone]``. The channels (``bot/channels.py``) apply it before
a message reaches Rasa, so a clear value is never stored in the tracker store,
shown to the classifier or written to a log.

What is *not* masked, on purpose:

* numbers with fewer than 7 digits (three-digit crisis and emergency
  numbers, text short codes, "90 days", "$250");
* the helplines and resource numbers the assistant itself publishes (read
  from ``bot/knowledge`` through the loader, so an operator who changes the
  crisis lines changes this allow-list too): they are public, not personal,
  and a person typing "is 1-800-662-4357 free?" should be understood;
* years, year ranges and dates ("2019-2024", "12/05/2024", "2024-05-12").

Both patterns are linear in the length of the text (each can only start
where the previous character could not continue it, and nothing nested is
unbounded), so a megabyte of digits or "a.a.a..." costs milliseconds.

``delete_conversation`` removes every stored event of one conversation from
Rasa's tracker store (SQL or in-memory).
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore

from bot.knowledge_base import Knowledge, load_knowledge
from bot.meetings.places import mask_zip

logger = logging.getLogger(__name__)

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"
MIN_PHONE_DIGITS = 7

# The local part may not start in the middle of one (the look-behind), which
# keeps the search linear; the domain needs at least one dot.
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")

# A maximal run of digits and the separators people put in phone numbers
# (spaces, dots, dashes, parentheses), starting with a digit, "+" or "(" and
# ending with a digit; or digits glued to a word ("ph5551234567", but only the
# "1" of "line1 555-1234"). Whether a run is a phone number is decided in Python.
_SEPARATORS = r" \t.()\-\u2010-\u2015"
_NUMBER_RUN = re.compile(rf"(?<![\w+])[+(]?\d(?:[\d{_SEPARATORS}]*\d)?|(?<=[^\W\d])\d+")
_DIGIT_GROUPS = re.compile(r"\d+")
# A US ZIP code (or ZIP+4): only its first three digits, the ZIP area, are stored.
_ZIP_CODE = re.compile(r"\d{5}(?:-\d{4})?")

# Dates: day-month-year either way round, or ISO year-month-day.
_DATE = re.compile(r"\d{1,2}([./-])\d{1,2}\1(?:\d{2}|\d{4})|\d{4}([./-])\d{1,2}\2\d{1,2}")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _national(digits: str) -> str:
    """A North American number without its country code, for comparisons."""
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


@functools.lru_cache(maxsize=1)
def published_numbers() -> frozenset[str]:
    """Digits of every number the assistant publishes (crisis lines, resources)."""
    return numbers_published_in(load_knowledge())


def numbers_published_in(knowledge: Knowledge) -> frozenset[str]:
    """Digits of the crisis lines' and resources' numbers of ``knowledge`` (7 digits or more)."""
    phones = [line.number for line in knowledge.crisis.lines]
    phones += [link.phone for item in knowledge.section("resources").items for link in item.links if link.phone]
    numbers = (re.sub(r"\D", "", phone) for phone in phones)
    # Shorter numbers are never masked anyway.
    return frozenset(_national(digits) for digits in numbers if len(digits) >= MIN_PHONE_DIGITS)


def _is_date_or_years(run: str, groups: list[str]) -> bool:
    """True for "2024-05-12", "12.05.2024", "2019 - 2024", "1999 2005"."""
    if _DATE.fullmatch(run.strip()):
        return True
    return len(groups) <= 2 and all(len(g) == 4 and _YEAR.fullmatch(g) for g in groups)


def _mask_number(match: re.Match[str]) -> str:
    run = match.group(0)
    if _ZIP_CODE.fullmatch(run):
        # Kept coarse, as the meeting search uses it.
        return mask_zip(run)
    groups = _DIGIT_GROUPS.findall(run)
    digits = "".join(groups)
    if len(digits) < MIN_PHONE_DIGITS or _is_date_or_years(run, groups):
        return run
    if _national(digits) in published_numbers():
        return run
    return PHONE_MASK


def mask_pii(text: str) -> str:
    """``text`` with e-mail addresses and phone numbers replaced by placeholders,
    and ZIP codes cut to their area ("10001" -> "100xx").

    E-mail addresses go first, so the digits of "jo.555.1234@mail.com" are
    not half-masked as a phone number.
    """
    if not text:
        return text
    return _NUMBER_RUN.sub(_mask_number, _EMAIL.sub(EMAIL_MASK, text))


def mask_values(value: Any, depth: int = 0) -> Any:
    """``mask_pii`` applied to every string inside JSON-like data (metadata).

    Nesting deeper than a few levels is dropped: no legitimate metadata needs
    it, and it bounds the work done on a hostile payload.
    """
    if isinstance(value, str):
        return mask_pii(value)
    if depth >= 5:
        return None
    if isinstance(value, dict):
        return {str(k): mask_values(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_values(v, depth + 1) for v in value]
    return value


# ---------------------------------------------------------------------------
# Deleting a conversation


def _stores(tracker_store: TrackerStore) -> Iterator[TrackerStore]:
    """The real stores behind Rasa's wrappers.

    Rasa wraps the configured store in an ``AwaitableTrackerStore`` and that
    in a ``FailSafeTrackerStore``, which may hold an in-memory fallback with
    copies of conversations saved while the database was unreachable.
    """
    pending = [tracker_store]
    while pending:
        store = pending.pop()
        inner = getattr(store, "_tracker_store", None)
        fallback = getattr(store, "_fallback_tracker_store", None)
        if inner is None:
            yield store
        else:
            pending.append(inner)
        if fallback is not None:
            pending.append(fallback)


def erase_sqlite_journal(engine: Any) -> None:
    """Write SQLite's write-ahead log into the file and empty it: the log
    still holds the pages as they were before a deletion (bot/tracker_store.py
    writes in WAL mode). Nothing to do for other databases."""
    import sqlalchemy as sa

    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _delete_sql(store: SQLTrackerStore, sender_id: str) -> int:
    import sqlalchemy as sa

    with store.session_scope() as session:
        if session.bind.dialect.name == "sqlite":
            # Overwrite the deleted rows with zeros: without it their text
            # stays readable in the database file's free pages.
            session.execute(sa.text("PRAGMA secure_delete = ON"))
        deleted = (
            session.query(store.SQLEvent)
            .filter(store.SQLEvent.sender_id == sender_id)
            .delete(synchronize_session=False)
        )
        session.commit()
    erase_sqlite_journal(store.engine)
    return int(deleted or 0)


def _delete_in_memory(store: InMemoryTrackerStore, sender_id: str) -> int:
    serialised = store.store.pop(sender_id, None)
    return len(json.loads(serialised).get("events") or []) if serialised else 0


def delete_conversation(tracker_store: TrackerStore, sender_id: str) -> int:
    """Remove every stored event of ``sender_id``; return how many were removed.

    Supports Rasa's SQL and in-memory stores (through Rasa's wrappers).
    Raises ``NotImplementedError`` for any other store, so that the person is
    never told a conversation was deleted when it was not. The caller should
    hold the conversation's lock (see ``bot.channels``) so that a message being
    processed cannot write events back afterwards.
    """
    removed = 0
    for store in _stores(tracker_store):
        if isinstance(store, SQLTrackerStore):
            removed += _delete_sql(store, sender_id)
        elif isinstance(store, InMemoryTrackerStore):
            removed += _delete_in_memory(store, sender_id)
        else:
            raise NotImplementedError(f"deleting conversations from {type(store).__name__} is not supported")
    logger.info("Deleted a conversation on request (%d events).", removed)
    return removed
