"""Links in emails and QR codes point at the server that is running: without SITE_URL, the
address follows the HOST and PORT that `make run` serves on."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coproduce.settings.env import local_site_url

ROOT = Path(__file__).resolve().parents[2]


def _site_url(**env: str) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SITE_URL", "HOST", "PORT", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "coproduce.settings.base", **env})
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SITE_URL)",
        ],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_default_follows_host_and_port():
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(PORT="8801") == "http://127.0.0.1:8801"
    assert _site_url(HOST="localhost", PORT="8801") == "http://localhost:8801"


def test_a_site_url_that_is_set_wins():
    assert _site_url(SITE_URL="https://coproduce.example.nhs.uk/", PORT="8801") == (
        "https://coproduce.example.nhs.uk"
    )


def test_a_server_on_every_address_is_linked_at_the_loopback_address():
    assert local_site_url("0.0.0.0", "8801") == "http://127.0.0.1:8801"  # noqa: S104
    assert local_site_url("::", 8000) == "http://[::1]:8000"
    assert local_site_url("::1", "9000") == "http://[::1]:9000"
    assert local_site_url("[::1]", "9000") == "http://[::1]:9000"
    assert local_site_url("", " 8801 ") == "http://127.0.0.1:8801"


@pytest.mark.parametrize("port", ["eighty", "0", "70000"])
def test_a_port_that_is_not_one_is_refused(port):
    with pytest.raises(ValueError, match="PORT must be"):
        local_site_url("127.0.0.1", port)


def test_make_run_passes_host_and_port_to_the_app():
    make = shutil.which("make")
    if make is None:
        if os.environ.get("CI"):
            pytest.fail("make is not installed")
        pytest.skip("make is not installed")
    result = subprocess.run(  # noqa: S603 - make, fixed arguments, dry run only
        [make, "--dry-run", "--always-make", "run", "HOST=localhost", "PORT=8801"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    if result.returncode != 0 and "No rule to make target" in result.stderr:
        pytest.fail(result.stderr)
    server = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert server, result.stdout + result.stderr
    assert "HOST=localhost PORT=8801" in server[0]
    assert server[0].endswith("runserver localhost:8801")
