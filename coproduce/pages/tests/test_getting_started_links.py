"""The administrator's "Getting started" list links only to pages the administrator may open."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_getting_started_link_opens_for_the_administrator(client, personas):
    client.force_login(personas.alice)
    body = client.get(reverse("pages:home")).content.decode()
    section = body[body.index('id="getting-started-list"') :]
    section = section[: section.index("</ol>")]
    links = re.findall(r'href="([^"]+)"', section)
    assert links, "the checklist offers somewhere to start"
    for href in links:
        assert client.get(href).status_code == 200, href
    assert reverse("pool:list") not in links
    assert "Someone in the involvement team does this" in section
