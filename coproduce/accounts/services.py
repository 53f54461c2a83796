"""Changes to people's accounts and roles. Each one is written to the audit log."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coproduce.accounts.models import Role, RoleGrant, User
from coproduce.audit import services as auditor

USER_AUDIT_FIELDS = (
    "full_name",
    "preferred_name",
    "email",
    "job_title",
    "directorate",
    "is_active",
)


def set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SITE_URL}{path}"


def send_welcome_email(user: User) -> None:
    """Tell a new person their account exists, with a link to choose a password."""
    from coproduce.outreach import services as outreach

    member = getattr(user, "pool_member", None)
    outreach.send(
        "account_link",
        member=member if member is not None and not member.is_anonymised else None,
        user=user,
        email=user.email,
        context={"user": user, "name": user.display_name, "link": set_password_link(user)},
        organisation=user.organisation,
    )


@transaction.atomic
def resend_invite(user: User, *, by: Any) -> None:
    """Send someone who has not chosen a password a new link to choose one. (The "Forgotten your
    password?" page only helps people who already have a password.)"""
    auditor.record("account.invite_sent", actor=by, target=user)
    transaction.on_commit(lambda: send_welcome_email(user))


@transaction.atomic
def set_roles(user: User, roles: Iterable[str], *, by: Any) -> bool:
    """Give `user` exactly `roles`. Returns True if anything changed."""
    wanted = {Role(role).value for role in roles}
    current = set(user.role_grants.values_list("role", flat=True))
    if wanted == current:
        return False
    user.role_grants.filter(role__in=current - wanted).delete()
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=user, role=role, granted_by=by) for role in sorted(wanted - current)]
    )
    user.forget_roles()
    auditor.record(
        "account.roles_changed",
        actor=by,
        target=user,
        changes={"roles": [sorted(current), sorted(wanted)]},
    )
    return True


@transaction.atomic
def create_user(
    *,
    organisation: Any,
    full_name: str,
    email: str,
    roles: Iterable[str],
    by: Any,
    preferred_name: str = "",
    job_title: str = "",
    directorate: Any = None,
    send_invite: bool = True,
) -> User:
    user = User.objects.create_user(
        email=email,
        full_name=full_name,
        preferred_name=preferred_name,
        job_title=job_title,
        directorate=directorate,
        organisation=organisation,
    )
    auditor.record(
        "account.created",
        actor=by,
        target=user,
        changes={field: [None, getattr(user, field)] for field in USER_AUDIT_FIELDS},
    )
    set_roles(user, roles, by=by)
    if send_invite:
        transaction.on_commit(lambda: send_welcome_email(user))
    return user


@transaction.atomic
def update_details(user: User, changes: dict[str, Any], *, by: Any) -> dict[str, list[Any]]:
    before = auditor.snapshot(User.objects.get(pk=user.pk), USER_AUDIT_FIELDS)
    for field, value in changes.items():
        setattr(user, field, value)
    user.save()
    difference = auditor.diff(before, auditor.snapshot(user, USER_AUDIT_FIELDS))
    if difference:
        auditor.record("account.details_changed", actor=by, target=user, changes=difference)
    return difference
