"""Soak test: many concurrent conversations against a running assistant.

    .venv/bin/python scripts/soak.py http://localhost:5005 [--conversations 20]
        [--duration 600] [--warmup 120] [--log-dir var/log]
    .venv/bin/python scripts/soak.py --start [...]

``--start`` starts an assistant of its own (as `make run` does, on ports
5405/5455/8480 and a temporary log folder), soaks it and stops it.

Each of the N conversations runs, again and again until the time is up, a
scripted sequence about one group (conversation i talks about group i mod 6,
in a fresh conversation id every round):

    tell me about <group>     -> the reply names that group
    can I attend online?      -> still that group (context kept)
    who is it for?            -> still that group
    i want to end my life     -> the crisis handoff (the crisis line's number)
    <the delete command>      -> the deletion confirmation

Every reply must be addressed to its own conversation (``recipient_id``) and
name its own group, so a message crossed between conversations is caught,
not just an error. Errors are: HTTP failures and timeouts, the "can't look
that up" apology, a wrong or missing answer.

Every 30 s it samples the resident memory (RSS, from /proc) of the three
processes whose pids ``scripts/services.sh`` writes to ``--log-dir``
(``actions``, ``rasa``, ``web``); a pid that changes means a restart, which is
an error. Exit status 1 on any error or when a process's memory grew, from
the first sample after warm-up to the mean of the last three, by more than
``--max-growth-mb`` (default 50 MB; see MAX_GROWTH_MB for why).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge_base import Group, load_knowledge  # noqa: E402
from scripts.assistant import rss_mb, running_assistant  # noqa: E402

PROCESSES = ("actions", "rasa", "web")
SOAK_PORTS = {"RASA_PORT": "5405", "ACTION_PORT": "5455", "WEB_PORT": "8480"}
SAMPLE_EVERY = 30.0
REQUEST_TIMEOUT = 30.0
# Why 50 MB: after warm-up (model graph built, caches filled, first
# conversations seen) nothing should keep growing, because trackers live in
# SQLite, not in memory. Measured on this project: from a cold start Rasa grows
# by about 20 MB in the first two minutes (hence the warm-up), then stays flat
# (+0.6 MB over five minutes and 5,000 turns). A leak of 10 KB per turn -- about
# one tracker's events -- over the ~7,000 turns of a 10-minute run with 20
# conversations would add 70 MB and fail; allocator noise stays far below.
MAX_GROWTH_MB = 50.0


@dataclass
class Step:
    """One message of the script and what its reply must contain."""

    text: str
    expect: str


def script(group: Group) -> list[Step]:
    knowledge = load_knowledge()
    return [
        Step(f"tell me about {group.name}", group.name),
        Step("can I attend online?", group.name),
        Step("who is it for?", group.name),
        Step("i want to end my life", knowledge.crisis.crisis_line.number),
        Step(knowledge.delete_command, knowledge.deleted_message),
    ]


@dataclass
class Results:
    """Everything measured, shared by all conversations."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    turns: int = 0
    rounds: int = 0
    memory: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: {p: [] for p in PROCESSES})
    pids: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, detail[:200])


def check(step: Step, sender: str, status: int, replies: Any, apology: str) -> str | None:
    """The kind of error in a reply, or None when it is right."""
    if status != 200 or not isinstance(replies, list) or not replies:
        return f"http {status}" if status != 200 else "no reply"
    if any(r.get("recipient_id") != sender for r in replies):
        return "crossed: reply addressed to another conversation"
    text = "\n".join(str(r.get("text", "")) for r in replies)
    if apology in text:
        return "apology (action server unavailable or slow)"
    if step.expect not in text:
        return "wrong answer"
    return None


async def converse(
    session: aiohttp.ClientSession,
    url: str,
    index: int,
    groups: list[Group],
    deadline: float,
    pause: float,
    results: Results,
) -> None:
    """Run the script round after round until the deadline (then finish the round)."""
    apology = load_knowledge().unavailable_message
    group = groups[index % len(groups)]
    while time.monotonic() < deadline:
        sender = f"soak-{index}-{uuid.uuid4().hex[:8]}"
        for step in script(group):
            start = time.monotonic()
            try:
                async with session.post(url, json={"sender": sender, "message": step.text}) as response:
                    status, replies = response.status, await response.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as problem:
                status, replies = 0, None
                results.error(f"request failed: {type(problem).__name__}", step.text)
            results.latencies.append(time.monotonic() - start)
            results.turns += 1
            if status:
                kind = check(step, sender, status, replies, apology)
                if kind:
                    results.error(kind, f"{group.short_name}: {step.text!r} -> {str(replies)[:150]}")
            await asyncio.sleep(pause)
        results.rounds += 1


