"""Latency benchmark: this assistant beside an anchor, in the same run.

    .venv/bin/python scripts/bench_latency.py URL [ANCHOR_URL] [--rounds 3]
        [--sequential 120] [--conversations 20] [--turns 6]
        [--pid-file var/log/rasa.pid] [--anchor-pid-file ...]

Each round measures both assistants in turn (so machine noise hits both):
``--sequential`` messages one after another, then ``--conversations``
concurrent conversations of ``--turns`` messages each. It prints p50 and p95
per message (ms) for each, the ratio to the anchor, and the Rasa process's
resident memory. Figures, not a test: timing assertions would be flaky.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from pathlib import Path
from typing import Dict, List, Optional

import aiohttp

# Varied everyday messages: groups, situations, strategies, resources, risk.
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
]


async def send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> float:
    start = time.perf_counter()
    async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as response:
        await response.read()
        response.raise_for_status()
    return (time.perf_counter() - start) * 1000


async def sequential(url: str, count: int) -> List[float]:
    async with aiohttp.ClientSession() as session:
        sender = f"bench-{uuid.uuid4().hex[:10]}"
        return [await send(session, url, sender, MESSAGES[i % len(MESSAGES)]) for i in range(count)]


async def concurrent(url: str, conversations: int, turns: int) -> List[float]:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conversations)) as session:
        async def one(index: int) -> List[float]:
            sender = f"bench-{uuid.uuid4().hex[:10]}"
            return [await send(session, url, sender, MESSAGES[(index + t) % len(MESSAGES)]) for t in range(turns)]

        results = await asyncio.gather(*(one(i) for i in range(conversations)))
    return [t for times in results for t in times]


def percentile(values: List[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def rss_mb(pid_file: Optional[str]) -> Optional[float]:
    if not pid_file or not Path(pid_file).exists():
        return None
    pid = Path(pid_file).read_text().strip()
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("anchor", nargs="?")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sequential", type=int, default=120)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--turns", type=int, default=6)
    parser.add_argument("--pid-file")
    parser.add_argument("--anchor-pid-file")
    args = parser.parse_args()

    targets = {"this": args.url, **({"anchor": args.anchor} if args.anchor else {})}
    samples: Dict[str, Dict[str, List[float]]] = {name: {"sequential": [], "concurrent": []} for name in targets}
    for name, url in targets.items():  # warm-up: first messages build caches
        asyncio.run(sequential(url, len(MESSAGES)))
    for _ in range(args.rounds):
        for name, url in targets.items():
            samples[name]["sequential"] += asyncio.run(sequential(url, args.sequential))
            samples[name]["concurrent"] += asyncio.run(concurrent(url, args.conversations, args.turns))

    print(f"{'':10} {'mode':11} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    figures: Dict[str, Dict[str, tuple]] = {}
    for name, modes in samples.items():
        for mode, values in modes.items():
            p50, p95 = percentile(values, 50), percentile(values, 95)
            figures.setdefault(name, {})[mode] = (p50, p95)
            print(f"{name:10} {mode:11} {len(values):5d} {p50:8.1f} {p95:8.1f}")
    if "anchor" in figures:
        for mode in ("sequential", "concurrent"):
            (p50, p95), (a50, a95) = figures["this"][mode], figures["anchor"][mode]
            print(f"ratio this/anchor {mode:11} p50 {p50 / a50:.2f} (+{p50 - a50:.1f} ms)  p95 {p95 / a95:.2f}")
    for name, pid_file in (("this", args.pid_file), ("anchor", args.anchor_pid_file)):
        memory = rss_mb(pid_file)
        if memory is not None:
            print(f"rasa RSS {name}: {memory:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
