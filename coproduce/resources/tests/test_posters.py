"""The recruitment-poster maker: an A4 PDF whose QR code leads to joining the pool."""

import os

import pypdfium2
import pytest
from django.conf import settings
from django.urls import reverse

from coproduce.resources import posters
from coproduce.resources.models import RecruitmentPoster, Resource

pytestmark = pytest.mark.django_db


def decode_qr_codes(image) -> list[str]:  # type: ignore[no-untyped-def]
    """Read every QR code in a PIL image with zxing-cpp (a dev dependency; CI must have it)."""
    try:
        import zxingcpp
    except ImportError:
        message = "zxing-cpp is not installed (pip install -e '.[dev]'), so QR codes cannot be read"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [result.text for result in zxingcpp.read_barcodes(image)]


def pdf_first_page_image(pdf: bytes):  # type: ignore[no-untyped-def]
    return pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil()


def _make(client, personas, **changes):  # type: ignore[no-untyped-def]
    data = {
        "service": str(personas.service.pk),
        "headline": "Help us make Willow Ward better",
        "message": "We want to hear from people who have stayed on the ward, and their carers.",
        "contact_name": "Chris from the involvement team",
        "contact_phone": "020 7946 0000",
        "contact_email": "",
    }
    data.update(changes)
    return client.post(reverse("resources:poster-new"), data)


def test_the_signup_address_carries_the_service():
    assert posters.signup_url(42) == f"{settings.SITE_URL}/pool/join/?service=42"


