"""Starting the assistant as `make run` does, for tests that need it live."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

ROOT = Path(__file__).resolve().parents[1]


class Assistant:
    """A running assistant (three processes) and a REST client for it."""

    def __init__(self, log_dir: Path, ports: Dict[str, str]) -> None:
        self.log_dir = log_dir
        self.ports = ports
        self.rest_url = f"http://localhost:{ports['RASA_PORT']}/webhooks/rest/webhook"
        self.page_url = f"http://localhost:{ports['WEB_PORT']}/"

    def post(self, raw: bytes, timeout: float = 60) -> Tuple[int, Any]:
        request = urllib.request.Request(self.rest_url, data=raw, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def say(self, sender: str, text: str) -> str:
        status, replies = self.post(json.dumps({"sender": sender, "message": text}).encode())
        assert status == 200, (status, replies)
        return "\n".join(m.get("text", "") for m in replies)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.log_dir.glob("*.log"))

    def stop_action_server(self) -> None:
        os.kill(int((self.log_dir / "actions.pid").read_text()), signal.SIGTERM)
        time.sleep(2)


@contextlib.contextmanager
def running_assistant(log_dir: Path, ports: Dict[str, str]) -> Iterator[Assistant]:
    """Start `scripts/run.sh` on the given ports; stop everything afterwards."""
    env = dict(os.environ, LOG_DIR=str(log_dir), TRACKER_DB=str(log_dir / "tracker.db"), **ports)
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
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
