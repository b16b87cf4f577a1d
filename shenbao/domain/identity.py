"""Identifiers: resident ID cards (GB 11643), organisation codes (GB 11714) and
unified social credit codes (GB 32100).

python-stdnum provides the ID-card and credit-code algorithms; it has no
GB 11714 organisation-code check, and its credit-code check does not verify the
organisation code embedded in characters 9-17, so that part is written here by hand.
Each function takes what a person typed (full-width characters, stray spaces,
lower case, a hyphen in the organisation code) and either returns the canonical
form or raises ``InvalidIdentifier`` with a reason in plain Chinese.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# GB 32100 excludes these letters because they look like digits.
_USCC_FORBIDDEN = set("IOZSV")


class CodeKind(StrEnum):
    CREDIT_CODE = "credit_code"  # 统一社会信用代码, 18 characters
    ORG_CODE = "org_code"  # 组织机构代码, 9 characters


class InvalidIdentifier(ValueError):
    """The identifier cannot be accepted; ``reason`` says why, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class OrganisationCode:
    """A validated organisation identifier in canonical form."""

    kind: CodeKind
    value: str  # canonical: upper case, no hyphen

    @property
    def org_code(self) -> str:
        """The 9-character GB 11714 code that identifies the organisation."""
        return self.value[8:17] if self.kind is CodeKind.CREDIT_CODE else self.value


def normalise(text: str) -> str:
    """Full-width to half-width, strip all white space, upper case."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).upper()


def org_check_char(code8: str) -> str:
    """GB 11714 check character for the first eight characters."""
    total = sum(_ORG_ALPHABET.index(ch) * w for ch, w in zip(code8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_org_code(text: str) -> str:
    """Return the canonical 9-character organisation code or raise InvalidIdentifier."""
    code = normalise(text)
    if len(code) == 10 and code[8] == "-":
        code = code[:8] + code[9]
    if len(code) != 9:
        raise InvalidIdentifier(
            f"组织机构代码应为 9 位（可写作 8 位加连字符加 1 位校验码），现为 {len(code)} 位"
        )
    if any(ch not in _ORG_ALPHABET for ch in code[:8]):
        raise InvalidIdentifier("组织机构代码前 8 位只能是数字或大写字母")
    expected = org_check_char(code[:8])
    if code[8] != expected:
        raise InvalidIdentifier(f"组织机构代码校验码不正确：按前 8 位计算应为 {expected}，请核对")
    return code


def validate_credit_code(text: str) -> str:
    """Return the canonical 18-character unified social credit code or raise InvalidIdentifier."""
    code = normalise(text).replace("-", "")
    if len(code) != 18:
        raise InvalidIdentifier(f"统一社会信用代码应为 18 位，现为 {len(code)} 位")
    bad = sorted(set(code) & _USCC_FORBIDDEN)
    if bad:
        raise InvalidIdentifier(
            f"统一社会信用代码不使用字母 {'、'.join(bad)}（易与数字混淆），请核对是否为数字"
        )
    # python-stdnum imports pydoc and ssl (≈20 ms): only when a credit code is checked.
    from stdnum import exceptions as stdnum_errors
    from stdnum.cn import uscc

    try:
        uscc.validate(code)
    except stdnum_errors.InvalidChecksum:
        expected = uscc.calc_check_digit(code[:17])
        raise InvalidIdentifier(f"统一社会信用代码第 18 位校验码不正确：应为 {expected}，请核对") from None
    except stdnum_errors.ValidationError:
        raise InvalidIdentifier(
            "统一社会信用代码格式不正确：第 1 位为登记管理部门代码，第 3–8 位为行政区划代码，请核对"
        ) from None
    try:
        validate_org_code(code[8:17])
    except InvalidIdentifier:
        raise InvalidIdentifier(
            "统一社会信用代码第 9–17 位（其中的组织机构代码）校验不正确，请核对"
        ) from None
    return code


def parse_organisation_code(text: str) -> OrganisationCode:
    """Accept either a credit code (18) or a legacy organisation code (9, optional hyphen)."""
    code = normalise(text)
    if not code:
        raise InvalidIdentifier("请填写统一社会信用代码（18 位）或组织机构代码（9 位）")
    if len(code.replace("-", "")) == 18:
        return OrganisationCode(CodeKind.CREDIT_CODE, validate_credit_code(code))
    if len(code.replace("-", "")) == 9:
        return OrganisationCode(CodeKind.ORG_CODE, validate_org_code(code))
    raise InvalidIdentifier(
        f"代码长度为 {len(code.replace('-', ''))} 位：统一社会信用代码应为 18 位，组织机构代码应为 9 位"
    )


def same_organisation(a: OrganisationCode, b: OrganisationCode) -> bool:
    """Two codes name the same organisation when their organisation codes agree."""
    return a.org_code == b.org_code
