"""{% publicity_notice %}: the 公示 now running (or the latest), for the home page and the call page."""

from __future__ import annotations

from django import template
from django.utils import timezone

from shenbao.calls.selectors import current_publicity

register = template.Library()


@register.inclusion_tag("calls/_publicity_notice.html")
def publicity_notice() -> dict[str, object]:
    on = timezone.localdate()
    call = current_publicity(on)
    is_running = call is not None and call.publicity_ends_on is not None and on <= call.publicity_ends_on
    return {"publicity": call, "is_running": is_running}
