"""``shenbao check`` and ``shenbao template``: exit codes, JSON shape, readable summary, no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from shenbao.cli.check import run

FILES = Path(__file__).parent.parent / "files" / "rosters"
REF = ["--reference-date", "2017-03-31"]


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = run("check", [*args, "--json", *REF])
    return code, json.loads(capsys.readouterr().out)


def test_clean_roster_exits_0_with_no_problems(capsys: pytest.CaptureFixture[str]) -> None:
    code, payload = check_json(capsys, str(FILES / "employees_clean.xlsx"))
    assert code == 0
    assert payload == {"kind": "employees", "rows": 5, "problems": []}


def test_row_errors_exit_1_with_each_problem_in_the_agreed_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, payload = check_json(
        capsys, str(FILES / "employees_messy.xlsx"), "--organisation-code", "91110000600037341L"
    )
    assert code == 1
    problems = payload["problems"]
    assert isinstance(problems, list)
    assert set(problems[0]) == {"row", "column", "code", "severity", "value", "message"}
    assert {
        "row": 6,
        "column": "证件号码",
        "code": "id_check_character",
        "severity": "error",
    }.items() <= next(p for p in problems if p["code"] == "id_check_character").items()
    assert any(
        p["code"] == "social_insurance_other_organisation" and p["severity"] == "warning" for p in problems
    )


def test_warnings_alone_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    run("template", ["employees", str(out)])
    book = openpyxl.load_workbook(out)
    sheet = book["花名册"]
    row = [
        "张伟",
        "男",
        "身份证",
        "310115199003071239",
        "工程师",
        "某公司",
        "60003734-1",
        "是",
        "2016-03-01",
        "否",
        "2016-03-31",
        "31",
    ]
    for col, value in enumerate(row, start=2):
        sheet.cell(3, col, value)
    book.save(out)
    capsys.readouterr()
    code, payload = check_json(capsys, str(out))
    assert [p["code"] for p in payload["problems"]] == ["tenure_mismatch"]  # type: ignore[index, union-attr]
    assert code == 0


@pytest.mark.parametrize(
    ("name", "extra", "code"),
    [
        ("bad/truncated.xlsx", [], "file_unreadable"),
        ("bad/missing_column.xlsx", [], "column_missing"),
        ("bad/header_only.xlsx", [], "no_data_rows"),
        ("bad/zip_bomb.xlsx", [], "file_compression_suspicious"),
        ("trainees_utf8.csv", ["--kind", "employees"], "kind_mismatch"),
    ],
)
def test_unusable_files_exit_2_and_still_print_json(
    capsys: pytest.CaptureFixture[str], name: str, extra: list[str], code: str
) -> None:
    exit_code, payload = check_json(capsys, str(FILES / name), *extra)
    assert exit_code == 2
    assert [p["code"] for p in payload["problems"]] == [code]  # type: ignore[union-attr]
    assert payload["problems"][0]["row"] is None  # type: ignore[index]


def test_missing_column_problem_names_the_column(capsys: pytest.CaptureFixture[str]) -> None:
    _, payload = check_json(capsys, str(FILES / "bad/missing_column.xlsx"))
    assert payload["problems"][0]["column"] == "证件号码"  # type: ignore[index]


def test_row_limit_comes_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHENBAO_ROSTER_MAX_ROWS", "2")
    code, payload = check_json(capsys, str(FILES / "employees_clean.xlsx"))
    assert code == 2
    assert payload["problems"][0]["code"] == "file_too_many_rows"  # type: ignore[index]


def test_size_limit_comes_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHENBAO_UPLOAD_MAX_BYTES", "100")
    code, payload = check_json(capsys, str(FILES / "employees_clean.xlsx"))
    assert (code, payload["problems"][0]["code"]) == (2, "file_too_large")  # type: ignore[index]


def test_readable_summary_counts_problems_by_kind_then_lists_them(capsys: pytest.CaptureFixture[str]) -> None:
    code = run("check", [str(FILES / "employees_messy.xlsx"), *REF])
    out = capsys.readouterr().out
    assert code == 1
    assert "按问题类型" in out
    assert "第 6 行「证件号码」：身份证号码校验位不正确" in out


def test_bad_reference_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", [str(FILES / "employees_clean.xlsx"), "--reference-date", "31/03/2017"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_report_option_writes_an_annotated_copy(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    run("check", [str(FILES / "trainees_gb18030.csv"), "--report", str(out), *REF])
    sheet = openpyxl.load_workbook(out)["检查结果"]
    assert sheet.cell(1, 9).value == "问题说明"
    assert "未填写" in str(sheet.cell(4, 9).value)


def test_template_command_writes_the_blank_template(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert run("template", ["trainees", str(out)]) == 0
    assert openpyxl.load_workbook(out)["花名册"].cell(2, 6).value == "培训内容"


def test_check_runs_as_a_real_process_without_importing_django() -> None:
    code = (
        "import sys; from shenbao.cli import main; rc = main(['check', sys.argv[1], '--json', '--reference-date', '2017-03-31']);"
        "print('DJANGO' if 'django' in sys.modules else 'NO-DJANGO'); sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(FILES / "employees_clean.xlsx")], capture_output=True, text=True
    )
    assert done.returncode == 0
    first, second = done.stdout.splitlines()
    assert json.loads(first)["rows"] == 5
    assert second == "NO-DJANGO"


def test_the_check_command_imports_polars_only_when_it_reads() -> None:
    # polars takes ≈0.1 s to import, python-stdnum ≈20 ms: the check imports them while
    # fastexcel loads the sheet (text_sheets, roster_checks.prepare_checks), not on the way in.
    # urllib.request (with ssl) came in through xml.sax.saxutils, needed only for error cells.
    code = "import sys, shenbao.cli.check; print(sorted({'polars', 'stdnum', 'urllib.request'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_an_invalid_organisation_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", [str(FILES / "employees_clean.xlsx"), "--organisation-code", "60003734-2", *REF]) == 2
    assert "组织机构代码" in capsys.readouterr().err


def test_a_roster_with_only_the_shared_columns_needs_kind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "common.csv"
    path.write_text("序号,姓名,性别,证件类型,证件号码\n1,张伟,男,护照,E12345678\n", encoding="utf-8")
    code, payload = check_json(capsys, str(path))
    assert (code, payload["kind"], [p["code"] for p in payload["problems"]]) == (
        2,
        None,
        ["kind_unrecognised"],
    )  # type: ignore[union-attr]
    code, payload = check_json(capsys, str(path), "--kind", "trainees")
    assert code == 2
    assert {p["column"] for p in payload["problems"]} == {"培训内容", "考核证书名称", "录用企业名称"}  # type: ignore[union-attr]


def test_reference_date_defaults_to_today_in_shanghai(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", [str(FILES / "employees_clean.xlsx"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["problems"] == []


def test_rows_that_are_not_persons_are_warnings_and_not_counted(capsys: pytest.CaptureFixture[str]) -> None:
    code, payload = check_json(capsys, str(FILES / "rows" / "total.xlsxwriter.xlsx"))
    assert code == 0
    assert payload["rows"] == 3
    problems = payload["problems"]
    assert isinstance(problems, list)
    assert [(p["row"], p["code"], p["severity"]) for p in problems] == [
        (6, "row_total", "warning"),
        (7, "row_total", "warning"),
        (8, "row_total", "warning"),
    ]
    run("check", [str(FILES / "rows" / "total.xlsxwriter.xlsx"), *REF])
    text = capsys.readouterr().out
    assert "数据 3 行；错误 0 个；提醒 3 个" in text
    assert "第 6 行是合计行，未计入人员" in text


def test_the_console_script_leaves_at_once_with_its_output_and_exit_code() -> None:
    # Run as the console script (no argv), `check` ends with os._exit: stdout must be whole.
    code = "import sys; from shenbao.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", code, "check", str(FILES / "employees_messy.xlsx"), "--json", *REF],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["problems"]
