from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "coproduce.outreach"
    verbose_name = "Messages to people"
