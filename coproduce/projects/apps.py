from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "coproduce.projects"
    verbose_name = "Projects"
