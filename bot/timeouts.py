"""How long a person may be kept waiting when the action server is slow.

Three things, installed by ``bot.rasa_extensions.install`` (the one place
where this project replaces parts of Rasa; ``bot.server`` calls it before
Rasa starts):

1. **A short action timeout.** Rasa 3.6 waits up to five minutes
   (``rasa.core.constants.DEFAULT_REQUEST_TIMEOUT``, hard-coded, no setting in
   ``endpoints.yml``) for every call to the action server. A person writing to
   this assistant must not watch a typing indicator for five minutes.
   ``rasa.core.actions.action`` copies the constant into its own namespace and
   reads it there at each call, so setting it there shortens every
   custom-action call of this process without touching Rasa's code.

2. **A timeout is an ordinary action failure.** Before predicting anything,
   Rasa runs the custom actions named in slot mappings
   (``action_extract_slots``); it survives a refused connection there but not
   a timeout (``asyncio.TimeoutError`` escapes, the whole turn is lost and not
   saved, and a crisis message gets no handoff). ``RemoteAction.run`` is
   wrapped so that a timeout raises the ``RasaException`` that Rasa handles
   everywhere: the action's events are dropped, the turn goes on.

3. **No waiting twice for a server known to hang.** After a timeout, calls
   fail at once for ``RETRY_AFTER`` seconds; then one quick health check
   (``/health``, ``PROBE_TIMEOUT``) decides whether to call it again. Without
   this, every turn would wait ``ACTION_TIMEOUT`` once per custom action, and
   a crisis message queued behind a slow turn of the same conversation would
   wait for both. Crisis replies are domain responses chosen by rules, so with
   the action server failing fast they come back at once.

``REPLY_TIMEOUT`` is the channels' limit for a whole turn: past it the person
gets the "can't look that up right now" apology while Rasa finishes the turn
in the background and saves the conversation.

All four can be changed through the environment (seconds).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.actions.action import RemoteAction
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)


def _seconds(name: str, default: float) -> float:
    """A positive number of seconds from the environment, else ``default``."""
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


ACTION_TIMEOUT = _seconds("ACTION_TIMEOUT", 8.0)
REPLY_TIMEOUT = _seconds("REPLY_TIMEOUT", 10.0)
RETRY_AFTER = _seconds("ACTION_RETRY_AFTER", 5.0)
PROBE_TIMEOUT = _seconds("ACTION_PROBE_TIMEOUT", 1.0)


def health_url(webhook_url: str) -> str | None:
    """rasa_sdk's health check next to its webhook, if the URL is the usual one."""
    base, _, last = webhook_url.rstrip("/").rpartition("/")
    return f"{base}/health" if last == "webhook" and base else None


async def answers_health_check(webhook_url: str) -> bool:
    """True if the action server answers its health check within PROBE_TIMEOUT."""
    url = health_url(webhook_url)
    if url is None:
        return True  # cannot check: let the next real call decide
    try:
        timeout = aiohttp.ClientTimeout(total=PROBE_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as response:
            return response.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return False


class Breaker:
    """Remembers that the action server just timed out (see point 3 above)."""

    def __init__(self, retry_after: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.retry_after = retry_after
        self.clock = clock
        self.tripped_until: float | None = None

    def trip(self) -> None:
        self.tripped_until = self.clock() + self.retry_after

    async def allows_call(self, webhook_url: str) -> bool:
        """False while the server is known to hang; after the pause, a health check decides."""
        if self.tripped_until is None:
            return True
        if self.clock() < self.tripped_until:
            return False
        self.trip()  # concurrent turns fail fast while this one checks
        if await answers_health_check(webhook_url):
            self.tripped_until = None
            logger.info("The action server answers again.")
            return True
        return False


BREAKER = Breaker(RETRY_AFTER)


def guarded(rasa_run: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """Rasa's ``RemoteAction.run`` (given by ``bot.rasa_extensions``, which keeps it)
    made to fail fast, and fail like Rasa expects, on a hung server."""

    async def guarded_run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        url = self.action_endpoint.url if self.action_endpoint else ""
        if not await BREAKER.allows_call(url):
            raise RasaException(f"Custom action '{self.name()}' skipped: the action server did not answer recently.")
        try:
            return await rasa_run(self, *args, **kwargs)
        except asyncio.TimeoutError as error:
            BREAKER.trip()
            logger.error(
                "The action server did not answer within %.0f s; not calling it for %.0f s.",
                ACTION_TIMEOUT,
                RETRY_AFTER,
            )
            raise RasaException(f"Custom action '{self.name()}' timed out after {ACTION_TIMEOUT:.0f} s.") from error

    return guarded_run
