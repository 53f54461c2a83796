from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "coproduce.support"
    verbose_name = "Support"
