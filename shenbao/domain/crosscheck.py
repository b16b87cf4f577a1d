"""Cross-checks across the city: one person claimed twice, supported before, and trainees' hiring enterprises.

Pure rules over plain facts; the crosschecks app loads the facts by person key and stores the results.
Also parses the city admin's history file (earlier years' supported persons, before shenbao).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from shenbao.domain.eligibility import FindingCode
from shenbao.domain.enterprise_names import MatchOutcome, NameMatch
from shenbao.domain.idcard import check_id_card, check_passport, normalise_number
from shenbao.domain.workflow import LIVE_STATUSES, Status

EMPLOYEES = "employees"
TRAINEES = "trainees"
# A claim in an earlier call counts as support given once the city has approved it.
SUPPORTED_STATUSES = frozenset({Status.APPROVED, Status.PAID})
HIRING_COLUMN = "录用企业名称"
ID_COLUMN = "证件号码"


class CrossCode(StrEnum):
    # The first three share their values with eligibility.FindingCode: one vocabulary of stored codes.
    CLAIMED_ELSEWHERE = FindingCode.CLAIMED_ELSEWHERE.value
    SUPPORTED_BEFORE = FindingCode.SUPPORTED_BEFORE.value
    HIRING_ENTERPRISE_NOT_FOUND = FindingCode.HIRING_ENTERPRISE_NOT_FOUND.value
    HIRING_ENTERPRISE_AMBIGUOUS = "hiring_enterprise_ambiguous"
    # A trainee whose hiring enterprise claims the same person as an employee: expected, not an error.
    LINKED_CLAIM = "linked_claim"


CROSS_LABELS = {
    CrossCode.CLAIMED_ELSEWHERE: "同一人员重复申报",
    CrossCode.SUPPORTED_BEFORE: "往年已获支持",
    CrossCode.HIRING_ENTERPRISE_NOT_FOUND: "录用企业未注册",
    CrossCode.HIRING_ENTERPRISE_AMBIGUOUS: "录用企业名称不唯一",
    CrossCode.LINKED_CLAIM: "企业与培训机构关联申报",
}
# Codes that name another claim on the same person (shown in the city's conflicts view).
CLAIM_CODES = frozenset({CrossCode.CLAIMED_ELSEWHERE, CrossCode.SUPPORTED_BEFORE, CrossCode.LINKED_CLAIM})


@dataclass(frozen=True, slots=True)
class Claim:
    """One roster row as a claim on a person, with what the rules need of its application."""

    row_id: int
    application_id: int
    call_id: int
    year: int
    kind: str
    organisation_id: int
    status: str
    hiring_enterprise_id: int | None = None  # trainee rows whose 录用企业名称 matched one enterprise


@dataclass(frozen=True, slots=True)
class PastSupport:
    """A person supported before shenbao, from the city admin's history import."""

    history_id: int
    year: int
    kind: str


@dataclass(frozen=True, slots=True)
class CrossFact:
    code: CrossCode
    other: Claim | None = None
    past: PastSupport | None = None
    candidates: tuple[str, ...] = ()


def is_linked(a: Claim, b: Claim) -> bool:
    """An institution's trainee whose hiring enterprise is the enterprise claiming the person as an employee."""

    def trains_for(trainee: Claim, employee: Claim) -> bool:
        return (
            trainee.kind == TRAINEES
            and employee.kind == EMPLOYEES
            and trainee.hiring_enterprise_id is not None
            and trainee.hiring_enterprise_id == employee.organisation_id
        )

    return trains_for(a, b) or trains_for(b, a)


def claim_facts(row: Claim, others: Iterable[Claim], past: Iterable[PastSupport] = ()) -> list[CrossFact]:
    """What the other claims on the same person mean for ``row``, whatever ``row``'s own status."""
    facts: list[CrossFact] = []
    for other in others:
        if other.application_id == row.application_id or Status(other.status) not in LIVE_STATUSES:
            continue
        if other.call_id == row.call_id:
            code = CrossCode.LINKED_CLAIM if is_linked(row, other) else CrossCode.CLAIMED_ELSEWHERE
            facts.append(CrossFact(code, other=other))
        elif (
            row.kind == EMPLOYEES
            and other.kind == EMPLOYEES
            and other.year < row.year
            and Status(other.status) in SUPPORTED_STATUSES
        ):
            facts.append(CrossFact(CrossCode.SUPPORTED_BEFORE, other=other))
    for support in past:
        if row.kind == EMPLOYEES and support.kind == EMPLOYEES and support.year < row.year:
            facts.append(CrossFact(CrossCode.SUPPORTED_BEFORE, past=support))
    return facts


def hiring_fact(match: NameMatch) -> CrossFact | None:
    """A finding for a trainee's 录用企业名称 that names no single registered enterprise."""
    if match.outcome is MatchOutcome.NOT_FOUND:
        return CrossFact(CrossCode.HIRING_ENTERPRISE_NOT_FOUND, candidates=match.candidates)
    if match.outcome is MatchOutcome.AMBIGUOUS:
        return CrossFact(CrossCode.HIRING_ENTERPRISE_AMBIGUOUS, candidates=match.candidates)
    return None


