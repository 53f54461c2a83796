"""Sending, by the task worker, once the change that caused the message has committed."""

from django.tasks import task

from coproduce.outreach import services


@task
def deliver(message_id: int) -> None:
    services.deliver(message_id)
