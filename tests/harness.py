"""Test helpers for the running assistant: clients for its socket.io channel
and readers of its SQLite tracker store.

Its processes and REST client (``Assistant``, ``running_assistant``) are in
``scripts/assistant.py``, which the soak and bench scripts use too: tests
import ``scripts``, scripts never import ``tests``.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import socketio
import websockets

from scripts.assistant import Assistant


async def until_quiet(receive: Callable[[], Awaitable[Any]], timeout: float, quiet: float) -> list[Any]:
    """What ``receive()`` gives until nothing came for ``quiet`` seconds (the
    first item within ``timeout``) or the WebSocket closed; None items are skipped."""
    found: list[Any] = []
    wait = timeout
    while True:
        try:
            item = await asyncio.wait_for(receive(), wait)
        except (asyncio.TimeoutError, websockets.ConnectionClosed):
            return found
        if item is not None:
            found.append(item)
            wait = quiet


def stored_events(tracker_db: Path, sender: str, type_name: str | None = None) -> list[str]:
    """The JSON of each event stored for ``sender`` (only of ``type_name``, e.g. "user", if given)."""
    query = "SELECT data FROM events WHERE sender_id = ?" + (" AND type_name = ?" if type_name else "")
    with closing(sqlite3.connect(tracker_db)) as db:
        return [row[0] for row in db.execute(query, (sender, type_name) if type_name else (sender,))]


def stored_user_texts(tracker_db: Path, sender: str) -> list[str]:
    """The text of each user message stored for ``sender``."""
    return [json.loads(data).get("text") for data in stored_events(tracker_db, sender, "user")]


class SocketChat:
    """One conversation over the socket.io channel, as the chat page holds it.

    Uses python-socketio's client over long-polling: its websocket transport
    needs a newer aiohttp than Rasa 3.6 allows. The server side is the same
    after the transport. Use as ``async with SocketChat(url, session) as chat``.
    """

    def __init__(self, server_url: str, session_id: str, origin: str | None = None) -> None:
        self.server_url = server_url
        self.session_id = session_id
        self.headers = {"Origin": origin} if origin else {}
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        for name in ("bot_uttered", "bad_request", "session_confirm"):
            self.client.on(name, self._collector(name))

    def _collector(self, name: str) -> Callable[[Any], Any]:
        async def collect(data: Any = None) -> None:
            await self.events.put((name, data))

        return collect

    async def __aenter__(self) -> SocketChat:
        await self.client.connect(self.server_url, headers=self.headers, transports=["polling"], wait_timeout=10)
        await self.client.emit("session_request", {"session_id": self.session_id})
        assert await asyncio.wait_for(self.events.get(), 10) == ("session_confirm", self.session_id)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        # A polite disconnect waits for the pending long-poll (up to 25 s).
        engine = self.client.eio
        loops = [task for task in (engine.read_loop_task, engine.write_loop_task) if task]
        await engine.disconnect(abort=True)
        for task in loops:
            task.cancel()
        await asyncio.gather(*loops, return_exceptions=True)

    async def next_events(self, timeout: float = 60, quiet: float = 1.5) -> list[tuple[str, Any]]:
        return await until_quiet(self.events.get, timeout, quiet)

    async def send(self, payload: Any, timeout: float = 60) -> list[tuple[str, Any]]:
        """Emit any payload as a user message; the events that came back."""
        await self.client.emit("user_uttered", payload)
        return await self.next_events(timeout)

    async def say(self, text: str, timeout: float = 60) -> str:
        """Send text in this conversation; the bot's replies as one text."""
        events = await self.send({"message": text, "session_id": self.session_id}, timeout)
        assert events and all(name == "bot_uttered" for name, _ in events), events
        return "\n".join(str(data.get("text", "")) for _, data in events)


class RawSocket:
    """Engine.io v4 / socket.io v5 over a WebSocket, frame by frame."""

    def __init__(self, assistant: Assistant, origin: str | None = None) -> None:
        self.url = assistant.server_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.origin = origin
        self.ws: Any = None

    async def open(self) -> str:
        """Connect; the socket.io answer to the CONNECT packet ("40{...}" or "44{...}")."""
        self.ws = await websockets.connect(self.url, origin=self.origin, max_size=None)
        assert (await self.ws.recv()).startswith("0{")
        await self.ws.send("40")
        return await self.ws.recv()

    async def join(self, session: str) -> None:
        assert (await self.open()).startswith("40")
        await self.emit("session_request", {"session_id": session})
        assert await self.events() == [["session_confirm", session]]

    async def emit(self, event: str, data: Any) -> None:
        await self.ws.send("42" + json.dumps([event, data]))

    async def events(self, timeout: float = 60, quiet: float = 1.5) -> list[Any]:
        """Decoded events until quiet, or until the server closes the socket."""
        return await until_quiet(self._next_event, timeout, quiet)

    async def _next_event(self) -> Any:
        """The next socket.io event ([name, data]); None for other frames."""
        frame = await self.ws.recv()
        if frame == "2":  # engine.io ping
            await self.ws.send("3")
        if isinstance(frame, str) and frame.startswith("42"):
            return json.loads(frame[2:])
        return None

    async def say(self, session: str, text: str) -> str:
        await self.emit("user_uttered", {"message": text, "session_id": session})
        return "\n".join(data.get("text", "") for name, data in await self.events() if name == "bot_uttered")
