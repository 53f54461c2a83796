import io
import zipfile

from coproduce.lib.filetypes import DOCX, JPEG, PDF, PNG, PPTX, safe_filename, sniff

# A fixed timestamp for every entry, so the same parts always give the same bytes.
ZIP_TIME = (2024, 4, 1, 9, 0, 0)


def _office(main_part: str | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if main_part is not None:
            archive.writestr(
                zipfile.ZipInfo("[Content_Types].xml", date_time=ZIP_TIME),
                f'<Types><Override PartName="/main.xml" ContentType="{main_part}"/></Types>',
            )
        archive.writestr(zipfile.ZipInfo("word/document.xml", date_time=ZIP_TIME), "<w:document/>")
    return buffer.getvalue()


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
SLIDES = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def test_each_allowed_type_is_known_by_its_content():
    assert sniff(b"%PDF-1.7\n...") is PDF
    assert sniff(b"\x89PNG\r\n\x1a\n....") is PNG
    assert sniff(b"\xff\xd8\xff\xe0....") is JPEG
    assert sniff(_office(WORD)) is DOCX
    assert sniff(_office(SLIDES)) is PPTX


def test_other_content_is_refused_whatever_it_is_called():
    assert sniff(b"MZ\x90\x00 an executable") is None
    assert sniff(b"<html><script>") is None
    assert sniff(b"") is None
    # A plain zip, a zip without the right main part, and a broken zip are not Office files.
    assert sniff(_office(None)) is None
    assert sniff(_office("application/vnd.ms-excel.sheet.main+xml")) is None
    assert sniff(b"PK\x03\x04 not really a zip") is None


def test_download_names_keep_plain_characters_and_the_real_extension():
    assert safe_filename("Recruitment poster (v2).docx", PDF) == "Recruitment-poster-v2.pdf"
    assert safe_filename("../../etc/passwd", PNG) == "passwd.png"
    assert safe_filename("", JPEG) == "download.jpg"
