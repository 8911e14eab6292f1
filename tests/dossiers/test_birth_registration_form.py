"""The birth registration's e-form, as the starter catalog defines it: the
newborn has no personal ID and no record yet, so only the requester's
details come locked from the population record; the child's, including the
place of origin the parents choose (Decree 123/2015/NĐ-CP, art. 4), are typed."""

import pytest

from procedures.catalog_io.importer import starter_catalog_load
from procedures.models import FormDefinition

pytestmark = pytest.mark.django_db


def test_only_the_requesters_details_are_bound_to_the_population_record():
    starter_catalog_load()

    fields = FormDefinition.objects.filter(code="to-khai-khai-sinh").latest("version").fields
    bound = {field["name"]: field["binding"] for field in fields if field["binding"]}

    assert bound == {
        "requester_full_name": "population.full_name",
        "requester_address": "population.permanent_address",
    }
    typed = {field["name"] for field in fields if not field["binding"]}
    assert {"child_full_name", "child_date_of_birth", "child_sex", "place_of_birth",
            "place_of_origin"} <= typed  # fmt: skip
