"""Input channels that never crash on bad input and never log message text.

``SafeRestInput`` replaces Rasa's stock REST channel under the same name and
URL (``/webhooks/rest/webhook``); ``SafeSocketIOInput`` replaces the stock
socket.io channel (``/socket.io``). The stock channels answer HTTP 500 to an
empty body or a JSON array, crash on a socket.io payload that is not an
object, log message text on errors, put every REST request without a sender
into one shared "default" conversation, and (socket.io, with
python-socketio 5) never join the conversation's room, so replies are lost.

Both channels here, for every message:

1. check the request and refuse a bad one with a reason (REST: 400/413 JSON;
   socket.io: a ``bad_request`` event to that socket only);
2. clean the text (``clean_text``): control characters removed, e-mail
   addresses and phone numbers masked (``bot.privacy.mask_pii``) so they are
   never stored or logged, length bounded; an empty message becomes the
   ``/empty_message`` intent;
3. intercept ``/delete_my_conversation``: the conversation's stored events
   are deleted and the person gets a confirmation; the command itself never
   reaches Rasa, so nothing new is stored;
4. otherwise run the turn, and when it produced no reply (action server down)
   or takes longer than ``bot.timeouts.REPLY_TIMEOUT`` (action server hung)
   send a short apology. The turn itself is not cancelled by that limit, so
   Rasa still finishes it and saves the conversation.

``POST /webhooks/rest/delete`` with ``{"sender": "..."}`` deletes a
conversation without sending a message.
"""
from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import re
import traceback
import unicodedata
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import timeouts
from bot.crisis import detect_crisis
from bot.knowledge_base import load_knowledge
from bot.privacy import delete_conversation, mask_pii, mask_values

logger = logging.getLogger(__name__)

# 10,000 characters fit even when every one is JSON-escaped as \uXXXX, or as
# a surrogate pair for an emoji (12 bytes): 120 KB.
MAX_BODY_BYTES = 128 * 1024
# About two pages: longer messages keep their beginning and end (and any danger
# signal from the middle, see shorten()). The NLU's time grows faster than the
# length: 10,000 characters of one-letter words kept the server busy for 4 s.
MAX_TEXT_CHARS = 5_000
MAX_SENDER_CHARS = 128
# Sent for a message that is empty once cleaned: an intent, not text, so the
# classifier never has to guess what nothing means.
EMPTY_MESSAGE_INTENT = "/empty_message"
# Every emoji or punctuation mark is a token to the NLU, and 10,000 of them
# keep the server busy for seconds (spaCy's tokenizer is quadratic on one long
# run of them, the classifier slow on long sequences). A run of one repeated
# symbol ("!!!!!!", "🙏🙏🙏🙏") is cut to three, and symbols past MAX_SYMBOLS
# are dropped: they add nothing to what a message means.
MAX_SYMBOLS = 500
_REPEATED_SYMBOL = re.compile(r"([^\w\s])\1{3,}")
_SYMBOL = re.compile(r"[^\w\s]")
# Size of the passage kept from the middle of an over-long message when the
# crisis detector fires there (see shorten()).
CRISIS_WINDOW = 1_000
# The exact text (a button payload) that deletes the conversation.
DELETE_COMMAND = "/delete_my_conversation"
# socket.io event telling one socket why its payload was refused.
BAD_REQUEST_EVENT = "bad_request"

# C0/C1 control characters except tab and newline, lone surrogates, and
# invisible zero-width spaces (a message of only those is empty).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200b\u2060\ufeff]")

Handler = Callable[[UserMessage], Awaitable[Any]]


def clean_text(text: str) -> str:
    """The user's text as it may be stored: NFC, no control characters, contact
    details masked, no floods of emoji or punctuation, bounded length.

    Masking comes before shortening, so that the cut can never leave half of
    a phone number readable.
    """
    text = mask_pii(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).strip())
    return shorten(_fewer_symbols(text).strip()) or EMPTY_MESSAGE_INTENT


