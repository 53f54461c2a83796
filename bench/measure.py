"""Time the dashboard and a project page on one database at one scale.

    DATABASE_URL=... python -m bench.measure --projects 10000

Generates the data first if the database does not hold that scale yet. Requests go through the
whole Django stack (middleware, permissions, templates) with the test client, signed in as a
project lead of the generated trust; the figures are server time, without a network.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import generate as generator  # sets up Django
from coproduce.organisations.models import Organisation  # noqa: E402
from coproduce.projects.models import Project, ProjectStatus  # noqa: E402


def _time(client: Client, url: str, repeat: int) -> dict[str, float]:
    client.get(url)  # warm caches and templates
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "queries": queries,
    }


def run(projects: int, repeat: int) -> dict[str, object]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.filter(name=generator.organisation_name(projects)).first()
    if organisation is None:
        started = time.perf_counter()
        organisation = generator.generate(projects, quiet=True)
        generated = round(time.perf_counter() - started, 1)
    else:
        generated = None
    project = (
        Project.objects.filter(organisation=organisation, status=ProjectStatus.ACTIVE)
        .order_by("-team__joined_on")
        .first()
    )
    client = Client()
    client.force_login(project.lead)
    return {
        "database": connection.vendor,
        "projects": projects,
        "generated_in_s": generated,
        "home_page": _time(client, "/", repeat),
        "dashboard": _time(client, "/involvement/", repeat),
        "project_page": _time(client, f"/projects/{project.pk}/", repeat),
        "drill_down": _time(client, "/involvement/not-yet-meaningful/", repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print(json.dumps(run(args.projects, args.repeat)))


if __name__ == "__main__":
    main()
