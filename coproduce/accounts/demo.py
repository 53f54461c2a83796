"""Demo people: the seven published sign-ins and a few more staff, patients and carers."""

from django.conf import settings

from coproduce.accounts.models import Role, RoleGrant, User
from coproduce.operations.demo import DemoContext, DemoRefused

PERSONAS = [
    # email, full name, job title, roles
    ("admin@example.org", "Amara Okafor", "System administrator", [Role.ADMINISTRATOR]),
    ("coordinator@example.org", "Chris Doyle", "Involvement coordinator", [Role.INVOLVEMENT_TEAM]),
    (
        "lead@example.org",
        "Leila Hassan",
        "Ward manager and QI project lead",
        [Role.PROJECT_LEAD, Role.QI_STAFF],
    ),
    ("staff@example.org", "Sam Patel", "Occupational therapist", [Role.QI_STAFF]),
    ("finance@example.org", "Fiona Grant", "Finance officer", [Role.FINANCE]),
    ("patient@example.org", "Pat Morgan", "", [Role.POOL_MEMBER]),
    ("carer@example.org", "Carol Jones", "", [Role.POOL_MEMBER]),
]

MORE_STAFF = [
    (
        "dev.kumar@example.org",
        "Dev Kumar",
        "Consultant psychiatrist",
        [Role.PROJECT_LEAD, Role.QI_STAFF],
    ),
    (
        "hannah.white@example.org",
        "Hannah White",
        "Clinical nurse specialist",
        [Role.PROJECT_LEAD, Role.QI_STAFF],
    ),
    ("tom.evans@example.org", "Tom Evans", "Psychologist", [Role.PROJECT_LEAD, Role.QI_STAFF]),
    (
        "grace.liu@example.org",
        "Grace Liu",
        "Community psychiatric nurse",
        [Role.PROJECT_LEAD, Role.QI_STAFF],
    ),
    ("ben.adeyemi@example.org", "Ben Adeyemi", "Healthcare assistant", [Role.QI_STAFF]),
    (
        "maria.santos@example.org",
        "Maria Santos",
        "QI coach",
        [Role.QI_STAFF, Role.INVOLVEMENT_TEAM],
    ),
]

MORE_POOL = [
    ("jo.taylor@example.org", "Jo Taylor"),
    ("sunita.rao@example.org", "Sunita Rao"),
    ("michael.obi@example.org", "Michael Obi"),
    ("alex.reid@example.org", "Alex Reid"),
    ("priya.shah@example.org", "Priya Shah"),
    ("david.brown@example.org", "David Brown"),
    ("nadia.ali@example.org", "Nadia Ali"),
    ("owen.hughes@example.org", "Owen Hughes"),
]


def _ensure(context: DemoContext, email: str, name: str, title: str, roles: list[str]) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": name,
            "job_title": title,
            "organisation": context.organisation,
        },
    )
    if created:
        user.set_password(context.password)
        user.save(update_fields=["password"])
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=role)
    context.records[email] = user
    return user


def load(context: DemoContext) -> None:
    domain = "@" + settings.DEMO_EMAIL_DOMAIN
    if User.objects.exclude(email__endswith=domain).exists():
        raise DemoRefused(
            "This database holds accounts that are not demo accounts, so the demo was not loaded. "
            "Use a new database for the demo (for example, unset DATABASE_URL)."
        )
    for email, name, title, roles in PERSONAS + MORE_STAFF:
        _ensure(context, email, name, title, roles)
    for email, name in MORE_POOL:
        _ensure(context, email, name, "", [Role.POOL_MEMBER])
    for line in sign_in_lines(context.password):
        context.write(line)


def sign_in_lines(password: str) -> list[str]:
    lines = [f"Demo sign-ins (password: {password}):"]
    for email, _name, _title, roles in PERSONAS:
        labels = ", ".join(Role(role).label for role in roles)
        lines.append(f"  {email:<26} {labels}")
    return lines
