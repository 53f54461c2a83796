"""Benchmark the dashboard and a project page at several scales on SQLite and PostgreSQL.

    python -m bench                                    # 1k, 10k and 100k on both databases
    python -m bench --sizes 1000 10000 --databases sqlite

SQLite databases go in var/bench-<size>.sqlite3. PostgreSQL databases are named
cp_bench_<size> on BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432), created when
missing. Data is generated once per database and scale, then reused.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_url(database: str, size: int) -> str:
    if database == "sqlite":
        (ROOT / "var").mkdir(exist_ok=True)
        return f"sqlite:///{ROOT / 'var' / f'bench-{size}.sqlite3'}"
    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    name = f"cp_bench_{size}"
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Coproduce benchmarks")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    header = (
        f"{'database':<11}{'projects':>9}  {'dashboard median/p95 (queries)':<32}"
        f"{'project page median/p95 (queries)':<36}{'drill-down median/p95 (queries)':<36}"
        "home page (the floor)"
    )
    print(header)
    for database in args.databases:
        for size in args.sizes:
            env = dict(os.environ, DATABASE_URL=database_url(database, size))
            result = subprocess.run(  # noqa: S603 - our own module
                [
                    sys.executable,
                    "-m",
                    "bench.measure",
                    "--projects",
                    str(size),
                    "--repeat",
                    str(args.repeat),
                ],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                print(f"{database:<11}{size:>9}  failed:\n{result.stderr[-2000:]}")
                continue
            figures = json.loads(result.stdout.strip().splitlines()[-1])

            def cell(page: dict) -> str:
                return f"{page['median_ms']} / {page['p95_ms']} ms ({page['queries']})"

            print(
                f"{database:<11}{size:>9}  {cell(figures['dashboard']):<32}"
                f"{cell(figures['project_page']):<36}{cell(figures['drill_down']):<36}"
                f"{cell(figures['home_page'])}",
                flush=True,
            )


if __name__ == "__main__":
    main()
