"""Privacy: masking contact details, deleting a conversation, retention.

Deletion and retention are checked against a real SQLTrackerStore on a
temporary SQLite file, reading the file back with ``sqlite3`` (rows) and as
bytes (nothing left in free pages either). The live counterparts (the
running assistant's own database) are in ``tests/live/test_privacy_live.py``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import (
    AwaitableTrackerStore,
    FailSafeTrackerStore,
    InMemoryTrackerStore,
    SQLTrackerStore,
    TrackerStore,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import retention
from bot.channels.limits import MAX_TEXT_CHARS, clean_text
from bot.channels.transport import parse_request
from bot.channels.turns import respond
from bot.knowledge_base import load_knowledge
from bot.privacy import EMAIL_MASK, PHONE_MASK, delete_conversation, mask_pii, published_numbers
from bot.tracker_store import BoundedSQLTrackerStore
from tests.conftest import stored_bytes

DAY = 86_400.0
DELETE_COMMAND = load_knowledge().delete_command

# ---------------------------------------------------------------------------
# Masking


@pytest.mark.parametrize(
    "text, masked",
    [
        ("write to jo.doe+recovery@mail.example.com please", f"write to {EMAIL_MASK} please"),
        ("JO@EXAMPLE.ORG", EMAIL_MASK),
        ("ana.maría@correo.es", EMAIL_MASK),
        ("call me on 555-123-4567", f"call me on {PHONE_MASK}"),
        ("(555) 123-4567", PHONE_MASK),
        ("555.123.4567", PHONE_MASK),
        ("5551234567", PHONE_MASK),
        ("+1 (212) 555-0199 after 6", f"{PHONE_MASK} after 6"),
        ("+44 20 7946 0958", PHONE_MASK),
        ("+33 6 12 34 56 78", PHONE_MASK),
        ("06 12 34 56 78", PHONE_MASK),
        ("my number is 555 1234", f"my number is {PHONE_MASK}"),
        ("tel:5551234567", f"tel:{PHONE_MASK}"),
        ("ph5551234567", f"ph{PHONE_MASK}"),
        ("jo.555.1234@mail.com", EMAIL_MASK),
        ("mail a@b.co and call 555-987-6543", f"mail {EMAIL_MASK} and call {PHONE_MASK}"),
        ("line1 555-123-4567\nline2 jo@x.io", f"line1 {PHONE_MASK}\nline2 {EMAIL_MASK}"),
    ],
)
def test_contact_details_are_masked(text: str, masked: str) -> None:
    assert mask_pii(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        *(line.short for line in load_knowledge().crisis.lines),
        *(f"is {line.number} free?" for line in load_knowledge().crisis.lines),
        "I'm 90 days sober",
        "sober since 2024",
        "from 2019-2024 I drank",
        "between 1999 2005",
        "on 12/05/2024",
        "on 2024-05-12",
        "on 12.05.2024",
        "I owe $1,500,000",
        "day 1000",
        "@home and user@localhost",
        "AA, NA & SMART: 3 groups",
        "",
    ],
)
def test_service_numbers_years_and_counts_are_kept(text: str) -> None:
    assert mask_pii(text) == text


@pytest.mark.parametrize(
    "text, stored",
    [
        ("meetings near 90210", "meetings near 902xx"),
        ("zip 10001-1234 tonight", "zip 100xx tonight"),
        ("12345", "123xx"),
    ],
)
def test_a_zip_code_is_stored_only_as_its_area(text: str, stored: str) -> None:
    # The meeting search works from the area (bot/meetings/places.py).
    assert mask_pii(text) == stored


def test_every_published_helpline_is_kept_even_written_differently() -> None:
    """The allow-list comes from the knowledge files, not from this module."""
    knowledge = load_knowledge()
    long_numbers = [line.number for line in knowledge.crisis.lines if len(re.sub(r"\D", "", line.number)) >= 7]
    assert long_numbers, "the crisis lines should include a full phone number (SAMHSA)"
    for number in long_numbers:
        digits = re.sub(r"\D", "", number)
        assert digits[-10:] in published_numbers()
        for spelling in (number, digits, f"({digits[-10:-7]}) {digits[-7:-4]}-{digits[-4:]}"):
            assert mask_pii(f"is {spelling} open now") == f"is {spelling} open now"


def test_an_unpublished_number_of_the_same_shape_is_masked() -> None:
    assert mask_pii("1-800-555-0100") == PHONE_MASK


def test_masking_is_fast_on_hostile_input() -> None:
    for text in ("a" * 200_000, "1 " * 100_000, "a." * 100_000, "a@" * 100_000, "(1" * 100_000):
        start = time.perf_counter()
        mask_pii(text)
        assert time.perf_counter() - start < 1.0, text[:10]


def test_clean_text_masks_before_it_shortens() -> None:
    """The cut in the middle of a long message must not leave half a number."""
    half = MAX_TEXT_CHARS // 2
    text = "x " * (half // 2 - 4) + "555-123-4567 " + "y " * MAX_TEXT_CHARS
    cleaned = clean_text(text)
    assert PHONE_MASK in cleaned and not re.search(r"\d{3}", cleaned)


def test_the_rest_channel_masks_text_and_metadata() -> None:
    body = {
        "sender": "s",
        "message": "I'm jo@x.com",
        "metadata": {"note": "call 555-123-4567", "deep": [{"e": "a@b.org"}]},
    }
    parsed = parse_request(json.dumps(body).encode())
    assert parsed["text"] == f"I'm {EMAIL_MASK}"
    assert parsed["metadata"] == {"note": f"call {PHONE_MASK}", "deep": [{"e": EMAIL_MASK}]}


# ---------------------------------------------------------------------------
# A real SQL tracker store on a temporary SQLite file


def conversation(sender: str, words: str, start: float = 0.0) -> DialogueStateTracker:
    """A short conversation whose events carry timestamps from ``start`` on."""
    t = start or time.time()
    events: list[Event] = [
        ActionExecuted("action_session_start", timestamp=t),
        SessionStarted(timestamp=t),
        ActionExecuted("action_listen", timestamp=t + 1),
        UserUttered(words, {"name": "ask_group", "confidence": 1.0}, timestamp=t + 2),
        BotUttered(f"about {words}", timestamp=t + 3),
    ]
    return DialogueStateTracker.from_events(sender, events)


def sql_store(path: Path) -> SQLTrackerStore:
    """The store endpoints.yml configures: SQLite in WAL mode."""
    return BoundedSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))


def rows(path: Path) -> list[tuple[str, str, float]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT sender_id, type_name, timestamp FROM events ORDER BY id").fetchall()


def senders(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for sender, _, _ in rows(path):
        counts[sender] = counts.get(sender, 0) + 1
    return counts


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tracker.db"


async def test_deleting_removes_every_event_of_that_conversation_only(db: Path) -> None:
    store = sql_store(db)
    await store.save(conversation("alice", "zebra-secret-alice"))
    await store.save(conversation("bob", "kept-words-bob"))
    assert senders(db) == {"alice": 5, "bob": 5}

    assert delete_conversation(store, "alice") == 5

    assert senders(db) == {"bob": 5}
    assert await store.retrieve("alice") is None
    assert (await store.retrieve("bob")).latest_message.text == "kept-words-bob"
    # secure_delete: the text is not left behind in the file's free pages.
    raw = stored_bytes(db)
    assert b"zebra-secret-alice" not in raw and b"kept-words-bob" in raw


async def test_deleting_goes_through_rasas_wrappers_and_the_fallback(db: Path) -> None:
    """The agent holds FailSafe(Awaitable(SQL)), maybe with an in-memory fallback."""
    sql = sql_store(db)
    await sql.save(conversation("carol", "carol words"))
    wrapped = FailSafeTrackerStore(AwaitableTrackerStore(sql))
    await wrapped.fallback_tracker_store.save(conversation("carol", "carol words"))

    assert delete_conversation(wrapped, "carol") == 10
    assert senders(db) == {}
    assert await wrapped.fallback_tracker_store.retrieve("carol") is None


async def test_deleting_from_the_in_memory_store() -> None:
    store = InMemoryTrackerStore(Domain.empty())
    await store.save(conversation("dan", "dan words"))
    await store.save(conversation("eve", "eve words"))
    assert delete_conversation(store, "dan") == 5
    assert list(await store.keys()) == ["eve"]
    assert delete_conversation(store, "nobody") == 0


def test_an_unsupported_store_is_refused_not_silently_kept() -> None:
    class OtherStore(TrackerStore):
        pass

    with pytest.raises(NotImplementedError):
        delete_conversation(OtherStore(Domain.empty()), "x")


def agent_app(store: TrackerStore) -> Any:
    """What the channels need of a Sanic app: ``app.ctx.agent`` with both stores."""
    return SimpleNamespace(
        ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore()))
    )


async def test_the_delete_command_deletes_and_confirms_without_reaching_rasa(db: Path) -> None:
    store = sql_store(db)
    await store.save(conversation("frank", "frank words"))
    await store.save(conversation("gina", "gina words"))
    reached_rasa: list[Any] = []

    async def on_new_message(message: Any) -> None:
        reached_rasa.append(message)

    output = CollectingOutputChannel()
    parsed = {"sender": "frank", "text": DELETE_COMMAND, "metadata": None}
    await respond(agent_app(store), on_new_message, parsed, output, lambda: bool(output.messages), "rest")

    assert reached_rasa == []
    assert [m["text"] for m in output.messages] == [load_knowledge().deleted_message]
    assert senders(db) == {"gina": 5}


def test_the_delete_button_sends_the_command_the_channels_intercept(domain: dict[str, Any]) -> None:
    buttons = domain["responses"]["utter_confirm_delete"][0]["buttons"]
    assert DELETE_COMMAND in [button["payload"] for button in buttons]


async def test_a_failed_deletion_is_never_confirmed() -> None:
    class OtherStore(TrackerStore):
        pass

    output = CollectingOutputChannel()

    async def on_new_message(message: Any) -> None:
        raise AssertionError("the command must not reach Rasa")

    parsed = {"sender": "h", "text": DELETE_COMMAND, "metadata": None}
    await respond(
        agent_app(OtherStore(Domain.empty())), on_new_message, parsed, output, lambda: bool(output.messages), "rest"
    )
    assert [m["text"] for m in output.messages] == [load_knowledge().unavailable_message]


# ---------------------------------------------------------------------------
# Retention


async def test_retention_deletes_old_events_and_keeps_new_ones(db: Path) -> None:
    now = time.time()
    store = sql_store(db)
    await store.save(conversation("old", "old-secret-words", start=now - 45 * DAY))
    await store.save(conversation("new", "new words", start=now - 2 * DAY))
    # A conversation that started long ago and came back this week.
    returning = conversation("back", "first visit words", start=now - 40 * DAY)
    for event in conversation("back", "second visit", start=now - DAY).events:
        returning.update(event)
    await store.save(returning)

    deleted = retention.delete_old_conversations(str(db), 30, now=now)

    assert deleted == 10
    assert senders(db) == {"new": 5, "back": 5}
    assert all(timestamp >= now - 30 * DAY for _, _, timestamp in rows(db))
    assert b"old-secret-words" not in stored_bytes(db)


def test_retention_boundary_is_exact(db: Path) -> None:
    now = 1_800_000_000.0
    with sqlite3.connect(db) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp FLOAT,"
            " intent_name TEXT, action_name TEXT, data TEXT)"
        )
        for sender, age in (("a", 30 * DAY + 1), ("b", 30 * DAY - 1)):
            connection.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')",
                (sender, now - age),
            )
    assert retention.delete_old_conversations(str(db), 30, now=now) == 1
    assert senders(db) == {"b": 1}


def test_retention_leaves_a_fresh_database_alone(db: Path) -> None:
    assert retention.delete_old_conversations(str(db), 30) == 0
    assert retention.delete_old_conversations(f"sqlite:///{db}", 30) == 0


def test_retention_refuses_a_non_positive_period(db: Path) -> None:
    with pytest.raises(ValueError):
        retention.delete_old_conversations(str(db), 0)


async def test_retention_command_line(db: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    store = sql_store(db)
    await store.save(conversation("old", "old words", start=time.time() - 10 * DAY))
    await store.save(conversation("new", "new words"))
    monkeypatch.setenv("RETENTION_DAYS", "7")
    assert retention.main(["--db", str(db)]) == 0
    assert "deleted 5 event(s) older than 7 day(s)" in capsys.readouterr().out
    assert senders(db) == {"new": 5}
