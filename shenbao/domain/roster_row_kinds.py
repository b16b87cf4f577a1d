"""Rows under a roster's header that are not persons: totals, sign-offs, notes, repeated headers, headings.

Applicants add them to the official forms: a 合计 row with ``=SUM(M3:M16)`` or an Excel table's
total row, ``单位负责人（签字）：`` … ``（单位盖章）``, ``注：…``, the header pasted again where two
blocks were joined, ``一、在职人员``. Each is recognised by its content, reported once as a warning
naming its row, and left out of the persons; it never gets field errors. A row that might be a
person stays one: any ID-like 证件号码, a 性别 of 男/女 or a 证件类型 of 身份证/护照 makes a row a
person whatever else it holds, and a row without them is left out only when its content says
what it is (docs/roster.md, "Rows that are not persons").

Every test is a polars expression over the whole frame. Nearly every row is settled as a person
by two compares (性别, 证件类型); the other tests see only the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shenbao.domain.idcard import ERROR_VALUE
from shenbao.domain.problems import Problem, ProblemCode, make_problem
from shenbao.domain.roster_columns import HEADER_KEYS, ID_NUMBER, ID_TYPE, ID_TYPES, ROW, SERIAL, SEX, SEXES

if TYPE_CHECKING:
    import polars as pl

# 4 letters or digits in a row, no Chinese characters: an ID or passport number, perhaps mistyped.
_ID_LIKE = r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]{4}"
_HAN = r"\p{Han}"
# 合计, 总计, 汇总 (Excel's label of a table's total row), 小计, 共计, after at most a few words (本页合计).
_TOTAL_WORD = r"^\D{0,6}(?:合\s*计|总\s*计|汇\s*总|小\s*计|共\s*计)"
# What a total row holds besides its label: counts and sums (15, 15人, 共 15 名, 4.5) and errors.
_COUNT = r"^(?:共\s*)?[-+]?\d+(?:\.\d+)?\s*(?:人次|人|名|个|天)?$"
_SIGN_OFF = (
    r"签\s*[字名章]|盖\s*章|公\s*章"
    # A label at the start of a cell or after a non-Han character: 项目负责人 is a post.
    r"|(?:^|[^\p{Han}])(?:填\s*[表报]|制\s*表|经\s*办|审\s*核|负\s*责|联\s*系)\s*人\s*(?:[:：（(]|$)"
    r"|联\s*系\s*电\s*话|(?:填\s*[表报]|制\s*表)\s*(?:日\s*期|时\s*间)"
)
_NOTE = r"^(?:注\s*意|注|说\s*明|备\s*注|附\s*注|填\s*[表写]\s*说\s*明)\s*[0-9０-９一二三四五六七八九十]*\s*[:：.、．]|^※"
# Sentence punctuation no name or code has: a line of a note.
_SENTENCE = r"[，。；]"
_HEADING = (
    r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]"
    r"|第\s*[一二三四五六七八九十\d]+\s*[批部类组期项])"
    r"|[:：]$|名单|人员|员工|学员|批次|部门|申请表|花名册"
)
_BRACKETED = r"[(（][^)）]*[)）]|\[[^\]]*\]|【[^】]*】"
_HINTS = r"可不填|选填|必填|\*"

# Checked in this order: the first that fits names the row.
_KINDS = (
    ProblemCode.ROW_HEADER_REPEATED,
    ProblemCode.ROW_TOTAL,
    ProblemCode.ROW_SIGN_OFF,
    ProblemCode.ROW_NOTE,
    ProblemCode.ROW_HEADING,
)
_KIND = "_kind"


def _typed_as_person() -> pl.Expr:
    import polars as pl

    sex, id_type = pl.col(SEX.name), pl.col(ID_TYPE.name)
    return pl.any_horizontal([sex == value for value in SEXES] + [id_type == value for value in ID_TYPES])


def _id_like() -> pl.Expr:
    import polars as pl

    number = pl.col(ID_NUMBER.name)
    return number.str.contains(_ID_LIKE) & ~number.str.contains(_HAN)


def split_persons(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """The persons among ``frame``'s rows, and a warning for each row that is not one.

    ``frame`` is roster.extract_rows' output: ROW and text columns, 证件号码, 性别 and 证件类型
    among them. A row holding only a 序号 is never a person: it is dropped, with a warning
    when its text says what it is (a heading or a note written in the 序号 column).
    """
    import polars as pl

    names = [name for name in frame.columns if name != ROW]
    content = pl.any_horizontal([pl.col(name) != "" for name in names if name != SERIAL.name])
    # 性别 and 证件类型 settle nearly every row with two compares; the regexes see the rest.
    others = frame.filter(~(_typed_as_person() & content)).filter(~(_id_like() & content))
    if others.is_empty():
        return frame, []
    kinds = others.select(ROW, _kind(names).alias(_KIND), content.alias("_content"))
    left_out = kinds.filter(pl.col(_KIND).is_not_null() | ~pl.col("_content"))
    if left_out.is_empty():
        return frame, []
    problems = [
        make_problem(ProblemCode(kind), row=row)
        for row, kind in left_out.filter(pl.col(_KIND).is_not_null()).select(ROW, _KIND).iter_rows()
    ]
    persons = frame.filter(~pl.col(ROW).is_in(left_out.get_column(ROW).implode()))
    return persons, problems


def _kind(names: list[str]) -> pl.Expr:
    """The code of the non-person row kind each row's content shows, or null."""
    import polars as pl

    cells = [pl.col(name) for name in names]
    filled = pl.sum_horizontal([cell != "" for cell in cells])
    total_word = [cell.str.contains(_TOTAL_WORD) for cell in cells]
    count_like = [(cell == "") | cell.str.contains(_COUNT) | cell.str.contains(ERROR_VALUE) for cell in cells]
    # A sum alone (=SUM(M3:M16)) beside 序号; an error value alone may be a person's failed look-up.
    sums = [pl.col(name).str.contains(_COUNT) for name in names if name != SERIAL.name]
    numbers_only = pl.any_horizontal(sums) & pl.all_horizontal(count_like)
    is_total = (
        pl.any_horizontal(total_word)
        & pl.all_horizontal([word | count for word, count in zip(total_word, count_like, strict=True)])
    ) | numbers_only
    headers = pl.sum_horizontal([_header_key(cell).is_in(HEADER_KEYS) for cell in cells])
    only_one = filled == 1
    is_note = pl.any_horizontal([cell.str.contains(_NOTE) for cell in cells]) | (
        only_one & pl.any_horizontal([cell.str.contains(_SENTENCE) for cell in cells])
    )
    tests = {
        ProblemCode.ROW_HEADER_REPEATED: headers >= 3,
        ProblemCode.ROW_TOTAL: is_total,
        ProblemCode.ROW_SIGN_OFF: pl.any_horizontal([cell.str.contains(_SIGN_OFF) for cell in cells]),
        ProblemCode.ROW_NOTE: is_note,
        ProblemCode.ROW_HEADING: only_one
        & pl.any_horizontal([cell.str.contains(_HEADING) for cell in cells]),
    }
    return pl.coalesce([pl.when(tests[code]).then(pl.lit(code.value)) for code in _KINDS])


def _header_key(cell: pl.Expr) -> pl.Expr:
    """roster_columns.header_key as an expression: no white space, bracketed hints or notes."""
    return cell.str.replace_all(r"\s+", "").str.replace_all(_BRACKETED, "").str.replace_all(_HINTS, "")
