import os
import subprocess
import sys
from pathlib import Path

import pytest

from coproduce.settings.env import envbool, envint, envlist, envsecret

ROOT = Path(__file__).resolve().parents[2]


def test_envbool_reads_the_usual_spellings(monkeypatch):
    for text, expected in [("1", True), ("yes", True), ("On", True), ("0", False), ("no", False)]:
        monkeypatch.setenv("FLAG", text)
        assert envbool("FLAG") is expected
    monkeypatch.delenv("FLAG")
    assert envbool("FLAG", True) is True


def test_envbool_refuses_what_it_cannot_read(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ValueError, match="FLAG must be true or false"):
        envbool("FLAG")


def test_envint_and_envlist(monkeypatch):
    monkeypatch.setenv("N", "12")
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert envint("N", 1) == 12
    assert envlist("HOSTS") == ["a.example", "b.example"]
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ValueError, match="N must be a whole number"):
        envint("N", 1)


def test_envsecret_reads_a_file_when_asked(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert envsecret("SECRET_KEY") == "from-a-file"


def _run_production(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "coproduce.settings.production", **env})
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "coproduce", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_production("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checks_with_no_warnings():
    result = _run_production(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 30 + "-Zq8#random-enough-9x!",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
