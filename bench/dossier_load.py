"""Work the dossier figures need done inside Django on the full-stack database,
run by bench/fullstack.py as `python -m bench.dossier_load <command>` with
the options as JSON in BENCH_OPTIONS; it prints one JSON object.

- `prepare`: citizens, each with a logged-in session and drafts ready to
  submit (prefilled from the gateway, data confirmed, form filled in), made
  through the journey's services.
- `queue`: a million dossiers over a thousand units, generated in SQL, and
  the p95 of a commune official's queue page with its query counts.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from contextlib import contextmanager

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
FIELDS = [
    {"name": "full_name", "type": "string", "label_vi": "Họ và tên", "label_en": "Full name",
     "required": True, "validation": {"max_length": 255}, "binding": "population.full_name"},
    {"name": "permanent_address", "type": "string", "label_vi": "Nơi thường trú",
     "label_en": "Permanent residence", "required": True, "validation": {},
     "binding": "population.permanent_address"},
    {"name": "phone", "type": "phone", "label_vi": "Số điện thoại", "label_en": "Phone",
     "required": True, "validation": {}, "binding": None},
    {"name": "reason", "type": "text", "label_vi": "Lý do", "label_en": "Reason",
     "required": False, "validation": {"max_length": 500}, "binding": None},
]  # fmt: skip
TYPED = {"phone": "0912345678", "reason": "Chuyển đến nơi ở mới"}
SUBMIT_UNITS = 8


# Drafts ready to submit


def _province():
    from portal.accounts.models import Agency, AgencyKind

    return Agency.objects.get_or_create(
        code="31", defaults={"name": "UBND thành phố Hải Phòng",
                             "kind": AgencyKind.PROVINCE_COMMITTEE, "province_code": 31},
    )[0]  # fmt: skip


def _residence_procedure():
    """Permanent residence registration: a form prefilled from the population
    database, and the residence confirmation that data replaces."""
    from procedures.models import (
        DossierComponent,
        ElectronicReplacement,
        FormDefinition,
        Procedure,
        Sector,
    )

    sector, _ = Sector.objects.get_or_create(code="cu-tru", defaults={"name": "Cư trú"})
    procedure = Procedure.objects.create(
        code="1.004222", name="Đăng ký thường trú", sector=sector, level="commune",
        agency_kinds=["commune_committee"], processing_days=3, fee_vnd=0, online_level="full",
        result_type="Xác nhận thường trú", steps=["Nộp hồ sơ", "Tiếp nhận", "Trả kết quả"],
    )  # fmt: skip
    form = FormDefinition.objects.create(code="to-khai-cu-tru", title="Tờ khai", fields=FIELDS)
    DossierComponent.objects.create(procedure=procedure, code="to-khai", position=1, form=form,
                                    name="Tờ khai thay đổi thông tin cư trú")  # fmt: skip
    residence = DossierComponent.objects.create(
        procedure=procedure, code="xac-nhan-cu-tru", position=2,
        name="Giấy xác nhận thông tin về cư trú",
    )  # fmt: skip
    ElectronicReplacement.objects.create(
        component=residence, document_type="residence_confirmation", source="population",
        fields=["permanent_address"], legal_basis="Nghị quyết 66.7/2025/NQ-CP",
        effective_date=datetime.date(2025, 11, 15),
    )  # fmt: skip
    return procedure


def _ready_draft(*, citizen, procedure, unit) -> dict | None:
    """A draft as the browser leaves it before pressing submit, and what the
    browser will post; None when the sources lack this citizen's data."""
    from dossiers import eforms, services
    from dossiers.evidence import missing_uploads
    from dossiers.models import Dossier

    draft = services.dossier_draft_start(applicant=citizen, procedure=procedure, agency=unit)
    draft = Dossier.objects.select_related("form", "prefill").get(pk=draft.pk)
    fields = eforms.form_fields(dossier=draft)
    if not all(f.locked for f in fields if f.binding) or missing_uploads(dossier=draft):
        services.dossier_draft_discard(dossier=draft, by=citizen)
        return None
    services.dossier_preview_confirm(dossier=draft, by=citizen)
    services.dossier_form_save(dossier=draft, by=citizen, values=TYPED)
    posted = {f.name: f.posted_value for f in fields if f.locked} | TYPED
    return {"pk": draft.pk, "values": posted}


