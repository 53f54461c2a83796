"""Tables in and out: CSV and XLSX writing with spreadsheet-safe cells, and reading uploads.

Every download in the product (finance batches, list pages, the `export` command) writes through
here, so the rule that makes a cell inert in a spreadsheet lives in one place. Reading turns a
CSV or XLSX upload into a header row and plain rows of text, dates and numbers, judged by the
file's content rather than its name.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.writer.excel import ExcelWriter

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# A spreadsheet treats a cell starting with these as a formula (tab and carriage return too,
# since some programs strip them and then read what follows).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Make a text cell inert in a spreadsheet by starting it with an apostrophe."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell(value: Any) -> Any:
    """A value ready for a sheet: numbers and dates stay typed, everything else is safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal | int | datetime.date):
        return value
    return safe_text(str(value))


def _csv_cell(value: Any) -> str:
    value = cell(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_text(c) for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    # A byte-order mark so Excel reads names with accents correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry the same timestamp, so equal content gives equal bytes."""

    FIXED = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.FIXED)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        else:
            zinfo_or_arcname.date_time = self.FIXED
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        # openpyxl writes each worksheet from a temporary file, which would carry its mtime.
        with open(filename, "rb") as handle:
            self.writestr(arcname or filename, handle.read())


def _xlsx_cell(value: Any) -> Any:
    value = cell(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Spreadsheets have no time zones: write the wall-clock time it was given in.
        value = value.replace(tzinfo=None)
    return value


def to_xlsx(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    when: datetime.datetime | None = None,
) -> bytes:
    """One sheet with a header row. Given `when`, the bytes depend only on the content."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = (title or "Sheet")[:31]
    sheet.append([safe_text(c) for c in columns])
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    for line in sheet.iter_rows(min_row=2):
        for item in line:
            if isinstance(item.value, Decimal):
                item.number_format = "0.00"
            elif isinstance(item.value, datetime.datetime):
                item.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(item.value, datetime.date):
                item.number_format = "yyyy-mm-dd"
    stamp = (when or datetime.datetime(2000, 1, 1)).replace(tzinfo=None, microsecond=0)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "Coproduce"
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


def write(
    file_format: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str
) -> bytes:
    if file_format == CSV:
        return to_csv(columns, rows)
    if file_format == XLSX:
        return to_xlsx(columns, rows, title=title)
    raise ValueError(f"Unknown format {file_format!r}: use csv or xlsx")


# Reading uploads


class UnreadableFile(ValueError):
    """The upload is not a CSV or XLSX file we can read; the message says why, in plain words."""


@dataclass
class Table:
    """A header row and data rows. Row numbers count as a spreadsheet does: the header is 1."""

    kind: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def numbered(self) -> Iterator[tuple[int, dict[str, Any]]]:
        for offset, row in enumerate(self.rows):
            yield offset + 2, dict(zip(self.headers, row, strict=False))


_ZIP_MAGIC = b"PK\x03\x04"
# Files people pick by mistake that would otherwise pass for text.
_OTHER_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"{\\rtf")
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
# An XLSX whose content-type list alone is this large is not a spreadsheet but a zip bomb.
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024
# Refuse workbooks that would unpack to more than this, however small the upload.
_MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def kind_of(data: bytes) -> str:
    """`xlsx` or `csv`, judged by content; raises UnreadableFile for anything else."""
    if data.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > _MAX_CONTENT_TYPES_BYTES:
                    raise UnreadableFile("The file is not a spreadsheet we can read")
                if sum(i.file_size for i in archive.infolist()) > _MAX_UNPACKED_BYTES:
                    raise UnreadableFile("The spreadsheet is too large once unpacked")
                if _XLSX_MAIN not in archive.read(info).decode("utf-8", errors="replace"):
                    raise UnreadableFile("The file must be a CSV or an Excel workbook (.xlsx)")
        except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, EOFError) as error:
            raise UnreadableFile("The file must be a CSV or an Excel workbook (.xlsx)") from error
        return XLSX
    if b"\x00" in data[:8192] or data.startswith(_OTHER_MAGIC):
        raise UnreadableFile("The file must be a CSV or an Excel workbook (.xlsx)")
    return CSV


def _header(value: Any) -> str:
    return " ".join(str(value if value is not None else "").split())


def _unique_headers(raw: Sequence[Any]) -> list[str]:
    headers: list[str] = []
    for index, value in enumerate(raw, start=1):
        name = _header(value) or f"Column {index}"
        base, n = name, 2
        while name in headers:
            name, n = f"{base} ({n})", n + 1
        headers.append(name)
    return headers


def _blank(row: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    while rows and _blank(rows[-1]):
        rows.pop()
    return rows


def read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets saved as "CSV" on Windows are often in Windows-1252.
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        rows = [list(r) for r in reader]
    except csv.Error as error:
        raise UnreadableFile(f"The CSV file could not be read: {error}") from error
    rows = [r for r in _trim(rows)]
    if not rows:
        raise UnreadableFile("The file is empty")
    headers = _unique_headers(rows[0])
    return Table(CSV, headers, [r + [""] * (len(headers) - len(r)) for r in rows[1:]])


def read_xlsx(data: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile("The Excel file could not be read; save it again and retry") from error
    try:
        sheet = workbook.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    rows = _trim(rows)
    if not rows:
        raise UnreadableFile("The first sheet of the workbook is empty")
    headers = _unique_headers(rows[0])
    width = len(headers)
    return Table(XLSX, headers, [(r + [None] * width)[:width] for r in rows[1:]])


def read(data: bytes) -> Table:
    return read_xlsx(data) if kind_of(data) == XLSX else read_csv(data)


# Reading cells


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    return " ".join(str(value).split())


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")


def date_of(value: Any) -> datetime.date | None:
    """A date from a cell: a spreadsheet date, or text in a British or ISO form.

    Returns None for an empty cell; raises ValueError for text that is not a date. Day first,
    as in the UK: 03/04/2024 is 3 April.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = text_of(value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def split_list(value: Any) -> list[str]:
    """Several entries in one cell, separated by semicolons or new lines."""
    text = "" if value is None else str(value)
    parts = text.replace("\n", ";").split(";")
    return [" ".join(p.split()) for p in parts if p.strip()]
