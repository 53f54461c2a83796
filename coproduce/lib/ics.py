"""iCalendar (RFC 5545) files for one event, so people can add a session to their calendar.

Framework-free: callers pass plain values; times must be timezone-aware and are written in UTC.
"""

import datetime
from dataclasses import dataclass

_UTC = datetime.UTC


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    organiser_email: str = ""
    sequence: int = 0
    cancelled: bool = False


def _escape(text: str) -> str:
    """Escape TEXT values: backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _utc(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Calendar times must be timezone-aware")
    return moment.astimezone(_UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Fold lines longer than 75 octets, continuing with a space (RFC 5545 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def calendar(
    event: CalendarEvent, *, product: str = "-//Coproduce//Training//EN", now: datetime.datetime
) -> str:
    """A VCALENDAR holding one VEVENT, with CRLF line endings."""
    if event.starts_at.tzinfo is None or event.ends_at.tzinfo is None:
        raise ValueError("Calendar times must be timezone-aware")
    if event.ends_at <= event.starts_at:
        raise ValueError("An event must end after it starts")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:CANCEL" if event.cancelled else "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{_escape(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{_escape(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{_escape(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.organiser_email:
        lines.append(f"ORGANIZER:mailto:{event.organiser_email}")
    lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
