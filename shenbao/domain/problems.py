"""One shape for every problem, finding and refusal: a stable code, its params, words rendered from a table.

This module holds the shape, the roster's codes and Chinese table, and how a template is filled
(``fill``); the other areas keep their own code enum and table (eligibility, catalog_import,
history_import, flow.messages), and ``problem_text.render`` renders any of them in a language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shenbao.domain.money import yuan


class Severity(StrEnum):
    ERROR = "error"  # must be fixed before submitting
    WARNING = "warning"  # a reviewer decides


class ProblemCode(StrEnum):
    # File problems: the file cannot be used as a roster; checking stops.
    FILE_UNREADABLE = "file_unreadable"
    FILE_FORMAT_UNSUPPORTED = "file_format_unsupported"
    FILE_ENCRYPTED = "file_encrypted"
    FILE_TOO_LARGE = "file_too_large"
    FILE_COMPRESSION_SUSPICIOUS = "file_compression_suspicious"
    FILE_TOO_MANY_ROWS = "file_too_many_rows"
    FILE_TOO_MANY_COLUMNS = "file_too_many_columns"
    FILE_EMPTY = "file_empty"
    FILE_ENCODING_UNKNOWN = "file_encoding_unknown"
    HEADER_NOT_FOUND = "header_not_found"
    KIND_UNRECOGNISED = "kind_unrecognised"
    KIND_MISMATCH = "kind_mismatch"
    COLUMN_MISSING = "column_missing"
    NO_DATA_ROWS = "no_data_rows"
    # The upload's check did not replace the roster (stored on the upload, shown on its page).
    UPLOAD_NOT_APPLIED = "upload_not_applied"
    CHECK_INTERRUPTED = "check_interrupted"
    # Warnings about the file that do not stop the check.
    COLUMN_IGNORED = "column_ignored"
    COLUMN_DUPLICATED = "column_duplicated"
    # Rows that are not persons (roster_row_kinds): one warning each, never checked as persons.
    ROW_TOTAL = "row_total"
    ROW_SIGN_OFF = "row_sign_off"
    ROW_NOTE = "row_note"
    ROW_HEADER_REPEATED = "row_header_repeated"
    ROW_HEADING = "row_heading"
    # Row problems.
    FORMULA_ERROR = "formula_error"
    REQUIRED_MISSING = "required_missing"
    VALUE_NOT_ALLOWED = "value_not_allowed"
    ID_STORED_AS_NUMBER = "id_stored_as_number"
    ID_LENGTH = "id_length"
    ID_FIRST_GENERATION = "id_first_generation"
    ID_FORMAT = "id_format"
    ID_REGION = "id_region"
    ID_BIRTH_DATE = "id_birth_date"
    ID_CHECK_CHARACTER = "id_check_character"
    ID_SEX_MISMATCH = "id_sex_mismatch"
    PASSPORT_FORMAT = "passport_format"
    ID_DUPLICATE = "id_duplicate"
    ORG_CODE_INVALID = "org_code_invalid"
    DATE_INVALID = "date_invalid"
    DATE_AFTER_REFERENCE = "date_after_reference"
    LEAVE_DATE_MISSING = "leave_date_missing"
    LEAVE_DATE_UNEXPECTED = "leave_date_unexpected"
    LEAVE_BEFORE_HIRE = "leave_before_hire"
    TENURE_NOT_A_NUMBER = "tenure_not_a_number"
    TENURE_MISMATCH = "tenure_mismatch"
    SOCIAL_INSURANCE_OTHER_ORGANISATION = "social_insurance_other_organisation"


_FILE_CODES = frozenset(
    {
        ProblemCode.FILE_UNREADABLE,
        ProblemCode.FILE_FORMAT_UNSUPPORTED,
        ProblemCode.FILE_ENCRYPTED,
        ProblemCode.FILE_TOO_LARGE,
        ProblemCode.FILE_COMPRESSION_SUSPICIOUS,
        ProblemCode.FILE_TOO_MANY_ROWS,
        ProblemCode.FILE_TOO_MANY_COLUMNS,
        ProblemCode.FILE_EMPTY,
        ProblemCode.FILE_ENCODING_UNKNOWN,
        ProblemCode.HEADER_NOT_FOUND,
        ProblemCode.KIND_UNRECOGNISED,
        ProblemCode.KIND_MISMATCH,
        ProblemCode.COLUMN_MISSING,
        ProblemCode.NO_DATA_ROWS,
        ProblemCode.UPLOAD_NOT_APPLIED,
        ProblemCode.CHECK_INTERRUPTED,
    }
)

# A row that is not a person: its warning is about the file, not about any person's row.
NOT_A_PERSON = frozenset(
    {
        ProblemCode.ROW_TOTAL,
        ProblemCode.ROW_SIGN_OFF,
        ProblemCode.ROW_NOTE,
        ProblemCode.ROW_HEADER_REPEATED,
        ProblemCode.ROW_HEADING,
    }
)

_WARNING_CODES = frozenset(
    {
        ProblemCode.COLUMN_IGNORED,
        ProblemCode.COLUMN_DUPLICATED,
        *NOT_A_PERSON,
        ProblemCode.TENURE_MISMATCH,
        ProblemCode.SOCIAL_INSURANCE_OTHER_ORGANISATION,
    }
)

# How to keep a row counted that only looks like a total, a sign-off…: a person has an ID number.
_IF_A_PERSON = "（如果这一行是一名人员，请填写其证件号码）"

# What the user should do, in plain Chinese. Placeholders are filled from the
# keyword arguments of ``make_problem``; {column} and {value} are always available.
MESSAGES: dict[ProblemCode, str] = {
    ProblemCode.FILE_UNREADABLE: "文件无法读取（{detail}），请用 Excel 或 WPS 打开确认后另存为 .xlsx 再上传",
    ProblemCode.FILE_FORMAT_UNSUPPORTED: "不支持的文件格式「{detail}」，请上传 .xlsx、.xls、.ods 或 .csv 文件",
    ProblemCode.FILE_ENCRYPTED: "文件设置了打开密码，请取消密码后另存再上传",
    ProblemCode.FILE_TOO_LARGE: "文件过大（{detail}），上限为 {limit}，请删除无关的工作表或内容后再上传",
    ProblemCode.FILE_COMPRESSION_SUSPICIOUS: "文件解压后异常巨大（{detail}），无法处理，请在 Excel 中另存为新的 .xlsx 文件后再上传",
    ProblemCode.FILE_TOO_MANY_ROWS: "行数超过上限 {limit} 行（{detail}），请分成多个文件上传",
    ProblemCode.FILE_TOO_MANY_COLUMNS: "列数过多（{detail}），上限为 {limit} 列，请删除多余的列后再上传",
    ProblemCode.FILE_EMPTY: "文件是空的，请填写花名册后再上传",
    ProblemCode.FILE_ENCODING_UNKNOWN: "无法识别 CSV 文件的文字编码，请在 Excel 中另存为 .xlsx 或「CSV UTF-8」后再上传",
    ProblemCode.HEADER_NOT_FOUND: "在前 {limit} 行中找不到表头（应包含 姓名、证件号码 等列名），请使用官方模板填写",
    ProblemCode.KIND_UNRECOGNISED: "无法判断是附件3（新录用员工）还是附件4（培训人员）花名册，请使用官方模板填写",
    ProblemCode.KIND_MISMATCH: "文件的列是{detail}，与所选的{expected}不一致，请确认上传的文件",
    ProblemCode.COLUMN_MISSING: "缺少必填列「{column}」，请按官方模板补上该列",
    ProblemCode.NO_DATA_ROWS: "表头下面没有填写任何人员，请填写后再上传",
    # Followed by the refusal's own problems (the application moved on while the file was checked).
    ProblemCode.UPLOAD_NOT_APPLIED: "本次上传未生效：",
    ProblemCode.CHECK_INTERRUPTED: "后台处理多次中断，本次上传未生效。请重新上传；如反复出现，请联系所属主管部门。",
    ProblemCode.COLUMN_IGNORED: "第 {row} 行的列「{value}」不是模板中的列，已忽略",
    ProblemCode.COLUMN_DUPLICATED: "列「{column}」出现了不止一次，只检查第一列",
    ProblemCode.ROW_TOTAL: "第 {row} 行是合计行，未计入人员" + _IF_A_PERSON,
    ProblemCode.ROW_SIGN_OFF: "第 {row} 行是签字盖章栏，未计入人员" + _IF_A_PERSON,
    ProblemCode.ROW_NOTE: "第 {row} 行是说明文字，未计入人员" + _IF_A_PERSON,
    ProblemCode.ROW_HEADER_REPEATED: "第 {row} 行重复了表头，未计入人员" + _IF_A_PERSON,
    ProblemCode.ROW_HEADING: "第 {row} 行是标题或分组名称，未计入人员" + _IF_A_PERSON,
    ProblemCode.FORMULA_ERROR: "公式返回了错误值 {value}，这里需要填写{column}：请改正公式，或删去公式直接填写",
    ProblemCode.REQUIRED_MISSING: "未填写，请补填",
    ProblemCode.VALUE_NOT_ALLOWED: "「{value}」不是可选值，请填写 {allowed}",
    ProblemCode.ID_STORED_AS_NUMBER: (
        "证件号码被 Excel 当成数字保存，末尾几位已丢失（现为 {value}），"
        "请把该列设置为「文本」格式后重新输入完整号码"
    ),
    ProblemCode.ID_LENGTH: "身份证号码应为 18 位，现为 {length} 位，请核对",
    ProblemCode.ID_FIRST_GENERATION: "15 位的第一代身份证号码已停止使用，请填写 18 位的第二代身份证号码",
    ProblemCode.ID_FORMAT: "身份证号码前 17 位应为数字，最后一位为数字或 X，请核对",
    ProblemCode.ID_REGION: "身份证号码前 6 位（地区码 {detail}）不存在，请核对",
    ProblemCode.ID_BIRTH_DATE: "身份证号码第 7–14 位的出生日期 {detail} 不正确，请核对",
    ProblemCode.ID_CHECK_CHARACTER: "身份证号码校验位不正确（按前 17 位应为 {expected}），请核对证件号码",
    ProblemCode.ID_SEX_MISMATCH: "性别填的是「{value}」，但身份证号码第 17 位表示{expected}，请核对性别或证件号码",
    ProblemCode.PASSPORT_FORMAT: "护照号码应为 5–20 位字母或数字，请核对",
    ProblemCode.ID_DUPLICATE: "证件号码 {value} 与第 {first_row} 行重复，同一人只能填写一次",
    ProblemCode.ORG_CODE_INVALID: "{detail}",
    ProblemCode.DATE_INVALID: "「{value}」不是有效日期，请填写如 2016-03-01 的日期",
    ProblemCode.DATE_AFTER_REFERENCE: "日期 {value} 晚于 {reference}，请核对",
    ProblemCode.LEAVE_DATE_MISSING: "「是否在职」为否，请填写离职日期",
    ProblemCode.LEAVE_DATE_UNEXPECTED: "「是否在职」为是，不应填写离职日期：请删除离职日期，或把「是否在职」改为否",
    ProblemCode.LEAVE_BEFORE_HIRE: "离职日期 {value} 早于入职日期 {detail}，请核对",
    ProblemCode.TENURE_NOT_A_NUMBER: "「{value}」不是天数，请填写整数天数或留空（系统会自动计算）",
    ProblemCode.TENURE_MISMATCH: "填写的 {value} 天与按日期计算的 {expected} 天不一致，请核对（可留空由系统计算）",
    ProblemCode.SOCIAL_INSURANCE_OTHER_ORGANISATION: (
        "「是否本单位帐户缴纳社保」为是，但代码 {value} 不是本单位的代码，请核对（由审核人员判断）"
    ),
}


class _Blank(dict[str, object]):
    """Format arguments where a missing placeholder reads as nothing rather than failing."""

    def __missing__(self, key: str) -> object:
        return ""


# A [bracketed part] of a template is left out when a placeholder in it has no value
# (已于 2026年2月28日 离职[，在职 {tenure_days} 天]).
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_FIELD = re.compile(r"\{(\w+)\}")


def shown(name: str, value: object, language: str = "zh") -> object:
    """A param as it is written: dates (objects, or ISO text in a param named *_on) and money."""
    if isinstance(value, str) and name.endswith("_on") and len(value) == 10:
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日" if language == "zh" else value.isoformat()
    if isinstance(value, Decimal):
        return yuan(value) if language == "zh" else f"CNY {value:,.2f}"
    return value


def fill(template: str, params: Mapping[str, object], language: str = "zh") -> str:
    """The template with its placeholders filled; a missing one reads as nothing."""

    def optional(match: re.Match[str]) -> str:
        names = _FIELD.findall(match.group(1))
        return match.group(1) if all(params.get(name) not in (None, "") for name in names) else ""

    text = _OPTIONAL.sub(optional, template)
    return text.format_map(_Blank({name: shown(name, value, language) for name, value in params.items()}))


def render_zh(template: str, params: Mapping[str, object]) -> str:
    return fill(template, params, "zh")


def _format(code: ProblemCode, **details: object) -> str:
    return fill(MESSAGES[code], details)


# The place a message starts with, per language: with the column, and without.
ROW_PREFIX = {
    "zh": ("第 {row} 行「{column}」：", "第 {row} 行："),
    "en": ("Row {row}, column {column}: ", "Row {row}: "),
}


def row_prefix(row: int | None, column: str | None, language: str = "zh") -> str:
    if row is None:
        return ""
    with_column, without = ROW_PREFIX[language]
    return (with_column if column else without).format(row=row, column=column)


# Messages that name their row themselves (第 17 行是合计行…), so get no 第 17 行： in front.
SAYS_ITS_ROW = NOT_A_PERSON | {ProblemCode.COLUMN_IGNORED}


def severity_of(code: ProblemCode) -> Severity:
    return Severity.WARNING if code in _WARNING_CODES else Severity.ERROR


def is_file_problem(code: ProblemCode) -> bool:
    return code in _FILE_CODES


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: row is the spreadsheet row the user sees (None for the whole file).

    ``code`` is a ProblemCode for roster problems, eligibility.FindingCode for findings,
    catalog_import.ImportCode, history_import.HistoryCode, flow.FlowCode for the workflow's
    refusals; ``params`` are the values its template was filled with (not compared), so
    ``problem_text.render`` can write it again in another language. ``message`` is the Chinese.
    """

    code: StrEnum
    severity: Severity
    row: int | None
    column: str | None
    value: str
    message: str
    params: Mapping[str, object] = field(default_factory=dict, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "code": str(self.code),
            "severity": str(self.severity),
            "value": self.value,
            "message": self.message,
        }

    def stored(self) -> dict[str, object]:
        """What a row or an upload keeps: the code and its params, no words (rendered when shown)."""
        return {
            "code": str(self.code),
            "severity": str(self.severity),
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "params": dict(self.params),
        }


def make_problem(
    code: ProblemCode,
    *,
    row: int | None = None,
    column: str | None = None,
    value: str = "",
    **details: object,
) -> Problem:
    """Build a Problem whose message starts with where it is: 第 12 行「证件号码」：…"""
    text = _format(code, column=column or "", value=value, row=row or "", **details)
    if code not in SAYS_ITS_ROW:
        text = row_prefix(row, column) + text
    return Problem(code, severity_of(code), row, column, value, text, details)


def make_file_problem(code: ProblemCode, details: Mapping[str, object]) -> Problem:
    """A problem with the whole file (row and column unknown)."""
    return Problem(code, severity_of(code), None, None, "", _format(code, **details), dict(details))
