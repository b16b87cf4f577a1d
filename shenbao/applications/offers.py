"""What a page shows of the flow's decision: each action it may offer, allowed or with its reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shenbao.applications.labels import action_label, problem_text
from shenbao.domain import flow
from shenbao.domain.workflow import Actor


@dataclass(frozen=True, slots=True)
class ShownOffer:
    action: str
    label: str
    is_allowed: bool
    reasons: list[str]  # why it is refused now, as sentences (empty when allowed)
    needs: frozenset[str]  # what its confirmation asks for (flow.Need values)


def shown_offers(facts: flow.Facts, actor: Actor, on: date) -> dict[str, ShownOffer]:
    """Action value → what the page shows for it; an action absent here is not shown at all."""
    return {
        offer.action.value: ShownOffer(
            offer.action.value,
            action_label(offer.action),
            offer.is_allowed,
            [problem_text(problem) for problem in offer.blockers],
            frozenset(need.value for need in offer.needs),
        )
        for offer in flow.offers(facts, actor, on)
    }


def shown_findings(facts: flow.ApplicationFacts) -> list[str]:
    """The catalog and paper-volume findings a reviewer and the city see before deciding."""
    return [problem_text(problem) for problem in flow.findings(facts)]