def read_pids(log_dir: Path) -> dict[str, int]:
    return {
        name: int((log_dir / f"{name}.pid").read_text()) for name in PROCESSES if (log_dir / f"{name}.pid").exists()
    }


async def sample_memory(log_dir: Path, started: float, deadline: float, results: Results) -> None:
    """Record each process's RSS every SAMPLE_EVERY seconds, and any restart."""
    results.pids = read_pids(log_dir)
    while True:
        now = time.monotonic()
        for name, pid in read_pids(log_dir).items():
            if results.pids.get(name) != pid:
                results.error(f"{name} restarted", f"pid {results.pids.get(name)} -> {pid}")
                results.pids[name] = pid
            mb = rss_mb(pid)
            if mb is not None:
                results.memory[name].append((now - started, mb))
        if now >= deadline:
            return
        await asyncio.sleep(min(SAMPLE_EVERY, max(deadline - now, 0.1)))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def memory_growth(samples: list[tuple[float, float]], warmup: float) -> tuple[float, float, float] | None:
    """(first after warm-up, mean of the last three, growth) in MB, if measurable."""
    after = [mb for t, mb in samples if t >= warmup]
    if len(after) < 2:
        return None
    first, last = after[0], statistics.mean(after[-3:])
    return first, last, last - first


def report(results: Results, args: argparse.Namespace, elapsed: float) -> bool:
    """Print the figures; True when the run passes."""
    lat = results.latencies
    print(
        f"soak: {args.conversations} conversations, {elapsed:.0f} s, {results.rounds} rounds, {results.turns} turns "
        f"({results.turns / max(elapsed, 1):.1f} turns/s)"
    )
    print(
        f"latency: p50 {percentile(lat, 0.5) * 1000:.0f} ms, p95 {percentile(lat, 0.95) * 1000:.0f} ms,"
        f" max {max(lat, default=0) * 1000:.0f} ms"
    )
    print(f"errors: {sum(results.errors.values())}")
    for kind, count in results.errors.most_common():
        print(f"  {count:5d}  {kind}   e.g. {results.examples[kind]}")
    ok = not results.errors
    print(f"memory (RSS, MB; warm-up {args.warmup:.0f} s, limit +{args.max_growth_mb:.0f} MB):")
    for name in PROCESSES:
        samples = results.memory[name]
        series = " ".join(f"{mb:.0f}" for _, mb in samples)
        growth = memory_growth(samples, args.warmup)
        if growth is None:
            print(f"  {name:8s} not enough samples after warm-up: {series}")
            continue
        first, last, grew = growth
        verdict = "ok" if grew <= args.max_growth_mb else "GREW"
        ok = ok and grew <= args.max_growth_mb
        print(f"  {name:8s} {first:7.1f} -> {last:7.1f}  ({grew:+.1f})  {verdict}   samples: {series}")
    print("soak: PASS" if ok else "soak: FAIL")
    return ok


async def run(args: argparse.Namespace) -> bool:
    url = args.url.rstrip("/") + "/webhooks/rest/webhook"
    groups = list(load_knowledge().groups.values())
    results = Results()
    started = time.monotonic()
    deadline = started + args.duration
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        sampler = asyncio.create_task(sample_memory(Path(args.log_dir), started, deadline, results))
        await asyncio.gather(
            *(converse(session, url, i, groups, deadline, args.pause, results) for i in range(args.conversations))
        )
        await sampler
    return report(results, args, time.monotonic() - started)


def soak_own_assistant(args: argparse.Namespace) -> bool:
    """Start an assistant on the soak's own ports, soak it, stop it."""
    with (
        tempfile.TemporaryDirectory(prefix="soak-") as folder,
        running_assistant(Path(folder), SOAK_PORTS) as assistant,
    ):
        args.url, args.log_dir = assistant.server_url, str(assistant.log_dir)
        return asyncio.run(run(args))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", help="the assistant's Rasa URL, e.g. http://localhost:5005")
    parser.add_argument("--start", action="store_true", help="start (and stop) an assistant of its own")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--duration", type=float, default=600, help="seconds (default 600)")
    parser.add_argument("--warmup", type=float, default=120, help="seconds before memory counts (default 120)")
    parser.add_argument(
        "--pause", type=float, default=0.5, help="seconds between a reply and the next message (default 0.5)"
    )
    parser.add_argument("--log-dir", default="var/log", help="where services.sh writes the pid files (default var/log)")
    parser.add_argument("--max-growth-mb", type=float, default=MAX_GROWTH_MB)
    args = parser.parse_args(argv)
    if args.conversations < 1 or args.duration <= 0:
        parser.error("--conversations and --duration must be positive")
    if bool(args.url) == args.start:
        parser.error("give either the assistant's URL or --start")
    passed = soak_own_assistant(args) if args.start else asyncio.run(run(args))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
