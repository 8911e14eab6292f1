"""Service-center staff keep their province's routing rules; nobody else."""

import re

import pytest
from django.urls import reverse

from complaints.models import RoutingRule
from tests.accounts.factories import (
    AgencyFactory,
    CenterStaffFactory,
    OfficialFactory,
    ProvinceFactory,
)
from tests.complaints.factories import RoutingRuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = CenterStaffFactory()
    client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")
    return user


def test_staff_add_and_edit_a_rule_of_their_province(client, staff, hong_bang_ward):
    response = client.post(reverse("complaint-workspace:rule-new"), {
        "position": 10, "category": "reprovide_data", "unit": hong_bang_ward.pk,
        "target_agency": hong_bang_ward.pk, "active": "on",
    })  # fmt: skip
    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    assert rule.target_agency == hong_bang_ward and rule.active

    client.post(reverse("complaint-workspace:rule-edit", kwargs={"pk": rule.pk}), {
        "position": 5, "category": "", "target_agency": hong_bang_ward.pk,
    })  # fmt: skip
    rule.refresh_from_db()
    assert (rule.position, rule.category, rule.unit, rule.active) == (5, "", None, False)
    assert (
        "UBND phường Hồng Bàng" in client.get(reverse("complaint-workspace:rules")).content.decode()
    )


def test_an_official_of_another_agency_cannot_be_the_target(client, staff, hong_bang_ward):
    stranger = OfficialFactory(agency=AgencyFactory(parent=hong_bang_ward.parent, province_code=31))
    response = client.post(reverse("complaint-workspace:rule-new"), {
        "position": 10, "target_agency": hong_bang_ward.pk, "target_official": stranger.pk,
    })  # fmt: skip
    assert response.status_code == 400
    assert not RoutingRule.objects.exists()


def _tag(page: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    return re.search(rf'<[a-z]+[^>]*\bid="{element_id}"[^>]*>', page).group(0)


def test_a_refused_rule_is_sent_back_with_its_errors_at_the_top_and_on_each_field(
    client, staff, hong_bang_ward
):
    stranger = OfficialFactory(agency=AgencyFactory(parent=hong_bang_ward.parent, province_code=31))
    response = client.post(reverse("complaint-workspace:rule-new"), {
        "position": "x", "target_agency": hong_bang_ward.pk, "target_official": stranger.pk,
    }, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 400
    summary = re.search(r'<div [^>]*data-testid="error-summary">(.*?)</div>', page, re.S)
    assert 'role="alert"' in summary.group(0)
    assert "data-error-summary" in summary.group(0)  # the focus goes to it (page.js)
    summary = summary.group(1)
    assert "The rule was not saved. Please correct:" in summary
    assert '<a href="#id_position">Order</a>' in summary
    assert '<a href="#id_target_official">And to official</a>' in summary
    assert "The official must belong to the agency complaints go to." in summary
    # The portal's one error summary, as on the dossier's start form.
    assert "form_error_summary.html" in [template.name for template in response.templates]
    for name in ("position", "target_official"):
        control = _tag(page, f"id_{name}")
        assert "is-invalid" in control and 'aria-invalid="true"' in control
        assert f"id_{name}_error" in re.search(r'aria-describedby="([^"]*)"', control).group(1)
        assert 'class="invalid-feedback"' in _tag(page, f"id_{name}_error")
    # The unit's help stays tied to it; a field that was right is not marked.
    assert 'aria-describedby="id_unit_helptext"' in _tag(page, "id_unit")
    assert "is-invalid" not in _tag(page, "id_target_agency")
    assert not RoutingRule.objects.exists()


def test_rules_of_another_province_are_out_of_reach(client, staff):
    elsewhere = AgencyFactory(parent=ProvinceFactory(code="01", name="UBND thành phố Hà Nội",
                                                     province_code=1), province_code=1)  # fmt: skip
    theirs = RoutingRuleFactory(target_agency=elsewhere)
    assert client.get(reverse("complaint-workspace:rule-edit",
                              kwargs={"pk": theirs.pk})).status_code == 404  # fmt: skip
    response = client.post(reverse("complaint-workspace:rule-new"),
                           {"position": 1, "target_agency": elsewhere.pk})  # fmt: skip
    assert response.status_code == 400 and not RoutingRule.objects.exclude(pk=theirs.pk).exists()


def test_officials_cannot_edit_rules(client, hong_bang_ward):
    client.force_login(OfficialFactory(agency=hong_bang_ward),
                       backend="portal.accounts.backends.VNeIDSessionBackend")  # fmt: skip
    assert client.get(reverse("complaint-workspace:rules")).status_code == 403
