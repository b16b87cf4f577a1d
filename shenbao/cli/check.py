"""``shenbao check FILE`` and ``shenbao template KIND OUT.xlsx``: the roster engine on the command line.

Exit codes: 0 no errors (warnings allowed), 1 row errors, 2 the file cannot be used as a roster
(or the arguments are wrong). Imports no Django: start-up time counts in the benchmark.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date, datetime

from shenbao.config.env import SettingError, env_int
from shenbao.domain.identity import InvalidIdentifier, parse_organisation_code
from shenbao.domain.problems import MESSAGES, ProblemCode
from shenbao.domain.roster import RosterKind, RosterResult, check_roster_file
from shenbao.domain.sheets import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS

EXIT_OK, EXIT_ROW_ERRORS, EXIT_UNUSABLE = 0, 1, 2
SHOWN_PROBLEMS = 20


def run(name: str, argv: list[str]) -> int:
    if name == "template":
        return run_template(argv)
    return run_check(argv)


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shenbao check", description="检查花名册文件（附件3/附件4）")
    parser.add_argument("file", help="花名册文件：.xlsx .xlsm .xls .ods .csv")
    parser.add_argument(
        "--kind", choices=[k.value for k in RosterKind], help="employees=附件3，trainees=附件4"
    )
    parser.add_argument("--reference-date", help="参照日期 YYYY-MM-DD（默认今天，上海时间）")
    parser.add_argument("--organisation-code", help="申报单位的统一社会信用代码或组织机构代码")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--report", metavar="OUT.xlsx", help="另存一份标出问题的 .xlsx")
    return parser


def run_check(argv: list[str]) -> int:
    parser = _check_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_UNUSABLE
    try:
        reference = _reference_date(args.reference_date)
        if args.organisation_code:
            parse_organisation_code(args.organisation_code)
        max_bytes = env_int("SHENBAO_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES, minimum=1)
        max_rows = env_int("SHENBAO_ROSTER_MAX_ROWS", DEFAULT_MAX_ROWS, minimum=1)
    except InvalidIdentifier as exc:
        print(f"参数错误：--organisation-code {exc.reason}", file=sys.stderr)
        return EXIT_UNUSABLE
    except (ValueError, SettingError) as exc:
        print(f"参数错误：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    result = check_roster_file(
        args.file,
        kind=RosterKind(args.kind) if args.kind else None,
        reference_date=reference,
        organisation_code=args.organisation_code,
        max_bytes=max_bytes,
        max_rows=max_rows,
    )
    if args.report and result.is_usable:
        from shenbao.domain.annotated_copy import write_report

        write_report(args.report, result)
    if args.json:
        payload = {
            "kind": result.kind.value if result.kind else None,
            "rows": result.row_count,
            "problems": [p.as_dict() for p in result.problems],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False))
        sys.stdout.write("\n")
    else:
        print(summary(result, args.file))
    if not result.is_usable:
        return EXIT_UNUSABLE
    return EXIT_ROW_ERRORS if result.has_errors else EXIT_OK


def _reference_date(text: str | None) -> date:
    if text is None:
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo("Asia/Shanghai")).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--reference-date 应为 YYYY-MM-DD，收到 {text!r}") from None


def summary(result: RosterResult, filename: str) -> str:
    """A readable report in Chinese: counts by kind of problem, then the first problems."""
    lines = [f"文件：{filename}"]
    if not result.is_usable:
        lines.append("无法作为花名册使用：")
        lines += [f"  - {p.message}" for p in result.file_problems]
        return "\n".join(lines)
    kind = "附件3 新录用员工" if result.kind is RosterKind.EMPLOYEES else "附件4 培训人员"
    errors = [p for p in result.problems if p.is_error]
    warnings = result.warnings
    lines.append(f"类型：{kind}；数据 {result.row_count} 行；错误 {len(errors)} 个；提醒 {len(warnings)} 个")
    if not result.problems:
        lines.append("未发现问题。")
        return "\n".join(lines)
    lines.append("按问题类型：")
    for code, count in Counter(p.code for p in result.problems).most_common():
        lines.append(f"  {count:>7}  {_label(ProblemCode(code))}")
    lines.append(f"前 {min(SHOWN_PROBLEMS, len(result.problems))} 个问题：")
    for problem in result.problems[:SHOWN_PROBLEMS]:
        mark = "错误" if problem.is_error else "提醒"
        lines.append(f"  [{mark}] {problem.message}")
    return "\n".join(lines)


def _label(code: ProblemCode) -> str:
    text = MESSAGES[code].split("，")[0].split("：")[0]
    return f"{code.value}（{text.format_map(_Empty())}）"


class _Empty(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "…"


def run_template(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="shenbao template", description="生成空白花名册模板（.xlsx）")
    parser.add_argument("kind", choices=[k.value for k in RosterKind], help="employees=附件3，trainees=附件4")
    parser.add_argument("out", metavar="OUT.xlsx")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_UNUSABLE
    from shenbao.domain.workbook import write_template

    write_template(args.out, RosterKind(args.kind))
    print(f"已生成模板：{args.out}")
    return EXIT_OK
