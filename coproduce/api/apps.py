from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coproduce.api"
    verbose_name = "REST API"
