from django.core.management.base import BaseCommand

from shenbao.directory.services import load_directory


class Command(BaseCommand):
    help = "载入随附的主管部门名录（附件1）；可重复执行，不覆盖管理员的修改"

    def handle(self, *args: object, **options: object) -> None:
        for line in load_directory().lines():
            self.stdout.write(line)
