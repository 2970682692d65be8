"""The crisis lines (``bot/knowledge/crisis_lines.yml``) and the texts made from them.

Read through ``bot.knowledge_base.load_knowledge`` only. A line knows how to
say itself ("call or text <number>, 24/7 (...)"), which links open it (``tel:``,
``sms:``) and which digits it has; ``fill_lines`` puts lines into any other
text through ``[[role]]`` placeholders. Nothing here types a number: an
operator who replaces the file changes every text a user sees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.knowledge_base import Reader

ROLES = ("crisis", "emergency", "text", "treatment")
REQUIRED_ROLES = ("crisis", "emergency")
LINE_FIELDS = ("number", "name", "hours", "how")
# [[crisis]], [[Crisis]], [[crisis.number]]: a role, capitalised or not, and an optional field.
_PLACEHOLDER = re.compile(r"\[\[(\w+)(?:\.(\w+))?\]\]")


@dataclass(frozen=True)
class CrisisLine:
    """One crisis line of the operator's country."""

    key: str
    role: str
    name: str
    number: str
    call: bool
    text: bool
    text_keyword: str
    when: str
    hours: str
    note: str
    languages: tuple[str, ...]
    url: str
    source: str

    @property
    def digits(self) -> str:
        """The number as dialled: digits (and a leading "+") only."""
        return re.sub(r"[^\d+]", "", self.number)

    @property
    def short(self) -> str:
        """How to reach the line: "call or text <number>", "text <KEYWORD> to <number>"."""
        if self.text_keyword:
            texting = f"text {self.text_keyword} to {self.number}"
            return f"call {self.number} or {texting}" if self.call else texting
        verbs = " or ".join(verb for verb, on in (("call", self.call), ("text", self.text)) if on)
        return f"{verbs} {self.number}"

    @property
    def how(self) -> str:
        """The short form with when, hours and a note: the crisis responses' bullet."""
        how = self.short
        if self.when:
            how += f" {self.when}"
        if self.hours:
            how += f", {self.hours}"
        if self.note:
            how += f" ({self.note})"
        return how

    @property
    def listing(self) -> str:
        """The line in a list of resources: "SAMHSA National Helpline (call ...; English and Spanish)"."""
        languages = f"; {' and '.join(self.languages)}" if len(self.languages) > 1 else ""
        return f"{self.name} ({self.short}{languages})"

    @property
    def links(self) -> tuple[dict[str, str], ...]:
        """What the chat page's help panel links to: label and tel:/sms: address."""
        links = []
        if self.call:
            links.append({"label": f"Call {self.number}", "href": f"tel:{self.digits}"})
        if self.text and self.text_keyword:
            label, href = f"Text {self.text_keyword} to {self.number}", f"sms:{self.digits}?&body={self.text_keyword}"
            links.append({"label": label, "href": href})
        elif self.text:
            links.append({"label": f"Text {self.number}", "href": f"sms:{self.digits}"})
        return tuple(links)


@dataclass(frozen=True)
class HandoffResponse:
    """A fixed crisis response: a lead, crisis lines in order, a close."""

    name: str
    lead: str
    lines: tuple[CrisisLine, ...]
    close: str

    @property
    def text(self) -> str:
        bullets = "\n".join(f"• {line.name}: {line.how}" for line in self.lines)
        return f"{self.lead}\n{bullets}\n{self.close}"


