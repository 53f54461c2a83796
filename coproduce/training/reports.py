"""Training reports: people trained per month, by who they are and by directorate.

"People trained" counts each person once per month however many courses they completed; a person
counts as a patient or carer if they hold the pool-member role, otherwise as staff. The directorate
is the one recorded on the completion (where they worked when they completed it).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import TruncMonth

from coproduce.accounts.models import Role, RoleGrant
from coproduce.lib.months import add_months, month_start, months_between
from coproduce.training.models import Completion

STAFF = "Staff"
PATIENTS_AND_CARERS = "Patients and carers"
GROUPS = (STAFF, PATIENTS_AND_CARERS)
NO_DIRECTORATE = "No directorate recorded"


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    by_group: dict[str, int]
    total: int


@dataclass(frozen=True)
class DirectorateRow:
    directorate: str
    by_group: dict[str, int]
    total: int


@dataclass(frozen=True)
class TrainedReport:
    first_month: datetime.date
    last_month: datetime.date
    months: list[MonthRow]
    directorates: list[DirectorateRow]
    csv_rows: list[tuple[str, str, str, int]]
    total_people: int


def people_trained(
    organisation: Any, first_month: datetime.date, last_month: datetime.date
) -> TrainedReport:
    first_month, last_month = month_start(first_month), month_start(last_month)
    end = add_months(last_month, 1)
    completions = list(
        Completion.objects.filter(
            course__organisation=organisation,
            completed_on__gte=first_month,
            completed_on__lt=end,
        ).values_list("user_id", "completed_on", "directorate__name")
    )
    patients = set(
        RoleGrant.objects.filter(
            role=Role.POOL_MEMBER, user_id__in={user for user, _, _ in completions}
        ).values_list("user_id", flat=True)
    )
    by_month: dict[datetime.date, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    by_directorate: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    cells: dict[tuple[datetime.date, str, str], set[int]] = defaultdict(set)
    everyone: set[int] = set()
    for user_id, completed_on, directorate in completions:
        group = PATIENTS_AND_CARERS if user_id in patients else STAFF
        month = month_start(completed_on)
        name = directorate or NO_DIRECTORATE
        by_month[month][group].add(user_id)
        by_directorate[name][group].add(user_id)
        cells[(month, name, group)].add(user_id)
        everyone.add(user_id)
    months = []
    for month in months_between(first_month, last_month):
        groups = by_month.get(month, {})
        counts = {group: len(groups.get(group, ())) for group in GROUPS}
        months.append(MonthRow(month, counts, len(set().union(*groups.values())) if groups else 0))
    directorates = [
        DirectorateRow(
            name,
            {group: len(groups.get(group, ())) for group in GROUPS},
            len(set().union(*groups.values())),
        )
        for name, groups in sorted(
            by_directorate.items(), key=lambda item: (item[0] == NO_DIRECTORATE, item[0])
        )
    ]
    csv_rows = [
        (month.strftime("%Y-%m"), name, group, len(users))
        for (month, name, group), users in sorted(cells.items())
    ]
    return TrainedReport(
        first_month, last_month, months, directorates, csv_rows, total_people=len(everyone)
    )


@dataclass(frozen=True)
class InvolvementSplit:
    """Staff trained in a period, by the involvement level of the projects they were on."""

    with_big_i: int
    without_big_i: int
    not_on_a_project: int

    @property
    def total(self) -> int:
        return self.with_big_i + self.without_big_i + self.not_on_a_project


def staff_by_involvement(
    organisation: Any, first_month: datetime.date, last_month: datetime.date
) -> InvolvementSplit:
    """Staff trained in the period, split by whether a project they were on had Big I
    involvement on the month end of the month they completed the training.

    A member of staff is "on" a project when they are on its team (not as a patient or carer) on
    the completion date, or lead it. Someone on a Big I project for any completion counts as with
    Big I; someone on projects that never had it, as without. Levels come from the involvement
    measure's stored month-end levels; one aggregate query, however many projects there are.
    """
    # Imported here: involvement and projects import training's models.
    from coproduce.involvement.models import Level, MonthlyLevel
    from coproduce.projects.models import Project

    first_month, last_month = month_start(first_month), month_start(last_month)
    end = add_months(last_month, 1)

    def on_it(prefix: str) -> Q:
        """The completing person was on the project (reached through `prefix`) that day."""
        day = OuterRef("completed_on")
        return Q(**{f"{prefix}lead_id": OuterRef("user_id")}) | (
            Q(
                **{
                    f"{prefix}team__user_id": OuterRef("user_id"),
                    f"{prefix}team__is_patient_or_carer": False,
                    f"{prefix}team__joined_on__lte": day,
                }
            )
            & (
                Q(**{f"{prefix}team__left_on__isnull": True})
                | Q(**{f"{prefix}team__left_on__gte": day})
            )
        )

    # Wrapped so that the month can be taken of the outer query's date.
    completed_on = ExpressionWrapper(OuterRef("completed_on"), output_field=DateField())
    on_a_project = Project.objects.filter(on_it(""), organisation=organisation)
    big_i_that_month = (
        MonthlyLevel.objects.filter(organisation=organisation, level=Level.BIG_I)
        .annotate(month=TruncMonth("month_end"))
        .filter(on_it("project__"), month=TruncMonth(completed_on))
    )
    completions = Completion.objects.filter(
        course__organisation=organisation, completed_on__gte=first_month, completed_on__lt=end
    ).exclude(user_id__in=RoleGrant.objects.filter(role=Role.POOL_MEMBER).values("user_id"))
    counts = completions.aggregate(
        everyone=Count("user_id", distinct=True),
        on_project=Count("user_id", distinct=True, filter=Q(Exists(on_a_project))),
        big_i=Count("user_id", distinct=True, filter=Q(Exists(big_i_that_month))),
    )
    return InvolvementSplit(
        with_big_i=counts["big_i"],
        without_big_i=counts["on_project"] - counts["big_i"],
        not_on_a_project=counts["everyone"] - counts["on_project"],
    )