def _fewer_symbols(text: str) -> str:
    """Repeated symbols cut to three, and none past the MAX_SYMBOLS-th."""
    text = _REPEATED_SYMBOL.sub(r"\1\1\1", text)
    seen = 0

    def keep(match: "re.Match[str]") -> str:
        nonlocal seen
        seen += 1
        return match.group(0) if seen <= MAX_SYMBOLS else ""

    return _SYMBOL.sub(keep, text)


def shorten(text: str) -> str:
    """``text`` within MAX_TEXT_CHARS: its beginning and its end, where people
    usually put what matters most, and any danger signal from the middle.

    A pasted letter can bury "I'm going to end it tonight" in its middle; the
    crisis safety net only sees what is kept, so the first passage of the cut
    part that the detector flags is kept too.
    """
    if len(text) <= MAX_TEXT_CHARS:
        return text
    half = MAX_TEXT_CHARS // 2
    head, middle, tail = text[:half], text[half:-half], text[-half:]
    passage = _crisis_passage(middle)
    if passage and detect_crisis(f"{head} {tail}") is None:
        return f"{head[:half - len(passage) - 5]} ... {passage} ... {tail}"
    return f"{head} ... {tail}"


def _crisis_passage(text: str) -> str:
    """The first window of ``text`` in which the crisis detector fires, or ""."""
    if detect_crisis(text) is None:
        return ""
    step = CRISIS_WINDOW // 2
    for start in range(0, max(len(text) - step, 1), step):
        window = text[start:start + CRISIS_WINDOW]
        if detect_crisis(window) is not None:
            return window
    return text[-CRISIS_WINDOW:]


