from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "coproduce.pages"
    verbose_name = "Site pages"
