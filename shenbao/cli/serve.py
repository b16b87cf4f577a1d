"""``shenbao serve`` and ``shenbao manage``: thin doors into Django's management commands."""

from __future__ import annotations

import os


def run(name: str, argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shenbao.config.settings")
    from django.core.management import execute_from_command_line

    from shenbao.config.env import exit_on_setting_error

    if name == "serve":
        address = argv[0] if argv else "127.0.0.1:8000"
        arguments = ["shenbao", "runserver", address, *argv[1:]]
    else:
        arguments = ["shenbao", *argv]
    exit_on_setting_error(lambda: execute_from_command_line(arguments))
    return 0
