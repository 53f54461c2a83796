from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "coproduce.training"
    verbose_name = "Training"
