"""证件号码 rules over a whole column: duplicates, ID card numbers, passports, numbers stored as numbers.

Each rule runs as a polars expression; Python sees the distinct region codes and birth
dates, and the few rows where a rule fails (to say exactly what is wrong).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from shenbao.domain.idcard import (
    STORED_AS_NUMBER_PATTERN,
    birth_date,
    check_character,
    check_passport,
    normalise_number,
    region_exists,
)
from shenbao.domain.problems import ProblemCode
from shenbao.domain.roster_columns import ID_NUMBER, ID_TYPE, ROW, SEX

if TYPE_CHECKING:
    import polars as pl

# (row number, code, column, value, details) — turned into Problems once, in row order.
Finding = tuple[int, ProblemCode, str, str, dict[str, object]]

STORED_AS_NUMBER = re.compile(STORED_AS_NUMBER_PATTERN)
_CARD = r"^[0-9]{17}[0-9X]$"
# 13^9 ≡ 2^9 ≡ 6 (mod 11): see id_number_findings.
_HALF_WEIGHT = 6


def normalised_ids(ids: pl.Series) -> pl.Series:
    """Upper case; values with anything but letters and digits get the full normalise_number."""
    unusual = ids.filter(~ids.str.contains(r"^[0-9A-Za-z]*$")).unique().to_list()
    if unusual:
        ids = ids.replace(unusual, [normalise_number(text) for text in unusual])
    return ids.str.to_uppercase()


def id_number_findings(frame: pl.DataFrame, reference_date: date) -> list[Finding]:
    """Every 证件号码 problem; ``frame`` holds normalised numbers (see normalised_ids)."""
    findings = _duplicates(frame)
    findings += _not_id_cards(frame)
    findings += _malformed_cards(frame)
    findings += _card_findings(frame, reference_date)
    return findings


def _duplicates(frame: pl.DataFrame) -> list[Finding]:
    """The same number twice: reported on the later row, naming the first.

    A number whose digits are lost (3.10115E+17) cannot be compared: two different IDs show
    the same, so it is left out and reported only as lost (ID_STORED_AS_NUMBER).
    """
    import polars as pl

    number = pl.col(ID_NUMBER.name)
    lost = number.str.contains(f"^{STORED_AS_NUMBER_PATTERN}$")
    repeated = frame.select(ROW, ID_NUMBER.name).filter((number != "") & ~lost).filter(number.is_duplicated())
    if repeated.is_empty():
        return []
    later = repeated.with_columns(pl.col(ROW).min().over(ID_NUMBER.name).alias("_first")).filter(
        pl.col(ROW) != pl.col("_first")
    )
    return [
        (row, ProblemCode.ID_DUPLICATE, ID_NUMBER.name, value, {"first_row": first})
        for row, value, first in later.select(ROW, ID_NUMBER.name, "_first").iter_rows()
    ]


def _not_id_cards(frame: pl.DataFrame) -> list[Finding]:
    """Numbers whose 证件类型 is not 身份证: passports checked, numbers stored as numbers flagged."""
    import polars as pl

    others = frame.filter((pl.col(ID_TYPE.name) != "身份证") & (pl.col(ID_NUMBER.name) != ""))
    findings: list[Finding] = []
    for row, number, kind in others.select(ROW, ID_NUMBER.name, ID_TYPE.name).iter_rows():
        if STORED_AS_NUMBER.fullmatch(number):
            findings.append((row, ProblemCode.ID_STORED_AS_NUMBER, ID_NUMBER.name, number, {}))
        elif kind == "护照":
            passport = check_passport(number)
            if passport is not None:
                findings.append((row, passport[0], ID_NUMBER.name, number, passport[1]))
    return findings


def _cards() -> pl.Expr:
    import polars as pl

    return (pl.col(ID_TYPE.name) == "身份证") & (pl.col(ID_NUMBER.name) != "")


def _malformed_cards(frame: pl.DataFrame) -> list[Finding]:
    """ID card numbers that are not 17 digits and a digit or X: what is wrong with each."""
    import polars as pl

    bad = frame.filter(_cards() & ~pl.col(ID_NUMBER.name).str.contains(_CARD))
    findings: list[Finding] = []
    name = ID_NUMBER.name
    for row, number in bad.select(ROW, name).iter_rows():
        if STORED_AS_NUMBER.fullmatch(number):
            findings.append((row, ProblemCode.ID_STORED_AS_NUMBER, name, number, {}))
        elif len(number) == 15 and number.isdigit():
            findings.append((row, ProblemCode.ID_FIRST_GENERATION, name, number, {}))
        elif len(number) != 18:
            findings.append((row, ProblemCode.ID_LENGTH, name, number, {"length": len(number)}))
        else:
            findings.append((row, ProblemCode.ID_FORMAT, name, number, {}))
    return findings


# The card rules build a dozen columns per row (slices, base-13 integers, codes): 25,000 rows at a
# time keep them ≈15 MiB off a 100,000-row check's peak, for ≈1 ms.
_BATCH = 25_000


def _card_findings(frame: pl.DataFrame, reference_date: date) -> list[Finding]:
    """Region, birth date, check character and 性别 of well-formed ID card numbers; the first failing one per row."""
    import polars as pl

    number = pl.col(ID_NUMBER.name)
    columns = frame.select(ROW, ID_NUMBER.name, SEX.name, ID_TYPE.name)  # filtered, only these are copied
    cards = columns.filter(_cards() & number.str.contains(_CARD)).drop(ID_TYPE.name)
    if cards.is_empty():
        return []
    # The distinct regions and birth dates of the whole column, looked at once in Python (a few
    # thousand); looked up per batch they came back four times (≈15 ms at 100,000 rows).
    region, born = _region_and_birth()
    regions, births = cards.select(
        region.unique().implode().alias("r"), born.unique().implode().alias("b")
    ).row(0)
    bad_regions = [r for r in regions if not region_exists(r)]
    bad_births = [b for b in births if not _plausible_birth(b, reference_date)]
    findings: list[Finding] = []
    for batch in cards.iter_slices(_BATCH):
        findings += _batch_card_findings(batch, bad_regions, bad_births)
    return findings


def _region_and_birth() -> tuple[pl.Expr, pl.Expr]:
    """The number's region code (6 digits) and birth date (8 digits)."""
    import polars as pl

    number = pl.col(ID_NUMBER.name)
    return number.str.slice(0, 6), number.str.slice(6, 8)


