"""`make bench`: this assistant beside Rasa's own starter bot, in one run.

    .venv/bin/python scripts/bench.py [--rounds 3] [--conversations 20]
        [--turns 16] [--long-turns 300] [--no-train] [--scaled URL]

1. Trains both, one after the other: this project (``rasa train --force``
   into build/bench/) and the starter bot that ``rasa init --no-prompt``
   makes in build/bench/starter-bot (same venv, same Rasa).
2. Starts both: this assistant as ``make run`` does (scripts/run.sh on ports
   5805/5855/8880, its own SQLite file and logs under build/bench/log), the
   starter bot with ``rasa run`` on port 5705 (its REST channel; it calls no
   custom action and keeps trackers in memory, as ``rasa init`` makes it).
3. Alternating rounds, so that machine noise hits both: ``--conversations``
   concurrent conversations of ``--turns`` messages each. Throughput is
   messages per second of wall time; p50/p95 are per message.
4. One conversation of ``--long-turns`` messages each: median latency over
   turns 1-20 ("turn 10") and the last 20 ("turn 300").
5. With ``--scaled URL`` (the load balancer of `make scaled`), the same load
   against it, beside the same anchor.

It prints figures and their ratios; it asserts nothing (timings are noisy).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.assistant import answers, rss_mb, running_assistant, wait_until  # noqa: E402

BENCH_DIR = ROOT / "build" / "bench"
STARTER_DIR = BENCH_DIR / "starter-bot"
RASA = ROOT / ".venv" / "bin" / "rasa"
OWN_PORTS = {"RASA_PORT": "5805", "ACTION_PORT": "5855", "WEB_PORT": "8880"}
STARTER_PORT = 5705
REQUEST_TIMEOUT = 60.0
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}

# Everyday messages: groups, situations, strategies, resources, a form, thanks.
MESSAGES = [
    "hi",
    "what is narcotics anonymous",
    "how do smart recovery meetings work",
    "my husband is on meth, which group is for spouses",
    "im not religious, is there a group without the god stuff",
    "cravings are bad tonight, any tips",
    "my group kinda feels like a cult",
    "cant afford treatment, what are my options",
    "how can i help my son without enabling him",
    "is what i say at meetings confidential",
    "lonely on weekends, want sober stuff to do",
    "can you prescribe something for cravings",
    "thanks",
    "another one",
    "what are the downsides of these groups",
    "bye",
]


@dataclass
class Load:
    """Latencies (ms) and wall time (s) of one kind of load on one target."""

    latencies: list[float] = field(default_factory=list)
    messages: int = 0
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


async def send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> float:
    start = time.perf_counter()
    async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as response:
        await response.read()
        response.raise_for_status()
    return (time.perf_counter() - start) * 1000


async def concurrent_round(url: str, conversations: int, turns: int, load: Load) -> None:
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=conversations)) as session:

        async def one(index: int) -> list[float]:
            sender = f"bench-{uuid.uuid4().hex[:12]}"
            return [await send(session, url, sender, MESSAGES[(index + t) % len(MESSAGES)]) for t in range(turns)]

        start = time.perf_counter()
        results = await asyncio.gather(*(one(i) for i in range(conversations)))
        load.seconds += time.perf_counter() - start
    for times in results:
        load.latencies += times
        load.messages += len(times)


async def long_conversation(url: str, turns: int) -> list[float]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)) as session:
        sender = f"bench-long-{uuid.uuid4().hex[:12]}"
        return [await send(session, url, sender, MESSAGES[t % len(MESSAGES)]) for t in range(turns)]


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        command,
        cwd=cwd,
        check=True,
        env={**os.environ, **QUIET_ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def train_both() -> dict[str, float]:
    """Train times (s), this project first, then the starter bot."""
    if not (STARTER_DIR / "config.yml").exists():
        STARTER_DIR.mkdir(parents=True, exist_ok=True)
        print("Making the starter bot (rasa init --no-prompt) ...", flush=True)
        timed([str(RASA), "init", "--no-prompt", "--init-dir", str(STARTER_DIR)], STARTER_DIR)
    print("Training this assistant ...", flush=True)
    own = timed(
        [
            str(RASA),
            "train",
            "--force",
            "--quiet",
            "--domain",
            "domain",
            "--out",
            str(BENCH_DIR / "models"),
            "--fixed-model-name",
            "current",
        ],
        ROOT,
    )
    print("Training the starter bot ...", flush=True)
    starter = timed(
        [str(RASA), "train", "--force", "--quiet", "--out", "models", "--fixed-model-name", "current"], STARTER_DIR
    )
    return {"this": own, "starter": starter}


def wait_for(url: str, seconds: float, process: subprocess.Popen) -> None:
    """Until ``url``'s REST channel answers; stop at once if its server exits."""

    def ready() -> bool:
        if process.poll() is not None:
            raise SystemExit(f"{url}: the server exited while starting")
        return answers(f"{url}/webhooks/rest/")

    wait_until(ready, seconds, f"{url} to answer")


