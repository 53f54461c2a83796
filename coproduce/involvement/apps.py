from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "coproduce.involvement"
    verbose_name = "Involvement"

    def ready(self) -> None:
        from coproduce.involvement import signals  # noqa: F401 - connects the receivers
