"""Suite-wide fixtures. The embedded suite runs Celery tasks eagerly; the
integration suite (tests/integration) runs them on a real worker instead."""

import pytest

from portal.celery import app as celery_app

pytest_plugins = ["tests.mail_server"]


@pytest.fixture(autouse=True)
def _eager_celery_outside_integration(request):
    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _isolated_cache(request, tmp_path_factory):
    from django.conf import settings
    from django.core.cache import cache

    if request.node.get_closest_marker("integration"):
        # The worker shares this cache with the test: never clear it under them.
        yield
        return
    if not settings.REDIS_URL:
        # A file cache of the test session's own, not the developer's var/cache
        # (which a running portal uses: its gateway behaviour, breakers…).
        request.getfixturevalue("settings").CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path_factory.getbasetemp() / "cache"),
            }
        }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_api_rate_limits(settings):
    """Tests call the APIs far faster than anyone would: no rate limits,
    except where a test sets the rates it checks."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"agency_client": None, "user": None, "anon": None},
    }
    settings.API_RATE_AUTH_FAILURES = "off"


@pytest.fixture(autouse=True)
def _no_login_lockout(settings):
    """Tests log in with `client.login()`, which passes no request for the
    lockout to count by; the tests of the lockout turn it on."""
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _no_vneid_token_rate(settings):
    """The mock VNeID's limit on token requests, off but where tested."""
    settings.VNEID_TOKEN_RATE = "off"


@pytest.fixture(autouse=True)
def _procedure_components_forgotten():
    """A rolled-back test database reuses ids: components kept in memory by
    an earlier test must not answer for a later test's procedure."""
    from procedures.structure import components_forget

    components_forget()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    yield
    # A live-server request thread can leave an idle connection to the test
    # database behind; PostgreSQL refuses to drop a database still in use.
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


# Named personas on a small Hải Phòng tree (made by factories, not the full load).


@pytest.fixture
def hai_phong(db):
    from tests.accounts.factories import ProvinceFactory

    return ProvinceFactory()


@pytest.fixture
def hong_bang_ward(hai_phong):
    from tests.accounts.factories import WardFactory

    return WardFactory(
        code="11311", name="UBND phường Hồng Bàng", parent=hai_phong, ward_code=11311
    )


@pytest.fixture
def le_chan_ward(hai_phong):
    from tests.accounts.factories import WardFactory

    return WardFactory(code="11383", name="UBND phường Lê Chân", parent=hai_phong, ward_code=11383)


@pytest.fixture
def citizen(db):
    from tests.accounts.factories import CitizenFactory

    return CitizenFactory(personal_id="031090001234", full_name="Nguyễn Văn An")


@pytest.fixture
def commune_official(hong_bang_ward):
    from tests.accounts.factories import OfficialFactory

    return OfficialFactory(
        personal_id="031188002468", full_name="Lê Thị Hoa", agency=hong_bang_ward
    )


@pytest.fixture
def other_commune_official(le_chan_ward):
    from tests.accounts.factories import OfficialFactory

    return OfficialFactory(
        personal_id="031087005555", full_name="Hoàng Văn Tùng", agency=le_chan_ward
    )


@pytest.fixture
def center_staff(hai_phong):
    from tests.accounts.factories import CenterStaffFactory

    return CenterStaffFactory(personal_id="031082003579", full_name="Phạm Văn Đức")


@pytest.fixture
def leader(hai_phong):
    from tests.accounts.factories import LeaderFactory

    return LeaderFactory(personal_id="031175001122", full_name="Vũ Thị Lan", agency=hai_phong)


@pytest.fixture
def ward_leader(hong_bang_ward):
    """The chairman of phường Hồng Bàng, who signs the results its officials propose."""
    from tests.accounts.factories import LeaderFactory

    return LeaderFactory(
        personal_id="031072006688", full_name="Đặng Quốc Hùng", agency=hong_bang_ward,
        position="Chủ tịch",
    )  # fmt: skip


@pytest.fixture
def data_owner(db):
    from tests.accounts.factories import DataOwnerFactory

    return DataOwnerFactory(personal_id="001080009876", full_name="Đỗ Văn Minh")


@pytest.fixture(autouse=True, scope="session")
def _audit_triggers_lifted_for_test_flushes():
    """Transactional tests end by flushing every table, which the audit log's
    append-only triggers rightly refuse; lift them for that flush only."""
    from django.core.management.commands import flush
    from django.db import connections

    from portal.audit.triggers import create_triggers, drop_triggers

    original = flush.Command.handle

    def handle(self, **options):
        connection = connections[options.get("database") or "default"]
        with connection.schema_editor() as editor:
            drop_triggers(editor)
        try:
            return original(self, **options)
        finally:
            with connection.schema_editor() as editor:
                create_triggers(editor)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(autouse=True)
def _instant_gateway(settings):
    """The mock gateway answers at once in tests, unless a test slows a source down."""
    settings.GATEWAY_BEHAVIOUR = {code: (0, 0.0) for code in settings.GATEWAY_BEHAVIOUR}


# The client's read timeout in tests where the mock gateway answers from the
# live server, in the test's own process: on a loaded machine (a browser, other
# suites) its answer can wait for the CPU longer than the 3 s a real source
# gets, which is the machine's delay, not the source's.
LIVE_SERVER_GATEWAY_READ_TIMEOUT = 30.0


@pytest.fixture(autouse=True)
def _patient_gateway_on_the_live_server(request):
    """A longer gateway read timeout for tests on the live server; a test of
    the timeout itself sets its own, short one."""
    if "live_server" in request.fixturenames:
        settings = request.getfixturevalue("settings")
        settings.GATEWAY_READ_TIMEOUT = LIVE_SERVER_GATEWAY_READ_TIMEOUT


@pytest.fixture
def gateway_live(live_server, settings):
    """The portal's client reaching the mock gateway over real HTTP (live server)."""
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    settings.GATEWAY_RETRY_BACKOFF = 0.01
    return live_server
