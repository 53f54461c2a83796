from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "coproduce.matching"
    verbose_name = "Matching"
