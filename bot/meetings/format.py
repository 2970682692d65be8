"""Meetings in plain words: when (in the person's words), where or how to
join, and what kind of meeting. Only what the feeds say; nothing invented."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.knowledge_base import Knowledge
from bot.meetings.search import IN_PERSON, ONLINE, Hit
from bot.meetings.vocabulary import Vocabulary
from bot.meetings.when import format_clock

EVENING = 17 * 60
NOTES_LENGTH = 160


def _clock(moment: datetime) -> str:
    return format_clock(moment.hour * 60 + moment.minute)


def describe_start(starts_at: datetime, now: datetime) -> str:
    """ "tonight at 7:30 pm", "tomorrow at 9:00 am", "Saturday at 9:00 am",
    in the meeting's zone, with the person's time when the zones differ."""
    local_now = now.astimezone(starts_at.tzinfo)
    if starts_at <= now:
        when = f"now (started at {_clock(starts_at)})"
    else:
        days = (starts_at.date() - local_now.date()).days
        if days == 0:
            day = "tonight" if starts_at.hour * 60 >= EVENING else "today"
        elif days == 1:
            day = "tomorrow"
        elif days < 7:
            day = starts_at.strftime("%A")
        else:
            day = f"next {starts_at.strftime('%A')}"
        when = f"{day} at {_clock(starts_at)}"
    person = starts_at.astimezone(now.tzinfo)
    if person.utcoffset() != starts_at.utcoffset():
        when += f" {starts_at.strftime('%Z')} ({_clock(person)} {person.strftime('%Z')})"
    return when


def _where(hit: Hit) -> list[str]:
    meeting = hit.meeting
    lines = []
    if meeting.in_person:
        place = ", ".join(part for part in (meeting.location, meeting.full_address) if part)
        if hit.distance_miles is not None:
            place += f" — {hit.distance_miles:.1f} miles away"
        lines.append(f"Where: {place}")
    if meeting.online:
        join = " or ".join(
            part
            for part in (
                meeting.conference_url,
                f"by phone {meeting.conference_phone}" if meeting.conference_phone else "",
            )
            if part
        )
        lines.append(f"Join online: {join}")
    return lines


def describe_meeting(hit: Hit, now: datetime, knowledge: Knowledge, vocabulary: Vocabulary) -> str:
    """One meeting: name and fellowship, when, where or how to join, types."""
    meeting = hit.meeting
    group = knowledge.groups.get(meeting.fellowship)
    attendance = {"hybrid": "in person and online", "online": "online", "in_person": "in person"}[meeting.attendance]
    fellowship = group.short_name if group else meeting.fellowship
    head = f"• {meeting.name} ({fellowship}, {attendance}) — {describe_start(hit.starts_at, now)}"
    lines = [head, *(f"  {line}" for line in _where(hit))]
    if meeting.types:
        lines.append("  " + ", ".join(vocabulary.type_name(code) for code in meeting.types))
    if meeting.notes:
        notes = meeting.notes if len(meeting.notes) <= NOTES_LENGTH else meeting.notes[: NOTES_LENGTH - 1] + "…"
        lines.append(f"  Note: {notes}")
    return "\n".join(lines)


def describe_search(
    fellowships: Sequence[str],
    attendance: str | None,
    wishes: Sequence[str],
    place: str | None,
    when: str,
    *,
    count: int,
    knowledge: Knowledge,
    vocabulary: Vocabulary,
) -> str:
    """ "online NA meetings near 100xx tonight" (place already masked)."""
    kinds = ", ".join(vocabulary.wish_labels.get(w, w) for w in wishes)
    names = " or ".join(knowledge.groups[f].short_name for f in fellowships if f in knowledge.groups)
    mode = {ONLINE: "online", IN_PERSON: "in-person"}.get(attendance or "", "")
    noun = "meeting" if count == 1 else "meetings"
    words = " ".join(part for part in (kinds, mode, names, noun) if part)
    if place:
        words += f" near {place}"
    return f"{words} {when}".strip()


def official_finders(fellowships: Iterable[str], knowledge: Knowledge) -> str:
    """The groups' own meeting finders (all six when none was named)."""
    keys = [f for f in fellowships if f in knowledge.groups] or list(knowledge.groups)
    return "\n".join(f"• {knowledge.groups[k].name}: {knowledge.groups[k].meeting_finder}" for k in keys)


def render_page(
    hits: Sequence[Hit],
    *,
    total: int,
    offset: int,
    search_words: str,
    fellowships: Sequence[str],
    full_list_url: str,
    now: datetime,
    knowledge: Knowledge,
    vocabulary: Vocabulary,
) -> str:
    """The answer for one page of results (or for none)."""
    if not hits:
        if offset:
            lead = f"That's all the {search_words} I have."
        else:
            lead = f"I couldn't find any {search_words} in the meeting lists I have."
        finders = official_finders(fellowships, knowledge)
        return f"{lead} The official meeting finders list every meeting:\n{finders}\nOur full list: {full_list_url}"
    if offset:
        shown = f"{offset + 1}–{offset + len(hits)}" if len(hits) > 1 else f"{offset + 1}"
        lead = f"More {search_words}, {shown} of {total}:"
    elif total > len(hits):
        lead = f"I found {total} {search_words}. Here are the first {len(hits)}:"
    else:
        lead = f"I found {total} {search_words}:"
    body = "\n".join(describe_meeting(hit, now, knowledge, vocabulary) for hit in hits)
    return f"{lead}\n{body}\nPlease check with the group before you go: times can change. Full list: {full_list_url}"
