"""Shared by the scripts that generate committed files from the knowledge."""
from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(target: Path, wanted: str, how_to_fix: str) -> int:
    """Write ``wanted`` to ``target``, or with --check only compare (exit 1)."""
    if "--check" in sys.argv:
        if target.read_text(encoding="utf-8") != wanted:
            print(f"{target.name} is out of date: run {how_to_fix}")
            return 1
        return 0
    target.write_text(wanted, encoding="utf-8")
    return 0
