"""On PostgreSQL the statements a connection runs again and again are
prepared once: the server binds the parameters (psycopg 3) and plans each
statement once per connection instead of once per request."""

import pytest
from django.db import connection

from tests.accounts.factories import CitizenFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def _prepared_statements() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_statement_run_again_and_again_is_prepared_once():
    from django.contrib.auth import get_user_model

    citizen = CitizenFactory()
    before = _prepared_statements()
    for _ in range(8):
        assert get_user_model().objects.get(pk=citizen.pk) == citizen
    assert _prepared_statements() > before
    assert connection.features.uses_server_side_binding


@pytest.mark.django_db
def test_a_prepared_statement_is_planned_again_for_its_values():
    """A plan made once for any value would read a large ward's queue as it
    would a small one's."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"
