"""Make the roster fixtures once: ``python tests/files/rosters/make_fixtures.py``.

The files are committed; tests read them and never run this script. Each file is written by
the tool an applicant would use (XlsxWriter ≈ what our template is, openpyxl, LibreOffice for
.xls and .ods) so the reader meets real producers' quirks.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import xlsxwriter
from stdnum.cn import uscc

from shenbao.domain.idcard import check_character
from shenbao.domain.identity import org_check_char

HERE = Path(__file__).parent
EMPLOYEE_HEADERS = [
    "序号",
    "姓名",
    "性别（男/女）",
    "证件类型（身份证/护照）",
    "证件号码",
    "岗位",
    "社保缴纳单位",
    "社保缴纳单位组织机构代码",
    "是否本单位帐户缴纳社保（是/否）",
    "入职日期（日期格式）",
    "是否在职（是/否）",
    "离职日期（日期格式）",
    "在职时长（天）可不填",
]
TRAINEE_HEADERS = [
    "序号",
    "姓名",
    "性别（男/女）",
    "证件类型（身份证/护照）",
    "证件号码",
    "培训内容",
    "考核证书名称",
    "录用企业名称",
]
CREDIT_CODE = "91110000600037341L"  # the applicant in the tests
ORG_CODE = "60003734-1"  # the same organisation, written as a legacy organisation code


def credit_code(region: str, org8: str) -> str:
    body = "91" + region + org8 + org_check_char(org8)
    return body + uscc.calc_check_digit(body)


OTHER_CREDIT_CODE = credit_code("310115", "MA1H7GL9")  # another organisation


def id_number(region: str, born: str, sequence: int) -> str:
    first17 = f"{region}{born}{sequence:03d}"
    return first17 + check_character(first17)


MAN = id_number("310115", "19900307", 123)  # odd sequence: male
WOMAN = id_number("310104", "19920115", 246)
MAN2 = id_number("110105", "19881231", 5)
WOMAN2 = id_number("440305", "19950620", 88)

CLEAN_EMPLOYEES: list[list[object]] = [
    [
        1,
        "张伟",
        "男",
        "身份证",
        MAN,
        "软件工程师",
        "上海某某信息技术有限公司",
        CREDIT_CODE,
        "是",
        date(2016, 3, 1),
        "是",
        "",
        "",
    ],
    [
        2,
        "李娜",
        "女",
        "身份证",
        WOMAN,
        "测试工程师",
        "上海某某信息技术有限公司",
        ORG_CODE,
        "是",
        date(2016, 3, 1),
        "否",
        date(2016, 3, 31),
        30,
    ],
    [
        3,
        "王芳",
        "女",
        "身份证",
        WOMAN2.lower(),
        "客服专员",
        "上海某某信息技术有限公司",
        CREDIT_CODE,
        "是",
        date(2016, 5, 9),
        "是",
        "",
        "",
    ],
    [
        4,
        "John Smith",
        "男",
        "护照",
        "E12345678",
        "实施顾问",
        "上海某某信息技术有限公司",
        CREDIT_CODE,
        "是",
        date(2016, 7, 1),
        "是",
        "",
        "",
    ],
    [
        5,
        "刘强",
        "男",
        "身份证",
        MAN2,
        "数据标注员",
        "上海某某信息技术有限公司",
        CREDIT_CODE,
        "是",
        date(2016, 9, 12),
        "否",
        date(2017, 1, 6),
        "",
    ],
]
TITLE3 = "附件3.服务外包企业新录用员工培训支持申请表（模版）"


def write_clean_xlsxwriter(path: Path) -> None:
    """附件3 as our template makes it: merged title, exact headers, real dates, pre-numbered blank rows."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("花名册")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range(0, 0, 0, len(EMPLOYEE_HEADERS) - 1, TITLE3)
    sheet.write_row(1, 0, EMPLOYEE_HEADERS)
    for r, row in enumerate(CLEAN_EMPLOYEES, start=2):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), dates)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    for r in range(7, 10):  # template rows: 序号 filled, the rest an ideographic space
        sheet.write_number(r, 0, r - 1)
        for c in range(1, len(EMPLOYEE_HEADERS)):
            sheet.write_string(r, c, "\u3000")
    book.close()


