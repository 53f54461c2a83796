from django.apps import AppConfig


class PoolConfig(AppConfig):
    name = "coproduce.pool"
    verbose_name = "Pool"
