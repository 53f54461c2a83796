"""The resource library: uploads checked by content, versions, search, and who may download."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.lib.filetypes import PDF
from coproduce.resources import services
from coproduce.resources.forms import upload
from coproduce.resources.models import Resource, ResourceVersion
from coproduce.resources.tests.factories import PDF_BYTES, ResourceFactory

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# A fixed timestamp for every entry: a zip otherwise takes the time from the clock, and two
# builds a second apart would differ in their bytes.
ZIP_TIME = (2024, 4, 1, 9, 0, 0)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("[Content_Types].xml", date_time=ZIP_TIME),
            '<Types><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        archive.writestr(zipfile.ZipInfo("word/document.xml", date_time=ZIP_TIME), "<w:document/>")
    return buffer.getvalue()


def _resource(personas, **fields):  # type: ignore[no-untyped-def]
    resource = ResourceFactory(organisation=fields.pop("organisation", personas.trust), **fields)
    services.add_version(
        resource, data=PDF_BYTES, file_type=PDF, original_name="guide.pdf", by=personas.cora
    )
    return resource


def _new_resource_data(file: SimpleUploadedFile) -> dict[str, object]:
    return {
        "title": "Involvement toolkit",
        "kind": "toolkit",
        "audience": "staff",
        "summary": "How to involve patients and carers at every stage.",
        "is_public": "on",
        "file": file,
    }


def test_the_team_adds_a_word_document_named_anything_and_it_is_stored_by_type(client, personas):
    client.force_login(personas.cora)
    response = client.post(
        reverse("resources:resource-new"),
        _new_resource_data(SimpleUploadedFile("Toolkit FINAL (2).docx", _docx())),
    )
    resource = Resource.objects.get()
    assert response["Location"] == reverse("resources:resource-detail", args=[resource.pk])
    version = resource.versions.get()
    assert version.file_type == "docx" and version.number == 1
    assert version.file.name == f"resources/{resource.pk}/v1.docx"
    download = client.get(reverse("resources:download", args=[resource.pk, 1]))
    assert download["Content-Type"] == DOCX_TYPE
    assert download["Content-Disposition"] == 'attachment; filename="Toolkit-FINAL-2.docx"'
    assert b"".join(download.streaming_content) == _docx()
    assert set(
        AuditEvent.objects.filter(target_id=str(resource.pk)).values_list("action", flat=True)
    ) == {"resources.resource_added", "resources.version_added"}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("poster.pdf", b"MZ\x90\x00 this is a program"),
        ("slides.pptx", b"PK\x03\x04 a broken zip"),
        ("page.png", b"<html><script>alert(1)</script>"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(client, personas, name, content):
    client.force_login(personas.cora)
    response = client.post(
        reverse("resources:resource-new"), _new_resource_data(SimpleUploadedFile(name, content))
    )
    assert "The selected file must be a PDF, Word (DOCX), PowerPoint (PPTX), PNG or JPG" in (
        response.content.decode()
    )
    assert not Resource.objects.exists() and not ResourceVersion.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, personas, monkeypatch):
    monkeypatch.setattr(upload, "MAX_FILE_BYTES", 1024)
    client.force_login(personas.cora)
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048)
    response = client.post(reverse("resources:resource-new"), _new_resource_data(big))
    assert "The selected file must be smaller than" in response.content.decode()
    assert not Resource.objects.exists()


def test_a_new_version_becomes_current_and_old_versions_stay(client, personas):
    resource = _resource(personas)
    client.force_login(personas.cora)
    client.post(
        reverse("resources:version-new", args=[resource.pk]),
        {"file": SimpleUploadedFile("v2.docx", _docx()), "notes": "Rates for 2027"},
    )
    assert list(resource.versions.values_list("number", flat=True)) == [2, 1]
    assert resource.current_version().file_type == "docx"
    page = client.get(reverse("resources:resource-detail", args=[resource.pk])).content.decode()
    assert "Rates for 2027" in page and "Current" in page
    old = client.get(reverse("resources:download", args=[resource.pk, 1]))
    assert old["Content-Type"] == "application/pdf"
    assert old["Content-Disposition"].startswith("inline;")


def test_visitors_see_public_resources_and_are_asked_to_sign_in_for_the_rest(client, personas):
    public = _resource(personas, title="Payment guidance", is_public=True)
    private = _resource(personas, title="Internal toolkit", is_public=False)
    page = client.get(reverse("resources:library")).content.decode()
    assert "Payment guidance" in page and "Internal toolkit" not in page
    assert client.get(reverse("resources:download", args=[public.pk, 1])).status_code == 200
    for url in (
        reverse("resources:resource-detail", args=[private.pk]),
        reverse("resources:download", args=[private.pk, 1]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_signed_in_only_resources_stay_within_their_trust(client, personas):
    private = _resource(personas, title="Internal toolkit", is_public=False)
    client.force_login(personas.pat)
    assert client.get(reverse("resources:download", args=[private.pk, 1])).status_code == 200
    client.force_login(personas.olga)
    assert "Internal toolkit" not in client.get(reverse("resources:library")).content.decode()
    assert client.get(reverse("resources:download", args=[private.pk, 1])).status_code == 404
    assert client.get(reverse("resources:resource-detail", args=[private.pk])).status_code == 404


def test_search_and_filters_narrow_the_library(client, personas):
    _resource(personas, title="Payment guidance", kind="guidance", audience="patients_carers")
    _resource(personas, title="Recruitment poster", kind="poster", audience="everyone")
    _resource(
        personas, title="QI toolkit", kind="toolkit", audience="staff", summary="Payments too"
    )
    client.force_login(personas.sam)

    def titles(query: str) -> set[str]:
        page = client.get(reverse("resources:library") + query).content.decode()
        return {t for t in ("Payment guidance", "Recruitment poster", "QI toolkit") if t in page}

    assert titles("?q=payment") == {"Payment guidance", "QI toolkit"}
    assert titles("?kind=poster") == {"Recruitment poster"}
    assert titles("?audience=staff") == {"Recruitment poster", "QI toolkit"}


def test_only_the_involvement_team_manages_the_library(client, personas):
    resource = _resource(personas)
    urls = [
        reverse("resources:resource-new"),
        reverse("resources:resource-edit", args=[resource.pk]),
        reverse("resources:version-new", args=[resource.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    for person in (personas.leo, personas.pat, personas.alice):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 403
    other = _resource(personas, organisation=personas.other_trust)
    client.force_login(personas.cora)
    assert client.get(reverse("resources:version-new", args=[other.pk])).status_code == 404
    assert resource.versions.count() == 1
