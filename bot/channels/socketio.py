"""The socket.io channel (``/socket.io``).

It reuses Rasa's blueprint (health route, JWT check on connect) and replaces
the handlers that read client data: the origin is checked on connect, the
conversation's room is joined (python-socketio 5), and a bad payload gets a
``bad_request`` event to that socket only.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from typing import Any

from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.limits import MAX_BODY_BYTES
from bot.channels.origins import origin_allowed
from bot.channels.transport import BadRequest, parse_message, parse_sender
from bot.channels.turns import Handler, respond
from bot.knowledge_base import load_knowledge

logger = logging.getLogger(__name__)

# socket.io event telling one socket why its payload was refused.
BAD_REQUEST_EVENT = "bad_request"


class TrackedSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, remembering whether anything was sent."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent = False

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.sent = True
        await super()._send_message(socket_id, response)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        self.sent = True
        await super().send_custom_json(recipient_id, json_message, **kwargs)


class SafeSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel, hardened: see ``bot.channels``."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        socket_blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by Rasa's blueprint()
        sio.eio.max_http_buffer_size = MAX_BODY_BYTES
        load_knowledge()  # fail at start-up, not on the first message
        rasa_connect = sio.handlers.get(self.namespace or "/", {}).get("connect")

        async def connect(sid: str, environ: dict[str, Any], auth: dict[str, Any] | None = None) -> bool:
            if not origin_allowed(environ):
                logger.info("Refused a socket from another origin.")
                return False
            if rasa_connect is None:
                return True
            return bool(await rasa_connect(sid, environ, auth))

        async def session_request(sid: str, data: Any = None) -> None:
            session_id = self._session_id(data) or uuid.uuid4().hex
            if self.session_persistence:
                # python-socketio 5 made enter_room a coroutine; Rasa 3.6 does
                # not await it, so its rooms (and replies) never work.
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def handle_message(sid: str, *args: Any) -> None:
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
    def _session_id(data: Any) -> str | None:
        """The session id a client asks for, if it is a valid conversation id."""
        try:
            return parse_sender(data.get("session_id"), "session_id") if isinstance(data, dict) else None
        except BadRequest:
            return None

    def _parse(self, sid: str, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise BadRequest("the message must be an object")
        if self.session_persistence:
            return parse_message({**data, "metadata": data.get(self.metadata_key)}, "session_id")
        return parse_message({**data, "metadata": data.get(self.metadata_key)}, sender=sid)
