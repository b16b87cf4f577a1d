"""Event kinds: one closed set, each shown in Chinese."""

from __future__ import annotations

import pytest

from shenbao.domain.events import EVENT_LABELS, RENAMED, EventKind, event_of
from shenbao.domain.workflow import STATUS_ACTIONS, Action


def test_every_event_kind_has_a_distinct_chinese_label() -> None:
    assert set(EVENT_LABELS) == set(EventKind)
    assert len(set(EVENT_LABELS.values())) == len(EventKind)


@pytest.mark.parametrize("action", sorted(STATUS_ACTIONS))
def test_every_status_change_is_recorded_under_its_action(action: Action) -> None:
    assert event_of(action).value == action.value


def test_an_action_that_changes_no_status_has_no_status_event() -> None:
    with pytest.raises(ValueError):
        event_of(Action.PUBLISH)


def test_renamed_kinds_map_to_current_ones() -> None:
    assert RENAMED == {"edit_cell": EventKind.EDIT_ROW}
    assert all(old not in EventKind.__members__.values() for old in RENAMED)
