"""Short names for kinds of roster problems and findings, for a roster page's summary ("证件号码校验位错误 12 人").

The full sentence that says how to fix a problem stays in problems.MESSAGES; these tables name the
kind, in Chinese and for the English pages.
"""

from __future__ import annotations

from shenbao.domain.crosscheck import CROSS_LABELS, CrossCode
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


KIND_TITLES_EN: dict[str, str] = {
    ProblemCode.FORMULA_ERROR: "Cell holds a formula error",
    ProblemCode.REQUIRED_MISSING: "Required cell is empty",
    ProblemCode.VALUE_NOT_ALLOWED: "Value is not one of the choices",
    ProblemCode.ID_STORED_AS_NUMBER: "ID number stored as a number",
    ProblemCode.ID_LENGTH: "ID number has the wrong length",
    ProblemCode.ID_FIRST_GENERATION: "15-digit first-generation ID number",
    ProblemCode.ID_FORMAT: "ID number format is wrong",
    ProblemCode.ID_REGION: "ID number region code is invalid",
    ProblemCode.ID_BIRTH_DATE: "ID number birth date is invalid",
    ProblemCode.ID_CHECK_CHARACTER: "ID number check character is wrong",
    ProblemCode.ID_SEX_MISMATCH: "Sex does not match the ID number",
    ProblemCode.PASSPORT_FORMAT: "Passport number format is wrong",
    ProblemCode.ID_DUPLICATE: "ID number repeated",
    ProblemCode.ORG_CODE_INVALID: "Social insurance payer code is invalid",
    ProblemCode.DATE_INVALID: "Date not recognised",
    ProblemCode.DATE_AFTER_REFERENCE: "Date after the reference date",
    ProblemCode.LEAVE_DATE_MISSING: "Leaver without a leaving date",
    ProblemCode.LEAVE_DATE_UNEXPECTED: "Leaving date for a person still employed",
    ProblemCode.LEAVE_BEFORE_HIRE: "Leaving date before the hire date",
    ProblemCode.TENURE_NOT_A_NUMBER: "Tenure is not a number",
    ProblemCode.TENURE_MISMATCH: "Tenure does not match the dates",
    ProblemCode.SOCIAL_INSURANCE_OTHER_ORGANISATION: "Social insurance paid by another organisation",
    FindingCode.HIRED_BEFORE_WINDOW: "Hired before the call's period",
    FindingCode.HIRED_AFTER_WINDOW: "Hired after the call's period",
    FindingCode.INSURANCE_NOT_OWN_ACCOUNT: "Social insurance not paid by this organisation",
    FindingCode.INSURANCE_OTHER_PAYER: "Social insurance payer is another organisation",
    FindingCode.LEFT_BEFORE_REFERENCE: "Left before the reference date",
    CrossCode.CLAIMED_ELSEWHERE: "Same person claimed elsewhere",
    CrossCode.SUPPORTED_BEFORE: "Supported in an earlier year",
    CrossCode.HIRING_ENTERPRISE_NOT_FOUND: "Hiring enterprise not registered",
    CrossCode.HIRING_ENTERPRISE_AMBIGUOUS: "Hiring enterprise name not unique",
    CrossCode.LINKED_CLAIM: "Enterprise and training institution claim together",
}


def kind_title(code: str, language: str = "zh") -> str:
    """The kind's short name; a code without one (added later) is shown as itself rather than hidden."""
    titles = KIND_TITLES_EN if language == "en" else KIND_TITLES
    return titles.get(code, code)
