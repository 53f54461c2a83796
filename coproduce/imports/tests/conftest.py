import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def upload():
    def make(data: bytes, name: str = "projects.csv") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, data)

    return make


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what a view queued once its transaction commits, as a real request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
