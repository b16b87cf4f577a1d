"""Approved figures from the statistics system's export: the columns shown, the file read, the lookup.

Nothing is written here. ``check_import`` reads the first sheet and hands it to the domain
(catalog_import.check_figures_sheet) with the lookup of registered organisations; the result
holds either rows ready to store or every problem found, so the service can refuse the file.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from pathlib import PurePath
from typing import BinaryIO

from django.utils.translation import gettext

from shenbao.catalog.models import BusinessFigures
from shenbao.catalog.selectors import current_edition_code
from shenbao.domain.catalog import load_edition
from shenbao.domain.catalog_import import (
    CODE,
    COLLEGE,
    NAME,
    OFFSHORE,
    REVENUE,
    STAFF,
    YEAR,
    ImportCheck,
    ImportCode,
    ImportRow,
    Registered,
    check_figures_sheet,
    export_column,
    import_problem,
)
from shenbao.domain.problems import ProblemCode, make_file_problem
from shenbao.domain.sheets import Limits, UnreadableFile, read_buffer
from shenbao.organisations.models import Organisation, OrganisationKind


def category_codes() -> tuple[str, ...]:
    return load_edition(current_edition_code()).category_codes


def columns() -> list[tuple[str, bool, str]]:
    """(column, required, what to fill) in the template's order; shown on the import page."""
    exports = [
        (
            export_column(code),
            False,
            gettext("%(code)s 类离岸服务外包执行额，美元；空白视为 0") % {"code": code},
        )
        for code in category_codes()
    ]
    return [
        (CODE, True, gettext("18 位，用于匹配本系统中已注册的企业")),
        (NAME, False, gettext("仅供核对，不导入")),
        (YEAR, True, gettext("数据年度，如 2015")),
        (REVENUE, True, gettext("审定的服务外包业务额，美元，最多两位小数")),
        (OFFSHORE, True, gettext("其中向境外最终客户提供的业务额（离岸执行额），美元，不得大于业务额")),
        *exports,
        (STAFF, False, gettext("人数；空白表示未知")),
        (COLLEGE, False, gettext("人数，不得多于员工总数；空白表示未知")),
    ]


def check_import(upload: BinaryIO, *, filename: str, max_bytes: int) -> ImportCheck:
    """Read the first sheet and check every row; the result holds rows or problems, never both."""
    suffix = PurePath(filename).suffix.lower() or ".csv"
    try:
        sheet = next(read_buffer(upload, suffix=suffix, limits=Limits(max_bytes=max_bytes)), None)
    except UnreadableFile as error:
        check = ImportCheck()
        if error.code is ProblemCode.FILE_EMPTY:
            check.problems.append(import_problem(ImportCode.FILE_EMPTY))
        else:  # the roster reader's own problem: its code renders in any language
            check.problems.append(make_file_problem(error.code, error.details))
        return check
    return check_figures_sheet(
        sheet.rows if sheet is not None else [],
        category_codes=category_codes(),
        find_organisations=registered_by_org_code,
    )


def registered_by_org_code(org_codes: Collection[str]) -> dict[str, Registered]:
    """The lookup the domain check is given: organisations registered under these codes."""
    return {
        org.org_code: Registered(org.pk, org.name, org.kind == OrganisationKind.ENTERPRISE)
        for org in Organisation.objects.filter(org_code__in=set(org_codes))
    }


def is_unchanged(record: BusinessFigures, row: ImportRow) -> bool:
    stored = {code: Decimal(amount) for code, amount in (record.export_usd or {}).items()}
    return (
        record.is_approved
        and record.revenue_usd == row.revenue_usd
        and record.offshore_revenue_usd == row.offshore_revenue_usd
        and stored == row.export_usd
        and record.staff == row.staff
        and record.staff_college == row.staff_college
    )
