"""Input channels that never crash on bad input and never log message text.

``SafeRestInput`` replaces Rasa's stock REST channel under the same name and
URL (``/webhooks/rest/webhook``). The stock channel answers HTTP 500 to an
empty body or a JSON array, logs message text on errors, and puts every
request without a sender into one shared "default" conversation. This one
checks the request, answers a clean 4xx with a reason, cleans the text, and
when the dialogue produced no reply (for instance because the action server
is down) sends a short apology instead of silence.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.knowledge_base import load_knowledge

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_CHARS = 10_000
MAX_SENDER_CHARS = 128
# Sent for a message that is empty once cleaned: an intent, not text, so the
# classifier never has to guess what nothing means.
EMPTY_MESSAGE_INTENT = "/empty_message"

# C0/C1 control characters except tab and newline, lone surrogates, and
# invisible zero-width spaces (a message of only those is empty).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200b\u2060\ufeff]")


def clean_text(text: str) -> str:
    """Normalise a user's text: NFC, no control characters, bounded length.

    A message over the limit keeps its beginning and its end, where people
    usually put what matters most.
    """
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if len(text) > MAX_TEXT_CHARS:
        half = MAX_TEXT_CHARS // 2
        text = f"{text[:half]} ... {text[-half:]}"
    return text or EMPTY_MESSAGE_INTENT


class BadRequest(ValueError):
    """The request cannot be turned into a user message; the text says why."""


def parse_request(body: bytes) -> Dict[str, Any]:
    """Validate a REST request body and return sender, text and metadata."""
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(f"request body over {MAX_BODY_BYTES} bytes")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("body must be a UTF-8 JSON object") from None
    if not isinstance(payload, dict):
        raise BadRequest("body must be a JSON object")
    sender, message, metadata = payload.get("sender"), payload.get("message"), payload.get("metadata")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
    if message is None:
        message = ""
    if not isinstance(message, str):
        raise BadRequest("'message' must be a string")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("'metadata' must be a JSON object")
    return {"sender": _CONTROL.sub("", sender.strip()), "text": clean_text(message), "metadata": metadata}


class SafeRestInput(RestInput):
    """Rasa's REST channel, hardened: see the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"safe_rest_webhook_{id(self)}", __name__)
        unavailable = load_knowledge().unavailable_message

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                parsed = parse_request(request.body or b"")
            except BadRequest as problem:
                status = 413 if "over" in str(problem) else 400
                return response.json({"error": str(problem)}, status=status)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        parsed["text"],
                        collector,
                        parsed["sender"],
                        input_channel=self.name(),
                        metadata=parsed["metadata"],
                    )
                )
            except Exception:  # noqa: BLE001 - the person still gets an answer
                # No message text in the log: it may hold health information.
                logger.exception("Handling a REST message failed")
            messages = collector.messages or [{"recipient_id": parsed["sender"], "text": unavailable}]
            return response.json(messages)

        return webhook

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return None
