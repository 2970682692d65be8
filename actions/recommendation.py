"""Which groups may fit a person, and why: pure logic over the knowledge.

Answers come from the groups' own fields (audience, approach type,
substances), so adding or correcting a group in ``groups.yml`` changes the
recommendations without touching this code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.knowledge_base import Group

FOR_FAMILY = "family"
ANY_APPROACH = "any"
UNKNOWN = "unknown"
MAX_RECOMMENDATIONS = 3


@dataclass(frozen=True)
class Recommendation:
    group: Group
    reason: str


def _fits_substance(group: Group, substance: str | None) -> bool:
    return substance in (None, UNKNOWN) or substance in group.substances


def _score(group: Group, substance: str | None, approach: str | None) -> tuple[int, int, int]:
    """Higher is better: right approach, made for this substance, most specific."""
    wants_approach = approach not in (None, UNKNOWN, ANY_APPROACH)
    approach_fit = int(not wants_approach or group.approach_type == approach)
    specific = int(substance not in (None, UNKNOWN) and group.substances[0] == substance)
    return (approach_fit, specific, -len(group.substances))


def _reason(group: Group, approach: str | None) -> str:
    parts = [group.who_for]
    if approach not in (None, UNKNOWN, ANY_APPROACH) and group.approach_type == approach:
        parts.append(f"Its approach matches what you asked for: {group.approach}.")
    else:
        parts.append(f"Approach: {group.approach}.")
    return " ".join(parts)


def recommend(
    groups: Iterable[Group], for_whom: str | None, substance: str | None, approach: str | None
) -> list[Recommendation]:
    """One to three groups, best first, each with the reason it may fit."""
    groups = list(groups)
    audience = "family" if for_whom == FOR_FAMILY else "self"
    ranked = sorted(
        (g for g in groups if g.audience == audience and _fits_substance(g, substance)),
        key=lambda g: _score(g, substance, approach),
        reverse=True,
    )
    if for_whom == UNKNOWN:
        # Not said whom it is for: the person's own groups first, then one for families.
        ranked = (
            ranked[: MAX_RECOMMENDATIONS - 1]
            + [g for g in groups if g.audience == "family" and _fits_substance(g, substance)][:1]
        )
    return [Recommendation(g, _reason(g, approach)) for g in ranked[:MAX_RECOMMENDATIONS]]