@dataclass(frozen=True)
class CrisisLines:
    """The country's lines, by key and by role, and the handoff responses."""

    country: str
    lines: tuple[CrisisLine, ...]
    handoff_responses: tuple[HandoffResponse, ...]

    def by_role(self, role: str) -> CrisisLine | None:
        return next((line for line in self.lines if line.role == role), None)

    @property
    def crisis_line(self) -> CrisisLine:
        """The country's crisis line (required, checked on load)."""
        return next(line for line in self.lines if line.role == "crisis")

    @property
    def emergency_line(self) -> CrisisLine:
        """The country's emergency number (required, checked on load)."""
        return next(line for line in self.lines if line.role == "emergency")

    def fill(self, text: str, where: str = "text") -> str:
        """``text`` with every ``[[role]]`` placeholder replaced by that line.

        An unknown role or field is an error, so a text can never reach a
        user with a placeholder (or a missing line) in it.
        """

        def replace(match: re.Match[str]) -> str:
            role, field = match.group(1), match.group(2)
            line = self.by_role(role.lower())
            if line is None or (field and field not in LINE_FIELDS):
                raise ValueError(f"{where}: {match.group(0)} names no crisis line (roles: {', '.join(ROLES)})")
            value = getattr(line, field) if field else line.short
            if not value:
                raise ValueError(f"{where}: {match.group(0)}: the {role} line has no {field}")
            return value[:1].upper() + value[1:] if role[:1].isupper() and not field else value

        return _PLACEHOLDER.sub(replace, text)


def read_crisis_lines(reader: Reader) -> CrisisLines:
    """Read and check crisis_lines.yml; the responses' leads and closes may use placeholders."""
    lines: dict[str, CrisisLine] = {}
    for index, raw in enumerate(reader.get(reader.data, "lines", list, "")):
        line = _read_line(reader, raw, f"lines[{index}]")
        if line.key in lines or any(other.role == line.role for other in lines.values()):
            raise reader.fail(f"lines[{index}]", f"key {line.key!r} or role {line.role!r} is used twice")
        lines[line.key] = line
    missing = [role for role in REQUIRED_ROLES if role not in {line.role for line in lines.values()}]
    if missing:
        raise reader.fail("lines", f"no line with role {', '.join(missing)}")
    partial = CrisisLines(reader.get(reader.data, "country", str, ""), tuple(lines.values()), ())
    handoffs = []
    for name, raw in reader.get(reader.data, "responses", dict, "").items():
        where = f"responses.{name}"
        if not isinstance(raw, dict):
            raise reader.fail(where, "expected a mapping")
        keys = reader.strings(raw, "lines", where, allowed=lines)
        lead, close = (partial.fill(reader.get(raw, field, str, where), where) for field in ("lead", "close"))
        handoffs.append(HandoffResponse(name=name, lead=lead, lines=tuple(lines[k] for k in keys), close=close))
    return CrisisLines(partial.country, partial.lines, tuple(handoffs))


def _read_line(reader: Reader, raw: Any, where: str) -> CrisisLine:
    if not isinstance(raw, dict):
        raise reader.fail(where, "expected a mapping")

    def optional(field: str) -> str:
        return reader.get(raw, field, str, where) if field in raw else ""

    def flag(field: str) -> bool:
        return bool(reader.get(raw, field, bool, where)) if field in raw else False

    line = CrisisLine(
        key=reader.get(raw, "key", str, where),
        role=reader.choice(raw, "role", where, ROLES),
        name=reader.get(raw, "name", str, where),
        number=reader.get(raw, "number", str, where),
        call=flag("call"),
        text=flag("text"),
        text_keyword=optional("text_keyword"),
        when=optional("when"),
        hours=optional("hours"),
        note=optional("note"),
        languages=reader.strings(raw, "languages", where),
        url=_https(reader, raw, where),
        source=reader.get(raw, "source", str, where),
    )
    if not (line.call or line.text):
        raise reader.fail(where, "needs `call: true` or `text: true`")
    if not re.fullmatch(r"\+?\d[\d -]*", line.number):
        raise reader.fail(f"{where}.number", f"{line.number!r} is not a number to dial (digits, spaces, dashes)")
    return line


def _https(reader: Reader, raw: Mapping[str, Any], where: str) -> str:
    url = reader.get(raw, "url", str, where)
    if not url.startswith("https://"):
        raise reader.fail(f"{where}.url", "must start with https://")
    return url
