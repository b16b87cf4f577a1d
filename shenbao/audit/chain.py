"""The audit log's hash chain: each record's HMAC covers the previous record's link and its own content.

A link is ``<hash>:<key id>:<hex>``: HMAC-SHA-256 in the aes profile, HMAC-SM3 in the sm profile
(GB/T 39786-2021 asks the integrity of logs to be protected with cryptography), keyed by the first
of SHENBAO_AUDIT_KEYS. Each link names its hash and key, so a change of profile or key leaves the
older part of the chain verifiable as long as its key is still listed. Without the key, nobody
who can write to the database can edit, insert or delete a record and mend the chain behind it.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from shenbao.config.env import parse_keys
from shenbao.domain.ciphers import PROFILE_HASH, Mac, Profile

# The fields a link covers. The actor's foreign key is left out on purpose: it is set to NULL
# when an account is deleted, while the copied name and role stay.
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_name",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "application_reference",
    "ip",
    "detail",
)


@dataclass(frozen=True)
class ChainKeys:
    keys: dict[str, bytes]
    current: str
    hash_name: str


def chain_keys() -> ChainKeys:
    pairs = parse_keys(str(settings.SHENBAO_AUDIT_KEYS), name="SHENBAO_AUDIT_KEYS", key_bytes=32)
    if not pairs:
        raise ValueError("SHENBAO_AUDIT_KEYS: no key to sign the audit log with")
    profile = Profile(getattr(settings, "SHENBAO_CRYPTO", Profile.AES))
    return ChainKeys(dict(pairs), pairs[0][0], PROFILE_HASH[profile])


def json_value(value: Any) -> Any:
    """What a JSON field gives back after a round trip through the database (same on SQLite and PostgreSQL)."""
    return _integral_floats(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


def _integral_floats(value: Any) -> Any:
    # PostgreSQL's jsonb keeps numbers as numeric: 1e20 comes back as an integer.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral_floats(v) for v in value]
    if isinstance(value, dict):
        return {k: _integral_floats(v) for k, v in value.items()}
    return value


def canonical(record: Any) -> bytes:
    """The chained fields of a record (model instance or row), as stable bytes."""
    content: dict[str, Any] = {}
    for name in CHAINED_FIELDS:
        value = getattr(record, name)
        if name == "at":
            # Milliseconds: dumpdata (backups) keeps no more (DjangoJSONEncoder cuts the rest).
            value = value.astimezone(UTC).isoformat(timespec="milliseconds") if value else None
        elif name == "detail":
            value = json_value(value)
        content[name] = value
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link(previous: str, message: bytes, keys: ChainKeys | None = None) -> str:
    keys = keys or chain_keys()
    digest = Mac(keys.hash_name, keys.keys[keys.current]).hexdigest(previous.encode() + b"\n" + message)
    return f"{keys.hash_name}:{keys.current}:{digest}"


def is_valid_link(token: str, previous: str, message: bytes, keys: ChainKeys | None = None) -> bool:
    """Whether ``token`` was made from ``previous`` and ``message`` with one of the listed keys."""
    keys = keys or chain_keys()
    hash_name, _, rest = token.partition(":")
    key_id, _, digest = rest.partition(":")
    if key_id not in keys.keys or hash_name not in PROFILE_HASH.values():
        return False
    expected = Mac(hash_name, keys.keys[key_id]).hexdigest(previous.encode() + b"\n" + message)
    return hmac.compare_digest(expected, digest)


def head_message(seq: int, chain: str, anchor_seq: int, anchor_chain: str) -> bytes:
    return f"head|{seq}|{chain}|{anchor_seq}|{anchor_chain}".encode()
