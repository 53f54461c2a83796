"""The `coproduce` command: Django's management commands under the product's name.

coproduce migrate
coproduce demo
coproduce runserver
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings.base")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "coproduce"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
