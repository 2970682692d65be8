"""The Redis lock store of the scaled set: a process that died holding a
conversation's lock does not leave that conversation stuck."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

from bot.lock_store import RenewingRedisLockStore

ROOT = Path(__file__).resolve().parents[1]


class FakeRedis:
    """The three Redis commands the lock store uses, in memory."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.data.get(key)

    def set(self, key: str, value: str) -> None:
        self.data[key] = value

    def delete(self, key: str) -> int:
        return 1 if self.data.pop(key, None) is not None else 0


def store() -> RenewingRedisLockStore:
    lock_store = RenewingRedisLockStore(EndpointConfig(url="localhost", port=6380))
    lock_store.red = FakeRedis()  # type: ignore[assignment]
    return lock_store


async def test_a_message_behind_a_dead_process_gets_the_lock_once_its_ticket_expired() -> None:
    lock_store = store()
    lock_store.issue_ticket("someone", 0.3)  # the process holding it died: never released

    async def next_message() -> float:
        started = time.monotonic()
        async with lock_store.lock("someone", lock_lifetime=0.3, wait_time_in_seconds=0.1):
            return time.monotonic() - started

    waited = await asyncio.wait_for(next_message(), timeout=3)
    assert 0.2 <= waited < 1.5
    assert lock_store.get_lock("someone") is None  # released: nobody else waits


async def test_messages_of_one_conversation_still_wait_for_each_other() -> None:
    lock_store = store()
    order = []

    async def turn(name: str, seconds: float) -> None:
        async with lock_store.lock("someone", lock_lifetime=5, wait_time_in_seconds=0.05):
            order.append(f"{name} starts")
            await asyncio.sleep(seconds)
            order.append(f"{name} ends")

    first = asyncio.ensure_future(turn("first", 0.2))
    await asyncio.sleep(0.01)
    await asyncio.gather(first, turn("second", 0))
    assert order == ["first starts", "first ends", "second starts", "second ends"]


def test_the_scaled_endpoints_build_this_store(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [
        "REDIS_HOST",
        "REDIS_PORT",
        "REDIS_DB",
        "REDIS_PASSWORD",
        "PG_HOST",
        "PG_PORT",
        "PG_DB",
        "PG_USER",
        "PG_PASSWORD",
        "ACTION_LB_HOST",
        "ACTION_LB_PORT",
    ]
    for name, value in {name: "6380" if name.endswith("PORT") else "0" for name in names}.items():
        monkeypatch.setenv(name, value)
    config = read_endpoint_config(str(ROOT / "deploy" / "endpoints.scaled.yml"), "lock_store")
    assert isinstance(LockStore.create(config), RenewingRedisLockStore)
