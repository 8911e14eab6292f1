"""The bench's generated worlds keep step with the schema. They insert rows
in bulk SQL, so a column added without a database default breaks them, and
the figures would then fail only when someone runs `make bench`. Here they
run small, on the test database, through to the pages they measure."""

from __future__ import annotations

import pytest

from bench import dashboard_load, dossier_load
from dossiers.models import Dossier

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_queue_world_loads_and_the_official_s_queue_shows_it(client):
    world = dossier_load._queue_world()
    dossier_load._dossiers_insert(world, start=1, stop=2_000)
    client.force_login(world["official"], backend=dossier_load.LOGIN)

    counts = dossier_load._query_counts(client, ["/workspace/", "/workspace/?mine=on"])

    assert Dossier.objects.filter(code__startswith="B-").count() == 2_000 * 18 // 20  # no drafts
    assert set(counts) == {"/workspace/", "/workspace/?mine=on"}


def test_the_dashboard_world_loads_and_the_leader_s_pages_answer_with_steady_queries():
    found = dashboard_load.dashboard(few=200, many=400, samples=2)

    assert Dossier.objects.filter(code__startswith="D-").count() == 400
    assert found["queries_few"] == found["queries_many"]
