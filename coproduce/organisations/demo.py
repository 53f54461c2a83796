"""Demo organisation: a mental-health trust with three directorates and ten services."""

from coproduce.operations.demo import DemoContext, DemoRefused
from coproduce.organisations.models import Directorate, Organisation, Service

DEMO_TRUST = "Riverside Mental Health NHS Foundation Trust"
# The demo trust's own involvement team; the phone number is in a range kept for drama.
DEMO_TEAM = {
    "team_name": "Patient and Carer Involvement Team",
    "team_email": "involvement@riverside.example.org",
    "team_phone": "020 7946 0123",
}

STRUCTURE = {
    ("Adult Mental Health", "MH100"): [
        "Willow Ward (acute inpatient)",
        "Riverside Community Mental Health Team",
        "Crisis Resolution and Home Treatment",
        "Early Intervention in Psychosis",
    ],
    ("Child and Adolescent Mental Health", "CA200"): [
        "CAMHS Community North",
        "CAMHS Eating Disorders",
        "Oak House (adolescent inpatient)",
    ],
    ("Older Adults and Community Health", "OA300"): [
        "Memory Assessment Service",
        "Cedar Ward (older adults)",
        "Community Health Rehabilitation",
    ],
}


def load(context: DemoContext) -> None:
    if Organisation.objects.filter(is_demo=False).exists():
        raise DemoRefused(
            "This database holds organisations that are not demo data, so the demo was not loaded. "
            "Use a new database for the demo (for example, unset DATABASE_URL)."
        )
    trust, _ = Organisation.objects.get_or_create(
        name=DEMO_TRUST,
        defaults={"short_name": "Riverside", "ods_code": "RXX", "is_demo": True, **DEMO_TEAM},
    )
    for (name, cost_centre), services in STRUCTURE.items():
        directorate, _ = Directorate.objects.get_or_create(
            organisation=trust, name=name, defaults={"cost_centre": cost_centre}
        )
        for service in services:
            Service.objects.get_or_create(directorate=directorate, name=service)
    context.organisation = trust
