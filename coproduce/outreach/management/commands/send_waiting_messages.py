from django.core.management.base import BaseCommand

from coproduce.outreach import services


class Command(BaseCommand):
    help = "Try again the messages a provider could not take (run it every few minutes)."

    def handle(self, *args: object, **options: object) -> None:
        sent = services.send_waiting()
        self.stdout.write(f"{sent} waiting message(s) sent")
