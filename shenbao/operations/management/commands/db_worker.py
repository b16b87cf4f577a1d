"""django-tasks-db's worker, with shenbao's chores on a thread beside it (operations/worker.py).

Named like the command it extends, so every way of starting a worker (make run, the README's
production steps, the benchmarks) runs the chores: this app comes before django_tasks_db in
INSTALLED_APPS, and Django takes the first app's command of a name.
"""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as TasksCommand

from shenbao.operations.worker import Chores, run_chores


class Command(TasksCommand):
    help = "运行后台任务进程：执行排队的任务，并写入检查心跳、接管中断的检查、跟进交叉核查、删除滞留文件"

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reload"] and not options["batch"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's parent only watches the code and restarts its child, which does the work.
            super().handle(*args, **options)
            return
        chores = Chores()
        chores.start()
        try:
            super().handle(*args, **options)
        finally:
            chores.stop()
        if options["batch"]:
            # What the last tasks recorded (the outbox, files) is dealt with before the worker exits.
            run_chores()
