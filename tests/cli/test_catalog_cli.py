"""``shenbao catalog FIGURES.json [--edition 2016] [--json]``, run in-process and once as a real process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from shenbao.cli import main

SCRIPT = Path(sys.executable).parent / "shenbao"


def enterprise(name: str = "示例企业", **changes: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "name": name,
        "data_year": 2015,
        "revenue_usd": "5200000",
        "offshore_revenue_usd": "1900000",
        "export_usd": {"ITO": "1200000", "BPO": "0", "KPO": "0"},
        "staff": 320,
        "staff_college": 250,
        "certifications": {"ITO": ["CMMI3"]},
        "long_term_contracts": True,
        "categories": ["ITO"],
        "potential_fields": [],
        "source": "statistics",
    }
    obj.update(changes)
    return obj


def write(tmp_path: Path, data: object, name: str = "figures.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_one_object_gives_one_json_decision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["catalog", write(tmp_path, enterprise()), "--edition", "2016", "--json"])
    out = capsys.readouterr()
    assert status == 0, out.err
    result = json.loads(out.out)
    assert result["name"] == "示例企业"
    assert result["listed"] is True
    assert result["tests_met"] == [2]
    assert result["export_tier"] == {"ITO": "district", "BPO": None, "KPO": None}
    assert result["key_cultivation"] == {"ITO": "district", "BPO": None, "KPO": None}
    assert result["provisional"] is False
    assert isinstance(result["explanation"], list) and len(result["explanation"]) > 5


def test_a_list_gives_a_list_of_decisions_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = [
        enterprise("甲", source="self"),
        enterprise("乙", revenue_usd="400000", offshore_revenue_usd="400000", export_usd={"KPO": 500000}),
    ]
    status = main(["catalog", write(tmp_path, data), "--json"])
    results = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [r["name"] for r in results] == ["甲", "乙"]
    assert [r["provisional"] for r in results] == [True, False]
    assert results[1]["listed"] is False
    assert results[1]["export_tier"]["KPO"] == "district"
    assert results[1]["key_cultivation"]["KPO"] is None


def test_json_numbers_are_read_as_decimals_not_floats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As a float this revenue would be exactly 500000.0 and half of it offshore would meet test 1;
    # read exactly, the offshore share is a hair below 50%.
    path = tmp_path / "numbers.json"
    text = json.dumps(enterprise(revenue_usd="R", offshore_revenue_usd=250000, export_usd={}))
    path.write_text(text.replace('"R"', "500000.000000000001"), encoding="utf-8")
    assert main(["catalog", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["tests"][0]["revenue_usd"] == "500000.000000000001"
    assert result["tests_met"] == []


def test_without_json_the_output_is_readable_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalog", write(tmp_path, enterprise(source="self"))]) == 0
    out = capsys.readouterr().out
    assert "【示例企业】上海市服务外包产业重点发展领域指导目录（2016年版）" in out
    assert "列入指导目录：是，满足列入标准（2）" in out
    assert "信息技术外包（ITO）：出口额档次 区县重点培育；重点培育 区县重点培育；条件均满足" in out
    assert (
        "业务流程服务外包（BPO）：出口额档次 无；重点培育 无；不满足：从事该类服务外包、取得相关领域国际认证"
        in out
    )
    assert "临时结论：是" in out
    assert "附件5 列入标准（2）" in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"revenue_usd": "-1"}, "revenue_usd"),
        ({"export_usd": {"BPO": -100}}, "export_usd.BPO"),
        ({"offshore_revenue_usd": "6000000"}, "offshore_revenue_usd"),
        ({"categories": ["ITO", "DPO"]}, "categories[1]"),
        ({"data_year": 2016}, "data_year"),
    ],
)
def test_one_bad_object_fails_the_whole_call_naming_the_object_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], changes: dict[str, Any], field: str
) -> None:
    data = [enterprise("好企业"), enterprise("坏企业", **changes)]
    status = main(["catalog", write(tmp_path, data), "--json"])
    out = capsys.readouterr()
    assert status == 2
    assert out.out == ""  # nothing is decided when any object is bad
    assert f"第 2 个对象「坏企业」 字段 {field}：" in out.err
    assert "好企业" not in out.err


def test_every_bad_object_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = [
        enterprise("甲", revenue_usd="-1"),
        enterprise("乙"),
        "not an object",
        enterprise("丁", data_year=2014),
    ]
    assert main(["catalog", write(tmp_path, data)]) == 2
    err = capsys.readouterr().err
    assert "第 1 个对象「甲」 字段 revenue_usd" in err
    assert "第 3 个对象（未命名）：应为 JSON 对象" in err
    assert "第 4 个对象「丁」 字段 data_year" in err
    assert "「乙」" not in err


def test_a_single_bad_object_is_named_without_a_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalog", write(tmp_path, enterprise(source="guess"))]) == 2
    assert "对象「示例企业」 字段 source：" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "不是有效的 JSON"), ("42", "应为一个 JSON 对象或对象列表")],
)
def test_a_file_that_is_not_figures_json_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["catalog", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_a_missing_file_or_an_unknown_edition_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalog", str(tmp_path / "absent.json")]) == 2
    assert "无法读取" in capsys.readouterr().err
    assert main(["catalog", write(tmp_path, enterprise()), "--edition", "2099"]) == 2
    assert "没有 2099 年版指导目录" in capsys.readouterr().err


def test_missing_arguments_exit_2_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog"]) == 2
    assert "usage: shenbao catalog" in capsys.readouterr().err


def test_the_installed_script_runs_the_command_in_a_real_process(tmp_path: Path) -> None:
    good = write(tmp_path, [enterprise()], "good.json")
    bad = write(
        tmp_path,
        {"name": "负数企业", "data_year": 2015, "revenue_usd": "-1", "offshore_revenue_usd": "0"},
        "bad.json",
    )
    done = subprocess.run(
        [str(SCRIPT), "catalog", good, "--json"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["key_cultivation"]["ITO"] == "district"
    refused = subprocess.run(
        [str(SCRIPT), "catalog", bad, "--json"], capture_output=True, text=True, check=False
    )
    assert refused.returncode == 2
    assert "对象「负数企业」 字段 revenue_usd" in refused.stderr
    assert refused.stdout == ""


def test_the_command_does_not_import_django(tmp_path: Path) -> None:
    code = (
        "import sys; from shenbao.cli import main; "
        f"status = main(['catalog', {write(tmp_path, enterprise())!r}, '--json']); "
        "assert status == 0; assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_a_dash_reads_the_figures_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO(json.dumps(enterprise(revenue_usd="0", offshore_revenue_usd="0")))
    )
    assert main(["catalog", "-", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["listed"] is False
    assert result["tests_met"] == []
