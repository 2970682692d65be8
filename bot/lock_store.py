"""A Redis lock store for several Rasa processes that survives one of them dying.

Rasa lets one process at a time handle a conversation by giving every message
a ticket in the conversation's lock (``rasa.core.lock_store``). When a process
dies holding the lock, the next message (resent to another process by the
load balancer) waits for the dead ticket to expire. Both tickets have the
same lifetime and Rasa looks again only once a second, so the waiting ticket
mostly expires in the same second as the dead one, and Rasa never hands the
lock on: the message is answered with the apology, or not at all (measured in
``tests/scaled``).

Here a waiting message whose ticket expired takes a new one, which is then
first in line: it is answered once the dead ticket has expired
(``TICKET_LOCK_LIFETIME``, set below the channels' reply limit by
``scripts/scaled.sh``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig


class RenewingRedisLockStore(RedisLockStore):
    """``RedisLockStore`` whose waiting tickets are renewed when they expire."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds a lock store named by its module path from the endpoint.
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            lock, ticket = await self._wait_for_turn(conversation_id, ticket, lock_lifetime, wait_time_in_seconds)
            yield lock
        finally:
            self.cleanup(conversation_id, ticket)

    async def _wait_for_turn(
        self, conversation_id: str, ticket: int, lock_lifetime: float, wait_time_in_seconds: float
    ) -> tuple[TicketLock, int]:
        while True:
            lock = self.get_lock(conversation_id)
            if lock is None or all(held.number != ticket or held.has_expired() for held in lock.tickets):
                # Expired while waiting (behind a process that died): a new ticket.
                ticket = self.issue_ticket(conversation_id, lock_lifetime)
                continue
            if not lock.is_locked(ticket):
                return lock, ticket
            await asyncio.sleep(wait_time_in_seconds)
            self.update_lock(conversation_id)
