"""The tracker store: long conversations start new sessions, and nothing is lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.crisis_guard import RISK_ENTITY
from bot.dialogue import DOMAIN_DIR
from bot.risk import Level
from bot.tracker_store import TURNS_PER_SESSION, BoundedSQLTrackerStore, should_start_new_session
from tests.conftest import entity

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rasa_domain() -> Domain:
    return Domain.load(str(DOMAIN_DIR))


@pytest.fixture
def store(tmp_path: Path, rasa_domain: Domain) -> BoundedSQLTrackerStore:
    return BoundedSQLTrackerStore(domain=rasa_domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))


def turn(intent: str, reply: str, level: Level | None = None) -> list[Event]:
    entities = [entity(RISK_ENTITY, level.value)] if level else []
    return [
        UserUttered(f"a message ({intent})", {"name": intent, "confidence": 0.99}, entities),
        ActionExecuted(reply),
        ActionExecuted("action_listen"),
    ]


def conversation(rasa_domain: Domain, turns: int, last: list[Event] | None = None) -> DialogueStateTracker:
    events: list[Event] = [SessionStarted(), ActionExecuted("action_listen"), SlotSet("group", "aa")]
    for _ in range(turns - (1 if last else 0)):
        events += turn("ask_group", "action_describe_group")
    events += last or []
    return DialogueStateTracker.from_events("someone", events, rasa_domain.slots)


def test_a_long_calm_conversation_starts_a_new_session(rasa_domain: Domain) -> None:
    assert should_start_new_session(conversation(rasa_domain, TURNS_PER_SESSION))
    assert not should_start_new_session(conversation(rasa_domain, TURNS_PER_SESSION - 1))


def test_no_new_session_inside_a_form(rasa_domain: Domain) -> None:
    tracker = conversation(rasa_domain, TURNS_PER_SESSION)
    tracker.update(ActiveLoop("group_finder_form"))
    tracker.update(ActionExecuted("action_listen"))
    assert not should_start_new_session(tracker)


@pytest.mark.parametrize("level", [Level.DISTRESS, Level.AMBIGUOUS, Level.DANGER])
def test_no_new_session_once_a_message_carried_a_risk_signal(rasa_domain: Domain, level: Level) -> None:
    tracker = conversation(rasa_domain, TURNS_PER_SESSION)
    risky = DialogueStateTracker.from_events(
        "someone",
        list(tracker.events)[:3] + turn("ask_strategy", "action_suggest_strategy", level) + list(tracker.events)[3:],
        rasa_domain.slots,
    )
    assert not should_start_new_session(risky)


@pytest.mark.parametrize("reply", ["utter_ask_risk", "utter_crisis", "utter_means_check_in"])
def test_no_new_session_while_the_person_may_answer_a_safety_reply(rasa_domain: Domain, reply: str) -> None:
    tracker = conversation(rasa_domain, TURNS_PER_SESSION, last=turn("greet", reply))
    assert not should_start_new_session(tracker)


async def test_the_next_turn_reads_only_the_new_session_with_the_slots_carried_over(
    store: BoundedSQLTrackerStore, rasa_domain: Domain
) -> None:
    tracker = conversation(rasa_domain, TURNS_PER_SESSION)
    stored = len(tracker.events)
    await store.save(tracker)

    latest = await store.retrieve("someone")
    assert latest is not None
    assert isinstance(latest.events[0], SessionStarted)
    assert len(latest.events) < 5 and latest.get_slot("group") == "aa"
    assert latest.latest_action_name == "action_listen"

    # Nothing was dropped: the full history holds both sessions.
    full = await store.retrieve_full_tracker("someone")
    assert full is not None and len(full.events) == stored + len(latest.events)

    # The next turns are stored after the new session, exactly once.
    for event in turn("ask_group", "action_describe_group"):
        latest.update(event)
    await store.save(latest)
    again = await store.retrieve("someone")
    assert again is not None and len(again.events) == len(latest.events)


async def test_a_short_conversation_is_stored_as_rasa_stores_it(
    store: BoundedSQLTrackerStore, rasa_domain: Domain
) -> None:
    tracker = conversation(rasa_domain, 3)
    await store.save(tracker)
    again = await store.retrieve("someone")
    assert again is not None and [e.as_dict()["event"] for e in again.events] == [
        e.as_dict()["event"] for e in tracker.events
    ]


def test_sqlite_writes_in_wal_mode_on_kept_connections(store: BoundedSQLTrackerStore) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert type(store.engine.pool).__name__ == "QueuePool"


def test_endpoints_yml_uses_this_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rasa_domain: Domain) -> None:
    # Rasa silently falls back to an in-memory store when a custom type does
    # not import: conversations would then vanish on every restart.
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    created = TrackerStore.create(config, rasa_domain)
    assert isinstance(getattr(created, "_tracker_store", created), BoundedSQLTrackerStore)
    assert os.path.exists(tmp_path / "tracker.db")


async def test_database_errors_do_not_quote_conversation_content(store: BoundedSQLTrackerStore) -> None:
    import sqlalchemy as sa

    with pytest.raises(sa.exc.SQLAlchemyError) as raised, store.engine.connect() as connection:
        connection.execute(sa.text("SELECT * FROM no_such_table WHERE x = :x"), {"x": "i feel awful"})
    assert "i feel awful" not in str(raised.value)
