from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "coproduce.involvement"
    verbose_name = "Involvement"
