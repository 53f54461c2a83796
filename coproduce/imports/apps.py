from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "coproduce.imports"
    label = "imports"
    verbose_name = "Import and export"
