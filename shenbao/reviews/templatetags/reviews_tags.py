"""{% publish_offer call %}: on the call list, the 公示 link when the flow allows it, else why not."""

from __future__ import annotations

from django import template

from shenbao.applications import facts as stored
from shenbao.applications.offers import shown_offers
from shenbao.calls.models import Call
from shenbao.domain.workflow import Action, Actor

register = template.Library()


@register.inclusion_tag("reviews/_publish_offer.html")
def publish_offer(call: Call) -> dict[str, object]:
    offers = shown_offers(stored.call_facts(call), Actor.CITY_ADMIN, stored.today())
    return {"call": call, "offer": offers.get(Action.PUBLISH.value)}
