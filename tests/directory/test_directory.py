from __future__ import annotations

import io
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from shenbao.directory.models import Authority
from shenbao.directory.services import load_directory

# 附件1 as printed: number, name, office, contact, phone, address (no row 10).
ATTACHMENT_1 = [
    (1, "青浦", "外经贸科", "陈老师", "59734847", "青浦区公园路100号西裙楼218室"),
    (2, "长宁", "经贸科", "朱老师", "22050838", "上海市长宁路599号808室"),
    (3, "嘉定", "外贸科", "陈老师", "69989722", "嘉定区嘉戬公路118号行政服务中心2楼A10窗口"),
    (4, "杨浦", "商贸服务业管理科", "张老师", "25251025", "杨浦区宁国路121号1202室"),
    (5, "浦东", "外经贸处", "奚老师", "28928291", "杨高中路2108号A幢505室"),
    (6, "虹口", "贸易促进科", "陈老师", "25658322", "虹口区飞虹路518号13楼05室"),
    (7, "普陀", "外经管理科", "姚老师", "52564588-7018", "普陀区大渡河路1668号2号楼1021室"),
    (8, "金山", "贸易管理科", "顾老师", "57921253", "金山区龙山路555号B102"),
    (9, "静安", "外经贸发展科", "余老师", "33371822", "静安区巨鹿路915号803室"),
    (11, "闵行", "外贸科", "宋老师", "64122551", "上海市沪闵路6558号417室"),
    (12, "漕河泾", "科技发展部", "周老师", "54260100-3701", "徐汇区桂平路410号B区3楼"),
    (13, "宝山", "外贸发展科", "刘老师", "56165305", "宝山区泰和路245号3号楼302室"),
    (14, "崇明", "商贸服务科", "杨老师", "59611993", "崇明县崇明大道8188号2号楼521室"),
    (15, "松江", "服务业促进科", "吴老师", "37736067", "松江区人民北路3456号"),
    (16, "黄浦", "贸易发展科", "吴老师", "33134800-20923", "黄浦区延安东路300号西9楼"),
    (17, "徐汇", "贸易促进科", "杨老师", "64872222-1235", "徐汇区漕溪北路336号3号楼1214室"),
    (18, "奉贤", "外经外贸科", "何老师", "67187920", "奉贤区南桥镇解放东路871号科技大厦西门3楼外贸科"),
]
SOURCE = Path(__file__).resolve().parents[3] / "shared" / "source" / "000_831a789fbfee3ffe.txt"


def _table() -> list[tuple[object, ...]]:
    return [
        (a.number, a.name, a.office, a.contact, a.phone, a.address)
        for a in Authority.objects.order_by("number")
    ]


@pytest.mark.django_db
def test_directory_matches_the_attachment_row_for_row(directory: None) -> None:
    assert _table() == ATTACHMENT_1


def test_transcription_in_this_test_matches_the_source_text() -> None:
    if not SOURCE.exists():
        pytest.skip("shared/source is not beside this checkout")
    blocks = SOURCE.read_text(encoding="utf-8").split("\n\n")[1:18]
    parsed = []
    for block in blocks:
        cells = [c.strip().replace("\u00a0", "").strip() for c in block.strip("\n").split("\n")]
        parsed.append((int(cells[0]), *cells[1:]))
    assert parsed == ATTACHMENT_1


@pytest.mark.django_db
def test_numbering_skips_ten_as_the_attachment_does(directory: None) -> None:
    numbers = list(Authority.objects.values_list("number", flat=True))
    assert len(numbers) == 17 and 10 not in numbers and numbers[-1] == 18


@pytest.mark.django_db
def test_loading_twice_changes_nothing(directory: None) -> None:
    before = _table()
    report = load_directory()
    assert report.created == [] and report.updated == [] and len(report.unchanged) == 17
    assert _table() == before


@pytest.mark.django_db
def test_reload_keeps_an_admins_edit_and_says_so(directory: None) -> None:
    Authority.objects.filter(number=5).update(contact="王老师")
    report = load_directory()
    assert report.kept_edits == [5]
    assert any("序号 5" in line and "保留" in line for line in report.lines())
    assert Authority.objects.get(number=5).contact == "王老师"


@pytest.mark.django_db
def test_public_page_lists_all_authorities_with_tel_links(client, directory: None) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/directory/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "区（示范区）服务外包主管部门联络表" in text
    for row in ATTACHMENT_1:
        assert row[5] in text
    assert 'href="tel:+86-21-52564588;ext=7018"' in text
    assert '<th scope="col" class="num">序号</th>' in text


@pytest.mark.django_db
def test_export_reproduces_the_attachment_table_with_its_title(client, directory: None) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/directory/export.xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "区（示范区）服务外包主管部门联络表"
    assert rows[1] == ["序号", "部门名称", "处室名称", "联系人", "联系电话", "地址"]
    body = [(int(r[0]), *r[1:]) for r in rows[2:]]
    assert body == ATTACHMENT_1


@pytest.mark.django_db
def test_city_admin_edits_an_authority_and_spaces_are_trimmed(client, city_admin) -> None:  # type: ignore[no-untyped-def]
    client.force_login(city_admin)
    data = {
        "name": "浦东",
        "area_name": "浦东新区",
        "office": "外经贸处",
        "contact": " 王老师 ",
        "phone": "28928291   ",
        "address": "杨高中路2108号A幢505室",
    }
    response = client.post("/directory/5/edit/", data)
    assert response.status_code == 302
    authority = Authority.objects.get(number=5)
    assert (authority.contact, authority.phone) == ("王老师", "28928291")


@pytest.mark.django_db
def test_reviewer_cannot_edit_the_directory(client, reviewer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reviewer)
    assert client.get("/directory/5/edit/").status_code == 404
