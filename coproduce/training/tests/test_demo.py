"""The demo shows training, support and the library working, and loading twice adds nothing."""

import pytest
from django.core.management import call_command

from coproduce.accounts.models import User
from coproduce.resources.models import RecruitmentPoster, Resource, ResourceVersion
from coproduce.support.models import SupportRequest
from coproduce.training import services
from coproduce.training.models import Completion, Course, Enrolment, Session

pytestmark = pytest.mark.django_db


def test_the_demo_has_training_support_requests_and_resources_and_is_idempotent():
    call_command("demo", "--quiet")
    basics = Course.objects.get(title="QI basics for patients and carers")
    assert basics.grants == "team roles"
    assert services.has_completed(User.objects.get(email="carer@example.org"), basics)
    patient = User.objects.get(email="patient@example.org")
    assert not services.has_completed(patient, basics)
    assert Enrolment.objects.get(user=patient).status == "booked"
    assert Course.objects.filter(title="Involving patients and carers in QI").exists()
    assert set(SupportRequest.objects.values_list("status", flat=True)) == {
        "new",
        "contacted",
        "call_booked",
        "done",
    }
    toolkit = Resource.objects.get(title__startswith="Involving patients and carers in QI")
    assert toolkit.current_version().file.read().startswith(b"%PDF-")
    assert RecruitmentPoster.objects.get().resource.kind == "poster"

    models = (Course, Session, Enrolment, Completion, SupportRequest, Resource, ResourceVersion)
    counts = {model: model.objects.count() for model in models}
    call_command("demo", "--quiet")
    assert {model: model.objects.count() for model in models} == counts
