"""Taking a download the way a user does: ask, let the worker build it, fetch the file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def take_download(client: Client, url: str, capture: Callable[..., Any]) -> HttpResponse:
    """GET ``url`` (it queues the file), run the worker's task at commit, then fetch the file.

    ``capture`` is pytest-django's django_capture_on_commit_callbacks; the task runs on the
    ImmediateBackend as the commit happens, as the worker would.
    """
    with override_settings(TASKS=IMMEDIATE), capture(execute=True):
        asked = client.get(url)
    assert asked.status_code == 302, asked.status_code
    assert asked["Location"].startswith("/downloads/"), asked["Location"]
    page = client.get(asked["Location"])
    assert page.status_code == 200
    token = asked["Location"].strip("/").split("/")[-1]
    response = client.get(reverse("downloads:file", args=[token]))
    assert isinstance(response, HttpResponse) or hasattr(response, "streaming_content")
    return response


def content_of(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content
