"""Cost of the .xls scan: ``python -m bench.xls_scan [--repeat 7]``.

The largest legitimate .xls there is: 65,536 rows (the format's limit: a header and 65,535
employees) × the 13 columns of 附件3, every cell filled (序号 and 在职时长 as numbers, the rest
text), written by XlsxWriter and converted by LibreOffice (needed here only; generated once into
bench/out/). Times, in this process, the scan that runs before calamine opens an .xls (read
the file, find and join the Workbook stream, walk every record: compound_file + xls_scan)
against what it guards, calamine opening the file and loading the sheet (``to_python``),
alternating the two; prints the medians and the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import xlsxwriter

from shenbao.domain.compound_file import workbook_stream
from shenbao.domain.roster_columns import ROSTER_COLUMNS, RosterKind
from shenbao.domain.sheet_limits import DEFAULT_LIMITS
from shenbao.domain.xls_scan import scan_workbook_stream, sheet_extents

OUT = Path(__file__).parent / "out"
ROWS = 65_536
NUMBERS = {"序号", "在职时长（天）"}


def _values(serial: int) -> dict[str, object]:
    return {
        "序号": serial,
        "姓名": f"员工{serial}",
        "性别": "男" if serial % 2 else "女",
        "证件类型": "身份证",
        "证件号码": f"310101199501{serial % 28 + 1:02d}{serial % 1000:03d}X",
        "岗位": "软件工程师",
        "社保缴纳单位": "上海某某信息技术有限公司",
        "社保缴纳单位组织机构代码": "91310115MA1FL7W20X",
        "是否本单位帐户缴纳社保": "是",
        "入职日期": "2016-03-01",
        "是否在职": "否",
        "离职日期": "2016-12-31",
        "在职时长（天）": 306,
    }


def _make(path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to write the .xls")
    columns = ROSTER_COLUMNS[RosterKind.EMPLOYEES]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"{path.stem}.xlsx"
        book = xlsxwriter.Workbook(str(source), {"constant_memory": True})
        sheet = book.add_worksheet("花名册")
        sheet.write_row(0, 0, [column.header for column in columns])
        for row in range(1, ROWS):
            values = _values(row)
            for col, column in enumerate(columns):
                value = values[column.name]
                if column.name in NUMBERS:
                    sheet.write_number(row, col, float(value))  # type: ignore[arg-type]
                else:
                    sheet.write_string(row, col, str(value))
        book.close()
        profile = f"-env:UserInstallation=file://{folder}/profile"
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to", "xls", "--outdir", str(OUT), str(source)],
            check=True,
            capture_output=True,
        )


def _scan(path: Path) -> None:
    scan_workbook_stream(workbook_stream(path.read_bytes()), DEFAULT_LIMITS)


def _load(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def _timed(action: object, path: Path) -> float:
    start = time.perf_counter()
    action(path)  # type: ignore[operator]
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    path = OUT / f"xls-{ROWS}.xls"
    if not path.exists():
        _make(path)
    stream = workbook_stream(path.read_bytes())
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, workbook stream {len(stream) / 1e6:.1f} MB, ",
        end="",
    )
    print(f"extent {list(sheet_extents(stream))} (rows, columns)")
    _load(path)  # imports and page cache
    scans, loads = [], []
    for _ in range(args.repeat):
        scans.append(_timed(_scan, path))
        loads.append(_timed(_load, path))
    scan, load = statistics.median(scans), statistics.median(loads)
    print(f"scan (read, stream, walk): median {scan:.3f} s  (min {min(scans):.3f}, max {max(scans):.3f})")
    print(f"calamine open + to_python: median {load:.3f} s  (min {min(loads):.3f}, max {max(loads):.3f})")
    print(f"scan / load: {scan / load:.2f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
