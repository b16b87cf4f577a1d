"""Taking an action through its confirmation page, as a person does: read the page, then confirm."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

TOKEN = re.compile(r'name="confirmed" value="([0-9a-f]+)"')


def confirmation_token(page: str) -> str:
    found = TOKEN.search(page)
    assert found is not None, "the page has no confirmation step"
    return found.group(1)


def confirm(client: Client, url: str, data: dict[str, Any] | None = None, *, first: str = "get") -> Any:
    """Open the confirmation page (GET, or POST the form that leads to it), then POST with its token."""
    data = dict(data or {})
    page = client.get(url) if first == "get" else client.post(url, data)
    assert page.status_code == 200, page.status_code
    return client.post(url, {**data, "confirmed": confirmation_token(page.content.decode())})
