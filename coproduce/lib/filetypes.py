"""What kind of file an upload really is, judged by its content rather than its name.

A name or a browser's Content-Type can say anything; the first bytes cannot lie as easily. Office
documents are zip files, so for DOCX and PPTX we open the zip and look for the content-type entry
that names the main part.
"""

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    extension: str
    content_type: str


PDF = FileType("pdf", "PDF", "pdf", "application/pdf")
DOCX = FileType(
    "docx",
    "Word document",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
PPTX = FileType(
    "pptx",
    "PowerPoint presentation",
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
PNG = FileType("png", "PNG image", "png", "image/png")
JPEG = FileType("jpg", "JPEG image", "jpg", "image/jpeg")

ALLOWED = (PDF, DOCX, PPTX, PNG, JPEG)
BY_CODE = {kind.code: kind for kind in ALLOWED}

_ZIP_MAGIC = b"PK\x03\x04"
# The main part's content type, as it appears in [Content_Types].xml.
_OFFICE_MAIN_PARTS = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
# Zip bombs: refuse an Office file whose content-type list alone is implausibly large.
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024


def _office_type(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                return None
            if info.file_size > _MAX_CONTENT_TYPES_BYTES:
                return None
            content_types = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    for kind, main_part in _OFFICE_MAIN_PARTS.items():
        if main_part in content_types:
            return kind
    return None


def sniff(data: bytes) -> FileType | None:
    """The allowed type `data` is, or None if it is none of them."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(_ZIP_MAGIC):
        return _office_type(data)
    return None


def safe_filename(name: str, kind: FileType, *, fallback: str = "download") -> str:
    """A download name with only plain characters and the extension that matches the content."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    cleaned = "".join(ch if ch.isalnum() or ch in "-_ " else "-" for ch in stem).strip(" -_")
    cleaned = "-".join(part for part in cleaned.replace(" ", "-").split("-") if part)[:80]
    cleaned = cleaned or fallback
    return f"{cleaned}.{kind.extension}"
