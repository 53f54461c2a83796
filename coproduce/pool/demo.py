"""Demo pool: every demo person with the patient-or-carer role is an active pool member."""

from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.demo import DemoContext
from coproduce.pool.models import MemberKind, MemberStatus, PoolMember

CARERS = {"carer@example.org", "sunita.rao@example.org", "david.brown@example.org"}


def load(context: DemoContext) -> None:
    for email, user in list(context.records.items()):
        if not user.has_role(Role.POOL_MEMBER):
            continue
        first, _, last = user.full_name.partition(" ")
        member, _ = PoolMember.objects.get_or_create(
            user=user,
            defaults={
                "organisation": context.organisation,
                "first_name": first,
                "last_name": last,
                "email": user.email,
                "kind": MemberKind.CARER if email in CARERS else MemberKind.PATIENT,
                "status": MemberStatus.ACTIVE,
                "status_changed_at": timezone.now(),
            },
        )
        context.records[f"pool:{email}"] = member
