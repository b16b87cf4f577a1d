"""The audit log's hash chain: any record edited, deleted or inserted in SQL is found by verify_audit.

Runs on SQLite and on PostgreSQL (the suite's second run).
"""

from __future__ import annotations

import io
import threading
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from shenbao.audit.integrity import verify_chain
from shenbao.audit.models import Action, AuditChainHead, AuditRecord
from shenbao.audit.services import record

pytestmark = pytest.mark.django_db


def sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def verify() -> str:
    """The command's verdict: its success line, or the error it exits with."""
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError as exc:
        assert exc.returncode == 1
        return f"broken: {exc}"
    return out.getvalue()


@pytest.fixture
def five(enterprise_user) -> list[AuditRecord]:  # type: ignore[no-untyped-def]
    """Five records of every shape a detail takes: numbers, decimals, dates, Chinese, nesting, an address."""
    entries = [
        record(actor=enterprise_user, action=Action.LOGIN),
        record(action=Action.LOGIN_FAILED, username="张三"),
        record(actor=enterprise_user, action=Action.EXPORT, rows=12, amount=Decimal("4500.50"), ratio=0.25),
        record(action=Action.DECISION, when=timezone.now(), nested={"b": [1, 2.0, "x"], "a": None}, big=1e20),
        AuditRecord.objects.create(action=Action.LOGIN, actor_name="someone", ip="2001:0db8:0000::0001"),
    ]
    report = verify_chain()
    assert report.is_intact and (report.first_seq, report.last_seq, report.checked) == (1, 5, 5)
    return [AuditRecord.objects.get(pk=e.pk) for e in entries]


def test_records_written_through_the_model_verify_after_a_round_trip_through_the_database(five) -> None:  # type: ignore[no-untyped-def]
    assert [r.seq for r in five] == [1, 2, 3, 4, 5]
    assert five[4].ip == "2001:db8::1"
    assert "审计日志完整：第 1 至第 5 条，共 5 条" in verify()
    assert AuditRecord.objects.get(seq=6).action == Action.AUDIT_VERIFY  # the check is itself recorded
    assert verify_chain().is_intact


@pytest.mark.parametrize(
    ("statement", "found"),
    [
        ("UPDATE audit_auditrecord SET actor_name = 'nobody' WHERE seq = 1", "第 1 条"),
        ("UPDATE audit_auditrecord SET action = 'logout' WHERE seq = 3", "第 3 条"),
        ("UPDATE audit_auditrecord SET at = at - interval '1 day' WHERE seq = 2", "第 2 条"),
        ("UPDATE audit_auditrecord SET ip = '10.0.0.9' WHERE seq = 5", "第 5 条"),
        ("DELETE FROM audit_auditrecord WHERE seq = 3", "缺少第 3 条"),
        ("DELETE FROM audit_auditrecord WHERE seq = 1", "缺少第 1 条"),
        ("DELETE FROM audit_auditrecord WHERE seq = 5", "末尾的记录被删除"),
        ("UPDATE audit_auditchainhead SET seq = 4", "链头被改动"),
        ("DELETE FROM audit_auditchainhead", "链头缺失"),
    ],
    ids=[
        "edit-actor",
        "edit-action",
        "edit-time",
        "edit-address",
        "delete-middle",
        "delete-first",
        "delete-last",
        "move-the-head-back",
        "delete-the-head",
    ],
)
def test_a_record_edited_or_deleted_in_sql_is_found(five, statement: str, found: str) -> None:  # type: ignore[no-untyped-def]
    if "interval" in statement and connection.vendor == "sqlite":
        statement = "UPDATE audit_auditrecord SET at = '2020-01-01 00:00:00' WHERE seq = 2"
    sql(statement)
    verdict = verify()
    assert verdict.startswith("broken:") and found in verdict, verdict


def test_an_edited_detail_is_found(five) -> None:  # type: ignore[no-untyped-def]
    sql("UPDATE audit_auditrecord SET detail = %s WHERE seq = 2", '{"username": "李四"}')
    assert "第 2 条" in verify()


def test_deleting_the_last_record_and_copying_its_predecessor_into_the_head_is_found_even_after_more_appends(
    five,
) -> None:  # type: ignore[no-untyped-def]
    fourth = five[3]
    sql("DELETE FROM audit_auditrecord WHERE seq = 5")
    sql("UPDATE audit_auditchainhead SET seq = 4, chain = %s", fourth.chain)
    assert "链头被改动" in verify()
    record(action=Action.LOGIN)  # the log goes on, but does not seal the altered head again
    record(action=Action.LOGOUT)
    assert "链头被改动" in verify()
    with pytest.raises(CommandError, match="head was altered"):
        call_command("prune_audit", older_than_days=365, stdout=io.StringIO())


