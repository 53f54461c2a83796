"""The trusts a visitor may send a public form to."""

import pytest

from coproduce.organisations.forms.visitors import trusts_visitors_choose_from
from coproduce.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_real_trusts_in_name_order_and_never_a_demo_one_beside_them():
    OrganisationFactory(name="Demo Trust", is_demo=True)
    zeta = OrganisationFactory(name="Zeta NHS Trust")
    alpha = OrganisationFactory(name="Alpha NHS Trust")
    assert list(trusts_visitors_choose_from()) == [alpha, zeta]


def test_a_demo_installation_offers_its_demo_trust():
    demo = OrganisationFactory(name="Demo Trust", is_demo=True)
    assert list(trusts_visitors_choose_from()) == [demo]


def test_an_empty_installation_offers_nothing():
    assert not trusts_visitors_choose_from().exists()
