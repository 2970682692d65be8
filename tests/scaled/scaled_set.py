"""The scaled set (scripts/scaled.sh) as the tests drive it: started once,
reached through HAProxy, its processes killed and watched coming back.

Conversations here test context: the second and third answers name the group
of the first message without the person naming it again, so a reply computed
from another conversation's tracker, or from none, is caught by its content;
every reply's ``recipient_id`` must be the sender.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scripts import assistant
from scripts.assistant import alive, answers, output_until, rss_mb

ROOT = Path(__file__).resolve().parents[2]
SCALED_DIR = ROOT / "var" / "scaled"
LOG_DIR = SCALED_DIR / "log"
LB_URL = "http://localhost:6005"
REST_URL = f"{LB_URL}/webhooks/rest/webhook"
PAGE_URL = "http://localhost:6080/"
# Process name -> (its own port, its HAProxy backend/server names, health path).
PROCESSES = {
    "rasa1": (6105, [("rasa_rest", "rasa1"), ("rasa_socketio", "rasa1")], "/webhooks/rest/"),
    "rasa2": (6106, [("rasa_rest", "rasa2"), ("rasa_socketio", "rasa2")], "/webhooks/rest/"),
    "actions1": (6155, [("actions", "actions1")], "/health"),
    "actions2": (6156, [("actions", "actions2")], "/health"),
}
APOLOGY = "can't look that up right now"
# Generous bounds, never timing assertions: a reply within this many seconds.
REPLY_BOUND = 15.0

# (how the person names the group, the name in the answer, its short name)
GROUPS = [
    ("alcoholics anonymous", "Alcoholics Anonymous", "AA"),
    ("narcotics anonymous", "Narcotics Anonymous", "NA"),
    ("smart recovery", "SMART Recovery", "SMART"),
    ("cocaine anonymous", "Cocaine Anonymous", "CA"),
    ("al-anon", "Al-Anon", "Al-Anon"),
    ("nar-anon", "Nar-Anon", "Nar-Anon"),
]


def group_turns(index: int) -> list[tuple[str, str]]:
    """Three turns about group ``index``: (message, text the reply must contain).
    The second and third only make sense with the first one's context."""
    asked, name, short = GROUPS[index % len(GROUPS)]
    return [
        (f"tell me about {asked}", f"{name} ("),
        ("how do their meetings work", f"How {short} meetings work"),
        ("can I attend online?", f"Online meetings — {name}"),
    ]


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    """``scripts.assistant.wait_until``, any failure of ``check`` counting as
    "not yet": here processes are killed and come back while it polls."""
    assistant.wait_until(check, timeout, what, tolerate=(Exception,))


def post(url: str, payload: dict, timeout: float = 60) -> tuple[int, object]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw or b"null")
        except ValueError:
            return error.code, raw.decode(errors="replace")


@dataclass
class Turn:
    sender: str
    text: str
    expected: str
    status: int = 0
    replies: object = None
    seconds: float = 0.0
    error: str = ""

    @property
    def reply_text(self) -> str:
        if not isinstance(self.replies, list):
            return ""
        return "\n".join(str(m.get("text", "")) for m in self.replies if isinstance(m, dict))

    @property
    def crossed(self) -> bool:
        """A reply addressed to another sender."""
        return isinstance(self.replies, list) and any(
            isinstance(m, dict) and m.get("recipient_id") != self.sender for m in self.replies
        )

    @property
    def lost(self) -> bool:
        """No reply, an error, an apology instead of the answer, or an answer
        without this conversation's context."""
        return self.status != 200 or not self.reply_text or self.expected not in self.reply_text

    def describe(self) -> str:
        got = self.error or f"HTTP {self.status}: {self.reply_text[:160]!r}"
        return f"{self.sender} {self.text!r} (wanted {self.expected!r}) -> {got} in {self.seconds:.1f} s"


