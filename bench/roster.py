"""Roster benchmark: ``python -m bench.roster [--sizes 10000,100000,200000] [--repeat 5]``.

Generates 附件3 rosters with realistic data and injected errors into bench/out/, checks that
``shenbao check --json`` finds every injected error and no error on a clean row, then times
it end to end (process start to JSON) against a bare python-calamine read of the same file in
a separate process, alternating, and records each process's peak memory (maximum resident set
size from /usr/bin/time). Also times the refusal of a file over the row cap.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter
from stdnum.cn import uscc

from bench.stack import ROOT
from shenbao.domain.idcard import check_character
from shenbao.domain.identity import org_check_char
from shenbao.domain.roster_columns import ROSTER_COLUMNS, RosterKind

OUT = Path(__file__).parent / "out"
# The console script imports shenbao through the editable install, which points at one
# checkout: the code of this one runs only with it first on the path (in a worktree too).
# The bare read gets the same environment.
CHILD_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
REFERENCE = date(2017, 3, 31)
PYTHON = sys.executable
SHENBAO = str(Path(PYTHON).parent / "shenbao")
BARE = "import sys\nfrom python_calamine import CalamineWorkbook\nCalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()\n"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华飞玉兰婷雪梅文辉建国志红晓东海燕鹏宇欣怡子涵浩然思雨俊杰"
REGIONS = [
    "310101",
    "310104",
    "310105",
    "310106",
    "310107",
    "310109",
    "310110",
    "310112",
    "310113",
    "310115",
    "310120",
]
REGIONS += [
    "320102",
    "330106",
    "340104",
    "360426",
    "410105",
    "420106",
    "510107",
    "110105",
    "440305",
    "370102",
]
POSTS = [
    "软件工程师",
    "测试工程师",
    "数据标注员",
    "客服专员",
    "呼叫中心坐席",
    "财务共享专员",
    "IT运维工程师",
    "实施顾问",
]
POSTS += ["产品经理", "UI设计师", "数据分析师", "前端开发", "后端开发", "项目助理", "翻译", "质量专员"]

# code → (how to break a clean row, expected problem code, column)
INJECTIONS = [
    "id_check_character",
    "id_birth_date",
    "id_region",
    "id_sex_mismatch",
    "id_duplicate",
    "id_first_generation",
    "required_missing",
    "value_not_allowed",
    "date_invalid",
    "leave_date_missing",
    "leave_before_hire",
    "org_code_invalid",
    "tenure_mismatch",
    "date_after_reference",
]


def make_id(rng: random.Random, sex: str) -> str:
    born = date(1975, 1, 1) + timedelta(days=rng.randrange(9000))
    seq = rng.randrange(0, 998, 2) + (1 if sex == "男" else 0)
    first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


def make_credit_code(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    org8 = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = org8 + org_check_char(org8)
    if set(org) & set("IOZSV"):
        return make_credit_code(rng)
    body = "91" + rng.choice(REGIONS) + org
    assert all(ch in alphabet for ch in body)
    return body + uscc.calc_check_digit(body)


def generate(rows: int, path: Path, seed: int = 3) -> dict[int, str]:
    """Write a roster of ``rows`` people; return {spreadsheet row: injected problem code}."""
    rng = random.Random(seed)
    companies = [
        (f"上海{rng.choice(SURNAMES)}{rng.choice(GIVEN)}信息技术有限公司", make_credit_code(rng))
        for _ in range(60)
    ]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("花名册")
    date_style = book.add_format({"num_format": "yyyy-mm-dd"})
    columns = ROSTER_COLUMNS[RosterKind.EMPLOYEES]
    sheet.merge_range(0, 0, 0, len(columns) - 1, "附件3.服务外包企业新录用员工培训支持申请表（模版）")
    for col, column in enumerate(columns):
        sheet.write_string(1, col, column.header)
    injected: dict[int, str] = {}
    first_ids: list[str] = []
    issued: set[str] = set()
    for i in range(rows):
        number = i + 3
        sex = rng.choice("男女")
        id_number = make_id(rng, sex)
        while id_number in issued:
            id_number = make_id(rng, sex)
        issued.add(id_number)
        company, code = rng.choice(companies)
        hired = date(2015, 1, 1) + timedelta(days=rng.randrange(700))
        employed = "是" if rng.random() < 0.85 else "否"
        left = hired + timedelta(days=rng.randrange(1, 60)) if employed == "否" else None
        tenure = "" if rng.random() < 0.5 else str(((left or REFERENCE) - hired).days)
        values: dict[str, object] = {
            "姓名": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "性别": sex,
            "证件类型": "身份证",
            "证件号码": id_number,
            "岗位": rng.choice(POSTS),
            "社保缴纳单位": company,
            "社保缴纳单位组织机构代码": code,
            "是否本单位帐户缴纳社保": "是",
            "入职日期": hired,
            "是否在职": employed,
            "离职日期": left or "",
            "在职时长（天）": tenure,
        }
        if i % 97 == 50:
            what = INJECTIONS[(i // 97) % len(INJECTIONS)]
            if what == "id_duplicate" and not first_ids:
                what = "id_check_character"
            _inject(what, values, rng, first_ids)
            injected[number] = what
        elif len(first_ids) < 50:
            first_ids.append(id_number)
        sheet.write_number(i + 2, 0, i + 1)
        for col, column in enumerate(columns[1:], start=1):
            value = values[column.name]
            if isinstance(value, date):
                sheet.write_datetime(i + 2, col, datetime(value.year, value.month, value.day), date_style)
            else:
                sheet.write_string(i + 2, col, str(value))
    book.close()
    return injected


def _inject(what: str, values: dict[str, object], rng: random.Random, first_ids: list[str]) -> None:
    number = str(values["证件号码"])
    if what == "id_check_character":
        wrong = "0123456789X".replace(number[17], "")
        values["证件号码"] = number[:17] + rng.choice(wrong)
    elif what == "id_birth_date":
        first17 = number[:10] + "0231" + number[14:17]
        values["证件号码"] = first17 + check_character(first17)
    elif what == "id_region":
        first17 = "990000" + number[6:17]
        values["证件号码"] = first17 + check_character(first17)
    elif what == "id_sex_mismatch":
        values["性别"] = "女" if values["性别"] == "男" else "男"
    elif what == "id_duplicate":
        values["证件号码"] = rng.choice(first_ids)
        values["性别"] = "男" if int(str(values["证件号码"])[16]) % 2 else "女"
    elif what == "id_first_generation":
        values["证件号码"] = number[:6] + number[8:17]
    elif what == "required_missing":
        values["姓名"] = "\u3000"
    elif what == "value_not_allowed":
        values["是否本单位帐户缴纳社保"] = "不是"
    elif what == "date_invalid":
        values["入职日期"] = "2016-02-30"
    elif what == "leave_date_missing":
        values["是否在职"] = "否"
        values["离职日期"] = ""
        values["在职时长（天）"] = ""
    elif what == "leave_before_hire":
        values["是否在职"] = "否"
        values["离职日期"] = date(2014, 12, 1)
        values["在职时长（天）"] = ""
    elif what == "org_code_invalid":
        code = str(values["社保缴纳单位组织机构代码"])
        values["社保缴纳单位组织机构代码"] = code[:17] + ("1" if code[17] != "1" else "2")
    elif what == "tenure_mismatch":
        hired = values["入职日期"]
        assert isinstance(hired, date)
        left = values["离职日期"] or REFERENCE
        assert isinstance(left, date)
        values["在职时长（天）"] = str((left - hired).days + 1)
    elif what == "date_after_reference":
        values["入职日期"] = REFERENCE + timedelta(days=10)
        values["在职时长（天）"] = ""


def check_command(path: Path) -> list[str]:
    return [SHENBAO, "check", str(path), "--json", "--reference-date", REFERENCE.isoformat()]


def timed(command: list[str]) -> tuple[float, int, bytes]:
    """Wall seconds, peak RSS in KiB and stdout of one run under /usr/bin/time."""
    seconds, _, peak, out = timed_cpu(command)
    return seconds, peak, out


def timed_cpu(command: list[str]) -> tuple[float, float, int, bytes]:
    """Wall seconds, CPU seconds (user + system), peak RSS in KiB and stdout of one run.

    Wall time is taken here, to the microsecond, around /usr/bin/time (whose own %e counts
    in hundredths); both commands pay the same wrapper.
    """
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%U %S %M", "-o", report.name, *command],
            capture_output=True,
            check=False,
            env=CHILD_ENV,
        )
        seconds = time.perf_counter() - start
        user, system, peak = report.read().split()[-3:]
    return seconds, float(user) + float(system), int(peak), done.stdout


def verify(path: Path, injected: dict[int, str]) -> str:
    _, _, out = timed(check_command(path))
    result = json.loads(out)
    found: dict[int, set[str]] = {}
    for problem in result["problems"]:
        found.setdefault(problem["row"], set()).add(problem["code"])
    missed = [(row, code) for row, code in injected.items() if code not in found.get(row, set())]
    stray = sorted(row for row in found if row not in injected)
    status = "ok" if not missed and not stray else f"MISSED {missed[:5]} STRAY rows {stray[:5]}"
    return f"{len(injected)} injected errors, {len(result['problems'])} problems reported: {status}"


def bench(path: Path, repeat: int) -> dict[str, float]:
    ours: list[tuple[float, float, int]] = []
    bare: list[tuple[float, float, int]] = []
    for _ in range(repeat):
        seconds, cpu, peak, _ = timed_cpu(check_command(path))
        ours.append((seconds, cpu, peak))
        seconds, cpu, peak, _ = timed_cpu([PYTHON, "-c", BARE, str(path)])
        bare.append((seconds, cpu, peak))
    ours_s, bare_s = statistics.median(s for s, _, _ in ours), statistics.median(s for s, _, _ in bare)
    ours_c, bare_c = statistics.median(c for _, c, _ in ours), statistics.median(c for _, c, _ in bare)
    ours_m, bare_m = max(m for _, _, m in ours), max(m for _, _, m in bare)
    return {"check_s": ours_s, "bare_s": bare_s, "time_ratio": ours_s / bare_s, "check_cpu": ours_c,
            "bare_cpu": bare_c, "cpu_ratio": ours_c / bare_c, "check_mib": ours_m / 1024,
            "bare_mib": bare_m / 1024, "memory_ratio": ours_m / bare_m}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,200000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    # The command as installed: its modules byte-compiled (`make venv` does it once; a module
    # edited since would be compiled from source at every start, ≈25 ms, when
    # PYTHONDONTWRITEBYTECODE is set, as on this machine).
    compileall.compile_dir(ROOT / "shenbao", quiet=1)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(
        f"{'rows':>8} {'check s':>8} {'bare s':>8} {'ratio':>6} {'check CPU':>10} {'bare CPU':>9} {'ratio':>6}"
        f" {'check MiB':>10} {'bare MiB':>9} {'ratio':>6}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        path = OUT / f"roster_{size}.xlsx"
        injected_file = path.with_suffix(".injected.json")
        if not path.exists() or not injected_file.exists():
            injected = generate(size, path)
            injected_file.write_text(json.dumps(injected))
        injected = {int(k): v for k, v in json.loads(injected_file.read_text()).items()}
        note = verify(path, injected)
        r = bench(path, args.repeat)
        print(f"{size:>8} {r['check_s']:>8.3f} {r['bare_s']:>8.3f} {r['time_ratio']:>6.2f} "
              f"{r['check_cpu']:>10.2f} {r['bare_cpu']:>9.2f} {r['cpu_ratio']:>6.2f} "
              f"{r['check_mib']:>10.0f} {r['bare_mib']:>9.0f} {r['memory_ratio']:>6.2f}   {note}")  # fmt: skip
    over = OUT / "roster_over_cap_250000.xlsx"
    if not over.exists():
        generate(250_000, over)
    runs = [timed(check_command(over)) for _ in range(args.repeat)]
    refused = json.loads(runs[-1][2])["problems"][0]["code"]
    seconds = statistics.median(s for s, _, _ in runs)
    peak = max(m for _, m, _ in runs) / 1024
    print(f"over the cap (250,000 rows, cap 200,000): refused in {seconds:.2f} s, {peak:.0f} MiB, {refused}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
