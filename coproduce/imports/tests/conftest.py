import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def upload():
    def make(data: bytes, name: str = "projects.csv") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, data)

    return make
