"""Clauses joined into one sentence: no "。；", one full stop at the end."""

from __future__ import annotations

import pytest

from shenbao.domain.text import join_clauses


@pytest.mark.parametrize(
    ("parts", "sentence"),
    [
        (["材料不全。", "请补盖公章"], "材料不全；请补盖公章。"),
        (["材料不全；", "请补盖公章。"], "材料不全；请补盖公章。"),
        (["第 3 行：岗位有误.", " 入职日期有误， "], "第 3 行：岗位有误；入职日期有误。"),
        (["只有一条"], "只有一条。"),
        (["是否在职？"], "是否在职？"),
        (["", "  ", "。"], ""),
        ([], ""),
    ],
)
def test_clauses_read_as_one_sentence(parts: list[str], sentence: str) -> None:
    assert join_clauses(parts) == sentence
