from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "coproduce.payments"
    verbose_name = "Payments"