def test_a_coordinator_makes_an_a4_poster_whose_qr_code_leads_to_the_signup_page(client, personas):
    client.force_login(personas.cora)
    response = _make(client, personas)
    poster = RecruitmentPoster.objects.get()
    assert response["Location"] == reverse("resources:poster-detail", args=[poster.pk])
    assert poster.service == personas.service and poster.organisation == personas.trust
    pdf = client.get(reverse("resources:poster-pdf", args=[poster.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(pdf.content)
    assert len(document) == 1
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    text = " ".join(document[0].get_textpage().get_text_range().split())
    assert "Help us make Willow Ward better" in text and "020 7946 0000" in text
    expected = f"{settings.SITE_URL}/pool/join/?service={personas.service.pk}"
    assert decode_qr_codes(pdf_first_page_image(pdf.content)) == [expected]


def test_the_png_preview_shows_the_same_poster_with_a_readable_qr_code(client, personas):
    from PIL import Image

    client.force_login(personas.cora)
    _make(client, personas)
    poster = RecruitmentPoster.objects.get()
    response = client.get(reverse("resources:poster-png", args=[poster.pk]))
    assert response["Content-Type"] == "image/png"
    import io

    image = Image.open(io.BytesIO(response.content))
    assert image.size == (893, 1263)
    assert decode_qr_codes(image) == [posters.signup_url(personas.service.pk)]


def test_choosing_a_project_uses_its_service(client, personas):
    from coproduce.projects.models import Project

    project = Project.objects.create(
        organisation=personas.trust,
        directorate=personas.directorate,
        service=personas.service,
        title="Safer discharge",
        lead=personas.leo,
        start_date="2026-01-05",
    )
    client.force_login(personas.leo)  # project leads make posters too
    _make(client, personas, service="", project=str(project.pk))
    poster = RecruitmentPoster.objects.get()
    assert poster.service == personas.service and poster.project == project


def test_a_poster_form_with_problems_says_what_to_fix(client, personas):
    client.force_login(personas.cora)
    response = _make(client, personas, service="", headline="", message="x" * 601, contact_phone="")
    content = response.content.decode()
    for message in (
        "Select a service or a project",
        "Enter a headline",
        "The message must be 600 characters or fewer",
        "Enter a contact phone number or email address",
    ):
        assert message in content, message
    assert not RecruitmentPoster.objects.exists()


def test_another_trusts_service_cannot_be_chosen(client, personas):
    from coproduce.organisations.tests.factories import DirectorateFactory, ServiceFactory

    elsewhere = ServiceFactory(directorate=DirectorateFactory(organisation=personas.other_trust))
    client.force_login(personas.cora)
    response = _make(client, personas, service=str(elsewhere.pk))
    assert "Select a valid choice" in response.content.decode()
    assert not RecruitmentPoster.objects.exists()


def test_posters_are_for_the_team_and_leads_of_the_same_trust(client, personas):
    client.force_login(personas.cora)
    _make(client, personas)
    poster = RecruitmentPoster.objects.get()
    urls = [
        reverse("resources:poster-new"),
        reverse("resources:poster-detail", args=[poster.pk]),
        reverse("resources:poster-pdf", args=[poster.pk]),
    ]
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302
    for person in (personas.pat, personas.sam, personas.fin):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 403
    client.force_login(personas.olga)
    assert client.get(urls[1]).status_code in (403, 404)


def test_a_poster_added_to_the_library_is_a_signed_in_only_pdf(client, personas):
    client.force_login(personas.cora)
    _make(client, personas)
    poster = RecruitmentPoster.objects.get()
    client.post(reverse("resources:poster-to-library", args=[poster.pk]))
    resource = Resource.objects.get()
    assert resource.kind == "poster" and not resource.is_public
    assert resource.current_version().file_type == "pdf"
    client.post(reverse("resources:poster-to-library", args=[poster.pk]))
    assert Resource.objects.count() == 1 and resource.versions.count() == 2


def test_a_poster_starts_with_and_shows_its_own_trusts_team(client, personas, settings):
    from coproduce.accounts.models import Role
    from coproduce.accounts.tests.factories import UserFactory
    from coproduce.organisations.models import Organisation
    from coproduce.organisations.tests.factories import DirectorateFactory, ServiceFactory

    settings.INVOLVEMENT_TEAM_EMAIL = "fallback@example.org"
    settings.INVOLVEMENT_TEAM_PHONE = "0300 000 0000"
    Organisation.objects.filter(pk=personas.trust.pk).update(
        team_name="Patient and Carer Involvement Team",
        team_email="team@riverside.example.org",
        team_phone="020 7946 0101",
    )
    Organisation.objects.filter(pk=personas.other_trust.pk).update(
        team_email="team@elsewhere.example.org", team_phone="0113 496 0202"
    )
    client.force_login(personas.cora)
    page = client.get(reverse("resources:poster-new")).content.decode()
    assert 'value="Patient and Carer Involvement Team"' in page
    assert 'value="020 7946 0101"' in page and 'value="team@riverside.example.org"' in page
    assert "0113 496 0202" not in page and "0300 000 0000" not in page

    # Another trust's coordinator starts from their own team, and their poster shows it.
    elsewhere = ServiceFactory(directorate=DirectorateFactory(organisation=personas.other_trust))
    owen = UserFactory(
        email="owen@example.org", organisation=personas.other_trust, roles=[Role.INVOLVEMENT_TEAM]
    )
    client.force_login(owen)
    page = client.get(reverse("resources:poster-new")).content.decode()
    assert 'value="0113 496 0202"' in page and 'value="team@elsewhere.example.org"' in page
    assert 'value="The involvement team"' in page  # that trust has not named its team
    assert "020 7946 0101" not in page
    _make(
        client,
        personas,
        service=str(elsewhere.pk),
        contact_name="The involvement team",
        contact_phone="0113 496 0202",
        contact_email="team@elsewhere.example.org",
    )
    poster = RecruitmentPoster.objects.get()
    assert poster.organisation == personas.other_trust
    pdf = client.get(reverse("resources:poster-pdf", args=[poster.pk])).content
    text = " ".join(pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range().split())
    assert "0113 496 0202" in text and "team@elsewhere.example.org" in text
    assert "020 7946 0101" not in text


def test_a_poster_of_a_trust_that_set_nothing_starts_with_the_installations_team(
    client, personas, settings
):
    settings.INVOLVEMENT_TEAM_EMAIL = "fallback@example.org"
    settings.INVOLVEMENT_TEAM_PHONE = "0300 000 0000"
    client.force_login(personas.cora)
    page = client.get(reverse("resources:poster-new")).content.decode()
    assert 'value="0300 000 0000"' in page and 'value="fallback@example.org"' in page
