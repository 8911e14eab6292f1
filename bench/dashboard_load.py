"""The leader's dashboard over a city's history, run by bench/figures/dashboards.py
as `python -m bench.dashboard_load` on the full-stack database (options as
JSON in BENCH_OPTIONS); it prints one JSON object.

A city of UNITS wards and departments under its own province unit, taking
DAILY_DOSSIERS dossiers a day, one complaint for every COMPLAINT_EVERY
dossiers: first the most recent `few` dossiers (a month), their figures
rebuilt, the page timed; then older history up to `many` dossiers (ten
months), its figures rebuilt, the page timed again. Only the last week's
dossiers and the last fortnight's complaints are still open, as in a city
that keeps up: what grows is history, which the page reads pre-aggregated.
Generated in SQL as bench/dossier_load.py does, indexes built after the load.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import time

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PROVINCE = "DB31"
UNITS = 120
CITIZENS = 2_000
PROCEDURES = 29
# Every generated dossier's look-up key: no figure looks one up by it.
LOOKUP_KEY = "BENCH234"
GAP_SECONDS = 26  # between two dossiers: 3,323 a day, 100,000 a month
COMPLAINT_EVERY = 10
OPEN_DAYS = 7
COMPLAINT_OPEN_DAYS = 15
PATHS = ("/dashboards/", "/dashboards/?period=week", "/dashboards/?period=month")

# Per database: the number series and the date arithmetic.
SQL = {
    "postgresql": {
        "series": "s(n) AS (SELECT generate_series(%(start)s::int, %(stop)s::int))",
        "ago": "now() - ({seconds}) * interval '1 second'",
        "plus_days": "({moment}) + ({days}) * interval '1 day'",
        "least_now": "least({moment}, now() - interval '1 minute')",
        "date_plus": "(({moment}) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + ({days})",
        "pad": "lpad(({value})::text, 8, '0')",
        "now": "now()",
    },
    "sqlite": {
        "series": "s(n) AS (SELECT %(start)s UNION ALL SELECT n + 1 FROM s WHERE n < %(stop)s)",
        "ago": "datetime('now', '-' || ({seconds}) || ' seconds')",
        "plus_days": "datetime({moment}, '+' || ({days}) || ' days')",
        "least_now": "min({moment}, datetime('now', '-1 minute'))",
        "date_plus": "date({moment}, '+7 hours', '+' || ({days}) || ' days')",
        "pad": "printf('%%08d', {value})",
        "now": "datetime('now')",
    },
}
OPEN_DOSSIER = ("submitted", "received", "in_processing", "in_processing", "in_processing",
                "supplement_requested", "received", "result_ready", "result_returned",
                "result_returned")  # fmt: skip
OPEN_COMPLAINT = ("routed", "in_handling", "awaiting_reporter", "concluded")
CATEGORIES = ("reprovide_data", "certified_copy", "wrong_data", "late_processing", "conduct",
              "other")  # fmt: skip


def _case(expression: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN {k} THEN '{v}'" for k, v in enumerate(values))
    return f"CASE ({expression}) %% {len(values)} {whens} END"


def _world() -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from bench.dossier_load import _contiguous_ids
    from portal.accounts.models import Agency, AgencyKind, Role, User
    from procedures.models import Procedure, Sector

    province = Agency.objects.create(
        code=PROVINCE, name="UBND thành phố (bench)", kind=AgencyKind.PROVINCE_COMMITTEE,
        province_code=31,
    )  # fmt: skip
    Agency.objects.bulk_create(
        Agency(code=f"{PROVINCE}.{n:03d}", name=f"UBND phường {n:03d}", parent=province,
               kind=AgencyKind.COMMUNE_COMMITTEE, province_code=31,
               path=f"{province.path}{PROVINCE}.{n:03d}/")
        for n in range(UNITS)
    )  # fmt: skip
    first_unit = _contiguous_ids(Agency.objects.filter(code__startswith=f"{PROVINCE}."))
    sector, _ = Sector.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    Procedure.objects.bulk_create(
        Procedure(code=f"9.{n:06d}", name=f"Thủ tục số {n}", sector=sector, level="commune",
                  agency_kinds=["commune_committee"], processing_days=5, online_level="full",
                  result_type="Giấy xác nhận")
        for n in range(PROCEDURES)
    )  # fmt: skip
    first_procedure = _contiguous_ids(Procedure.objects.filter(code__startswith="9."))
    sql = SQL[connection.vendor]
    personal_id = f"'0330' || {sql['pad'].format(value='n')}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {sql['series']} INSERT INTO accounts_user (password, is_superuser, username,"
            " first_name, last_name, email, is_staff, is_active, date_joined, personal_id,"
            " full_name, role, position)"
            f" SELECT '!', FALSE, {personal_id}, '', '', '', FALSE, TRUE,"
            f" {sql['now']}, {personal_id}, 'Công dân ' || n, 'citizen', '' FROM s",
            {"start": 0, "stop": CITIZENS - 1},
        )
    first_citizen = _contiguous_ids(User.objects.filter(username__startswith="0330"))
    leader = User.objects.create(
        username="033175000001", personal_id="033175000001", full_name="Lãnh đạo thành phố",
        role=Role.LEADER, agency=province, password=make_password(None),
    )  # fmt: skip
    return {"first_unit": first_unit, "first_procedure": first_procedure,
            "first_citizen": first_citizen, "leader": leader}  # fmt: skip


def _dossiers_insert(world: dict, *, start: int, stop: int) -> None:
    """Dossiers `start`..`stop`, the n-th submitted n × GAP_SECONDS ago, and the
    event of each decision."""
    from django.db import connection, transaction

    from bench.dossier_load import _indexes_built_after

    sql = SQL[connection.vendor]
    age = f"n * {GAP_SECONDS}"
    submitted = sql["ago"].format(seconds=age)
    recent = f"{age} < {OPEN_DAYS * 86400}"
    # Older dossiers were decided (one in 20 not resolved, one refused at the desk,
    # one withdrawn), but for one in 2,000 forgotten in processing.
    old_status = (
        "CASE WHEN n %% 2000 = 7 THEN 'in_processing' WHEN n %% 20 = 0 THEN 'not_resolved'"
        " WHEN n %% 20 = 1 THEN 'refused_at_reception' WHEN n %% 20 = 2 THEN 'withdrawn'"
        " ELSE 'result_returned' END"
    )
    status = f"CASE WHEN {recent} THEN {_case('n', OPEN_DOSSIER)} ELSE {old_status} END"
    insert = (
        f"WITH {sql['series']} INSERT INTO dossiers_dossier (code, lookup_key, procedure_id,"
        " agency_id, applicant_id, subject_personal_id, acting_basis, status, form_values, fee_vnd,"
        " channel, proposed_outcome, concerned_full_name, concerned_personal_id,"
        " concerned_relation, result_delivery, delivery_address, postal_tracking_number,"
        " submitted_at, due_date, created_at, updated_at)"
        f" SELECT 'D-' || n, '{LOOKUP_KEY}', %(first_procedure)s + n %% {PROCEDURES},"
        f" %(first_unit)s + n %% {UNITS}, %(first_citizen)s + n %% {CITIZENS},"
        f" '0330' || {sql['pad'].format(value=f'n %% {CITIZENS}')}, 'self', {status}, '{{}}', 0,"
        f" CASE WHEN n %% 3 = 0 THEN 'counter' ELSE 'online' END, '', '', '', '', '', '', '',"
        f" {submitted},"
        f" {sql['date_plus'].format(moment=submitted, days=7)}, {submitted}, {submitted}"
        " FROM s"
    )
    # Decided 0 to 8 days after submission: on the 8th, after the due date.
    decided = sql["least_now"].format(
        moment=sql["plus_days"].format(moment="submitted_at", days="id %% 9")
    )
    events = (
        "INSERT INTO dossiers_dossierevent (dossier_id, action, from_status, to_status,"
        " reason, at) SELECT id,"
        " CASE status WHEN 'not_resolved' THEN 'not_resolve' ELSE 'approve' END,"
        " 'awaiting_signature',"
        " CASE status WHEN 'not_resolved' THEN 'not_resolved' ELSE 'result_ready' END, '',"
        f" {decided} FROM dossiers_dossier WHERE code IN (SELECT 'D-' || n FROM s)"
        " AND status IN ('not_resolved', 'result_ready', 'result_returned')"
    )
    params = {"start": start, "stop": stop, **{k: v for k, v in world.items() if k != "leader"}}
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        _indexes_built_after(cursor, connection.vendor),
    ):
        cursor.execute(insert, params)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"WITH {sql['series']} {events}", {"start": start, "stop": stop})


def _complaints_insert(world: dict, *, start: int, stop: int) -> None:
    from django.db import connection, transaction

    sql = SQL[connection.vendor]
    age = f"n * {GAP_SECONDS * COMPLAINT_EVERY}"
    received = sql["ago"].format(seconds=age)
    recent = f"{age} < {COMPLAINT_OPEN_DAYS * 86400}"
    status = (
        f"CASE WHEN {recent} THEN {_case('n', OPEN_COMPLAINT)}"
        " WHEN n %% 500 = 3 THEN 'in_handling' ELSE 'concluded' END"
    )
    concluded = sql["least_now"].format(
        moment=sql["plus_days"].format(moment=received, days="n %% 14")
    )
    published = sql["least_now"].format(moment=sql["plus_days"].format(moment=concluded, days="1"))
    insert = (
        f"WITH {sql['series']}, c(n, status) AS (SELECT n, {status} FROM s)"
        " INSERT INTO complaints_complaint (code, tracking_token, category, channel,"
        " description, unit_id, requested_item, official_named, reporter_name,"
        " reporter_phone, reporter_email, status, responsible_agency_id, routing_due,"
        " received_at, due_date, outcome, response, concluded_at, disclosure_status,"
        " disclosed_text, disclosed_at, escalation_level)"
        f" SELECT 'PB-' || n, 't' || n, {_case('n', CATEGORIES)}, 'online', 'Phản ánh',"
        f" %(first_unit)s + n %% {UNITS}, '', '', 'Người phản ánh', '', '', status,"
        f" %(first_unit)s + n %% {UNITS}, FALSE, {received},"
        f" {sql['date_plus'].format(moment=received, days=10)},"
        " CASE WHEN status <> 'concluded' THEN '' WHEN n %% 3 = 0 THEN 'substantiated'"
        " ELSE 'unsubstantiated' END,"
        " CASE WHEN status = 'concluded' THEN 'Đã trả lời.' ELSE '' END,"
        f" CASE WHEN status = 'concluded' THEN {concluded} END,"
        " CASE WHEN status <> 'concluded' THEN '' WHEN n %% 2 = 0 THEN 'published'"
        " ELSE 'pending' END,"
        " CASE WHEN status = 'concluded' AND n %% 2 = 0 THEN 'Đã trả lời.' ELSE '' END,"
        f" CASE WHEN status = 'concluded' AND n %% 2 = 0 THEN {published} END, 0 FROM c"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(insert, {"start": start, "stop": stop, "first_unit": world["first_unit"]})


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("dossiers_dossier", "dossiers_dossierevent", "complaints_complaint"):
                cursor.execute(f"VACUUM ANALYZE {table}")  # as autovacuum would after a load
        else:
            cursor.execute("ANALYZE")


def _rebuild(first_n: int, last_n: int) -> float:
    """Rebuild the figures of the days dossiers first_n..last_n were submitted
    on, as `manage.py figures_rebuild` does; returns the seconds it took."""
    from django.core.management import call_command
    from django.utils import timezone

    today = timezone.localdate()
    newest = today - datetime.timedelta(seconds=first_n * GAP_SECONDS)
    oldest = today - datetime.timedelta(seconds=last_n * GAP_SECONDS) - datetime.timedelta(1)
    started = time.perf_counter()
    call_command("figures_rebuild", "--from", oldest.isoformat(), "--to", newest.isoformat(),
                 stdout=io.StringIO())  # fmt: skip
    return time.perf_counter() - started


def _query_counts(browser) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    # A staff session notes its last request at most once a minute: after the
    # minutes spent building the history, the first page would pay for that write.
    browser.get(PATHS[0])
    for path in PATHS:
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(path)
        if response.status_code != 200 or b"UBND ph" not in response.content:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        counts[path] = len(queries)
    return counts


BIG_TABLES = ("dossiers_dossier", "dossiers_dossierevent", "complaints_complaint")


def _full_scans(browser) -> list[str]:
    """The big tables a query of the page reads in full (PostgreSQL's plans)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        return []
    with CaptureQueriesContext(connection) as queries:
        browser.get(PATHS[0])
    scanned = set()
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            scanned |= {table for table in BIG_TABLES if f"Seq Scan on {table}" in plan}
    return sorted(scanned)


def _timed(browser, samples: int) -> float:
    import itertools

    from bench.harness import p95_ms

    cycle = itertools.cycle(PATHS)

    def page() -> None:
        path = next(cycle)
        if browser.get(path).status_code != 200:
            raise RuntimeError(f"GET {path} did not answer 200")

    return p95_ms(page, samples=samples, warmup=len(PATHS) * 3)


def dashboard(*, few: int, many: int, samples: int) -> dict:
    from django.test import Client

    world = _world()
    browser = Client()
    browser.force_login(world["leader"], backend=LOGIN)
    started = time.perf_counter()
    _dossiers_insert(world, start=1, stop=few)
    _complaints_insert(world, start=1, stop=few // COMPLAINT_EVERY)
    _analyze()
    load_few = time.perf_counter() - started
    rebuild_few = _rebuild(1, few)
    queries_few = _query_counts(browser)
    p95_few = _timed(browser, samples)
    started = time.perf_counter()
    _dossiers_insert(world, start=few + 1, stop=many)
    _complaints_insert(world, start=few // COMPLAINT_EVERY + 1, stop=many // COMPLAINT_EVERY)
    _analyze()
    load_many = time.perf_counter() - started
    rebuild_many = _rebuild(few + 1, many)
    queries_many = _query_counts(browser)
    p95_many = _timed(browser, samples)
    full_scans = _full_scans(browser)
    return {
        "p95_few_ms": p95_few, "p95_many_ms": p95_many, "few": few, "many": many,
        "complaints": many // COMPLAINT_EVERY, "units": UNITS,
        "queries_few": queries_few, "queries_many": queries_many,
        "load_s": load_few + load_many, "rebuild_few_s": rebuild_few,
        "rebuild_many_s": rebuild_many, "full_scans": full_scans,
        "days": round(many * GAP_SECONDS / 86400),
    }  # fmt: skip


def main() -> None:
    options = json.loads(os.environ.get("BENCH_OPTIONS") or "{}")
    import django

    django.setup()
    print(json.dumps(dashboard(**options), ensure_ascii=False))


if __name__ == "__main__":
    main()
