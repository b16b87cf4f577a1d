"""Short names for kinds of roster problems and findings, for a roster page's summary ("证件号码校验位错误 12 人").

The full sentence that says how to fix a problem stays in problems.MESSAGES; this table names the kind.
"""

from __future__ import annotations

from shenbao.domain.crosscheck import CROSS_LABELS
from shenbao.domain.eligibility import FindingCode
from shenbao.domain.problems import ProblemCode

KIND_TITLES: dict[str, str] = {
    ProblemCode.FORMULA_ERROR: "单元格含公式错误",
    ProblemCode.REQUIRED_MISSING: "必填项为空",
    ProblemCode.VALUE_NOT_ALLOWED: "填写的值不在可选范围内",
    ProblemCode.ID_STORED_AS_NUMBER: "证件号码被存成数字",
    ProblemCode.ID_LENGTH: "证件号码位数不对",
    ProblemCode.ID_FIRST_GENERATION: "使用了15位一代身份证号",
    ProblemCode.ID_FORMAT: "证件号码格式错误",
    ProblemCode.ID_REGION: "证件号码地区码无效",
    ProblemCode.ID_BIRTH_DATE: "证件号码出生日期无效",
    ProblemCode.ID_CHECK_CHARACTER: "证件号码校验位错误",
    ProblemCode.ID_SEX_MISMATCH: "性别与证件号码不符",
    ProblemCode.PASSPORT_FORMAT: "护照号码格式错误",
    ProblemCode.ID_DUPLICATE: "证件号码重复",
    ProblemCode.ORG_CODE_INVALID: "社保缴纳单位代码无效",
    ProblemCode.DATE_INVALID: "日期无法识别",
    ProblemCode.DATE_AFTER_REFERENCE: "日期晚于基准日",
    ProblemCode.LEAVE_DATE_MISSING: "离职人员缺少离职日期",
    ProblemCode.LEAVE_DATE_UNEXPECTED: "在职人员填了离职日期",
    ProblemCode.LEAVE_BEFORE_HIRE: "离职日期早于入职日期",
    ProblemCode.TENURE_NOT_A_NUMBER: "在职时长不是数字",
    ProblemCode.TENURE_MISMATCH: "在职时长与日期不符",
    ProblemCode.SOCIAL_INSURANCE_OTHER_ORGANISATION: "社保由其他单位缴纳",
    FindingCode.HIRED_BEFORE_WINDOW: "入职早于申报期",
    FindingCode.HIRED_AFTER_WINDOW: "入职晚于申报期",
    FindingCode.INSURANCE_NOT_OWN_ACCOUNT: "未在本单位缴纳社保",
    FindingCode.INSURANCE_OTHER_PAYER: "社保缴纳单位不是本单位",
    FindingCode.LEFT_BEFORE_REFERENCE: "基准日前已离职",
    **{str(code): label for code, label in CROSS_LABELS.items()},
}


def kind_title(code: str) -> str:
    """The kind's short name; a code without one (added later) is shown as itself rather than hidden."""
    return KIND_TITLES.get(code, code)
