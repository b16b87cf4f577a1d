"""Loading and editing the authority directory (附件1)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from shenbao.directory.models import Authority

DATA_FILE = Path(__file__).with_name("authorities.toml")
FIELDS = ("name", "area_name", "office", "contact", "phone", "address")


@dataclass
class LoadReport:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    kept_edits: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"主管部门名录：新增 {len(self.created)}，更新 {len(self.updated)}，未变 {len(self.unchanged)}。",
        ]
        for number in self.kept_edits:
            out.append(f"序号 {number}：管理员修改过的内容与随附数据不同，已保留管理员的修改（未覆盖）。")
        return out


def shipped_authorities() -> tuple[str, list[dict[str, object]]]:
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    return str(data["title"]), list(data["authority"])


def directory_title() -> str:
    return shipped_authorities()[0]


@transaction.atomic
def load_directory() -> LoadReport:
    """Create or update the authorities from the shipped file; idempotent.

    An authority whose current values differ from what was last loaded has been
    edited by the city admin: it is kept and reported, never silently overwritten.
    """
    report = LoadReport()
    _, rows = shipped_authorities()
    for row in rows:
        number = int(str(row["number"]))
        shipped = {name: str(row[name]) for name in FIELDS}
        authority = Authority.objects.filter(number=number).first()
        if authority is None:
            Authority.objects.create(number=number, loaded_values=shipped, **shipped)
            report.created.append(number)
            continue
        current = {name: getattr(authority, name) for name in FIELDS}
        if current == shipped:
            if authority.loaded_values != shipped:
                authority.loaded_values = shipped
                authority.save(update_fields=["loaded_values"])
            report.unchanged.append(number)
        elif current == authority.loaded_values:
            for name, value in shipped.items():
                setattr(authority, name, value)
            authority.loaded_values = shipped
            authority.save()
            report.updated.append(number)
        else:
            report.kept_edits.append(number)
    return report
