"""Starting the assistant as `make run` does, for tests that need it live,
and clients for its REST and socket.io channels.

`scripts/services.sh` writes each process's pid to ``LOG_DIR/NAME.pid``
(``actions``, ``rasa``, ``web``, ``retention``) and restarts a process that
exits unless ``LOG_DIR/NAME.hold`` exists; the methods below use both to stop,
pause and restart the action server and Rasa in the middle of a test.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterator, List, Optional, Tuple

import socketio
import websockets

ROOT = Path(__file__).resolve().parents[1]
# Seconds before the supervisor starts an exited process again (services.sh).
RESTART_DELAY = "1"


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``check`` every 0.5 s; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def answers(url: str, timeout: float = 1) -> bool:
    """True when ``url`` answers 200 within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


async def until_quiet(receive: Callable[[], Awaitable[Any]], timeout: float, quiet: float) -> List[Any]:
    """What ``receive()`` gives until nothing came for ``quiet`` seconds (the
    first item within ``timeout``) or the WebSocket closed; None items are skipped."""
    found: List[Any] = []
    wait = timeout
    while True:
        try:
            item = await asyncio.wait_for(receive(), wait)
        except (asyncio.TimeoutError, websockets.ConnectionClosed):
            return found
        if item is not None:
            found.append(item)
            wait = quiet


class Assistant:
    """A running assistant (its processes) and a REST client for it."""

    def __init__(self, log_dir: Path, ports: Dict[str, str]) -> None:
        self.log_dir = log_dir
        self.ports = ports
        self.server_url = f"http://localhost:{ports['RASA_PORT']}"
        self.rest_url = f"{self.server_url}/webhooks/rest/webhook"
        self.delete_url = f"{self.server_url}/webhooks/rest/delete"
        self.page_url = f"http://localhost:{ports['WEB_PORT']}/"
        self.actions_health_url = f"http://localhost:{ports['ACTION_PORT']}/health"
        self.tracker_db = log_dir / "tracker.db"

    def post(self, raw: bytes, timeout: float = 60, url: Optional[str] = None) -> Tuple[int, Any]:
        request = urllib.request.Request(url or self.rest_url, data=raw, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def get(self, url: str) -> int:
        """The HTTP status of a GET request."""
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def say(self, sender: str, text: str, timeout: float = 60) -> str:
        status, replies = self.post(json.dumps({"sender": sender, "message": text}).encode(), timeout=timeout)
        assert status == 200, (status, replies)
        return "\n".join(m.get("text", "") for m in replies)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.log_dir.glob("*.log"))

    def pid(self, name: str) -> int:
        """The pid of ``actions``, ``rasa``, ``web`` or ``retention``."""
        return int((self.log_dir / f"{name}.pid").read_text())

    # -- the action server ------------------------------------------------

    def stop_action_server(self) -> None:
        """Stop the action server and keep it stopped (until start_action_server)."""
        (self.log_dir / "actions.hold").touch()
        pid = self.pid("actions")
        os.kill(pid, signal.SIGTERM)
        wait_until(lambda: not alive(pid), 30, "the action server to stop")

    def start_action_server(self) -> None:
        """Let the supervisor start the action server again; wait until it answers."""
        (self.log_dir / "actions.hold").unlink(missing_ok=True)
        wait_until(lambda: answers(self.actions_health_url), 120, "the action server to start")

    def pause_action_server(self) -> None:
        """Freeze the action server (SIGSTOP): it accepts connections, never answers."""
        os.kill(self.pid("actions"), signal.SIGSTOP)

    def resume_action_server(self) -> None:
        """Undo pause_action_server (harmless if it is not paused or not running)."""
        with contextlib.suppress(ProcessLookupError, FileNotFoundError):
            os.kill(self.pid("actions"), signal.SIGCONT)

    # -- Rasa ------------------------------------------------------------

    def restart_rasa(self) -> None:
        """Stop Rasa and wait until the supervisor has started it again."""
        old = self.pid("rasa")
        os.kill(old, signal.SIGTERM)
        wait_until(lambda: not alive(old), 60, "Rasa to stop")
        wait_until(lambda: self.pid("rasa") != old and answers(f"{self.server_url}/webhooks/rest/"), 240, "Rasa to start again")


class SocketChat:
    """One conversation over the socket.io channel, as the chat page holds it.

    Uses python-socketio's client over long-polling: its websocket transport
    needs a newer aiohttp than Rasa 3.6 allows. The server side is the same
    after the transport. Use as ``async with SocketChat(url, session) as chat``.
    """

    def __init__(self, server_url: str, session_id: str, origin: Optional[str] = None) -> None:
        self.server_url = server_url
        self.session_id = session_id
        self.headers = {"Origin": origin} if origin else {}
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: "asyncio.Queue[Tuple[str, Any]]" = asyncio.Queue()
        for name in ("bot_uttered", "bad_request", "session_confirm"):
            self.client.on(name, self._collector(name))

    def _collector(self, name: str) -> Callable[[Any], Any]:
        async def collect(data: Any = None) -> None:
            await self.events.put((name, data))

        return collect

    async def __aenter__(self) -> "SocketChat":
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

    async def next_events(self, timeout: float = 60, quiet: float = 1.5) -> List[Tuple[str, Any]]:
        return await until_quiet(self.events.get, timeout, quiet)

    async def send(self, payload: Any, timeout: float = 60) -> List[Tuple[str, Any]]:
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

    def __init__(self, assistant: Assistant, origin: Optional[str] = None) -> None:
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

    async def events(self, timeout: float = 60, quiet: float = 1.5) -> List[Any]:
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


@contextlib.contextmanager
def running_assistant(log_dir: Path, ports: Dict[str, str], env: Optional[Dict[str, str]] = None) -> Iterator[Assistant]:
    """Start `scripts/run.sh` on the given ports; stop everything afterwards.

    ``env`` adds environment variables (e.g. ``REPLY_TIMEOUT``).
    """
    env = dict(os.environ, LOG_DIR=str(log_dir), TRACKER_DB=str(log_dir / "tracker.db"), RESTART_DELAY=RESTART_DELAY, **ports, **(env or {}))
    process = subprocess.Popen(
        ["scripts/run.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    assistant = Assistant(log_dir, ports)
    try:
        lines: List[str] = []
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Chat page:"):
                break
        else:
            raise RuntimeError("the assistant did not start:\n" + "".join(lines) + "\n" + assistant.logs()[-5000:])
        yield assistant
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGCONT)  # a paused process could not stop
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
