"""json_text.dumps gives the very text json.dumps gives (stored JSON, row digests, partial indexes on '[]')."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shenbao.domain import json_text

# Any text, control characters, quotes, backslashes, lone surrogates and characters beyond the BMP included.
texts = st.text(st.characters(codec=None), max_size=12)
leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts
values = st.recursive(
    leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3)
)


@given(st.dictionaries(texts, texts, max_size=15), st.booleans(), st.booleans())
def test_a_dict_of_text_is_written_as_json_dumps_writes_it(data, sort_keys, ensure_ascii) -> None:  # type: ignore[no-untyped-def]
    expected = json.dumps(data, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
    assert json_text.dumps(data, sort_keys=sort_keys, ensure_ascii=ensure_ascii) == expected


@given(values, st.booleans(), st.booleans())
def test_any_other_value_is_written_as_json_dumps_writes_it(value, sort_keys, ensure_ascii) -> None:  # type: ignore[no-untyped-def]
    expected = json.dumps(value, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
    assert json_text.dumps(value, sort_keys=sort_keys, ensure_ascii=ensure_ascii) == expected


def test_the_shapes_a_row_stores() -> None:
    assert json_text.dumps([]) == "[]"
    assert json_text.dumps({}) == "{}"
    assert json_text.dumps({"姓名": '张"三\\\n'}) == json.dumps({"姓名": '张"三\\\n'})
    # Keys that are not text: json.dumps turns them into text, and so does the general way.
    assert json_text.dumps({1: "a", None: "b"}) == json.dumps({1: "a", None: "b"})
    mixed = {1: "a", "b": "c"}
    assert json_text.dumps(mixed) == json.dumps(mixed)
    # Keys of different types do not sort, for either.
    with pytest.raises(TypeError):
        json.dumps(mixed, sort_keys=True)
    with pytest.raises(TypeError):
        json_text.dumps(mixed, sort_keys=True)


class Text(str):
    pass


def test_a_str_subclass_is_text_to_both() -> None:
    data = {Text("k"): Text("中")}
    assert json_text.dumps(data, ensure_ascii=False) == json.dumps(data, ensure_ascii=False)
