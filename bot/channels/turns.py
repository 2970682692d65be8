"""Handling one parsed message, shared by both channels.

A message is either the delete command (``bot.channels.deletion``) or a turn
for Rasa. When the turn produced no reply (action server down) or takes
longer than ``bot.timeouts.REPLY_TIMEOUT`` (action server hung) the person
gets a short apology. The turn itself is not cancelled by that limit, so Rasa
still finishes it and saves the conversation.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Sanic

from bot import timeouts
from bot.channels.deletion import delete_on_request, is_delete_command
from bot.knowledge_base import load_knowledge

logger = logging.getLogger(__name__)

# What Rasa gives a channel's blueprint: the coroutine that runs a turn.
Handler = Callable[[UserMessage], Awaitable[Any]]


def _log_failure(task: asyncio.Future[Any]) -> None:
    """Log a failed turn by exception type and code location only: the
    exception's message could quote what the person wrote."""
    error = None if task.cancelled() else task.exception()
    if error is None:
        return
    frames = "".join(traceback.format_tb(error.__traceback__))
    logger.error("Handling a message failed: %s\n%s", type(error).__name__, frames)


async def run_turn(on_new_message: Handler, message: UserMessage) -> bool:
    """Let Rasa handle ``message``; False if it failed or did not finish in time.

    When the time limit passes the turn is not cancelled: Rasa carries on in
    the background and still saves the conversation; only the waiting stops.
    """
    turn = asyncio.ensure_future(on_new_message(message))
    turn.add_done_callback(_log_failure)
    done, _ = await asyncio.wait({turn}, timeout=timeouts.REPLY_TIMEOUT)
    if not done:
        logger.warning(
            "A turn took over %.0f s: the person got an apology; it finishes in the background.",
            timeouts.REPLY_TIMEOUT,
        )
        return False
    return not turn.cancelled() and turn.exception() is None


async def respond(
    app: Sanic,
    on_new_message: Handler,
    parsed: dict[str, Any],
    output: OutputChannel,
    replied: Callable[[], bool],
    channel: str,
) -> None:
    """Handle one parsed message: delete on request, else run the turn; an
    apology whenever the person would otherwise get nothing."""
    sender, text = parsed["sender"], parsed["text"]
    if is_delete_command(text):
        await delete_on_request(app.ctx.agent, sender, output)
        return
    message = UserMessage(text, output, sender, input_channel=channel, metadata=parsed["metadata"])
    await run_turn(on_new_message, message)
    if not replied():
        await output.send_text_message(sender, load_knowledge().unavailable_message)
