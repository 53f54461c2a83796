from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "coproduce.resources"
    verbose_name = "Resources"
