"""English words for the Chinese reasons other rules hand a problem as its ``{detail}``.

Some params are not values but short reasons another rule wrote in Chinese: why a file cannot be
read (sheets, zip_entries, xls_scan…), how far a sheet goes (共 120001 行), why an organisation
code is wrong (identity.InvalidIdentifier), which roster kind a file is (roster_columns.KIND_LABELS).
They are a closed set of phrases, each matched here and written in English, so an English page
shows no Chinese sentence inside an English one. tests/domain/test_problem_text.py finds every
such phrase in the domain's source and checks it is matched here; a phrase matched by none is
shown as it was given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_PHRASES: list[tuple[str, str]] = [
    # How far the file goes.
    (r"共 (\d+) 行", r"\1 rows"),
    (r"超过 (\d+) 行", r"over \1 rows"),
    (r"共 (\d+) 列", r"\1 columns"),
    (r"用到了第 (\w+) 行", r"uses row \1"),
    (r"用到了第 (\w+) 列", r"uses column \1"),
    (r"工作表解压后 (.+)", r"a sheet unpacks to \1"),
    (r"解压后 (.+)", r"unpacks to \1"),
    # Why it cannot be read.
    (r"(.*)，内容不是电子表格", r"\1, the content is not a spreadsheet"),
    (r"无扩展名", "no extension"),
    (r"不是电子表格的压缩包", "a zip archive that is not a spreadsheet"),
    (r"压缩包已损坏", "the zip archive is damaged"),
    (
        r"压缩包内容与其目录记录不符，文件已损坏或被改动",
        "the archive does not match its directory: damaged or altered",
    ),
    (r"工作表记录已损坏", "the sheet's records are damaged"),
    (r"文件结构已损坏", "the file's structure is damaged"),
    (r"无法打开文件", "the file cannot be opened"),
    (r"无法打开工作簿", "the workbook cannot be opened"),
    (r"无法读取工作表", "the sheet cannot be read"),
    (r"工作表内容无法解析", "the sheet's content cannot be parsed"),
    (r"CSV 文件格式有误", "the CSV file is malformed"),
    # A catalog share shown truncated (catalog._percent), and no category declared.
    (r" ?约 (.+)", r"about \1"),
    (r"无", "none"),
    # Why business figures cannot be assessed (catalog_figures.FiguresError, the catalog import).
    (r"应为 JSON 对象（\{…\}）", "should be a JSON object ({…})"),
    (r"未知字段（可用字段：(.+)）", r"unknown field (fields: \1)"),
    (r"应为字符串", "should be text"),
    (r"缺少数据年度", "the data year is missing"),
    (
        r"境外最终客户业务额 (.+) 美元大于服务外包业务额 (.+) 美元，请核对",
        r"offshore revenue USD \1 exceeds the outsourcing revenue USD \2: please check",
    ),
    (
        r"大专及以上学历员工 (.+) 人多于员工总数 (.+) 人，请核对",
        r"\1 college-degree staff exceed the \2 staff: please check",
    ),
    (
        r"(.+)年版指导目录适用 (.+) 年数据，所给数据年度为 (.+) 年",
        r"the \1 catalog applies to \2 figures, these are for \3",
    ),
    (r"未知类别 (.+)（(.+)年版指导目录的类别：(.+)）", r"unknown category \1 (the \2 catalog's: \3)"),
    (r"未知潜力领域 (.+)（可选：(.+)）", r"unknown potential field \1 (choose from: \2)"),
    (r"应为金额（数字或数字字符串）", "should be an amount (a number, or digits as text)"),
    (r"金额为空", "the amount is empty"),
    (r"不是有效的金额：(.+)", r"not a valid amount: \1"),
    (r"金额不能为负数：(.+)", r"an amount cannot be negative: \1"),
    (r"缺少此金额", "this amount is missing"),
    (r"金额最多保留两位小数（美分）：(.+)", r"an amount has at most two decimals (cents): \1"),
    (r"金额过大：(.+)，请核对单位是否为美元", r"the amount \1 is too large: check that it is in US dollars"),
    (r"应为整数", "should be a whole number"),
    (r"应为非负整数：(.+)", r"should be a whole number, 0 or more: \1"),
    (r"不能为负数：(.+)", r"cannot be negative: \1"),
    (r"应为按类别填写的对象，例如 (.+)", r"should be an object by category, e.g. \1"),
    (r"应为字符串列表", "should be a list of text"),
    (r"应为非空字符串", "should be non-empty text"),
    (r"应为列表或按类别填写的对象，例如 (.+)", r"should be a list or an object by category, e.g. \1"),
    (r"应为 true/false，或按类别填写的对象", "should be true/false, or an object by category"),
    (r"应为 true 或 false", "should be true or false"),
    (
        r"应为 \"statistics\"（统计系统审定）或 \"self\"（自报），而非 (.+)",
        r'should be "statistics" (approved) or "self" (declared), not \1',
    ),
    # Which roster it is.
    (
        r"附件3（服务外包企业新录用员工培训支持申请表）",
        "附件3 (new employees of a service-outsourcing enterprise)",
    ),
    (r"附件4（培训机构培训人员支持申请表）", "附件4 (trainees of a training institution)"),
    # Why an organisation code is wrong.
    (
        r"组织机构代码应为 9 位（可写作 8 位加连字符加 1 位校验码），现为 (\d+) 位",
        r"an organisation code has 9 characters (8, a hyphen, 1 check character), not \1",
    ),
    (
        r"组织机构代码前 8 位只能是数字或大写字母",
        "an organisation code's first 8 characters are digits or capitals",
    ),
    (
        r"组织机构代码校验码不正确：按前 8 位计算应为 (\w+)，请核对",
        r"the organisation code's check character should be \1: please check",
    ),
    (r"统一社会信用代码应为 18 位，现为 (\d+) 位", r"a unified social credit code has 18 characters, not \1"),
    (
        r"统一社会信用代码不使用字母 (.+)（易与数字混淆），请核对是否为数字",
        r"a unified social credit code never uses the letters \1 (mistaken for digits): check for digits",
    ),
    (
        r"统一社会信用代码第 18 位校验码不正确：应为 (\w+)，请核对",
        r"the credit code's 18th (check) character should be \1: please check",
    ),
    (
        r"统一社会信用代码格式不正确：第 1 位为登记管理部门代码，第 3–8 位为行政区划代码，请核对",
        "the credit code's format is wrong (1st character: registering body; 3rd–8th: region): please check",
    ),
    (
        r"统一社会信用代码第 9–17 位（其中的组织机构代码）校验不正确，请核对",
        "the organisation code inside the credit code (9th–17th characters) is wrong: please check",
    ),
    (
        r"请填写统一社会信用代码（18 位）或组织机构代码（9 位）",
        "fill in the unified social credit code (18) or the organisation code (9)",
    ),
    (
        r"代码长度为 (\d+) 位：统一社会信用代码应为 18 位，组织机构代码应为 9 位",
        r"the code has \1 characters: a credit code has 18, an organisation code 9",
    ),
]
_GROUP = re.compile(r"\\(\d)")
_COMPILED = [(re.compile(pattern), words) for pattern, words in _PHRASES]
# Params that carry such a reason (KIND_MISMATCH's {expected} is a roster kind's name; the
# catalog's {share} may read 约 66.66%, its {declared} 无).
DETAIL_PARAMS = ("detail", "expected", "share", "declared")


def english_detail(text: str) -> str:
    """``text`` in English if it is one of the phrases; otherwise unchanged."""
    for pattern, words in _COMPILED:
        found = pattern.fullmatch(text)
        if found is not None:
            return _filled(words, [english_detail(part) for part in found.groups()])  # 无扩展名，…
    return text


def _filled(words: str, parts: list[str]) -> str:
    return _GROUP.sub(lambda group: parts[int(group[1]) - 1], words)


def english_details(params: Mapping[str, object]) -> dict[str, object]:
    return {
        name: english_detail(value) if name in DETAIL_PARAMS and isinstance(value, str) else value
        for name, value in params.items()
    }