@dataclass
class Conversations:
    """Conversations in threads, each its own sender, turn after turn."""

    turns: list[Turn] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def say(self, sender: str, text: str, expected: str, url: str = REST_URL) -> Turn:
        turn = Turn(sender, text, expected)
        start = time.monotonic()
        try:
            turn.status, turn.replies = post(url, {"sender": sender, "message": text})
        except Exception as error:  # noqa: BLE001 - counted as lost
            turn.error = f"{type(error).__name__}: {error}"
        turn.seconds = time.monotonic() - start
        with self.lock:
            self.turns.append(turn)
        return turn

    def run(
        self, senders: list[str], rounds: Callable[[int, int], list[tuple[str, str]]], until: Callable[[int], bool]
    ) -> None:
        """For each sender, in its own thread: round r of conversation i is
        ``rounds(i, r)``; a new round starts while ``until(r)`` is False."""

        def converse(i: int, sender: str) -> None:
            r = 0
            while not until(r):
                for text, expected in rounds(i, r):
                    self.say(sender, text, expected)
                r += 1

        threads = [threading.Thread(target=converse, args=(i, s), daemon=True) for i, s in enumerate(senders)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=900)

    @property
    def lost(self) -> list[Turn]:
        return [t for t in self.turns if t.lost]

    @property
    def crossed(self) -> list[Turn]:
        return [t for t in self.turns if t.crossed]

    def summary(self) -> str:
        return f"{len(self.turns)} messages, {len(self.lost)} lost, {len(self.crossed)} crossed"


class ScaledSet:
    """The running set: its processes by name (pid files in var/scaled/log)."""

    def pid(self, name: str) -> int:
        return int((LOG_DIR / f"{name}.pid").read_text())

    def rss_mb(self, name: str) -> float:
        mb = rss_mb(self.pid(name))
        if mb is None:
            raise RuntimeError(f"no VmRSS for {name}")
        return mb

    def haproxy(self) -> dict[tuple[str, str], dict[str, str]]:
        """HAProxy's statistics, by (backend, server)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(str(SCALED_DIR / "haproxy.sock"))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        rows = csv.DictReader(data.decode().lstrip("# ").splitlines())
        return {(row["pxname"], row["svname"]): row for row in rows}

    def up(self, name: str) -> bool:
        port, servers, health = PROCESSES[name]
        stats = self.haproxy()
        return answers(f"http://127.0.0.1:{port}{health}", timeout=2) and all(
            stats[s]["status"] == "UP" for s in servers
        )

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        pid = self.pid(name)
        os.kill(pid, sig)
        return pid

    def wait_restarted(self, name: str, old_pid: int, timeout: float = 300) -> int:
        """Until the supervisor has started ``name`` again and HAProxy sends it traffic."""
        wait_until(lambda: not alive(old_pid), 30, f"{name} ({old_pid}) to exit")
        wait_until(
            lambda: self.pid(name) != old_pid and alive(self.pid(name)) and self.up(name),
            timeout,
            f"{name} to be started again and UP",
        )
        return self.pid(name)

    def all_up(self) -> bool:
        return all(self.up(name) for name in PROCESSES)

    def script(self, *args: str) -> None:
        subprocess.run(
            ["scripts/scaled.sh", *args],
            cwd=ROOT,
            check=True,
            timeout=120,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )


@contextlib.contextmanager
def running_scaled_set() -> Iterator[tuple[ScaledSet, float]]:
    """``scripts/scaled.sh start`` until the block ends; yields the set and its start time."""
    env = dict(os.environ, RESTART_DELAY="1")
    start = time.monotonic()
    process = subprocess.Popen(
        ["scripts/scaled.sh", "start"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        started, lines = output_until(process, "Scaled set running")
        if not started:
            logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in LOG_DIR.glob("*.log"))
            raise RuntimeError("the scaled set did not start:\n" + "".join(lines) + "\n" + logs)
        took = time.monotonic() - start
        print(f"\nscaled set started in {took:.0f} s: " + "".join(lines[-2:-1]).strip())
        # Keep reading its output so that it never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
        yield ScaledSet(), took
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGCONT)
        subprocess.run(["scripts/scaled.sh", "stop"], cwd=ROOT, timeout=180)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=60)
