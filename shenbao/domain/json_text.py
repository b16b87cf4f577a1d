"""JSON text of the shapes a roster row stores, built faster than ``json.dumps`` and equal to it.

An upload of 100,000 rows serialises each row's values twice (the stored JSON and the row's
digest) and its problems and findings once: 400,000 ``json.dumps`` calls, ≈1 s of the upload
(bench/README.md, issue 14). Nearly all are a dict of text to text or an empty list. For those
the text is joined here from the C string encoders ``json.dumps`` itself uses, with its default
separators; anything else, or any key or value that is not text, goes to ``json.dumps``.
tests/domain/test_json_text.py compares the two.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

_ENCODERS = {True: encode_basestring_ascii, False: encode_basestring}


def dumps(value: Any, *, sort_keys: bool = False, ensure_ascii: bool = True) -> str:
    """``json.dumps(value, sort_keys=sort_keys, ensure_ascii=ensure_ascii)``, the same text."""
    kind = type(value)
    if kind is list and not value:
        return "[]"
    if kind is dict:
        encode = _ENCODERS[ensure_ascii]
        try:
            # Keys of different types do not sort, and the C encoders take only text (a str
            # subclass too, as json.dumps does): a number, None or a nested value raises
            # TypeError and goes the general way below.
            items = sorted(value.items()) if sort_keys else value.items()
            return "{" + ", ".join([f"{encode(key)}: {encode(text)}" for key, text in items]) + "}"
        except TypeError:
            pass
    return json.dumps(value, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
