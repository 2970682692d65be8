"""The assistant started as `make run` starts it, for the scripts (soak, bench)
and the tests that need it live: its processes and a REST client for it.

Scripts and tests share this module in one direction only: tests import
``scripts``, scripts never import ``tests``.

`scripts/services.sh` writes each process's pid to ``LOG_DIR/NAME.pid``
(``actions``, ``rasa``, ``web``, ``retention``) and restarts a process that
exits unless ``LOG_DIR/NAME.hold`` exists; the methods below use both to stop,
pause and restart the action server and Rasa in the middle of a test.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Seconds before the supervisor starts an exited process again (services.sh).
RESTART_DELAY = "1"


def wait_until(
    check: Callable[[], bool], timeout: float, what: str, tolerate: tuple[type[BaseException], ...] = ()
) -> None:
    """Poll ``check`` every 0.5 s; fail with ``what`` after ``timeout`` seconds.

    An exception of a ``tolerate`` type counts as "not yet"; any other fails at once.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(*tolerate):
            if check():
                return
        time.sleep(0.5)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def output_until(process: subprocess.Popen[str], banner: str) -> tuple[bool, list[str]]:
    """The lines a starting process printed, up to the one that begins with ``banner``;
    False if it ended without printing it."""
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(banner):
            return True, lines
    return False, lines


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


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (None if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Assistant:
    """A running assistant (its processes) and a REST client for it."""

    def __init__(self, log_dir: Path, ports: dict[str, str]) -> None:
        self.log_dir = log_dir
        self.ports = ports
        self.server_url = f"http://localhost:{ports['RASA_PORT']}"
        self.rest_url = f"{self.server_url}/webhooks/rest/webhook"
        self.delete_url = f"{self.server_url}/webhooks/rest/delete"
        self.page_url = f"http://localhost:{ports['WEB_PORT']}/"
        self.actions_health_url = f"http://localhost:{ports['ACTION_PORT']}/health"
        self.tracker_db = log_dir / "tracker.db"

    def post(self, raw: bytes, timeout: float = 60, url: str | None = None) -> tuple[int, Any]:
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

    def action_server_held(self) -> bool:
        """True between stop_action_server and start_action_server."""
        return (self.log_dir / "actions.hold").exists()

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

    def rasa_answers(self) -> bool:
        """True when Rasa's REST channel answers."""
        return answers(f"{self.server_url}/webhooks/rest/")

    def restart_rasa(self) -> None:
        """Stop Rasa and wait until the supervisor has started it again."""
        old = self.pid("rasa")
        os.kill(old, signal.SIGTERM)
        wait_until(lambda: not alive(old), 60, "Rasa to stop")
        wait_until(lambda: self.pid("rasa") != old and self.rasa_answers(), 240, "Rasa to start again")


@contextlib.contextmanager
def running_assistant(log_dir: Path, ports: dict[str, str], env: dict[str, str] | None = None) -> Iterator[Assistant]:
    """Start `scripts/run.sh` on the given ports; stop everything afterwards.

    ``env`` adds environment variables (e.g. ``REPLY_TIMEOUT``).
    """
    env = dict(
        os.environ,
        LOG_DIR=str(log_dir),
        TRACKER_DB=str(log_dir / "tracker.db"),
        RESTART_DELAY=RESTART_DELAY,
        **ports,
        **(env or {}),
    )
    process = subprocess.Popen(
        ["scripts/run.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assistant = Assistant(log_dir, ports)
    try:
        started, lines = output_until(process, "Chat page:")
        if not started:
            raise RuntimeError("the assistant did not start:\n" + "".join(lines) + "\n" + assistant.logs()[-5000:])
        yield assistant
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGCONT)  # a paused process could not stop
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