def write_messy_openpyxl(path: Path) -> None:
    """附件3 typed by hand in openpyxl style: reordered columns, odd headers, text dates, every kind of error."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "员工"
    sheet.append(["某某公司 2017 年新录用员工名单"])
    sheet.append([])
    headers = [
        " 姓 名 ",
        "证件号码",
        "性别(男/女)",
        "证件类型\n（身份证/护照）",
        "备注",
        "岗位",
        "社保缴纳单位",
        "社保缴纳单位组织机构代码",
        "是否本单位账户缴纳社保(是/否)",
        "入职日期\n(日期格式)",
        "是否在职（是/否）",
        "离职日期（日期格式）",
        "在职时长（天）\n可不填",
        "序号",
    ]
    sheet.append(headers)
    unit = "上海某某信息技术有限公司"
    rows: list[list[object]] = [
        # row 4: clean, text date with slashes, tenure filled correctly (to reference date 2017-03-31)
        ["张伟", MAN, "男", "身份证", "", "工程师", unit, CREDIT_CODE, "是", "2016/3/1", "是", "", 395, 1],
        # row 5: ID typed as a number in a General cell: digits lost
        [
            "李娜",
            310104199201152460,
            "女",
            "身份证",
            "",
            "工程师",
            unit,
            CREDIT_CODE,
            "是",
            "2016.3.1",
            "是",
            "",
            "",
            2,
        ],
        # row 6: wrong check character, sex not allowed, date 2月30日
        [
            "王芳",
            WOMAN2[:17] + ("0" if WOMAN2[17] != "0" else "1"),
            "女性",
            "身份证",
            "",
            "工程师",
            unit,
            CREDIT_CODE,
            "是",
            "2016年2月30日",
            "是",
            "",
            "",
            3,
        ],
        # row 7: duplicate of row 4, sex contradicts the ID number
        ["张伟二", MAN, "女", "身份证", "", "工程师", unit, CREDIT_CODE, "是", "20160301", "是", "", "", 4],
        # row 8: ideographic-space name, bad organisation code, left with no 离职日期
        [
            "\u3000",
            MAN2,
            "男",
            "身份证",
            "",
            "工程师",
            unit,
            "60003734-2",
            "是",
            "2016-03-01",
            "否",
            "",
            "",
            5,
        ],
        # row 9: 15-digit first-generation number; 离职日期 before 入职日期
        [
            "赵六",
            "310115900307123",
            "男",
            "身份证",
            "",
            "工程师",
            unit,
            CREDIT_CODE,
            "是",
            "2016-03-01",
            "否",
            "2016-02-01",
            "",
            6,
        ],
        # row 10: passport too short; still employed but 离职日期 filled; tenure wrong
        [
            "Anna",
            "E12",
            "女",
            "护照",
            "",
            "顾问",
            unit,
            CREDIT_CODE,
            "是",
            "2016-03-01",
            "是",
            "2016-03-31",
            99,
            7,
        ],
        # row 11: social insurance paid by another organisation's account although 是; future hire date
        [
            "钱七",
            WOMAN,
            "女",
            "身份证",
            "",
            "工程师",
            "另一家公司",
            OTHER_CREDIT_CODE,
            "是",
            "2017-06-01",
            "是",
            "",
            "",
            8,
        ],
        [None, None, None, None, None, None, None, None, None, None, None, None, None, 9],
        [],
    ]
    for row in rows:
        sheet.append(row)
    book.save(path)


def write_trainees_csv(path: Path, encoding: str) -> None:
    lines = [",".join(TRAINEE_HEADERS)]
    lines.append(f"1,张伟,男,身份证,{MAN},Java 开发,软件设计师（中级）,上海某某信息技术有限公司")
    lines.append(f"2,李娜,女,身份证,'{WOMAN},软件测试,ISTQB 初级,上海某某软件有限公司")
    lines.append("3,王芳,女,护照,E98765432,数据标注,,上海某某数据有限公司")
    lines.append("4,,,,,,,")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def convert(source: Path, target_ext: str) -> None:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            ["libreoffice", "--headless", "--convert-to", target_ext, "--outdir", out, str(source)],
            check=True,
            capture_output=True,
        )
        produced = Path(out) / (source.stem + "." + target_ext)
        shutil.move(produced, HERE / f"employees_clean.{target_ext}")


def write_bad_files() -> None:
    bad = HERE / "bad"
    bad.mkdir(exist_ok=True)
    (bad / "empty.xlsx").write_bytes(b"")
    good = (HERE / "employees_clean.xlsx").read_bytes()
    (bad / "truncated.xlsx").write_bytes(good[: len(good) // 2])
    (bad / "not_a_spreadsheet.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4)
    # An Office file with an opening password is an OLE container holding an EncryptedPackage
    # stream; this is that signature with nothing inside, enough for the reader to recognise.
    (bad / "encrypted.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 512
    )
    book = xlsxwriter.Workbook(str(bad / "header_only.xlsx"))
    book.add_worksheet().write_row(0, 0, EMPLOYEE_HEADERS)
    book.close()
    book = xlsxwriter.Workbook(str(bad / "missing_column.xlsx"))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [h for h in EMPLOYEE_HEADERS if h != "证件号码"])
    sheet.write_row(1, 0, [1, "张伟", "男", "身份证", "工程师"])
    book.close()
    book = xlsxwriter.Workbook(str(bad / "no_header.xlsx"))
    book.add_worksheet().write_row(0, 0, ["hello", "world"])
    book.close()
    book = xlsxwriter.Workbook(str(bad / "wide_5000_columns.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, EMPLOYEE_HEADERS)
    sheet.write_row(1, 0, list(range(5000)))
    book.close()
    book = xlsxwriter.Workbook(str(bad / "far_cell.xlsx"))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, EMPLOYEE_HEADERS)
    sheet.write(1048575, 16383, "x")
    book.close()
    book = xlsxwriter.Workbook(str(bad / "ten_million_rows.xlsx"))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, EMPLOYEE_HEADERS)
    sheet.write(1048575, 0, "x")  # the deepest row a sheet can have; stands in for 10 million
    book.close()
    write_zip_bomb(bad / "zip_bomb.xlsx")
    # The same far-away cells behind a <dimension> that claims a small sheet.
    lie(bad / "far_cell.xlsx", bad / "far_cell_lying_dimension.xlsx")
    lie(bad / "ten_million_rows.xlsx", bad / "ten_million_rows_lying_dimension.xlsx")
    far_row_first(bad / "far_row_out_of_order.xlsx")
    repeat_in_ods(
        b'<table:table-row table:number-rows-repeated="10000000"><table:table-cell office:value-type="string">'
        b"<text:p>x</text:p></table:table-cell></table:table-row>",
        bad / "ten_million_rows.ods",
    )
    repeat_in_ods(
        b'<table:table-row><table:table-cell table:number-columns-repeated="5000" office:value-type="string">'
        b"<text:p>x</text:p></table:table-cell></table:table-row>",
        bad / "wide_5000_columns.ods",
    )


def far_row_first(target: Path) -> None:
    """A row 1,000,000 written before row 1: the last reference looks harmless."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(HERE / "employees_clean.xlsx") as original,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                at = data.index(b"<sheetData>") + len(b"<sheetData>")
                far = b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'
                data = data[:at] + far + data[at:]
            copy.writestr(item, data)
    target.write_bytes(buffer.getvalue())


