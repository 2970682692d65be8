"""The REST channel: ``POST /webhooks/rest/webhook`` for a message, and
``POST /webhooks/rest/delete`` with ``{"sender": "..."}`` to delete a
conversation without sending a message."""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.deletion import forget
from bot.channels.transport import BadRequest, decode_json, parse_request, parse_sender
from bot.channels.turns import Handler, respond
from bot.knowledge_base import load_knowledge


class SafeRestInput(RestInput):
    """Rasa's REST channel, hardened: see ``bot.channels``."""

    @classmethod
    def name(cls) -> str:
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

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        return None
