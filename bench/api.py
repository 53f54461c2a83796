"""API throughput: requests per second for a page of the project list, with a personal token.

    DATABASE_URL=... python -m bench.api --projects 10000 --seconds 10

Generates the data first if the database does not hold that scale yet (as bench.measure does).
One process calls the whole Django stack (middleware, token check, permissions, the list with
its filters and this month's level) through the test client, one request after another, for the
given time; the figure is server throughput on one core, without a network in front.
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
from coproduce.api.models import ApiToken  # noqa: E402
from coproduce.organisations.models import Organisation  # noqa: E402
from coproduce.projects.models import Project  # noqa: E402


def run(projects: int, seconds: float, limit: int) -> dict[str, object]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.filter(name=generator.organisation_name(projects)).first()
    if organisation is None:
        organisation = generator.generate(projects, quiet=True)
    lead = Project.objects.filter(organisation=organisation).order_by("pk").first().lead
    _, raw = ApiToken.issue(lead, "benchmark")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    count = Project.objects.filter(organisation=organisation).count()
    pages = max(1, min(count // limit, 50))
    urls = [f"/api/projects?limit={limit}&offset={page * limit}" for page in range(pages)]
    client.get(urls[0])  # warm up: the month's measure, imports, the token's last use
    client.get(urls[-1])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(urls[-1])
    queries = len(captured)  # now: the next request clears the log it reads from
    assert response.status_code == 200, response.content
    assert len(response.json()["items"]) == min(limit, count)
    timings: list[float] = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        url = urls[len(timings) % len(urls)]
        before = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - before) * 1000)
        assert response.status_code == 200
    elapsed = time.perf_counter() - started
    timings.sort()
    return {
        "database": connection.vendor,
        "projects": count,
        "page_size": limit,
        "requests": len(timings),
        "requests_per_second": round(len(timings) / elapsed, 1),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--limit", type=int, default=50)
    args = parser.parse_args()
    print(json.dumps(run(args.projects, args.seconds, args.limit)))


if __name__ == "__main__":
    main()