def _batch_card_findings(cards: pl.DataFrame, bad_regions: list[str], bad_births: list[str]) -> list[Finding]:
    import polars as pl

    number = pl.col(ID_NUMBER.name)
    region, born = _region_and_birth()
    # ISO 7064 MOD 11-2: read in base 13 (13 ≡ 2 mod 11, X as A = 10), a valid number leaves
    # remainder 1 modulo 11. Eighteen base-13 digits overflow 64 bits, so two halves of nine.
    high = number.str.slice(0, 9).str.to_integer(base=13)
    low = number.str.slice(9, 9).str.replace("X", "A", literal=True).str.to_integer(base=13)
    # 17th digit: odd for men, even for women.
    implied = (
        pl.when(number.str.slice(16, 1).cast(pl.Int64) % 2 == 1).then(pl.lit("男")).otherwise(pl.lit("女"))
    )
    sex = pl.col(SEX.name)
    # Each rule its own column, so polars runs them side by side (one expression runs on one
    # core: 41 ms against 26 ms at 100,000 rows); the first failing one per row is reported.
    rules = {
        ProblemCode.ID_REGION: region.is_in(bad_regions),
        ProblemCode.ID_BIRTH_DATE: born.is_in(bad_births),
        ProblemCode.ID_CHECK_CHARACTER: ((high % 11) * _HALF_WEIGHT + low % 11) % 11 != 1,
        ProblemCode.ID_SEX_MISMATCH: sex.is_in(["男", "女"]) & (sex != implied),
    }
    failed = cards.with_columns(rule.alias(code.value) for code, rule in rules.items()).filter(
        pl.any_horizontal(code.value for code in rules)
    )
    findings: list[Finding] = []
    for row, text, sex_text, *fails in failed.iter_rows():
        code = next(code for code, fail in zip(rules, fails, strict=True) if fail)
        findings.append(_card_finding(row, code, text, sex_text))
    return findings


def _card_finding(row: int, code: ProblemCode, number: str, sex: str) -> Finding:
    if code is ProblemCode.ID_REGION:
        return (row, code, ID_NUMBER.name, number, {"detail": number[:6]})
    if code is ProblemCode.ID_BIRTH_DATE:
        return (row, code, ID_NUMBER.name, number, {"detail": number[6:14]})
    if code is ProblemCode.ID_CHECK_CHARACTER:
        return (row, code, ID_NUMBER.name, number, {"expected": check_character(number[:17])})
    implied = "男" if int(number[16]) % 2 else "女"
    return (row, code, SEX.name, sex, {"expected": implied + "性"})


def _plausible_birth(digits8: str, reference_date: date) -> bool:
    day = birth_date(digits8)
    return day is not None and day.year >= 1900 and day <= reference_date
