"""Fixtures for payment tests: the CNWL policy, pool records for pat and carl, a project."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.payments import services
from coproduce.payments.demo import RECEIPT_PDF, load_policy
from coproduce.pool.tests.factories import PoolMemberFactory
from coproduce.projects.tests.factories import make_project

# A Wednesday in 2025/26.
DAY = date(2025, 6, 11)


@dataclass
class PaymentWorld:
    personas: Any
    policy: Any
    pat_member: Any
    carl_member: Any
    project: Any
    other_project: Any

    def claim(
        self,
        member: Any = None,
        *,
        on: date = DAY,
        minutes: int = 120,
        kind: str = "standard",
        project: Any = "default",
        by: Any = None,
    ) -> Any:
        member = member or self.pat_member
        activity = services.log_activity(
            member,
            activity_date=on,
            duration_minutes=minutes,
            activity_type=kind,
            project=self.project if project == "default" else project,
            by=by or member.user,
        )
        return services.start_claim(activity, by=by or member.user)

    def submitted(self, member: Any = None, **kwargs: Any) -> Any:
        claim = self.claim(member, **kwargs)
        return services.submit(claim, by=claim.member.user or self.personas.cora)

    def approved(self, member: Any = None, **kwargs: Any) -> Any:
        claim = self.submitted(member, **kwargs)
        services.approve(claim, by=self.personas.cora)
        claim.refresh_from_db()
        return claim


def receipt_pdf(name: str = "receipt.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, RECEIPT_PDF, content_type="application/pdf")


@pytest.fixture
def world(personas) -> PaymentWorld:  # type: ignore[no-untyped-def]
    policy = load_policy(personas.trust, by=personas.alice)
    pat_member = PoolMemberFactory(
        organisation=personas.trust, user=personas.pat, first_name="Pat", last_name="Example"
    )
    carl_member = PoolMemberFactory(
        organisation=personas.trust, user=personas.carl, first_name="Carl", last_name="Example"
    )
    project = make_project(personas, title="Reducing restrictive practice", lead=personas.leo)
    other_project = make_project(personas, title="Kinder ward rounds", lead=personas.cora)
    return PaymentWorld(personas, policy, pat_member, carl_member, project, other_project)
