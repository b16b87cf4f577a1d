#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shenbao.config.settings")
    from django.core.management import execute_from_command_line

    from shenbao.config.env import exit_on_setting_error

    exit_on_setting_error(lambda: execute_from_command_line(sys.argv))
