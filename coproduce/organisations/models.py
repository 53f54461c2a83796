"""Trust -> directorate -> service: every report is broken down this way.

One installation may hold several trusts; people and records belong to one of them.
"""

from django.db import models


class Organisation(models.Model):
    """An NHS trust (or other organisation) using Coproduce."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    # The involvement team's own contact details. Blank means the installation's settings
    # (INVOLVEMENT_TEAM_EMAIL, INVOLVEMENT_TEAM_PHONE) are used: see organisations/contact.py.
    team_name = models.CharField(max_length=100, blank=True)
    team_email = models.EmailField(blank=True)
    team_phone = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Directorate(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="directorates"
    )
    name = models.CharField(max_length=200)
    cost_centre = models.CharField(
        max_length=30, blank=True, help_text="Finance cost centre, used on payment exports."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_directorate_name_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A service or team within a directorate, e.g. an inpatient ward or a community team."""

    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    cost_centre = models.CharField(
        max_length=30, blank=True, help_text="Finance cost centre, if the service has its own."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["directorate", "name"], name="unique_service_name_per_directorate"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        return self.directorate.organisation
