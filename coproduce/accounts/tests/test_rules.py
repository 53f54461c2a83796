import pytest

pytestmark = pytest.mark.django_db

ADMIN_ONLY = ["accounts.manage_users", "organisations.manage_structure", "audit.view_log"]


@pytest.mark.parametrize("permission", ADMIN_ONLY)
def test_administration_is_for_administrators_alone(personas, permission):
    allowed = {name for name, user in personas.all().items() if user.has_perm(permission)}
    assert allowed == {"alice", "olga"}


def test_an_administrator_changes_only_people_in_their_own_trust(personas):
    assert personas.alice.has_perm("accounts.change_user", personas.sam)
    assert not personas.alice.has_perm("accounts.change_user", personas.olga)
    assert not personas.olga.has_perm("accounts.change_user", personas.sam)


def test_a_switched_off_account_holds_no_permissions(personas):
    personas.alice.is_active = False
    personas.alice.save()
    personas.alice.forget_roles()
    assert not personas.alice.has_perm("accounts.manage_users")


def test_anonymous_visitors_hold_no_permissions(db):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("audit.view_log")