@pytest.mark.parametrize(
    ("seq", "chain", "found"),
    [
        (None, "", "不在链上"),
        (6, "sha256:dev-audit1:" + "0" * 64, "第 6 条"),
        (0, "sha256:dev-audit1:" + "0" * 64, "早于保留起点"),
    ],
    ids=["outside-the-chain", "after-the-end-with-a-forged-link", "before-the-start"],
)
def test_a_record_inserted_in_sql_is_found(five, seq: int | None, chain: str, found: str) -> None:  # type: ignore[no-untyped-def]
    sql(
        "INSERT INTO audit_auditrecord (at, actor_name, actor_role, action, object_type, object_id, "
        "application_reference, detail, seq, chain) VALUES (%s, 'ghost', '', 'login', '', '', '', '{}', %s, %s)",
        timezone.now(),
        seq,
        chain,
    )
    verdict = verify()
    assert verdict.startswith("broken:") and found in verdict, verdict


def test_a_copy_of_a_valid_record_replayed_later_is_found(five) -> None:  # type: ignore[no-untyped-def]
    second = five[1]
    sql("DELETE FROM audit_auditrecord WHERE seq = 5")
    sql("UPDATE audit_auditrecord SET seq = 5 WHERE seq = 2")
    sql(
        "INSERT INTO audit_auditrecord (at, actor_name, actor_role, action, object_type, object_id, "
        "application_reference, detail, seq, chain) VALUES (%s, '', '', %s, '', '', '', %s, 2, %s)",
        second.at,
        second.action,
        '{"username": "张三"}',
        second.chain,
    )
    assert verify().startswith("broken:")


def test_pruning_keeps_what_stays_verifiable_and_is_itself_recorded(enterprise_user) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    for days in (500, 400, 300, 200, 10):
        AuditRecord.objects.create(at=now - timedelta(days=days), action=Action.LOGIN, actor_name=f"d{days}")
    call_command("prune_audit", older_than_days=365, stdout=io.StringIO())
    assert sorted(AuditRecord.objects.values_list("actor_name", flat=True).exclude(actor_name="")) == [
        "d10",
        "d200",
        "d300",
    ]
    head = AuditChainHead.objects.get()
    assert head.anchor_seq == 2
    assert "审计日志完整：第 3 至第 6 条" in verify()  # 3 kept + the prune's own record
    # Deleting the new oldest record is still found: it no longer links to the anchor.
    sql("DELETE FROM audit_auditrecord WHERE seq = 3")
    assert "缺少第 3 条" in verify()


def test_a_record_written_out_of_time_order_is_kept_when_older_ones_are_pruned(enterprise_user) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    AuditRecord.objects.create(at=now - timedelta(days=400), action=Action.LOGIN, actor_name="old")
    AuditRecord.objects.create(at=now - timedelta(days=10), action=Action.LOGIN, actor_name="recent")
    AuditRecord.objects.create(at=now - timedelta(days=400), action=Action.LOGIN, actor_name="late-but-old")
    call_command("prune_audit", older_than_days=365, stdout=io.StringIO())
    # Only a prefix of the chain goes: the out-of-order old record stays until the recent one goes.
    assert set(AuditRecord.objects.values_list("actor_name", flat=True)) >= {"recent", "late-but-old"}
    assert verify_chain().is_intact


def test_a_link_made_under_another_profile_or_key_still_verifies_while_its_key_is_listed(
    five, settings
) -> None:  # type: ignore[no-untyped-def]
    from shenbao.domain.personal import new_key

    settings.SHENBAO_CRYPTO = "sm"
    settings.SHENBAO_AUDIT_KEYS = f"a2:{new_key()},{settings.SHENBAO_AUDIT_KEYS}"
    newer = record(action=Action.LOGIN)
    assert newer.chain.startswith("sm3:a2:")
    assert verify_chain().is_intact
    settings.SHENBAO_AUDIT_KEYS = settings.SHENBAO_AUDIT_KEYS.split(",")[0]
    assert not verify_chain().is_intact  # the old records' key is gone: they cannot be checked


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every writer anyway")
def test_concurrent_writers_on_postgresql_never_fork_the_chain(directory) -> None:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            barrier.wait(timeout=10)
            for n in range(15):
                record(action=Action.LOGIN, worker=worker, n=n)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(AuditRecord.objects.values_list("seq", flat=True)) == list(range(1, 91))
    assert verify_chain().is_intact


@pytest.mark.django_db(transaction=True)
def test_records_written_before_the_chain_existed_are_linked_by_the_migration() -> None:
    call_command("migrate", "audit", "0001", verbosity=0)
    try:
        for n in range(3):
            sql(
                "INSERT INTO audit_auditrecord (at, actor_name, actor_role, action, object_type, object_id, "
                "application_reference, ip, detail) VALUES (%s, %s, '', 'login', '', '', '', '10.0.0.1', %s)",
                timezone.now() - timedelta(days=n),
                f"before{n}",
                f'{{"n": {n}}}',
            )
    finally:
        call_command("migrate", "audit", verbosity=0)
    assert list(AuditRecord.objects.order_by("seq").values_list("actor_name", flat=True)) == [
        "before0",
        "before1",
        "before2",
    ]
    assert verify_chain().is_intact
    record(action=Action.LOGIN)
    assert verify_chain().last_seq == 4
