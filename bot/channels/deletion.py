"""Deleting a conversation on request: the delete command, and forgetting.

The command is the knowledge's ``delete_command`` (the payload of the "Delete
my conversation" button). A message that is exactly that command is answered
here and never reaches Rasa, so nothing new is stored; the REST channel's
``/delete`` route forgets a conversation without a message. What is deleted,
and how, is ``bot.privacy.delete_conversation``.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.channel import OutputChannel

from bot.knowledge_base import load_knowledge
from bot.privacy import delete_conversation

logger = logging.getLogger(__name__)


def is_delete_command(text: str) -> bool:
    """Whether a cleaned message asks to delete its conversation."""
    return text == load_knowledge().delete_command


async def forget(agent: Any, sender_id: str) -> bool:
    """Delete a conversation's stored events; False (and logged) if that failed.

    Done under the conversation's lock, so that a turn still running cannot
    save its events afterwards.
    """
    try:
        async with agent.lock_store.lock(sender_id):
            delete_conversation(agent.tracker_store, sender_id)
        return True
    except Exception as error:  # noqa: BLE001 - the person is told it failed
        logger.error("Deleting a conversation failed: %s", type(error).__name__)
        return False


async def delete_on_request(agent: Any, sender_id: str, output: OutputChannel) -> None:
    """Forget the conversation and tell the person whether that worked."""
    knowledge = load_knowledge()
    done = await forget(agent, sender_id)
    await output.send_text_message(sender_id, knowledge.deleted_message if done else knowledge.unavailable_message)
