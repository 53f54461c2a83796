import datetime

import pytest

from coproduce.lib.ics import CalendarEvent, calendar

LONDON_SUMMER = datetime.timezone(datetime.timedelta(hours=1))
NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def _event(**changes: object) -> CalendarEvent:
    fields: dict[str, object] = {
        "uid": "training-session-7@coproduce.example.org",
        "starts_at": datetime.datetime(2026, 6, 10, 10, 0, tzinfo=LONDON_SUMMER),
        "ends_at": datetime.datetime(2026, 6, 10, 12, 0, tzinfo=LONDON_SUMMER),
        "summary": "QI basics, for patients; and carers",
        "description": "Line one\nLine two",
        "location": "Room 4",
    }
    fields.update(changes)
    return CalendarEvent(**fields)  # type: ignore[arg-type]


def test_times_are_written_in_utc_with_crlf_lines():
    text = calendar(_event(), now=NOW)
    assert "DTSTART:20260610T090000Z\r\n" in text
    assert "DTEND:20260610T110000Z\r\n" in text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")


def test_text_values_are_escaped():
    text = calendar(_event(), now=NOW)
    assert "SUMMARY:QI basics\\, for patients\\; and carers\r\n" in text
    assert "DESCRIPTION:Line one\\nLine two\r\n" in text


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    text = calendar(_event(description="é" * 100), now=NOW)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:" + "é" * 100 in unfolded


def test_a_cancelled_event_says_so():
    text = calendar(_event(cancelled=True, sequence=2), now=NOW)
    assert "METHOD:CANCEL" in text and "STATUS:CANCELLED" in text and "SEQUENCE:2" in text


def test_naive_or_backwards_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar(_event(starts_at=datetime.datetime(2026, 6, 10, 10, 0)), now=NOW)
    with pytest.raises(ValueError, match="end after"):
        calendar(
            _event(ends_at=datetime.datetime(2026, 6, 10, 9, 0, tzinfo=LONDON_SUMMER)), now=NOW
        )