class BadRequest(ValueError):
    """The request cannot be turned into a user message; the text says why."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.status = status


def parse_sender(value: Any, field: str = "sender") -> str:
    """A conversation id: a non-empty, bounded string without control characters."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_SENDER_CHARS:
        raise BadRequest(f"'{field}' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
    sender = _CONTROL.sub("", value.strip())
    if not sender:
        raise BadRequest(f"'{field}' must contain visible characters")
    return sender


def _parse_metadata(value: Any) -> Optional[Dict[str, Any]]:
    # socket.io clients may send metadata as a JSON string (Rasa accepts it).
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise BadRequest("'metadata' must be a JSON object") from None
    if value is not None and not isinstance(value, dict):
        raise BadRequest("'metadata' must be a JSON object")
    return mask_values(value) if value else None


def parse_message(payload: Any, sender_field: str = "sender", sender: Optional[str] = None) -> Dict[str, Any]:
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


def parse_request(body: bytes) -> Dict[str, Any]:
    """Validate a REST request body and return sender, text and metadata."""
    return parse_message(decode_json(body))


# ---------------------------------------------------------------------------
# Handling a message, shared by both channels


def _log_failure(task: "asyncio.Future[Any]") -> None:
    """Log a failed turn by exception type and code location only: the
    exception's message could quote what the person wrote."""
    if task.cancelled() or task.exception() is None:
        return
    error = task.exception()
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
        logger.warning("A turn took over %.0f s: the person got an apology; it finishes in the background.", timeouts.REPLY_TIMEOUT)
        return False
    return not turn.cancelled() and turn.exception() is None


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


async def respond(
    app: Sanic,
    on_new_message: Handler,
    parsed: Dict[str, Any],
    output: OutputChannel,
    replied: Callable[[], bool],
    channel: str,
) -> None:
    """Handle one parsed message: delete on request, else run the turn; an
    apology whenever the person would otherwise get nothing."""
    knowledge = load_knowledge()
    sender, text = parsed["sender"], parsed["text"]
    if text == DELETE_COMMAND:
        done = await forget(app.ctx.agent, sender)
        await output.send_text_message(sender, knowledge.deleted_message if done else knowledge.unavailable_message)
        return
    message = UserMessage(text, output, sender, input_channel=channel, metadata=parsed["metadata"])
    await run_turn(on_new_message, message)
    if not replied():
        await output.send_text_message(sender, knowledge.unavailable_message)


# ---------------------------------------------------------------------------
# REST


class SafeRestInput(RestInput):
    """Rasa's REST channel, hardened: see the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        webhook = Blueprint(f"safe_rest_webhook_{id(self)}", __name__)
        load_knowledge()  # fail at start-up, not on the first message

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                parsed = parse_request(request.body or b"")
            except BadRequest as problem:
                return response.json({"error": str(problem)}, status=problem.status)
            collector = CollectingOutputChannel()
            await respond(request.app, on_new_message, parsed, collector, lambda: bool(collector.messages), self.name())
            return response.json(collector.messages)

        @webhook.route("/delete", methods=["POST"])
        async def delete(request: Request) -> HTTPResponse:
            try:
                payload = decode_json(request.body or b"")
                sender = parse_sender(payload.get("sender") if isinstance(payload, dict) else None)
            except BadRequest as problem:
                return response.json({"error": str(problem)}, status=problem.status)
            if not await forget(request.app.ctx.agent, sender):
                return response.json({"error": "the conversation could not be deleted; try again"}, status=503)
            return response.json({"deleted": True})

        return webhook

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return None


# ---------------------------------------------------------------------------
# socket.io


class TrackedSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, remembering whether anything was sent."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent = False

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        self.sent = True
        await super()._send_message(socket_id, response)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        self.sent = True
        await super().send_custom_json(recipient_id, json_message, **kwargs)


def allowed_origins() -> Optional[set]:
    """Browser origins allowed to open a socket (``CHAT_ORIGIN``, space-separated).

    Browsers do not apply CORS to WebSockets, so without this check any web
    site could open a socket to the assistant from its visitors' browsers.
    ``None`` (variable unset) allows every origin, as Rasa does.
    """
    value = os.environ.get("CHAT_ORIGIN", "").split()
    return set(value) if value else None


class SafeSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel, hardened: see the module docstring.

    It reuses Rasa's blueprint (health route, JWT check on connect) and
    replaces the handlers that read client data.
    """

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        socket_blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by Rasa's blueprint()
        sio.eio.max_http_buffer_size = MAX_BODY_BYTES
        load_knowledge()  # fail at start-up, not on the first message
        rasa_connect = sio.handlers.get(self.namespace or "/", {}).get("connect")

        async def connect(sid: Text, environ: Dict[str, Any], auth: Optional[Dict[str, Any]] = None) -> bool:
            origins = allowed_origins()
            origin = environ.get("HTTP_ORIGIN")
            if origins is not None and origin and origin not in origins:
                logger.info("Refused a socket from another origin.")
                return False
            if rasa_connect is None:
                return True
            return bool(await rasa_connect(sid, environ, auth))

        async def session_request(sid: Text, data: Any = None) -> None:
            session_id = self._session_id(data) or uuid.uuid4().hex
            if self.session_persistence:
                # python-socketio 5 made enter_room a coroutine; Rasa 3.6 does
                # not await it, so its rooms (and replies) never work.
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def handle_message(sid: Text, *args: Any) -> None:
            # A client that emits a list sends its items as separate
            # arguments: take them together, so any shape gets an answer.
            data = args[0] if len(args) == 1 else list(args)
            try:
                parsed = self._parse(sid, data)
            except BadRequest as problem:
                await sio.emit(BAD_REQUEST_EVENT, {"error": str(problem)}, room=sid, namespace=self.namespace)
                return
            output = TrackedSocketIOOutput(sio, self.bot_message_evt)
            app = next(iter(socket_blueprint.apps))
            await respond(app, on_new_message, parsed, output, lambda: output.sent, self.name())

        sio.on("connect", handler=connect, namespace=self.namespace)
        sio.on("session_request", handler=session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handler=handle_message, namespace=self.namespace)
        return socket_blueprint

    @staticmethod
    def _session_id(data: Any) -> Optional[str]:
        """The session id a client asks for, if it is a valid conversation id."""
        try:
            return parse_sender(data.get("session_id"), "session_id") if isinstance(data, dict) else None
        except BadRequest:
            return None

    def _parse(self, sid: Text, data: Any) -> Dict[str, Any]:
        if not isinstance(data, dict):
            raise BadRequest("the message must be an object")
        if self.session_persistence:
            return parse_message({**data, "metadata": data.get(self.metadata_key)}, "session_id")
        return parse_message({**data, "metadata": data.get(self.metadata_key)}, sender=sid)
