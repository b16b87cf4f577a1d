"""Organisation codes (GB 11714) and unified social credit codes (GB 32100)."""

from __future__ import annotations

import pytest

from shenbao.domain.identity import (
    CodeKind,
    InvalidIdentifier,
    parse_organisation_code,
    same_organisation,
    validate_credit_code,
    validate_org_code,
)

VALID_CREDIT = "91110000600037341L"


@pytest.mark.parametrize("text", ["60003734-1", "600037341", " 60003734－1 ", "６０００３７３４-１"])
def test_organisation_code_with_or_without_hyphen_and_full_width_is_accepted(text: str) -> None:
    assert validate_org_code(text) == "600037341"


@pytest.mark.parametrize("text", ["60003734-2", "6000373", "60003734#1", "600037341X"])
def test_bad_organisation_codes_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        validate_org_code(text)
    assert caught.value.reason


@pytest.mark.parametrize(
    "text",
    [VALID_CREDIT, VALID_CREDIT.lower(), "９１１１００００６０００３７３４１Ｌ", "9111 0000 6000 3734 1L"],
)
def test_valid_credit_code_in_any_case_or_width_is_accepted(text: str) -> None:
    assert validate_credit_code(text) == VALID_CREDIT


def test_credit_code_with_wrong_check_character_names_the_right_one() -> None:
    with pytest.raises(InvalidIdentifier, match="应为 L"):
        validate_credit_code("91110000600037341M")


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_credit_code_containing_letters_confused_with_digits_is_refused(letter: str) -> None:
    with pytest.raises(InvalidIdentifier, match=letter):
        validate_credit_code("9111000060003734" + letter + "L")


def test_credit_code_whose_embedded_organisation_code_is_wrong_is_refused() -> None:
    # python-stdnum accepts this one: its check character is right, but 60003734-2 is not.
    with pytest.raises(InvalidIdentifier, match="9–17"):
        validate_credit_code("91110000600037342P")


def test_credit_code_and_organisation_code_of_the_same_organisation_match() -> None:
    credit = parse_organisation_code(VALID_CREDIT)
    legacy = parse_organisation_code("60003734-1")
    assert credit.kind is CodeKind.CREDIT_CODE and legacy.kind is CodeKind.ORG_CODE
    assert same_organisation(credit, legacy)


def test_codes_of_length_other_than_9_or_18_are_refused() -> None:
    with pytest.raises(InvalidIdentifier, match="12 位"):
        parse_organisation_code("911100006000")
