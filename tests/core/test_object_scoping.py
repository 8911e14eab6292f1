"""Every address that names an object answers only to who may see it.

One table: each row is an address naming a dossier, a file, a result, a
payment, a complaint, a correction request, a report, a list draft…, the
person it belongs to (who gets through: anything but 403/404) and the people
it does not (who get the same 404 as for an object that does not exist, or
403 where the page says the role may not use it at all). Two citizens, two
units' officials, two provinces' staff. A view that loses its scoping fails
here; the per-area tests say what each page does for the right person."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Row:
    """An address naming objects, who gets through and who does not."""

    method: str
    path: str  # formatted with the world's objects
    right: str | None  # None: the right person's request would reach an outside service
    wrong: tuple[str, ...]
    status: int = 404  # what the wrong people get
    data: dict = field(default_factory=dict)


CITIZENS = ("other_citizen", "other_official")  # another citizen, another unit's official
APPLICANT_ONLY = ("other_citizen", "official")  # the unit's officials do not act for the citizen
UNIT = ("other_official",)
PROVINCE = ("other_center_staff",)
# A dossier's pages, files and slips are its applicant's and its unit's: service-centre
# and database-owner staff of the same province never read them (the centre's staff
# see a fee page, to refund a payment made twice).
DOSSIER_OUTSIDERS = (*CITIZENS, "center_staff", "data_owner")

ROWS = {
    # The citizen's journey: a draft is the applicant's alone.
    "prefill page": Row("get", "/dossiers/{draft}/prefill/", "citizen", APPLICANT_ONLY),
    "prefill panel": Row("get", "/dossiers/{draft}/prefill/panel/", "citizen", APPLICANT_ONLY),
    "prefill retry": Row("post", "/dossiers/{draft}/prefill/retry/", "citizen", APPLICANT_ONLY),
    "preview confirm": Row("post", "/dossiers/{draft}/confirm/", "citizen", APPLICANT_ONLY),
    "form": Row("get", "/dossiers/{draft}/form/", "citizen", APPLICANT_ONLY),
    "form save": Row("post", "/dossiers/{draft}/form/save/", "citizen", APPLICANT_ONLY),
    "value wrong": Row("post", "/dossiers/{draft}/form/wrong/", "citizen", APPLICANT_ONLY),
    "submit": Row("post", "/dossiers/{draft}/submit/", "citizen", APPLICANT_ONLY),
    "discard": Row("post", "/dossiers/{draft}/discard/", "citizen", APPLICANT_ONLY),
    "draft documents": Row("get", "/dossiers/{draft}/documents/", "citizen", APPLICANT_ONLY),
    "draft supplement panel": Row("get", "/workspace/supplements/{draft}/", None, ("official",)),
    "draft in the workspace": Row("get", "/workspace/{draft}/", None, ("official",)),
    "draft tracking": Row("get", "/dossiers/{draft}/", "citizen", APPLICANT_ONLY),
    "draft fee": Row("get", "/payments/dossiers/{draft}/", "citizen", APPLICANT_ONLY),
    # A submitted dossier: its applicant, and its unit's staff.
    "track": Row("get", "/dossiers/{dossier}/", "citizen", DOSSIER_OUTSIDERS),
    "withdraw": Row("post", "/dossiers/{dossier}/withdraw/", "citizen", APPLICANT_ONLY),
    "rate": Row("post", "/dossiers/{dossier}/rate/", "citizen", APPLICANT_ONLY),
    "receipt": Row("get", "/dossiers/{dossier}/receipt.pdf", "citizen", DOSSIER_OUTSIDERS),
    "supplement slip": Row(
        "get", "/dossiers/{dossier}/slips/supplement-{supplement}.pdf", "citizen", DOSSIER_OUTSIDERS
    ),  # fmt: skip
    "apology slip": Row(
        "get", "/dossiers/{dossier}/slips/apology-{apology}.pdf", "citizen", DOSSIER_OUTSIDERS
    ),  # fmt: skip
    "refusal slip": Row("get", "/dossiers/{dossier}/slips/refusal.pdf", None, DOSSIER_OUTSIDERS),
    "documents": Row("get", "/dossiers/{dossier}/documents/", "citizen", DOSSIER_OUTSIDERS),
    "documents, official": Row(
        "get", "/dossiers/{dossier}/documents/", "official", DOSSIER_OUTSIDERS
    ),
    "attachment": Row(
        "get", "/dossiers/{dossier}/documents/{attachment}/", "citizen", DOSSIER_OUTSIDERS
    ),
    "attachment, official": Row(
        "get", "/dossiers/{dossier}/documents/{attachment}/", "official", DOSSIER_OUTSIDERS
    ),  # fmt: skip
    "upload": Row("post", "/dossiers/{dossier}/documents/", "citizen", APPLICANT_ONLY),
    "attachment remove": Row(
        "post", "/dossiers/{dossier}/documents/{attachment}/remove/", "citizen", APPLICANT_ONLY
    ),  # fmt: skip
    "result reuse": Row(
        "post",
        "/dossiers/{dossier}/documents/reuse/",
        "citizen",
        APPLICANT_ONLY,
        data={"result": "{result}"},
    ),  # fmt: skip
    "supplement asked": Row(
        "get", "/dossiers/{dossier}/supplement/", "citizen", APPLICANT_ONLY
    ),  # fmt: skip
    "supplement answer": Row(
        "post", "/dossiers/{dossier}/supplement/answer/", "citizen", APPLICANT_ONLY
    ),  # fmt: skip
    # The document store: the citizen's results, nobody else's.
    "stored result": Row(
        "get", "/dossiers/documents-store/{result}/", "citizen", ("other_citizen", "official")
    ),  # fmt: skip
    "authorisation revoke": Row(
        "post", "/dossiers/authorisations/{authorisation}/revoke/", "citizen", ("other_citizen",)
    ),  # fmt: skip
    # The official's workspace: the unit's dossiers; a citizen is refused the workspace.
    "workspace dossier": Row("get", "/workspace/{dossier}/", "official", UNIT),
    "workspace, citizen": Row("get", "/workspace/{dossier}/", None, ("citizen",), 403),
    "workspace act": Row("post", "/workspace/{dossier}/act/", "official", UNIT),
    "workspace assign": Row("post", "/workspace/{dossier}/assign/", "official", UNIT),
    "workspace refetch": Row("post", "/workspace/{dossier}/refetch/", "official", UNIT),
    "workspace verify": Row("post", "/workspace/{dossier}/verify/", "official", UNIT),
    "workspace apology": Row("post", "/workspace/{dossier}/apology/", "official", UNIT),
    "control sheet": Row("get", "/workspace/{dossier}/control-sheet.pdf", "official", UNIT),
    "national status": Row("get", "/workspace/{dossier}/national-status.json", "official", UNIT),
    "workspace result": Row("get", "/workspace/{dossier}/results/{result}/", "official", UNIT),
    "supplement panel": Row(
        "get", "/workspace/supplements/{dossier}/", "official", (*UNIT, "citizen")
    ),  # fmt: skip
    "supplement request": Row(
        "post", "/workspace/supplements/{dossier}/request/", "official", (*UNIT, "citizen")
    ),  # fmt: skip
    "data gap": Row(
        "post", "/workspace/supplements/{dossier}/data-gap/", "official", (*UNIT, "citizen")
    ),  # fmt: skip
    "supplement received at the desk": Row(
        "post",
        "/workspace/supplements/{dossier}/received-at-desk/",
        "official",
        (*UNIT, "citizen"),
    ),
    "counter draft": Row("get", "/workspace/counter/{counter_draft}/", "official", UNIT),
    "counter submit": Row("post", "/workspace/counter/{counter_draft}/submit/", "official", UNIT),
    "counter data gap": Row(
        "post", "/workspace/counter/{counter_draft}/data-gap/", "official", UNIT
    ),  # fmt: skip
    "counter fee": Row("get", "/workspace/counter/{fee_due}/fee/", "official", UNIT),
    # Payments.
    "fee page": Row("get", "/payments/dossiers/{fee_due}/", "citizen", CITIZENS),
    "pay": Row("post", "/payments/dossiers/{fee_due}/pay/", None, CITIZENS),
    "refund": Row(
        "post",
        "/payments/dossiers/{fee_due}/refund/{payment}/",
        "official",
        ("other_citizen", "other_official"),
    ),  # fmt: skip
    "payment return": Row("get", "/payments/return/{order}/", "citizen", CITIZENS),
    # Complaints: the reporter (or the tracking link) and the handling agency.
    "complaint track": Row("get", "/complaints/{complaint}/", "citizen", ("other_citizen",)),
    "complaint reply": Row("post", "/complaints/{complaint}/act/", "citizen", ("other_citizen",)),
    "evidence": Row("get", "/complaints/{complaint}/evidence/{evidence}/", "citizen", CITIZENS),
    "evidence, handler": Row(
        "get", "/complaints/{complaint}/evidence/{evidence}/", "official", CITIZENS
    ),  # fmt: skip
    "complaint handling": Row("get", "/workspace/complaints/{complaint}/", "official", UNIT),
    "complaint act": Row("post", "/workspace/complaints/{complaint}/act/", "official", UNIT),
    "routing rule": Row("get", "/workspace/complaints/rules/{rule}/", "center_staff", PROVINCE),
    # Corrections: the owner agency decides.
    "correction decide": Row(
        "post",
        "/data/corrections/{correction}/decide/",
        "data_owner",
        ("other_data_owner", "other_citizen"),
    ),  # fmt: skip
    # Reports: the units a leader sees.
    "report download": Row(
        "get", "/dashboards/reports/{report}/csv/", "leader", ("other_leader",)
    ),  # fmt: skip
    # The replacement list drafts: the province's service center and leaders.
    "list draft start": Row(
        "post", "/staff/catalog/agencies/{unit}/draft/", "center_staff", PROVINCE
    ),  # fmt: skip
    "list detail": Row(
        "get", "/staff/catalog/lists/{list}/", "center_staff", (*PROVINCE, "other_leader")
    ),  # fmt: skip
    "list entry add": Row(
        "post", "/staff/catalog/lists/{list}/entries/", "center_staff", PROVINCE
    ),  # fmt: skip
    "list entry remove": Row(
        "post", "/staff/catalog/lists/{list}/entries/{entry}/remove/", "center_staff", PROVINCE
    ),  # fmt: skip
    "list submit": Row("post", "/staff/catalog/lists/{list}/submit/", "center_staff", PROVINCE),
    "list return": Row("post", "/staff/catalog/lists/{list}/return/", "leader", ("other_leader",)),
    "list approve": Row(
        "post", "/staff/catalog/lists/{list}/approve/", "leader", ("other_leader",)
    ),  # fmt: skip
    "list publish": Row(
        "post", "/staff/catalog/lists/{list}/publish/", "leader", ("other_leader",)
    ),  # fmt: skip
    # The API: the same rules, session-authenticated.
    "api dossier": Row("get", "/api/dossiers/{dossier}/", "citizen", ("other_citizen",)),
    "api form": Row("put", "/api/dossiers/{draft}/form/", "citizen", ("other_citizen",)),
    "api confirm": Row("post", "/api/dossiers/{draft}/confirm/", "citizen", ("other_citizen",)),
    "api submit": Row("post", "/api/dossiers/{draft}/submit/", "citizen", ("other_citizen",)),
    "api attachments": Row(
        "post", "/api/dossiers/{draft}/attachments/", "citizen", ("other_citizen",)
    ),  # fmt: skip
    "api attachment remove": Row(
        "delete", "/api/dossiers/{dossier}/attachments/{attachment}/", "citizen", ("other_citizen",)
    ),  # fmt: skip
    "api supplement answer": Row(
        "post", "/api/dossiers/{dossier}/supplement/answer/", "citizen", ("other_citizen",)
    ),  # fmt: skip
    "api withdraw": Row(
        "post", "/api/dossiers/{dossier}/withdraw/", "citizen", ("other_citizen",)
    ),  # fmt: skip
    "api complaint": Row("get", "/api/complaints/{complaint}/", "citizen", ("other_citizen",)),
    "api complaint reply": Row(
        "post",
        "/api/complaints/{complaint}/act/",
        "citizen",
        ("other_citizen",),
        data={"action": "reply", "text": "Đã rõ"},
    ),
    "api evidence": Row(
        "get", "/api/complaints/{complaint}/evidence/{evidence}/", "citizen", CITIZENS
    ),  # fmt: skip
    "api complaint handling": Row(
        "post", "/api/complaints/handling/{complaint}/", "official", UNIT
    ),  # fmt: skip
    "api correction decision": Row(
        "post",
        "/api/datasources/corrections/{correction}/decision/",
        "data_owner",
        ("other_data_owner", "other_citizen"),
        data={"decision": "reject", "note": "Đúng"},
    ),  # fmt: skip
    "api list": Row("get", "/api/procedures/staff/lists/{list}/", "center_staff", PROVINCE),
    "api list entries": Row(
        "post", "/api/procedures/staff/lists/{list}/entries/", "center_staff", PROVINCE
    ),  # fmt: skip
    "api list entry": Row(
        "delete", "/api/procedures/staff/lists/{list}/entries/{entry}/", "center_staff", PROVINCE
    ),  # fmt: skip
    "api list submit": Row(
        "post", "/api/procedures/staff/lists/{list}/submit/", "center_staff", PROVINCE
    ),  # fmt: skip
    "api list diff": Row(
        "get", "/api/procedures/staff/lists/{list}/diff/", "center_staff", PROVINCE
    ),  # fmt: skip
}


# A leader above the ward (the city's) reads its dossier and complaint behind a
# dashboard's figure, and acts on neither: a move she sends is refused (4xx)
# and changes nothing. The unit's own officials and leader work them.
LEADER_ABOVE_READS = (
    "workspace dossier", "documents, official", "attachment, official", "control sheet",
    "national status", "workspace result", "supplement panel", "complaint handling",
)  # fmt: skip
LEADER_ABOVE_REFUSED = {
    "workspace act": {"action": "stop_processing", "reason": "Dừng xử lý"},
    "workspace assign": {"to": "{official}"},
    "workspace refetch": {"source": "population"},
    "workspace verify": {"component": "{component}"},
    "workspace apology": {"new_due_date": "2026-12-31", "reason": "Quá tải"},
    "supplement request": {"components": "{component}", "reason": "Thiếu", "confirmed": "1"},
    "complaint act": {"action": "start"},
    "api complaint handling": {"action": "start"},
}


def _request(client: Client, row: Row, objects: dict):
    path = row.path.format(**objects)
    data = {key: value.format(**objects) for key, value in row.data.items()}
    if row.method == "get":
        return client.get(path)
    if row.path.startswith("/api/"):
        return getattr(client, row.method)(path, data, content_type="application/json")
    return getattr(client, row.method)(path, data)


def _as(person) -> Client:
    client = Client()
    client.force_login(person, backend="portal.accounts.backends.VNeIDSessionBackend")
    return client


@pytest.mark.parametrize("name", ROWS)
def test_the_wrong_person_is_answered_as_if_nothing_were_there(name, world):
    people, objects = world
    row = ROWS[name]
    for who in row.wrong:
        response = _request(_as(people[who]), row, objects)
        assert response.status_code == row.status, f"{who}: {response.status_code}"


@pytest.mark.parametrize("name", [name for name, row in ROWS.items() if row.right])
def test_the_right_person_gets_through(name, world):
    people, objects = world
    row = ROWS[name]
    response = _request(_as(people[row.right]), row, objects)
    # A refusal of what was posted (400, 409…) is fine: the object was found.
    assert response.status_code not in (401, 403, 404, 405), response.status_code
    assert response.status_code < 500


@pytest.mark.parametrize("name", ROWS)
def test_an_anonymous_visitor_is_sent_to_log_in(name, world):
    _people, objects = world
    response = _request(Client(), ROWS[name], objects)
    if ROWS[name].path.startswith(("/api/complaints/{complaint}", "/complaints/")):
        # Complaints are tracked without an account, by the link's token alone.
        assert response.status_code == 404
    elif ROWS[name].path.startswith("/api/"):
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", LEADER_ABOVE_READS)
def test_a_leader_above_the_unit_reads_what_lies_behind_a_figure(name, world):
    people, objects = world
    response = _request(_as(people["leader"]), ROWS[name], objects)
    assert response.status_code == 200, response.status_code


def _case_state(objects: dict) -> tuple:
    """The dossier's and the complaint's status, assignee and events: what a move changes."""
    from complaints.models import Complaint
    from dossiers.models import Dossier

    dossier = Dossier.objects.get(pk=objects["dossier"])
    complaint = Complaint.objects.get(code=objects["complaint"])
    return (dossier.status, dossier.assigned_to_id, dossier.events.count(),
            complaint.status, complaint.assigned_to_id, complaint.events.count())  # fmt: skip


@pytest.mark.parametrize("name", LEADER_ABOVE_REFUSED)
def test_a_leader_above_the_unit_acts_on_nothing(name, world):
    from dossiers.models import Dossier

    people, objects = world
    row = ROWS[name]
    procedure = Dossier.objects.get(pk=objects["dossier"]).procedure
    values = {**objects, "official": people["official"].pk,
              "component": procedure.components.get().pk}  # fmt: skip
    form = {key: value.format(**values) for key, value in LEADER_ABOVE_REFUSED[name].items()}
    before = _case_state(objects)
    response = _request(
        _as(people["leader"]), Row(row.method, row.path, None, (), data=form), objects
    )
    assert 400 <= response.status_code < 500 and response.status_code != 404, response.status_code
    assert _case_state(objects) == before
