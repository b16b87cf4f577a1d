"""An enterprise's own figures, the decision it sees, and what reviewers and the city admin see."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from shenbao.accounts.models import User
from shenbao.catalog.models import BusinessFigures, FiguresSource
from shenbao.catalog.selectors import decision_for, decisions_for
from shenbao.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def signed_in(client: Client, user: User) -> Client:
    # Staff must show a second factor; what these tests check is the catalog's own access rules.
    if hasattr(user, "otp_exempt"):
        User.objects.filter(pk=user.pk).update(otp_exempt=True)
    client.force_login(user)
    return client


def approved(organisation: Organisation, data_year: int = 2015, **values: object) -> BusinessFigures:
    fields: dict[str, object] = {
        "revenue_usd": Decimal("5200000"),
        "offshore_revenue_usd": Decimal("1900000"),
        "export_usd": {"ITO": "1200000.00", "BPO": "0.00", "KPO": "0.00"},
        "staff": 320,
        "staff_college": 250,
        "source": FiguresSource.STATISTICS,
    }
    fields.update(values)
    return BusinessFigures.objects.create(organisation=organisation, data_year=data_year, **fields)


FORM = {
    "revenue_usd": "800000",
    "offshore_revenue_usd": "400000",
    "export_bpo": "600000",
    "staff": "40",
    "staff_college": "30",
    "categories": ["BPO"],
    "certifications_bpo": "ISO27001、COPC",
    "contracts_bpo": "yes",
    "potential_fields": ["数据分析服务"],
}


def test_enterprise_enters_its_self_declared_figures_and_sees_a_provisional_decision(
    client: Client, enterprise_user: User
) -> None:
    signed_in(client, enterprise_user)
    response = client.post(reverse("catalog:figures"), FORM)
    assert response.status_code == 302
    record = BusinessFigures.objects.get(organisation=enterprise_user.organisation, data_year=2015)
    assert record.source == FiguresSource.SELF
    assert record.revenue_usd == Decimal("800000")
    assert record.export_usd == {"BPO": "600000.00"}
    assert record.certifications == {"BPO": ["ISO27001", "COPC"]}
    assert record.long_term_contracts == {"BPO": True}
    assert record.updated_by == enterprise_user
    page = client.get(response["Location"])
    decision = page.context["decision"]
    assert decision.listed and decision.provisional
    assert decision.key_cultivation["BPO"] == "district"
    assert "临时结论" in page.content.decode()
    assert page.context["form"]["revenue_usd"].value() == "800000"


def test_enterprise_edits_its_self_declared_figures(client: Client, enterprise_user: User) -> None:
    signed_in(client, enterprise_user)
    client.post(reverse("catalog:figures"), FORM)
    client.post(reverse("catalog:figures"), {**FORM, "revenue_usd": "900000", "contracts_bpo": ""})
    record = BusinessFigures.objects.get(organisation=enterprise_user.organisation)
    assert record.revenue_usd == Decimal("900000")
    assert record.long_term_contracts is None


def test_enterprise_cannot_overwrite_approved_figures_but_may_add_its_answers(
    client: Client, enterprise_user: User
) -> None:
    record = approved(enterprise_user.organisation)
    signed_in(client, enterprise_user)
    page = client.get(reverse("catalog:figures"))
    assert page.context["form"].fields["revenue_usd"].disabled
    assert "不能修改" in page.content.decode()
    client.post(
        reverse("catalog:figures"),
        {**FORM, "revenue_usd": "1", "offshore_revenue_usd": "0", "staff": "1", "staff_college": "1"},
    )
    record.refresh_from_db()
    assert record.source == FiguresSource.STATISTICS
    assert record.revenue_usd == Decimal("5200000")
    assert record.staff == 320
    assert record.export_usd == {"ITO": "1200000.00", "BPO": "0.00", "KPO": "0.00"}
    assert record.categories == ["BPO"]
    decision = decision_for(enterprise_user.organisation)
    assert decision is not None and not decision.provisional


def test_bad_figures_on_the_enterprise_page_save_nothing(client: Client, enterprise_user: User) -> None:
    signed_in(client, enterprise_user)
    response = client.post(reverse("catalog:figures"), {**FORM, "offshore_revenue_usd": "9000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["offshore_revenue_usd"]
    assert not BusinessFigures.objects.exists()


def test_institution_user_has_no_figures_page(client: Client, institution_user: User) -> None:
    assert signed_in(client, institution_user).get(reverse("catalog:figures")).status_code == 404


def test_reviewer_has_no_enterprise_figures_page(client: Client, reviewer: User) -> None:
    assert signed_in(client, reviewer).get(reverse("catalog:figures")).status_code == 404


def test_figures_page_needs_a_login(client: Client) -> None:
    assert client.get(reverse("catalog:figures")).status_code == 302


def test_reviewer_sees_the_decision_of_an_enterprise_of_its_district(
    client: Client, reviewer: User, enterprise_user: User
) -> None:
    approved(enterprise_user.organisation)
    response = signed_in(client, reviewer).get(
        reverse("catalog:organisation_decision", args=[enterprise_user.organisation_id])
    )
    assert response.status_code == 200
    assert response.context["decision"].tests_met == [2]
    assert "依据统计系统审定数据" in response.content.decode()


def test_reviewer_of_another_district_gets_404(
    client: Client, other_reviewer: User, enterprise_user: User
) -> None:
    approved(enterprise_user.organisation)
    url = reverse("catalog:organisation_decision", args=[enterprise_user.organisation_id])
    assert signed_in(client, other_reviewer).get(url).status_code == 404


def test_enterprise_user_cannot_open_the_staff_decision_page(client: Client, enterprise_user: User) -> None:
    url = reverse("catalog:organisation_decision", args=[enterprise_user.organisation_id])
    assert signed_in(client, enterprise_user).get(url).status_code == 404


def test_city_admin_sees_every_district(
    client: Client, city_admin: User, enterprise_user: User, other_enterprise_user: User
) -> None:
    approved(other_enterprise_user.organisation)
    signed_in(client, city_admin)
    url = reverse("catalog:organisation_decision", args=[other_enterprise_user.organisation_id])
    assert client.get(url).status_code == 200
    listing = client.get(reverse("catalog:organisations"))
    names = [organisation.name for organisation, _ in listing.context["rows"]]
    assert enterprise_user.organisation.name in names and other_enterprise_user.organisation.name in names


def test_reviewer_list_shows_only_its_district(
    client: Client, reviewer: User, enterprise_user: User, other_enterprise_user: User
) -> None:
    approved(enterprise_user.organisation)
    response = signed_in(client, reviewer).get(reverse("catalog:organisations"))
    rows = response.context["rows"]
    assert [organisation.pk for organisation, _ in rows] == [enterprise_user.organisation_id]
    assert rows[0][1].listed


def test_decision_for_is_none_without_figures_for_the_editions_data_year(enterprise: Organisation) -> None:
    assert decision_for(enterprise) is None
    approved(enterprise, data_year=2016)
    assert decision_for(enterprise, "2016") is None


def test_decision_for_and_decisions_for_agree(enterprise: Organisation) -> None:
    approved(enterprise, source=FiguresSource.SELF)
    decision = decision_for(enterprise, "2016")
    assert decision is not None and decision.provisional and decision.listed
    assert decision.export_tier["ITO"] == "district"
    assert decisions_for([enterprise]) == {enterprise.pk: decision}