def repeat_in_ods(row: bytes, target: Path) -> None:
    """The clean LibreOffice roster with one more row that expands to millions of cells."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(HERE / "employees_clean.ods") as original, zipfile.ZipFile(buffer, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "content.xml":
                end = data.index(b"</table:table>")
                data = data[:end] + row + data[end:]
            copy.writestr(item, data, compress_type=item.compress_type)
    target.write_bytes(buffer.getvalue())


def lie(source: Path, target: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<dimension ")
                end = data.index(b"/>", start) + 2
                data = data[:start] + b'<dimension ref="A1:M2"/>' + data[end:]
            copy.writestr(item, data)
    target.write_bytes(buffer.getvalue())


def write_zip_bomb(path: Path) -> None:
    """A valid workbook whose sheet inflates from a few hundred kilobytes to 600 MB of blanks."""
    source = HERE / "employees_clean.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in original.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with bomb.open(item.filename, "w", force_zip64=True) as out:
                    block = b" " * (1 << 20)
                    for _ in range(600):
                        out.write(block)
            else:
                bomb.writestr(item, original.read(item.filename))
    path.write_bytes(buffer.getvalue())


def main() -> None:
    write_clean_xlsxwriter(HERE / "employees_clean.xlsx")
    shutil.copy(HERE / "employees_clean.xlsx", HERE / "employees_clean_for_xls.xlsx")
    convert(HERE / "employees_clean_for_xls.xlsx", "xls")
    convert(HERE / "employees_clean_for_xls.xlsx", "ods")
    (HERE / "employees_clean_for_xls.xlsx").unlink()
    write_messy_openpyxl(HERE / "employees_messy.xlsx")
    write_trainees_csv(HERE / "trainees_utf8_bom.csv", "utf-8-sig")
    write_trainees_csv(HERE / "trainees_utf8.csv", "utf-8")
    write_trainees_csv(HERE / "trainees_gb18030.csv", "gb18030")
    write_bad_files()


if __name__ == "__main__":
    main()