# --- History import -------------------------------------------------------------------------------

HISTORY_COLUMNS: dict[str, tuple[str, ...]] = {
    "证件类型": ("证件类型",),
    "证件号码": ("证件号码", "身份证号码", "身份证号"),
    "姓名": ("姓名",),
    "单位名称": ("单位名称", "单位", "申报单位", "企业名称", "organisation", "organization"),
    "年度": ("年度", "年份", "申报年度", "year"),
    "类型": ("类型", "支持类型", "申报类型", "kind"),
}
_KIND_WORDS = {
    EMPLOYEES: ("employees", "employee", "新录用员工", "员工", "附件3", "企业"),
    TRAINEES: ("trainees", "trainee", "培训人员", "学员", "附件4", "培训机构"),
}
ID_TYPES = ("身份证", "护照")
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    row: int
    id_type: str
    number: str
    name: str
    organisation: str
    year: int
    kind: str


@dataclass(frozen=True, slots=True)
class HistoryProblem:
    row: int | None  # spreadsheet row as the user sees it; None for the whole file
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class HistoryParse:
    records: tuple[HistoryRecord, ...]
    problems: tuple[HistoryProblem, ...]


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return " ".join(str(cell).replace("\u3000", " ").replace("\u00a0", " ").split())


def _header_key(cell: object) -> str:
    text = "".join(_text(cell).split()).casefold()
    for name, aliases in HISTORY_COLUMNS.items():
        if text in (a.casefold() for a in aliases):
            return name
    return ""


def parse_history(rows: Sequence[Sequence[object]], *, today: date) -> HistoryParse:
    """Every record of a history sheet, or every problem in it (a file with problems imports nothing)."""
    header_index = next(
        (
            i
            for i, row in enumerate(rows[:HEADER_SEARCH_ROWS])
            if sum(1 for cell in row if _header_key(cell)) >= 2
        ),
        None,
    )
    if header_index is None:
        return HistoryParse(
            (), (HistoryProblem(None, "", "找不到表头：第一行应为 " + "、".join(HISTORY_COLUMNS)),)
        )
    positions: dict[str, int] = {}
    for col, cell in enumerate(rows[header_index]):
        key = _header_key(cell)
        if key and key not in positions:
            positions[key] = col
    missing = [name for name in HISTORY_COLUMNS if name not in positions]
    if missing:
        return HistoryParse((), tuple(HistoryProblem(None, name, f"缺少“{name}”列") for name in missing))
    records: list[HistoryRecord] = []
    problems: list[HistoryProblem] = []
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        values = {name: _text(cells[col]) if col < len(cells) else "" for name, col in positions.items()}
        if not any(values.values()):
            continue
        record, row_problems = _history_row(index + 1, values, today=today)
        problems.extend(row_problems)
        if record is not None:
            records.append(record)
    if not records and not problems:
        problems.append(HistoryProblem(None, "", "文件中没有数据行"))
    return HistoryParse(tuple(records), tuple(problems))


def _history_row(
    number: int, values: dict[str, str], *, today: date
) -> tuple[HistoryRecord | None, list[HistoryProblem]]:
    problems: list[HistoryProblem] = []

    def problem(column: str, message: str) -> None:
        problems.append(HistoryProblem(number, column, f"第 {number} 行“{column}”：{message}"))

    id_type = values["证件类型"]
    id_number = normalise_number(values["证件号码"])
    if id_type not in ID_TYPES:
        problem("证件类型", "应为“身份证”或“护照”")
    elif not id_number:
        problem("证件号码", "不能为空")
    elif id_type == "身份证" and check_id_card(id_number, reference_date=today) is not None:
        problem("证件号码", "不是有效的18位身份证号码，请核对（若为数字格式，请将该列设为文本）")
    elif id_type == "护照" and check_passport(id_number) is not None:
        problem("证件号码", "护照号码应为5至20位字母或数字")
    for column in ("姓名", "单位名称"):
        if not values[column]:
            problem(column, "不能为空")
    year = _year(values["年度"])
    if year is None or not 2000 <= year <= today.year:
        problem("年度", f"应为 2000 至 {today.year} 之间的年份")
    kind = _kind(values["类型"])
    if kind is None:
        problem("类型", "应为“新录用员工”（附件3）或“培训人员”（附件4）")
    if problems or year is None or kind is None:
        return None, problems
    record = HistoryRecord(
        row=number,
        id_type=id_type,
        number=id_number,
        name=values["姓名"],
        organisation=values["单位名称"],
        year=year,
        kind=kind,
    )
    return record, problems


def _year(text: str) -> int | None:
    digits = text.removesuffix("年度").removesuffix("年")
    return int(digits) if digits.isdigit() else None


def _kind(text: str) -> str | None:
    folded = "".join(text.split()).casefold()
    if not folded:
        return None
    for kind, words in _KIND_WORDS.items():
        if folded == kind or any(word in folded for word in words[:5]):
            return kind
    for kind, words in _KIND_WORDS.items():
        if any(word in folded for word in words[5:]):
            return kind
    return None