def prepare(*, clients: int, per_client: int) -> dict:
    """Per client: a citizen's session cookie and their drafts."""
    from django.conf import settings
    from django.test import Client

    from portal.accounts.models import Agency, AgencyKind, User

    province = _province()
    procedure = _residence_procedure()
    units = [
        Agency.objects.create(code=f"{11300 + n}", name=f"UBND phường {n + 1}", parent=province,
                              kind=AgencyKind.COMMUNE_COMMITTEE, province_code=31)
        for n in range(SUBMIT_UNITS)
    ]  # fmt: skip
    prepared, serial = [], 0
    while len(prepared) < clients:
        serial += 1
        personal_id = f"031090{serial:06d}"
        citizen = User.objects.create(username=personal_id, personal_id=personal_id)
        drafts = []
        for k in range(per_client):
            draft = _ready_draft(citizen=citizen, procedure=procedure,
                                 unit=units[(serial + k) % len(units)])  # fmt: skip
            if draft is None:
                break
            drafts.append(draft)
        if len(drafts) < per_client:
            continue  # a citizen the sources do not fully know: take the next one
        browser = Client()
        browser.force_login(citizen, backend=LOGIN)
        cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
        prepared.append({"session": cookie, "drafts": drafts})
    return {"cookie_name": settings.SESSION_COOKIE_NAME, "clients": prepared}


# A million dossiers for the queue

UNITS = 1_000
CITIZENS = 10_000
PROCEDURES = 43  # prime, as HOME_EVERY: procedures, statuses and units independent
HOME_EVERY = 53  # one dossier in 53 is the official's unit's, a large urban ward (53: prime)
# Every generated dossier's look-up key: no figure looks one up by it.
LOOKUP_KEY = "BENCH234"

# Per database: the number series, and the expressions that differ.
SQL = {
    "postgresql": {
        "series": "s(n) AS (SELECT generate_series(%(start)s::int, %(stop)s::int))",
        "personal_id": f"'0320' || lpad((n %% {CITIZENS})::text, 8, '0')",
        "submitted_at": "now() - (n %% 2160) * interval '1 hour'",
        "due_date": "CURRENT_DATE + ((n * 7) %% 61 - 30)",
        "now": "now()",
    },
    "sqlite": {
        "series": "s(n) AS (SELECT %(start)s UNION ALL SELECT n + 1 FROM s WHERE n < %(stop)s)",
        "personal_id": f"printf('0320%%08d', n %% {CITIZENS})",
        "submitted_at": "datetime('now', '-' || (n %% 2160) || ' hours')",
        "due_date": "date('now', ((n * 7) %% 61 - 30) || ' days')",
        "now": "datetime('now')",
    },
}
# Twenty slices of the series, by n % 20: a tenth are drafts, the rest spread
# over the statuses an official's queue shows.
STATUS_BY_SLICE = (
    ["draft"] * 2 + ["submitted"] * 4 + ["received"] * 3 + ["in_processing"] * 4
    + ["supplement_requested", "financial_obligation"] + ["result_returned"] * 3
    + ["result_ready", "not_resolved"]
)  # fmt: skip


def _contiguous_ids(queryset) -> int:
    """The first id of rows created in one statement; they must follow each other."""
    ids = list(queryset.order_by("id").values_list("id", flat=True))
    if ids[-1] - ids[0] + 1 != len(ids):
        raise RuntimeError("generated rows did not get consecutive ids")
    return ids[0]


