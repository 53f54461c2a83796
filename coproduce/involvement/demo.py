"""Demo records for this part of Coproduce (run by `coproduce demo`, after the people exist)."""

from coproduce.demo import DemoContext


def load(context: DemoContext) -> None:
    """Nothing to add yet."""
