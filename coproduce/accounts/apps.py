from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coproduce.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from coproduce.accounts import signals  # noqa: F401  (sign-in events into the audit log)
