"""A new trust starts from the current published rates and benefit limits, each citing its
source; a figure whose published period has ended with nothing newer becomes a task, and claims
say their figures may be out of date."""

from datetime import date
from decimal import Decimal

import pytest

from coproduce.accounts.models import User
from coproduce.audit.models import AuditEvent
from coproduce.organisations import checklist
from coproduce.organisations import services as organisations
from coproduce.payments import figures, services
from coproduce.payments.models import BenefitLimit, ExpenseKind, PolicyVersion
from coproduce.pool.models import Benefit
from coproduce.pool.tests.factories import PoolMemberFactory

pytestmark = pytest.mark.django_db

# A day in 2026/27, after the 2025/26 figures' published period ended.
LATE_2026 = date(2026, 12, 3)
UNCONFIRMED = {
    "Employment and Support Allowance (ESA): Permitted work higher limit",
    "Employment and Support Allowance (ESA): Permitted work lower limit",
    "Universal Credit, with housing costs included: Work allowance",
}


@pytest.fixture
def new_trust(db):  # type: ignore[no-untyped-def]
    admin = User.objects.create_superuser(email="first@example.org", full_name="First Admin")
    trust = organisations.create_organisation(
        name="Riverside NHS Foundation Trust", ods_code="RV3", administrator=admin
    )
    return trust


def test_a_new_trust_starts_from_the_current_published_figures(new_trust):
    policy = PolicyVersion.objects.get(organisation=new_trust)
    assert policy.effective_from == date(2026, 4, 6)
    car = policy.expenses.get(kind=ExpenseKind.CAR)
    assert car.per_mile == Decimal("0.55")
    assert "HMRC" in car.source and "21 May 2026" in car.source
    carers = BenefitLimit.objects.get(organisation=new_trust, benefit=Benefit.CARERS_ALLOWANCE)
    assert (carers.amount, carers.effective_from) == (Decimal("204.00"), date(2026, 4, 6))
    limits = BenefitLimit.objects.filter(organisation=new_trust)
    assert limits.count() == len(figures.LIMITS)
    assert all(row.source for row in limits)
    assert AuditEvent.objects.filter(action="payments.starting_figures_added").count() == 1


def test_installing_again_changes_nothing(new_trust):
    figures.install(new_trust)
    assert PolicyVersion.objects.filter(organisation=new_trust).count() == 1
    assert BenefitLimit.objects.filter(organisation=new_trust).count() == len(figures.LIMITS)


def test_the_2025_26_figures_not_yet_replaced_need_checking(new_trust):
    labels = {item.label for item in figures.lapsed(new_trust, LATE_2026)}
    assert labels >= UNCONFIRMED
    assert not any("Carer" in label for label in labels)
    assert "Mileage by car" not in labels
    # Before the period ended, nothing had lapsed.
    assert figures.lapsed(new_trust, date(2026, 4, 5)) == []
    # The car rate lapses at the end of 2026/27.
    assert "Mileage by car" in {item.label for item in figures.lapsed(new_trust, date(2027, 4, 6))}


def test_a_newer_row_takes_over_and_the_task_goes(new_trust):
    for item in figures.LIMITS:
        BenefitLimit.objects.get_or_create(
            organisation=new_trust,
            benefit=item.benefit,
            name=item.name,
            effective_from=date(2026, 4, 6),
            defaults={"amount": Decimal(item.amount), "period": item.period},
        )
    assert figures.lapsed(new_trust, LATE_2026) == []


def test_the_checklist_says_the_figures_need_checking(new_trust):
    steps = {s.key: s for s in checklist.steps(checklist.gather(new_trust, today=LATE_2026))}
    assert steps["payments"].needs_checking
    assert not steps["payments"].done
    assert "Permitted work higher limit" in steps["payments"].missing


def test_administrators_see_the_figures_to_check_on_the_policy_page(client, new_trust):
    client.force_login(User.objects.get(email="first@example.org"))
    page = client.get("/payments/policy/").content.decode()
    assert "Figures to check" in page
    assert "Permitted work higher limit: published for up to" in page
    assert "DWP benefit and pension rates 2025 to 2026" in page


def test_the_claim_page_says_the_figures_may_be_out_of_date(client, new_trust):
    from coproduce.accounts.tests.factories import UserFactory

    person = UserFactory(email="pat@example.org", organisation=new_trust, roles=["pool_member"])
    member = PoolMemberFactory(organisation=new_trust, user=person, declared_benefits=[Benefit.ESA])

    def claim_on(day: date):  # type: ignore[no-untyped-def]
        activity = services.log_activity(
            member, activity_date=day, duration_minutes=60, activity_type="standard", by=person
        )
        return services.start_claim(activity, by=person)

    client.force_login(person)
    address = f"/payments/claims/{claim_on(date(2026, 11, 4)).pk}/"
    late = client.get(address).content.decode()
    assert "These figures may be out of date" in late
    assert "Permitted work higher limit" in late
    # Universal Credit was not declared, so its figures are not this claim's concern.
    assert "Universal Credit" not in late.split("figures-out-of-date")[1].split("</div>")[0]
    # Once the 2026/27 ESA figures are entered, the claim no longer says so.
    for name, amount in (
        ("Permitted work higher limit", "203.00"),
        ("Permitted work lower limit", "20.00"),
    ):
        BenefitLimit.objects.create(
            organisation=new_trust,
            benefit=Benefit.ESA,
            name=name,
            amount=Decimal(amount),
            period="week",
            effective_from=date(2026, 4, 6),
        )
    assert "These figures may be out of date" not in client.get(address).content.decode()


def test_an_existing_trust_is_brought_up_to_date_once(personas):
    from coproduce.payments.demo import load_policy

    load_policy(personas.trust)
    figures.bring_up_to_date(personas.trust, by=personas.alice)
    figures.bring_up_to_date(personas.trust, by=personas.alice)
    old, new = PolicyVersion.objects.filter(organisation=personas.trust).order_by("effective_from")
    assert new.effective_from == date(2026, 4, 6)
    assert new.expenses.get(kind=ExpenseKind.CAR).per_mile == Decimal("0.55")
    assert old.expenses.get(kind=ExpenseKind.CAR).per_mile == Decimal("0.45")
    assert {r.activity_type_id for r in new.rates.all()} == {
        r.activity_type_id for r in old.rates.all()
    }
    carers = BenefitLimit.objects.filter(
        organisation=personas.trust,
        benefit=Benefit.CARERS_ALLOWANCE,
        effective_from=date(2026, 4, 6),
    )
    assert carers.get().amount == Decimal("204.00")
    assert AuditEvent.objects.filter(action="payments.published_figures_added").count() == 1
    # The 2025/26 rows entered before now cite their source, and are the ones to check.
    labels = {item.label for item in figures.lapsed(personas.trust, LATE_2026)}
    assert labels >= UNCONFIRMED