def _queue_world():
    """A thousand units (the official's first), procedures, citizens; the official."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from portal.accounts.models import Agency, AgencyKind, Role, User
    from procedures.models import Procedure, Sector

    province = _province()
    Agency.objects.bulk_create(
        Agency(code=f"Q{n:04d}", name=f"UBND xã {n}", kind=AgencyKind.COMMUNE_COMMITTEE,
               parent=province, province_code=31, path=f"{province.path}Q{n:04d}/")
        for n in range(UNITS)
    )  # fmt: skip
    first_unit = _contiguous_ids(Agency.objects.filter(code__startswith="Q"))
    sector, _ = Sector.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    Procedure.objects.bulk_create(
        Procedure(code=f"2.{n:06d}", name=f"Thủ tục cấp xã số {n}", sector=sector,
                  level="commune", agency_kinds=["commune_committee"], processing_days=5,
                  online_level="full", result_type="Giấy xác nhận")
        for n in range(PROCEDURES)
    )  # fmt: skip
    first_procedure = _contiguous_ids(Procedure.objects.filter(code__startswith="2."))
    sql = SQL[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {sql['series']} INSERT INTO accounts_user (password, is_superuser, username,"
            " first_name, last_name, email, is_staff, is_active, date_joined, personal_id,"
            " full_name, role, position)"
            f" SELECT '!', FALSE, {sql['personal_id']}, '', '', '', FALSE, TRUE,"
            f" {sql['now']}, {sql['personal_id']}, 'Công dân ' || n, 'citizen', '' FROM s",
            {"start": 0, "stop": CITIZENS - 1},
        )
    first_citizen = _contiguous_ids(User.objects.filter(username__startswith="0320"))
    official = User.objects.create(
        username="031085000001", personal_id="031085000001", full_name="Cán bộ một cửa",
        role=Role.OFFICIAL, agency_id=first_unit, password=make_password(None),
    )  # fmt: skip
    return {"first_unit": first_unit, "first_procedure": first_procedure,
            "first_citizen": first_citizen, "official": official}  # fmt: skip


# The table's own indexes (not those behind its constraints), to drop before a
# bulk load and build again after it, as a restore does: one sort per index
# instead of a million scattered inserts into each.
SECONDARY_INDEXES = {
    "postgresql": (
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
        " JOIN pg_class i ON i.oid = x.indexrelid"
        " WHERE x.indrelid = 'dossiers_dossier'::regclass"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
    ),
    "sqlite": (
        "SELECT name, sql FROM sqlite_master"
        " WHERE type = 'index' AND tbl_name = 'dossiers_dossier' AND sql IS NOT NULL"
    ),
}


@contextmanager
def _indexes_built_after(cursor, vendor: str):
    cursor.execute(SECONDARY_INDEXES[vendor])
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    if vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the foreign keys now, not at commit
    for _name, definition in indexes:
        cursor.execute(definition)


def _dossiers_insert(world: dict, *, start: int, stop: int) -> None:
    from django.db import connection, transaction

    sql = SQL[connection.vendor]
    status = "CASE n %% 20 " + " ".join(
        f"WHEN {k} THEN '{value}'" for k, value in enumerate(STATUS_BY_SLICE)
    ) + " END"  # fmt: skip
    draft = "n %% 20 < 2"
    unit = f"CASE WHEN n %% {HOME_EVERY} = 0 THEN 0 ELSE 1 + n %% {UNITS - 1} END"
    insert = (
        f"WITH {sql['series']} INSERT INTO dossiers_dossier (code, lookup_key, procedure_id,"
        " agency_id, applicant_id, subject_personal_id, acting_basis, status, form_values, fee_vnd,"
        " channel, proposed_outcome, concerned_full_name, concerned_personal_id,"
        " concerned_relation, result_delivery, delivery_address, postal_tracking_number,"
        " submitted_at, due_date, assigned_to_id, created_at, updated_at)"
        f" SELECT CASE WHEN {draft} THEN NULL ELSE 'B-' || n END, '{LOOKUP_KEY}',"
        f" %(first_procedure)s + n %% {PROCEDURES}, %(first_unit)s + {unit},"
        f" %(first_citizen)s + n %% {CITIZENS}, {sql['personal_id']}, 'self', {status},"
        " '{}', 0, 'online', '', '', '', '', '', '', '',"
        f" CASE WHEN {draft} THEN NULL ELSE {sql['submitted_at']} END,"
        f" CASE WHEN {draft} THEN NULL ELSE {sql['due_date']} END,"
        f" CASE WHEN n %% 7 = 0 AND n %% {HOME_EVERY} = 0 THEN %(official)s END,"
        f" {sql['now']}, {sql['now']} FROM s"
    )
    params = {"start": start, "stop": stop, "official": world["official"].pk,
              **{k: v for k, v in world.items() if k != "official"}}  # fmt: skip
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        _indexes_built_after(cursor, connection.vendor),
    ):
        cursor.execute(insert, params)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As autovacuum would after a load: fresh statistics and visibility map.
            cursor.execute("VACUUM ANALYZE dossiers_dossier")
        else:
            cursor.execute("ANALYZE")


def _queue_paths(world: dict) -> list[str]:
    procedure = f"2.{(HOME_EVERY * 3) % PROCEDURES:06d}"  # one the unit has dossiers for
    return [
        "/workspace/", "/workspace/?page=2", "/workspace/?page=37",
        "/workspace/?status=in_processing", "/workspace/?deadline=overdue",
        "/workspace/?deadline=due_soon", "/workspace/?sort=submitted",
        "/workspace/?sort=-submitted&page=5", f"/workspace/?procedure={procedure}",
        "/workspace/?mine=on", "/workspace/?status=received&sort=submitted&page=3",
    ]  # fmt: skip


def _query_counts(browser, paths: list[str]) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    # A staff session notes its last request at most once a minute: after the
    # minutes spent inserting dossiers, the first page would pay for that write.
    browser.get(paths[0])
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(path)
        if response.status_code != 200 or b'data-testid="queue-row"' not in response.content:
            raise RuntimeError(f"GET {path} answered {response.status_code} without rows")
        counts[path] = len(queries)
    return counts


def queue(*, rows: int, samples: int) -> dict:
    """The official's queue over `rows` dossiers: p95 and query counts per page
    and filter, counted first over a twentieth of them and then over all."""
    import itertools

    from django.test import Client

    from bench.harness import p95_ms

    world = _queue_world()
    browser = Client()
    browser.force_login(world["official"], backend=LOGIN)
    paths = _queue_paths(world)
    browser.get(paths[0])  # once-per-process reads (the session, caches) are not the page's
    _dossiers_insert(world, start=1, stop=rows // 20)
    few = _query_counts(browser, paths)
    _dossiers_insert(world, start=rows // 20 + 1, stop=rows)
    many = _query_counts(browser, paths)
    cycle = itertools.cycle(paths)

    def page() -> None:
        path = next(cycle)
        if browser.get(path).status_code != 200:
            raise RuntimeError(f"GET {path} did not answer 200")

    p95 = p95_ms(page, samples=samples, warmup=len(paths) * 2)
    return {"p95_ms": p95, "queries_few": few, "queries_many": many, "rows": rows,
            "home_unit_rows": rows // HOME_EVERY}  # fmt: skip


COMMANDS = {"prepare": prepare, "queue": queue}


def main(command: str) -> None:
    options = json.loads(os.environ.get("BENCH_OPTIONS") or "{}")
    if gateway_url := options.pop("gateway_url", None):
        # Prefill reads the sources through the server's mock gateway, in this process.
        os.environ["GATEWAY_URL"] = gateway_url
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    import django

    django.setup()
    print(json.dumps(COMMANDS[command](**options), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
