"""ID card and passport numbers: check character, region, birth date, normalisation."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric

from shenbao.domain.idcard import (
    check_character,
    check_id_card,
    check_passport,
    normalise_number,
    region_exists,
    sex_from_id,
)
from shenbao.domain.problems import ProblemCode

TODAY = date(2017, 3, 31)


@pytest.mark.parametrize(
    "first17", ["11010519491231002", "36042619910101007", "31011519900307123", "00000000000000000"]
)
def test_check_character_agrees_with_python_stdnum(first17: str) -> None:
    assert check_character(first17) == ric.calc_check_digit(first17 + "0")


def test_check_character_ten_is_written_x() -> None:
    assert check_character("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("11010519491231002X", None),
        ("360426199101010071", None),
        ("360426199101010072", ProblemCode.ID_CHECK_CHARACTER),
        ("990000199101010071", ProblemCode.ID_REGION),
        ("110199199101010071", ProblemCode.ID_REGION),
        ("360426199102310071", ProblemCode.ID_BIRTH_DATE),
        ("360426201801010071", ProblemCode.ID_BIRTH_DATE),  # born after the reference date
        ("360426910101007", ProblemCode.ID_FIRST_GENERATION),
        ("36042619910101007", ProblemCode.ID_LENGTH),
        ("36042619910101007A", ProblemCode.ID_FORMAT),
    ],
)
def test_id_card_rules(number: str, expected: ProblemCode | None) -> None:
    finding = check_id_card(number, reference_date=TODAY)
    assert (finding[0] if finding else None) == expected


def test_full_width_digits_lower_case_x_spaces_and_apostrophe_are_normalised() -> None:
    assert normalise_number("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert normalise_number(" 110105 19491231 002x\u3000") == "11010519491231002X"
    assert normalise_number("'11010519491231002x") == "11010519491231002X"


def test_region_table_includes_shanghai_districts_and_rejects_unknown_codes() -> None:
    assert region_exists("310115")
    assert not region_exists("310199")


def test_seventeenth_digit_odd_means_male() -> None:
    assert sex_from_id("11010519491231002X") == "女"
    assert sex_from_id("360426199101010071") == "男"


@pytest.mark.parametrize(
    ("number", "valid"),
    [("E12345678", True), ("G1234567", True), ("E12", False), ("E1234-5678", False), ("A" * 21, False)],
)
def test_passport_is_5_to_20_letters_or_digits(number: str, valid: bool) -> None:
    assert (check_passport(number) is None) is valid
