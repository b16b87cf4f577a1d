"""Files built by the worker: only their owner gets them, for a while, and nothing is left behind."""

from __future__ import annotations

import io
import os
import tempfile
from datetime import timedelta
from typing import IO, Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shenbao.domain.workflow import TransitionNotAllowed
from shenbao.downloads.models import Download
from shenbao.downloads.registry import register
from shenbao.downloads.services import prune_downloads, request_download
from tests.downloads.taking import content_of, take_download
from tests.printing.builders import add_row, make_application

pytestmark = pytest.mark.django_db


def _echo(target: IO[bytes], params: Any, progress: Any) -> None:
    progress(1, 2)
    target.write(str(params["text"]).encode())
    progress(2, 2)


def _broken(target: IO[bytes], params: Any, progress: Any) -> None:
    target.write(b"half a file")
    raise RuntimeError("builder failed on purpose")


register("test_echo", _echo)
register("test_broken", _broken)


def _ask(user, kind: str = "test_echo", **params: Any) -> Download:  # type: ignore[no-untyped-def]
    return request_download(
        by=user, kind=kind, params=params, label="测试文件", filename="测试.txt", content_type="text/plain"
    )


def test_the_owner_takes_the_file_once_the_worker_has_built_it(
    enterprise_user, client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        download = _ask(enterprise_user, text="你好")
    download.refresh_from_db()
    assert download.state == Download.State.DONE
    assert (download.progress, download.total) == (2, 2)
    client.force_login(enterprise_user)
    page = client.get(reverse("downloads:detail", args=[download.token]))
    assert "下载测试文件" in page.content.decode()
    response = client.get(reverse("downloads:file", args=[download.token]))
    assert content_of(response) == "你好".encode()
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/plain"
    assert "filename*=UTF-8''%E6%B5%8B%E8%AF%95.txt" in response["Content-Disposition"]


def test_anyone_else_is_told_the_download_does_not_exist(
    enterprise_user, other_enterprise_user, city_admin, client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        download = _ask(enterprise_user, text="x")
    for user in (other_enterprise_user, city_admin):
        client.force_login(user)
        assert client.get(reverse("downloads:detail", args=[download.token])).status_code == 404
        assert client.get(reverse("downloads:file", args=[download.token])).status_code == 404


def test_a_file_still_being_built_shows_progress_and_cannot_be_fetched(
    enterprise_user, client: Client
) -> None:
    download = _ask(enterprise_user, text="x")  # not committed: the worker has not run
    client.force_login(enterprise_user)
    page = client.get(reverse("downloads:detail", args=[download.token]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in page.content.decode()
    assert client.get(reverse("downloads:file", args=[download.token])).status_code == 404


def test_asking_again_while_it_is_built_is_the_same_job_and_the_number_waiting_is_limited(
    enterprise_user, settings
) -> None:
    settings.SHENBAO_DOWNLOADS_IN_FLIGHT = 2
    first = _ask(enterprise_user, text="a")
    assert _ask(enterprise_user, text="a").pk == first.pk
    _ask(enterprise_user, text="b")
    with pytest.raises(TransitionNotAllowed) as refused:
        _ask(enterprise_user, text="c")
    assert "正在生成" in refused.value.message


def test_an_expired_file_is_refused_and_deleted_by_the_sweep(
    enterprise_user, client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        download = _ask(enterprise_user, text="x")
    download.refresh_from_db()
    name = download.file.name
    storage = download.file.storage
    assert storage.exists(name)
    later = download.expires_at + timedelta(seconds=1)
    Download.objects.filter(pk=download.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(enterprise_user)
    assert client.get(reverse("downloads:file", args=[download.token])).status_code == 404
    assert prune_downloads(later) == 1
    assert not storage.exists(name)
    download.refresh_from_db()
    assert download.state == Download.State.EXPIRED
    assert "已过有效期" in client.get(reverse("downloads:detail", args=[download.token])).content.decode()


def test_a_build_whose_worker_died_ends_after_the_lifetime_and_can_be_asked_for_again(
    enterprise_user, settings
) -> None:
    settings.SHENBAO_DOWNLOADS_IN_FLIGHT = 1
    stuck = _ask(enterprise_user, text="x")  # the worker took it and was killed: running for ever
    Download.objects.filter(pk=stuck.pk).update(state=Download.State.RUNNING)
    now = timezone.now()
    assert prune_downloads(now) == 0  # still within its lifetime: it may yet finish
    later = now + timedelta(minutes=settings.SHENBAO_DOWNLOAD_TTL_MINUTES, seconds=1)
    assert prune_downloads(later) == 1
    stuck.refresh_from_db()
    assert stuck.state == Download.State.EXPIRED
    again = _ask(enterprise_user, text="x")  # a new build, not the dead one, and the limit is free
    assert again.pk != stuck.pk and again.state == Download.State.QUEUED


def test_a_failed_build_says_so_in_chinese_and_leaves_no_temporary_file(
    enterprise_user, client: Client, django_capture_on_commit_callbacks
) -> None:
    before = set(os.listdir(tempfile.gettempdir()))
    with django_capture_on_commit_callbacks(execute=True):
        _ask(enterprise_user, kind="test_broken")  # the task fails (and says so in the worker's log)
    download = Download.objects.get(owner=enterprise_user)
    assert download.state == Download.State.FAILED
    assert not download.file.name
    client.force_login(enterprise_user)
    assert "生成文件时出错" in client.get(reverse("downloads:detail", args=[download.token])).content.decode()
    left = {
        name
        for name in set(os.listdir(tempfile.gettempdir())) - before
        if name.startswith("shenbao-download-")
    }
    assert left == set()


def test_the_annotated_copy_is_built_by_the_worker_with_its_problems_marked(
    enterprise, enterprise_user, client: Client, django_capture_on_commit_callbacks
) -> None:
    application = make_application(enterprise, status="draft", persons=1)
    row = add_row(application, 3, name="王小明", id_number="11010519491231002X")
    row.problems = [
        {"row": 3, "column": "岗位", "code": "required_missing", "severity": "error", "value": "",
         "message": "第 3 行「岗位」：未填写，请补填"}
    ]  # fmt: skip
    row.save()
    client.force_login(enterprise_user)
    response = take_download(
        client, reverse("applications:report", args=[application.pk]), django_capture_on_commit_callbacks
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content_of(response)))["检查结果"]
    values = [c.value for r in sheet.iter_rows() for c in r if c.value]
    assert "王小明" in values and "11010519491231002X" in values
    assert "第 3 行「岗位」：未填写，请补填" in values  # 问题说明
