"""Re-upload keeps the review: unchanged persons keep their decision, changed and new ones are decided again."""

from __future__ import annotations

import hashlib
import json

from shenbao.domain.person_review import Carry, Review, carry, carry_roster, row_digest

VALUES = {"姓名": "王伟", "岗位": "软件工程师", "入职日期": "2026-03-01"}


def test_the_digest_changes_with_any_value_and_not_with_the_order() -> None:
    digest = row_digest(VALUES)
    assert row_digest(dict(reversed(list(VALUES.items())))) == digest
    assert row_digest({**VALUES, "岗位": "测试工程师"}) != digest
    assert row_digest({**VALUES, "离职日期": ""}) != digest


def test_the_digest_is_the_one_stored_decisions_were_made_on() -> None:
    # The formula migration 0007 froze: a digest computed another way would undo every kept decision.
    for values in (VALUES, {**VALUES, "备注": '引号" \\ 换行\n'}, {}):
        payload = json.dumps(dict(values), sort_keys=True, ensure_ascii=False)
        assert row_digest(values) == hashlib.sha256(payload.encode()).hexdigest()


def test_a_person_keeps_a_decision_made_on_the_same_row() -> None:
    review = Review("ineligible", "社保非本单位缴纳", row_digest(VALUES))
    assert carry(review, row_digest(VALUES)) is Carry.KEPT
    assert carry(review, row_digest({**VALUES, "岗位": "测试"})) is Carry.CHANGED
    assert carry(None, row_digest(VALUES)) is Carry.NEW


def test_a_replaced_roster_lists_kept_changed_new_and_removed_persons() -> None:
    def digest(name: str, key: str) -> str:
        return row_digest({**VALUES, "姓名": name, "key": key})

    before = {
        "a": Review("eligible", "", digest("甲", "a")),
        "b": Review("ineligible", "离职", digest("乙", "b")),
        "c": None,  # never decided
        "d": Review("eligible", "", digest("丁", "d")),
    }
    after = {
        "a": digest("甲", "a"),
        "b": digest("乙（改）", "b"),
        "c": digest("丙", "c"),
        "e": digest("戊", "e"),
    }
    result = carry_roster(before, after)
    assert result.outcome == {"a": Carry.KEPT, "b": Carry.CHANGED, "c": Carry.NEW, "e": Carry.NEW}
    assert result.removed == ("d",)
    assert (result.count(Carry.KEPT), result.count(Carry.CHANGED), result.count(Carry.NEW)) == (1, 1, 2)
