"""A SQL tracker store whose conversations cost the same on turn 300 as on turn 10.

Rasa rebuilds the conversation from its stored events on every message, and
its policies, the action server call and the risk policy then walk all of
them: measured here, a turn took about five times longer after 300 messages
than after 10, with no end until the session expired.

Rasa already bounds this by conversation sessions: ``SQLTrackerStore.retrieve``
reads only the events since the latest ``SessionStarted``. This store starts
a new session in the middle of a long conversation, the way Rasa's own
``action_session_start`` does (``SessionStarted``, the slots carried over,
``action_listen``), when it saves a turn and

* the session has ``TURNS_PER_SESSION`` messages of the person or more,
* no form is active, the last reply was not a safety reply (the person may be
  answering it), and no earlier message of the session carried a risk signal
  (``bot.risk_policy`` weighs those; a conversation with one keeps its whole
  session, safety before speed).

Its database errors never quote the statement's parameters (Rasa's engine
logs them: sender ids and message text). With SQLite (the ``make run``
default) it also keeps its connections open and
writes in WAL mode with ``synchronous=NORMAL``: Rasa's stock engine opens a new
connection for every read and write and waits for the disk on every commit,
all inside the event loop that serves everyone. In WAL mode a power cut can
lose the last turns, never corrupt the file.

The policies look back four turns (``max_history``) and every slot is carried
over, so the reply to the next message is the same. Every event stays stored,
so deleting a conversation or Rasa's full-tracker API still sees all of it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.risk import Level
from bot.risk_policy import OWN_ACTIONS, conversation, message_level

TURNS_PER_SESSION = 20


def should_start_new_session(tracker: DialogueStateTracker) -> bool:
    """True when the session is long and nothing in it needs its history."""
    messages = sum(isinstance(event, UserUttered) for event in tracker.events)
    if messages < TURNS_PER_SESSION or tracker.active_loop_name or tracker.latest_action_name != ACTION_LISTEN_NAME:
        return False
    earlier_levels, _ = conversation(tracker)
    levels = earlier_levels + ([message_level(tracker.latest_message)] if tracker.latest_message else [])
    return all(level is Level.CALM for level in levels) and not OWN_ACTIONS.intersection(replies_to_latest(tracker))


def replies_to_latest(tracker: DialogueStateTracker) -> list[str]:
    """The bot's actions after the person's latest message."""
    actions: list[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            actions.append(event.action_name)
    return actions


def new_session_events(tracker: DialogueStateTracker) -> list[Event]:
    """What Rasa's action_session_start returns, with every set slot carried over."""
    slots = [SlotSet(name, slot.value) for name, slot in tracker.slots.items() if slot.value != slot.initial_value]
    return [SessionStarted(), *slots, ActionExecuted(ACTION_LISTEN_NAME)]


def engine_options(url: Any) -> dict[str, Any]:
    """Rasa's engine options, never quoting statement parameters in errors
    (they are conversation content), and for SQLite kept connections."""
    if url.get_backend_name() == "sqlite":
        # One event loop thread uses the connections, one at a time.
        return {
            "hide_parameters": True,
            "poolclass": sa.pool.QueuePool,
            "pool_size": 2,
            "connect_args": {"check_same_thread": False},
        }
    return {"hide_parameters": True, **create_engine_kwargs(url)}


def use_wal(connection: Any, _record: Any) -> None:
    """SQLite pragmas for each new connection (see the module)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class BoundedSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that starts a new session in long conversations (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stock: Any = vars(self)["engine"]
        url = stock.url
        stock.dispose()
        self.engine = sa.create_engine(url, **engine_options(url))
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", use_wal)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if should_start_new_session(tracker):
            tracker.update_with_events(new_session_events(tracker), domain=None)
        await super().save(tracker)
