from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running an installation: demo data, backups and restores, and their commands."""

    name = "coproduce.operations"
    verbose_name = "Operations"
