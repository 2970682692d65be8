"""A soak: 20 concurrent conversations through HAProxy for about two
minutes, across both Rasa processes. No message may be lost or reach another
sender, and each Rasa process's memory must stay roughly flat."""

from __future__ import annotations

import os
import time
import uuid

from tests.scaled.scaled_set import Conversations, ScaledSet, group_turns

CONVERSATIONS = 20
DURATION = float(os.environ.get("SCALED_SOAK_SECONDS", "120"))
RASA = ("rasa1", "rasa2")
# "Roughly flat": after a warm-up, at most this much growth per process.
MAX_GROWTH_MB = 150.0
MAX_GROWTH_SHARE = 0.15


def test_soak_20_conversations_no_loss_no_crossing_flat_memory(scaled: ScaledSet) -> None:
    # Warm-up, so that the caches of a process restarted by an earlier test fill first.
    warm = Conversations()
    warm.run(
        [f"warm-{i}-{uuid.uuid4().hex[:6]}" for i in range(CONVERSATIONS)],
        lambda i, r: group_turns(i + r),
        until=lambda r: r >= 1,
    )
    assert not warm.lost and not warm.crossed, [t.describe() for t in warm.lost + warm.crossed][:5]

    pids = {name: scaled.pid(name) for name in RASA}
    rss_start = {name: scaled.rss_mb(name) for name in RASA}
    served = {name: int(scaled.haproxy()[("rasa_rest", name)]["stot"]) for name in RASA}
    chats = Conversations()
    people = [f"soak-{i}-{uuid.uuid4().hex[:8]}" for i in range(CONVERSATIONS)]
    end = time.monotonic() + DURATION
    started = time.monotonic()
    # Each round: three turns about one group, the next round another group.
    chats.run(people, lambda i, r: group_turns(i + r), until=lambda r: time.monotonic() >= end)
    took = time.monotonic() - started
    rss_end = {name: scaled.rss_mb(name) for name in RASA}
    served = {name: int(scaled.haproxy()[("rasa_rest", name)]["stot"]) - served[name] for name in RASA}

    seconds = sorted(t.seconds for t in chats.turns)
    p50, p95 = seconds[len(seconds) // 2], seconds[int(len(seconds) * 0.95)]
    print(
        f"\nsoak: {CONVERSATIONS} conversations for {took:.0f} s: {chats.summary()}; "
        f"{len(chats.turns) / took:.1f} messages/s, p50 {p50:.2f} s, p95 {p95:.2f} s, max {seconds[-1]:.2f} s"
    )
    for name in RASA:
        print(
            f"  {name} (pid {pids[name]}): RSS {rss_start[name]:.0f} MB at start, {rss_end[name]:.0f} MB at end "
            f"({rss_end[name] - rss_start[name]:+.0f} MB); {served[name]} requests"
        )

    assert not chats.crossed, "replies to another sender:\n" + "\n".join(t.describe() for t in chats.crossed[:20])
    assert not chats.lost, "lost messages:\n" + "\n".join(t.describe() for t in chats.lost[:20])
    assert {name: scaled.pid(name) for name in RASA} == pids, "a Rasa process restarted during the soak"
    assert all(served[name] > len(chats.turns) // 5 for name in RASA), f"not spread across the replicas: {served}"
    for name in RASA:
        growth = rss_end[name] - rss_start[name]
        assert growth < MAX_GROWTH_MB, f"{name}: RSS grew by {growth:.0f} MB"
        assert (
            growth < rss_start[name] * MAX_GROWTH_SHARE
        ), f"{name}: RSS grew by {growth:.0f} MB of {rss_start[name]:.0f}"
