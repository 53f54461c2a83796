"""Who may do what in training, support and the library, asked of the rules directly."""

import pytest

from coproduce.resources.tests.factories import ResourceFactory
from coproduce.support.tests.factories import SupportRequestFactory
from coproduce.training.models import Completion
from coproduce.training.tests.factories import FacilitatorFactory

pytestmark = pytest.mark.django_db

NOBODY: set[str] = set()


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        ("training.view_courses", {"alice", "cora", "leo", "sam", "pat", "carl"}),
        ("training.manage_courses", {"cora"}),
        ("training.view_reports", {"alice", "cora"}),
        ("support.view_queue", {"cora"}),
        ("resources.manage_library", {"cora"}),
        ("resources.make_poster", {"cora", "leo"}),
    ],
)
def test_each_role_gets_exactly_its_permissions(personas, permission, allowed):
    granted = {name for name, user in personas.all().items() if user.has_perm(permission)}
    expected = allowed | ({"olga"} if "alice" in allowed else NOBODY)
    assert granted == expected


def test_facilitators_take_attendance_only_for_their_own_sessions(personas, upcoming, qi_basics):
    FacilitatorFactory(session=upcoming, user=personas.carl)
    from coproduce.training.tests.factories import SessionFactory

    other_session = SessionFactory(course=qi_basics)
    assert personas.carl.has_perm("training.take_attendance", upcoming)
    assert not personas.carl.has_perm("training.take_attendance", other_session)
    assert personas.cora.has_perm("training.take_attendance", other_session)
    assert not personas.olga.has_perm("training.take_attendance", upcoming)


def test_a_certificate_is_for_its_owner_and_the_involvement_team(personas, qi_basics):
    completion = Completion.objects.create(
        course=qi_basics, user=personas.pat, completed_on="2026-01-10"
    )
    assert personas.pat.has_perm("training.view_certificate", completion)
    assert personas.cora.has_perm("training.view_certificate", completion)
    for name in ("carl", "leo", "alice", "olga"):
        assert not getattr(personas, name).has_perm("training.view_certificate", completion), name


def test_support_requests_and_resources_stay_in_their_trust(personas):
    item = SupportRequestFactory(organisation=personas.trust)
    assert personas.cora.has_perm("support.change_request", item)
    assert not personas.olga.has_perm("support.change_request", item)
    private = ResourceFactory(organisation=personas.trust, is_public=False)
    public = ResourceFactory(organisation=personas.trust, is_public=True)
    from django.contrib.auth.models import AnonymousUser

    visitor = AnonymousUser()
    assert visitor.has_perm("resources.view_resource", public)
    assert not visitor.has_perm("resources.view_resource", private)
    assert personas.pat.has_perm("resources.view_resource", private)
    assert not personas.olga.has_perm("resources.view_resource", private)
    assert not personas.olga.has_perm("resources.change_resource", public)
