"""The columns of 附件3 and 附件4, and finding the header row however the applicant wrote it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class RosterKind(StrEnum):
    EMPLOYEES = "employees"  # 附件3 服务外包企业新录用员工培训支持申请表
    TRAINEES = "trainees"  # 附件4 培训机构培训人员支持申请表


KIND_LABELS = {
    RosterKind.EMPLOYEES: "附件3（服务外包企业新录用员工培训支持申请表）",
    RosterKind.TRAINEES: "附件4（培训机构培训人员支持申请表）",
}

# Titles exactly as the notice prints them (it writes 模版).
TITLES = {
    RosterKind.EMPLOYEES: "附件3.服务外包企业新录用员工培训支持申请表（模版）",
    RosterKind.TRAINEES: "附件4. 培训机构培训人员支持申请表（模版）",
}

# The column of a checked roster's DataFrame holding each row's spreadsheet row number.
ROW = "_row"
# The checked rows' computed 在职时长（天） (roster_checks.check_frame).
TENURE_DAYS = "_tenure"

SEXES = ("男", "女")
ID_TYPES = ("身份证", "护照")
YES_NO = ("是", "否")


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # canonical: the header without its bracketed hints
    header: str  # exactly as in the attachment
    required: bool = True
    allowed: tuple[str, ...] = ()
    is_date: bool = False
    is_text_code: bool = False  # ID numbers and codes: formatted as text in the template


SERIAL = Column("序号", "序号", required=False)
NAME = Column("姓名", "姓名")
SEX = Column("性别", "性别（男/女）", allowed=SEXES)
ID_TYPE = Column("证件类型", "证件类型（身份证/护照）", allowed=ID_TYPES)
ID_NUMBER = Column("证件号码", "证件号码", is_text_code=True)
POST = Column("岗位", "岗位")
SI_UNIT = Column("社保缴纳单位", "社保缴纳单位")
SI_CODE = Column("社保缴纳单位组织机构代码", "社保缴纳单位组织机构代码", is_text_code=True)
SI_OWN_ACCOUNT = Column("是否本单位帐户缴纳社保", "是否本单位帐户缴纳社保（是/否）", allowed=YES_NO)
HIRE_DATE = Column("入职日期", "入职日期（日期格式）", is_date=True)
EMPLOYED = Column("是否在职", "是否在职（是/否）", allowed=YES_NO)
LEAVE_DATE = Column("离职日期", "离职日期（日期格式）", required=False, is_date=True)
TENURE = Column("在职时长（天）", "在职时长（天）可不填", required=False)
TRAINING = Column("培训内容", "培训内容")
CERTIFICATE = Column("考核证书名称", "考核证书名称")
HIRING_ENTERPRISE = Column("录用企业名称", "录用企业名称")

ROSTER_COLUMNS: dict[RosterKind, tuple[Column, ...]] = {
    RosterKind.EMPLOYEES: (
        SERIAL,
        NAME,
        SEX,
        ID_TYPE,
        ID_NUMBER,
        POST,
        SI_UNIT,
        SI_CODE,
        SI_OWN_ACCOUNT,
        HIRE_DATE,
        EMPLOYED,
        LEAVE_DATE,
        TENURE,
    ),
    RosterKind.TRAINEES: (SERIAL, NAME, SEX, ID_TYPE, ID_NUMBER, TRAINING, CERTIFICATE, HIRING_ENTERPRISE),
}

_COMMON = {c.name for c in ROSTER_COLUMNS[RosterKind.TRAINEES]} & {
    c.name for c in ROSTER_COLUMNS[RosterKind.EMPLOYEES]
}
ONLY_IN = {kind: {c.name for c in columns} - _COMMON for kind, columns in ROSTER_COLUMNS.items()}

# Header keys (see header_key) to canonical names; other spellings people use are listed too.
_KEYS: dict[str, str] = {}
for _columns in ROSTER_COLUMNS.values():
    for _column in _columns:
        _KEYS[_column.name] = _column.name
_KEYS.update(
    {
        "在职时长": "在职时长（天）",
        "在职天数": "在职时长（天）",
        "编号": "序号",
        "证件号": "证件号码",
        "身份证号": "证件号码",
        "身份证号码": "证件号码",
        "是否本单位账户缴纳社保": "是否本单位帐户缴纳社保",
        "社保缴纳单位统一社会信用代码": "社保缴纳单位组织机构代码",
        "社保缴纳单位代码": "社保缴纳单位组织机构代码",
    }
)

# Every header key a column is known by (roster_row_kinds finds a header pasted again with them).
HEADER_KEYS = tuple(sorted(_KEYS))

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_NOTES = ("可不填", "选填", "必填", "*")


def header_key(text: object) -> str:
    """性别（男/女） → 性别; 在职时长（天）可不填 → 在职时长; line breaks and spaces dropped."""
    if not isinstance(text, str):
        return ""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    folded = _BRACKETED.sub("", folded)
    for note in _NOTES:
        folded = folded.replace(note, "")
    return folded


def canonical_name(text: object) -> str | None:
    return _KEYS.get(header_key(text))


@dataclass(frozen=True, slots=True)
class Header:
    row_index: int  # index into the sheet's rows
    positions: dict[str, int]  # canonical name → column index (first occurrence)
    ignored: tuple[tuple[int, str], ...]  # (column index, header text) of unknown columns
    duplicated: tuple[str, ...]


def find_header(rows: list[list[object]], *, scan_rows: int = 20) -> Header | None:
    """The row among the first ``scan_rows`` that names the most roster columns (at least three)."""
    best: Header | None = None
    for index, row in enumerate(rows[:scan_rows]):
        positions: dict[str, int] = {}
        ignored: list[tuple[int, str]] = []
        duplicated: list[str] = []
        for col, cell in enumerate(row):
            name = canonical_name(cell)
            if name is None:
                if isinstance(cell, str) and cell.strip():
                    ignored.append((col, cell.strip()))
            elif name in positions:
                duplicated.append(name)
            else:
                positions[name] = col
        if len(positions) >= 3 and (best is None or len(positions) > len(best.positions)):
            best = Header(index, positions, tuple(ignored), tuple(duplicated))
    return best


def recognise_kind(names: set[str]) -> RosterKind | None:
    """附件3 or 附件4 from the columns only one of them has; None when they don't say."""
    employees = len(names & ONLY_IN[RosterKind.EMPLOYEES])
    trainees = len(names & ONLY_IN[RosterKind.TRAINEES])
    if employees == trainees:
        return None
    return RosterKind.EMPLOYEES if employees > trainees else RosterKind.TRAINEES
