"""``shenbao catalog FIGURES.json [--edition CODE] [--json]``: apply the guidance catalog (附件5).

FIGURES.json holds one object or a list of objects in the shape ``parse_figures`` reads.
Every object is checked before anything is printed: one bad object fails the whole call
with exit status 2 and a message naming the object and the field. No Django here.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from shenbao.domain.catalog import (
    STATUS_LABELS,
    TIER_LABELS,
    Assessment,
    EditionError,
    FiguresError,
    Status,
    Tier,
    UnknownEdition,
    assess,
    list_editions,
    load_edition,
    parse_figures,
)

BAD_INPUT = 2


def run(name: str, argv: list[str]) -> int:
    editions = list_editions()
    latest = editions[-1] if editions else None
    parser = argparse.ArgumentParser(
        prog=f"shenbao {name}",
        description="按上海市服务外包产业重点发展领域指导目录（附件5）判定企业是否列入目录、是否为重点培育对象。",
    )
    parser.add_argument("figures", metavar="FIGURES.json", help="一个 JSON 对象或对象列表（- 表示标准输入）")
    parser.add_argument(
        "--edition",
        default=latest,
        help=f"指导目录版本（现有：{'、'.join(editions) or '无'}；默认最新版 {latest}）",
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON（供其他工具使用）")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else BAD_INPUT

    try:
        edition = load_edition(args.edition or "")
    except UnknownEdition as error:
        return _fail(str(error))
    except EditionError as error:
        return _fail(f"指导目录数据文件有误：{error}", status=1)

    try:
        data = _read(args.figures)
    except ValueError as error:
        return _fail(str(error))
    is_single = isinstance(data, dict)
    objects = [data] if is_single else data
    if not isinstance(objects, list):
        return _fail(f"{args.figures}：应为一个 JSON 对象或对象列表")

    results: list[Assessment] = []
    problems: list[str] = []
    for index, obj in enumerate(objects):
        where = _describe(obj, None if is_single else index)
        if not isinstance(obj, dict):
            problems.append(f"{where}：应为 JSON 对象（{{…}}）")
            continue
        try:
            results.append(assess(parse_figures(obj, edition), edition))
        except FiguresError as error:
            problems.append(f"{where} 字段 {error.field}：{error.message}")
    if problems:
        # One bad object fails the whole call; every bad object is listed so all can be fixed at once.
        return _fail("\n".join(["输入有误，未作判定：", *problems]))

    if args.json:
        payload = [result.to_json() for result in results]
        print(json.dumps(payload[0] if is_single else payload, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(_render(result) for result in results))
    return 0


def _read(path: str) -> object:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"无法读取 {path}：{error}") from error
    try:
        # Decimal, never float: 0.1 stays 0.1.
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path} 不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列，{error.msg}"
        ) from error


def _describe(obj: object, index: int | None) -> str:
    name = obj.get("name") if isinstance(obj, dict) else None
    label = f"「{name}」" if isinstance(name, str) and name.strip() else "（未命名）"
    return f"对象{label}" if index is None else f"第 {index + 1} 个对象{label}"


def _fail(message: str, status: int = BAD_INPUT) -> int:
    print(f"shenbao catalog: {message}", file=sys.stderr)
    return status


def _tier(tier: Tier | None) -> str:
    return TIER_LABELS[tier] if tier is not None else "无"


def _render(result: Assessment) -> str:
    title = result.name or "（未命名企业）"
    tests = "、".join(f"（{number}）" for number in result.tests_met)
    lines = [
        f"【{title}】{result.edition_title}，{result.data_year} 年数据",
        f"列入指导目录：{'是，满足列入标准' + tests if result.listed else '否'}",
    ]
    for category in result.categories:
        gaps = [
            f"{STATUS_LABELS[status]}：{'、'.join(c.label for c in category.conditions if c.status is status)}"
            for status in (Status.NOT_MET, Status.UNKNOWN)
            if any(c.status is status for c in category.conditions)
        ]
        conditions = "；".join(gaps) if gaps else "条件均满足"
        lines.append(
            f"{category.name}（{category.code}）：出口额档次 {_tier(category.export_tier)}；"
            f"重点培育 {_tier(category.key_cultivation)}；{conditions}"
        )
    if result.potential_fields:
        lines.append(f"潜力领域：{'、'.join(result.potential_fields)}")
    lines.append(
        f"临时结论：{'是（企业自报数据，待统计系统审定）' if result.provisional else '否（统计系统审定数据）'}"
    )
    lines.append("说明：")
    lines += [f"  · {line}" for line in result.explanation]
    return "\n".join(lines)
