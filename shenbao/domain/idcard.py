"""Resident ID card (GB 11643) and passport numbers as typed into a roster.

Separators inside a number are not part of it: white space of any width (spaces, tabs, U+3000,
U+00A0) and hyphens or dashes (``-``, full-width ``－``, ``‐ ‑ ‒ – — ― −``) are removed before the
number is checked, stored or compared, so ``440221 19971129 6203`` and ``210423-19880720-3629``
are the 18-character numbers they group (docs/roster.md, "Separators in an ID number").

python-stdnum's ``cn.ric.validate`` scans its region table on every call (≈70 µs),
too slow for 200,000 rows: the check character is computed here and each distinct
region code is looked up once.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path

from shenbao.domain.problems import ProblemCode

_ID18 = re.compile(r"\d{17}[\dX]")
_PASSPORT = re.compile(r"[A-Z0-9]{5,20}")
_CHECK_CHARS = "0123456789X"

Finding = tuple[ProblemCode, dict[str, object]]

# Hyphens and dashes people group an ID number with; NFKC has already made － and ﹣ into -.
DASHES = "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58"
_NO_DASHES = str.maketrans("", "", DASHES)


def drop_separators(text: str) -> str:
    """The number without white space or dashes (see the module docstring); NFKC applied first."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.translate(_NO_DASHES).split())


def normalise_number(text: str) -> str:
    """Full-width to half-width, no separators, upper case (lower-case x accepted as X)."""
    text = drop_separators(text)
    # A leading apostrophe is how people force text in a spreadsheet; it survives into CSV.
    return text.lstrip("'`").upper()


# How a spreadsheet shows a long number it has rounded: 1.10105E+17.
STORED_AS_NUMBER_PATTERN = r"\d(\.\d+)?E\+\d+"
# A formula's error value as Excel and WPS show it (the last seven are Excel 365's) and as
# LibreOffice shows its own (Err:502). Both readers give an error cell as blank; sheets.py
# puts the value back (sheet_errors), and a CSV has it as text.
ERROR_VALUE = (
    r"^(?:#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A"
    r"|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)|Err:\d{3})$"
)
_NOT_A_NUMBER = re.compile(f"{STORED_AS_NUMBER_PATTERN}|{ERROR_VALUE[1:-1]}", re.IGNORECASE)


def is_comparable(number: str) -> bool:
    """Whether a normalised number can identify a person: not blank, not digits Excel lost, not a
    formula's error value. Two different IDs both shown as 3.10115E+17 (or #N/A) are not the same
    person, so such a number gets no look-up hash and is never matched elsewhere."""
    return bool(number) and _NOT_A_NUMBER.fullmatch(number) is None


def check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits.

    The weights are 2^(18-i) mod 11; reading the digits in base 13 (13 ≡ 2 mod 11)
    gives the same weighted sum in one C call.
    """
    total = 2 * int(first17, 13)
    return _CHECK_CHARS[(12 - total % 11) % 11]


@cache
def _region_codes() -> frozenset[str]:
    """Six-digit region codes from stdnum's table, read directly (numdb's parser takes ≈90 ms)."""
    import stdnum

    codes: set[str] = set()
    province = ""
    text = Path(stdnum.__file__).with_name("cn").joinpath("loc.dat").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line[:1].isdigit():
            province = line[:2]
        elif line.startswith("  ") and line[2:6].isdigit():
            codes.add(province + line[2:6])
    return frozenset(codes)


def region_exists(code6: str) -> bool:
    """True when the six-digit administrative region code is in stdnum's table (past codes included)."""
    return code6 in _region_codes()


@cache
def birth_date(digits8: str) -> date | None:
    try:
        return date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        return None


def check_id_card(number: str, *, reference_date: date) -> Finding | None:
    """First problem of a normalised ID card number, or None when it is valid."""
    if not _ID18.fullmatch(number):
        if len(number) == 15 and number.isdigit():
            return ProblemCode.ID_FIRST_GENERATION, {}
        if len(number) != 18:
            return ProblemCode.ID_LENGTH, {"length": len(number)}
        return ProblemCode.ID_FORMAT, {}
    if not region_exists(number[:6]):
        return ProblemCode.ID_REGION, {"detail": number[:6]}
    born = birth_date(number[6:14])
    if born is None or born > reference_date or born.year < 1900:
        return ProblemCode.ID_BIRTH_DATE, {"detail": number[6:14]}
    expected = check_character(number[:17])
    if number[17] != expected:
        return ProblemCode.ID_CHECK_CHARACTER, {"expected": expected}
    return None


def sex_from_id(number: str) -> str:
    """男 or 女 from the 17th digit of a valid 18-digit number (odd is male)."""
    return "男" if int(number[16]) % 2 else "女"


def check_passport(number: str) -> Finding | None:
    if _PASSPORT.fullmatch(number):
        return None
    return ProblemCode.PASSPORT_FORMAT, {}
