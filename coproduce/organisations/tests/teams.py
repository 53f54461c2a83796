"""Team contact details the tests of every app use (see the fixtures in the root conftest.py)."""


class TeamContacts:
    """Contact details for the involvement teams of the two persona trusts, and the installation's
    fallback, as the team-contact tests of every app set them."""

    A_NAME = "Patient and Carer Involvement Team"
    A_EMAIL, A_PHONE = "team@riverside.example.org", "020 7946 0101"
    B_EMAIL, B_PHONE = "team@elsewhere.example.org", "0113 496 0202"
    FALLBACK_EMAIL, FALLBACK_PHONE = "fallback@example.org", "0300 000 0000"
