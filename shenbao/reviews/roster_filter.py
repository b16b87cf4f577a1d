"""The reviewer's roster: which persons a filter shows, in which order, and the summary by kind of problem.

The filter, the order and the page live in the URL (?show=…&kind=…&sort=…&page=…), so a link to
"证件号码校验位错误" or to "下一位未审核" is a plain link and the browser's back button works.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from shenbao.applications.kinds import KindCount, has_code, ranked, row_kinds, valid_kind
from shenbao.applications.labels import kind_label
from shenbao.applications.models import Application, RosterRow, no_problem_or_finding
from shenbao.crosschecks.models import CrossFinding
from shenbao.domain.crosscheck import CrossCode

Decision = RosterRow.Decision

FILTERS = {
    "all": _("全部人员"),
    "errors": _("有格式错误"),
    "findings": _("有资格提示"),
    "elsewhere": _("在其他申报中也被申报"),
    "undecided": _("待审核"),
    "ineligible": _("已认定不符合"),
    "changed": _("审核后已修改"),
}
SORTS = {"number": _("按行号"), "name": _("按姓名")}
# A person claimed in another application, or supported in an earlier call.
ELSEWHERE_CODES = (CrossCode.CLAIMED_ELSEWHERE.value, CrossCode.SUPPORTED_BEFORE.value)


@dataclass(frozen=True, slots=True)
class RosterQuery:
    show: str = "all"
    kind: str = ""  # a problem or finding code, from the summary's links
    sort: str = "number"

    @classmethod
    def from_get(cls, data: QueryDict) -> RosterQuery:
        """What the URL asks for; anything unknown falls back to the whole roster by row number."""
        show = data.get("show", "all")
        sort = data.get("sort", "number")
        kind = data.get("kind", "")
        return cls(
            show=show if show in FILTERS else "all",
            kind=valid_kind(kind),
            sort=sort if sort in SORTS else "number",
        )

    def params(self) -> dict[str, str]:
        """The query string's part for links and hidden fields (without the page)."""
        found = {"show": self.show, "sort": self.sort}
        if self.kind:
            found["kind"] = self.kind
        return found

    @property
    def title(self) -> str:
        return kind_label(self.kind) if self.kind else str(FILTERS[self.show])


def _cross(codes: tuple[str, ...] | None = None) -> Exists:
    found = CrossFinding.objects.filter(row=OuterRef("pk"))
    return Exists(found.filter(code__in=codes) if codes else found)


def filtered_rows(application: Application, query: RosterQuery) -> QuerySet[RosterRow]:
    rows = application.rows.all()
    if query.show == "errors":
        rows = rows.filter(has_errors=True)
    elif query.show == "findings":
        rows = rows.filter(~Q(findings=[]) | _cross())
    elif query.show == "elsewhere":
        rows = rows.filter(_cross(ELSEWHERE_CODES))
    elif query.show == "undecided":
        rows = rows.filter(decision=Decision.UNDECIDED)
    elif query.show == "ineligible":
        rows = rows.filter(decision=Decision.INELIGIBLE)
    elif query.show == "changed":
        rows = rows.filter(decision=Decision.UNDECIDED).exclude(earlier_decision="")
    if query.kind:
        rows = rows.filter(has_code(query.kind) | _cross((query.kind,)))
    return rows.order_by("name", "number") if query.sort == "name" else rows.order_by("number")


def without_findings(rows: QuerySet[RosterRow]) -> QuerySet[RosterRow]:
    """Undecided persons with no format problem, no eligibility finding and no cross-check finding:
    the only ones a decision for many at once may reach (a finding is always looked at person by person)."""
    return rows.filter(no_problem_or_finding(), decision=Decision.UNDECIDED).exclude(_cross())


def summary_by_kind(application: Application) -> list[KindCount]:
    """Persons per kind of problem or finding, errors first, then the most frequent."""
    persons, errors = row_kinds(application)
    cross = CrossFinding.objects.filter(application=application).exclude(code=CrossCode.LINKED_CLAIM)
    for code, _row_id in cross.values_list("code", "row_id").distinct():
        persons[code] += 1
    return ranked(persons, errors)
