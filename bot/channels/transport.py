"""Turning what a client sent (a REST body, a socket.io payload) into a message.

Every check refuses a bad request with a ``BadRequest`` that says why; the
channels answer it as a 400/413 (REST) or a ``bad_request`` event (socket.io).
A valid request becomes a dict of ``sender``, cleaned ``text`` and masked
``metadata``.
"""

from __future__ import annotations

import json
from typing import Any

from bot.channels.limits import CONTROL_CHARS, MAX_BODY_BYTES, MAX_SENDER_CHARS, clean_text
from bot.privacy import mask_values


class BadRequest(ValueError):
    """The request cannot be turned into a user message; the text says why."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.status = status


def parse_sender(value: Any, field: str = "sender") -> str:
    """A conversation id: a non-empty, bounded string without control characters."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_SENDER_CHARS:
        raise BadRequest(f"'{field}' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
    sender = CONTROL_CHARS.sub("", value.strip())
    if not sender:
        raise BadRequest(f"'{field}' must contain visible characters")
    return sender


def _parse_metadata(value: Any) -> dict[str, Any] | None:
    # socket.io clients may send metadata as a JSON string (Rasa accepts it).
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise BadRequest("'metadata' must be a JSON object") from None
    if value is not None and not isinstance(value, dict):
        raise BadRequest("'metadata' must be a JSON object")
    return mask_values(value) if value else None


def parse_message(payload: Any, sender_field: str = "sender", sender: str | None = None) -> dict[str, Any]:
    """Validate a decoded message payload and return sender, text and metadata.

    ``sender`` is given when the channel, not the payload, names the
    conversation (socket.io without session persistence: the socket id).
    """
    if not isinstance(payload, dict):
        raise BadRequest("body must be a JSON object")
    sender = sender if sender is not None else parse_sender(payload.get(sender_field), sender_field)
    message = payload.get("message")
    if message is None:
        message = ""
    if not isinstance(message, str):
        raise BadRequest("'message' must be a string")
    return {"sender": sender, "text": clean_text(message), "metadata": _parse_metadata(payload.get("metadata"))}


def decode_json(body: bytes) -> Any:
    """The JSON value of a REST request body, within the size limit."""
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(f"request body over {MAX_BODY_BYTES} bytes", status=413)
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("body must be a UTF-8 JSON object") from None


def parse_request(body: bytes) -> dict[str, Any]:
    """Validate a REST request body and return sender, text and metadata."""
    return parse_message(decode_json(body))
