from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "coproduce.outreach"
    verbose_name = "Messages to people"

    def ready(self) -> None:
        from coproduce.outreach import rules  # noqa: F401
