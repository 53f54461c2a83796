"""Training reports: people trained per month, by who they are and by directorate.

"People trained" counts each person once per month however many courses they completed; a person
counts as a patient or carer if they hold the pool-member role, otherwise as staff. The directorate
is the one recorded on the completion (where they worked when they completed it).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from coproduce.accounts.models import Role, RoleGrant
from coproduce.lib.calendar_months import add_months, month_start, months_between
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
