"""The one answer to "may this actor take this action on this application now, and if not, why".

Build the facts (``ApplicationFacts`` for an application, ``CallFacts`` for a call), then:

    blockers(action, facts, actor, on) -> list[Problem]      why not (empty: it may)
    allowed_actions(facts, actor, on) -> list[Action]        exactly what a page offers
    offers(facts, actor, on) -> list[Offer]                  every action possible from here, with
                                                             its blockers and what its confirmation needs
    require(action, facts, actor, on, given) -> Status|None  services call this before changing
                                                             anything; raises TransitionNotAllowed
                                                             carrying the problems; returns the target
    target_status(action, facts, on)                         where a status action leads (withdraw:
                                                             draft while the call is open, else final)
    needs(action, facts) / input_problems(action, facts, given, on)
                                                             what a confirmation page must carry
    findings(facts), volumes_finding(facts)                  warnings beside the actions (catalog,
    paper_volumes_note(declared, received)                   paper volumes; the note of 附件2's 备注)
    next_step(facts, on) -> Problem                          the applicant's next step

Every refusal is a ``Problem`` whose ``code`` is a ``FlowCode`` and whose message comes from the
one table ``FLOW_MESSAGES`` (``params`` keep the values, ``render`` fills a template again).
The rules themselves are the table in ``rules.py``; time comes in as ``on``.
"""

from shenbao.domain.flow.decide import (
    Facts,
    Offer,
    allowed_actions,
    blockers,
    findings,
    next_step,
    offers,
    paper_volumes_note,
    require,
    target_status,
    volumes_finding,
)
from shenbao.domain.flow.facts import ApplicationFacts, CallFacts, CatalogStanding, Given
from shenbao.domain.flow.messages import FLOW_MESSAGES, FlowCode, flow_problem, render, zh_date
from shenbao.domain.flow.rules import CALL_RULES, CONFIRMED_ACTIONS, RULES, Need, input_problems, needs

__all__ = [
    "CALL_RULES",
    "CONFIRMED_ACTIONS",
    "FLOW_MESSAGES",
    "RULES",
    "ApplicationFacts",
    "CallFacts",
    "CatalogStanding",
    "Facts",
    "FlowCode",
    "Given",
    "Need",
    "Offer",
    "allowed_actions",
    "blockers",
    "findings",
    "flow_problem",
    "input_problems",
    "needs",
    "next_step",
    "offers",
    "paper_volumes_note",
    "render",
    "require",
    "target_status",
    "volumes_finding",
    "zh_date",
]