def start_starter() -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(RASA),
            "run",
            "--model",
            "models/current.tar.gz",
            "--port",
            str(STARTER_PORT),
            "--credentials",
            "credentials.yml",
        ],
        cwd=STARTER_DIR,
        env={**os.environ, **QUIET_ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def print_load(loads: dict[str, Load], anchor: str = "starter") -> None:
    print(f"{'':12} {'msgs':>6} {'msg/s':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for name, load in loads.items():
        print(
            f"{name:12} {load.messages:6d} {load.throughput:7.1f} {percentile(load.latencies, 50):8.1f} "
            f"{percentile(load.latencies, 95):8.1f}"
        )
    base = loads[anchor]
    for name, load in loads.items():
        if name != anchor:
            print(
                f"ratio {name}/{anchor}: throughput {load.throughput / base.throughput:.2f}x, "
                f"p50 {percentile(load.latencies, 50) / percentile(base.latencies, 50):.2f}, "
                f"p95 {percentile(load.latencies, 95) / percentile(base.latencies, 95):.2f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--turns", type=int, default=16)
    parser.add_argument("--long-turns", type=int, default=300)
    parser.add_argument("--no-train", action="store_true", help="use build/bench's last models, print no train times")
    parser.add_argument("--scaled", help="URL of the scaled set's load balancer (make scaled), loaded the same way")
    args = parser.parse_args()

    train_times = None if args.no_train else train_both()
    own_log_dir = BENCH_DIR / "log"  # its logs, pid files and a fresh SQLite file
    shutil.rmtree(own_log_dir, ignore_errors=True)
    starter = start_starter()
    try:
        own_env = {"MODEL": str(BENCH_DIR / "models" / "current.tar.gz")}
        with running_assistant(own_log_dir, OWN_PORTS, env=own_env) as own:
            urls = {"this": own.server_url, "starter": f"http://localhost:{STARTER_PORT}"}
            if args.scaled:
                urls["scaled"] = args.scaled.rstrip("/")
            wait_for(urls["starter"], 300, starter)
            for url in urls.values():  # warm-up: first messages build caches and graphs
                asyncio.run(concurrent_round(url, 4, len(MESSAGES), Load()))
            loads = {name: Load() for name in urls}
            for _ in range(args.rounds):
                for name, url in urls.items():
                    asyncio.run(concurrent_round(url, args.conversations, args.turns, loads[name]))
            long_runs = {
                name: asyncio.run(long_conversation(urls[name], args.long_turns)) for name in ("this", "starter")
            }
            memory = {"this": rss_mb(own.pid("rasa")), "starter": rss_mb(starter.pid)}
    finally:
        stop(starter)

    print(
        f"\n{args.conversations} concurrent conversations x {args.turns} turns, {args.rounds} alternating rounds, "
        f"{os.cpu_count()} cores"
    )
    print_load(loads)
    print(f"\nOne conversation of {args.long_turns} turns (median ms):")
    for name, times in long_runs.items():
        early, late = statistics.median(times[:20]), statistics.median(times[-20:])
        print(f"{name:12} turn 10: {early:7.1f}  turn {args.long_turns}: {late:7.1f}  ratio {late / early:.2f}")
    print("\nRasa RSS: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in memory.items() if mb is not None))
    if train_times:
        print(
            f"Train time: this {train_times['this']:.0f} s, starter {train_times['starter']:.0f} s, "
            f"ratio {train_times['this'] / train_times['starter']:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
