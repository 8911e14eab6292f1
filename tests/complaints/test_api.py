"""The complaints API over HTTP: intake, tracking, own list, handling."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from complaints.models import Complaint, ComplaintStatus
from tests.accounts.factories import CitizenFactory, OfficialFactory, WardFactory
from tests.complaints.factories import ComplaintFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

INTAKE = "/api/complaints/"
LONG_EMAIL = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".vn"  # 259 characters


@pytest.fixture
def api():
    return APIClient()


def _body(unit, **fields):
    return {"category": "reprovide_data", "description": "Bị yêu cầu nộp bản sao căn cước.",
            "unit": unit.code, **fields}  # fmt: skip


def test_a_reporter_without_an_account_files_and_follows_it(api, hong_bang_ward):
    body = _body(hong_bang_ward, contact={"name": "Mai", "phone": "0912345678"})
    created = api.post(INTAKE, body, format="json")
    assert created.status_code == 201
    complaint = Complaint.objects.get()
    assert created.json()["code"] == complaint.code
    tracked = api.get(created.json()["tracking_url"].replace("/complaints/", "/api/complaints/"))
    assert tracked.status_code == 200 and tracked.json()["events"][0]["action"] == "file"
    assert api.get(f"/api/complaints/{complaint.code}/", {"t": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [({"description": ""}, "description"), ({"category": "x"}, "category"),
     ({"unit": "nope"}, "unit"), ({"contact": {"name": "Mai"}}, "contact.phone"),
     # Longer than their columns, which PostgreSQL would refuse with a server error.
     ({"official_named": "z" * 256}, "official_named"),
     ({"contact": {"name": "Mai", "email": LONG_EMAIL}}, "contact.email")],
)  # fmt: skip
def test_bad_input_is_a_400_naming_the_field(api, hong_bang_ward, body, field):
    payload = _body(hong_bang_ward, contact={"name": "Mai", "phone": "0912345678"}) | body
    response = api.post(INTAKE, payload, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert field in response.json()["fields"]
    assert not Complaint.objects.exists()


def test_a_citizen_links_only_their_own_dossier(api, citizen, hong_bang_ward):
    api.force_authenticate(citizen)
    theirs = DossierFactory(applicant=CitizenFactory(), code="11311-261125-0003")
    refused = api.post(INTAKE, _body(hong_bang_ward, dossier=theirs.code), format="json")
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["dossier"]
    mine = DossierFactory(applicant=citizen, agency=hong_bang_ward, code="11311-261125-0004")
    assert (
        api.post(INTAKE, _body(hong_bang_ward, dossier=mine.code), format="json").status_code == 201
    )
    listed = api.get("/api/complaints/mine/").json()
    assert [c["code"] for c in listed] == [Complaint.objects.get().code]


def test_a_flood_is_a_429(api, settings, hong_bang_ward):
    settings.COMPLAINT_FILINGS_PER_HOUR = 1
    body = _body(hong_bang_ward, contact={"name": "Mai", "phone": "0912345678"})
    assert api.post(INTAKE, body, format="json").status_code == 201
    assert api.post(INTAKE, body, format="json").status_code == 429


def test_behind_a_trusted_proxy_each_reporters_address_has_its_own_allowance(
    api, settings, hong_bang_ward
):
    settings.COMPLAINT_FILINGS_PER_HOUR = 1
    settings.NUM_PROXIES = 1
    body = _body(hong_bang_ward, contact={"name": "Mai", "phone": "0912345678"})

    def file(address):
        return api.post(INTAKE, body, format="json", REMOTE_ADDR="10.0.0.2",
                        HTTP_X_FORWARDED_FOR=address).status_code  # fmt: skip

    assert [file("198.51.100.1"), file("198.51.100.1"), file("198.51.100.2")] == [201, 429, 201]


def test_handlers_act_on_their_agencys_complaints_only(api, hong_bang_ward):
    complaint = ComplaintFactory(unit=hong_bang_ward, responsible_agency=hong_bang_ward,
                                 status=ComplaintStatus.ROUTED, routing_due=False)  # fmt: skip
    act = f"/api/complaints/handling/{complaint.code}/"
    api.force_authenticate(OfficialFactory(agency=WardFactory()))
    assert api.post(act, {"action": "start"}, format="json").status_code == 404
    assert api.get("/api/complaints/handling/").json() == []

    api.force_authenticate(OfficialFactory(agency=hong_bang_ward))
    assert api.get("/api/complaints/handling/").json()[0]["code"] == complaint.code
    early = api.post(act, {"action": "conclude", "outcome": "substantiated", "response": "x"},
                     format="json")  # fmt: skip
    assert early.status_code == 409
    assert api.post(act, {"action": "start"}, format="json").json()["status"] == "in_handling"
    done = api.post(act, {"action": "conclude", "outcome": "substantiated",
                          "response": "Đã xin lỗi công dân."}, format="json")  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == "concluded"


def test_citizens_cannot_reach_the_handling_api(api, citizen):
    api.force_authenticate(citizen)
    assert api.get("/api/complaints/handling/").status_code == 403


def test_the_endpoints_are_in_the_schema(client):
    schema = client.get(reverse("api-schema")).content.decode()
    for endpoint in ("/api/complaints/", "/api/complaints/handling/{code}/",
                     "/api/complaints/mine/", "/api/complaints/{code}/evidence/{id}/"):  # fmt: skip
        assert endpoint in schema


def test_the_schema_shows_filing_with_evidence_files(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    paths, components = schema["paths"], schema["components"]["schemas"]
    body = paths["/api/complaints/"]["post"]["requestBody"]["content"]
    multipart = body["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    evidence = components[multipart]["properties"]["evidence"]
    assert evidence["type"] == "array" and evidence["items"]["format"] == "binary"
    assert "application/json" in body
    created = paths["/api/complaints/"]["post"]["responses"]["201"]["content"]["application/json"]
    listed = components[created["schema"]["$ref"].rsplit("/", 1)[-1]]["properties"]["evidence"]
    item = components[listed["items"]["$ref"].rsplit("/", 1)[-1]]["properties"]
    assert {"name", "size", "content_type", "uploaded_at", "url"} <= set(item)
    download = paths["/api/complaints/{code}/evidence/{id}/"]["get"]["responses"]
    for content_type in ("application/pdf", "image/jpeg", "image/png"):  # the file's own type
        assert download["200"]["content"][content_type]["schema"]["format"] == "binary"
    assert "application/json" in download["404"]["content"]


def test_the_reporter_answers_and_rates_over_the_api(api, hong_bang_ward):
    from complaints import handling

    complaint = ComplaintFactory(unit=hong_bang_ward, responsible_agency=hong_bang_ward,
                                 status=ComplaintStatus.ROUTED, routing_due=False)  # fmt: skip
    official = OfficialFactory(agency=hong_bang_ward)
    handling.complaint_start(complaint=complaint, by=official)
    handling.complaint_ask_reporter(complaint=complaint, by=official, question="Ngày nào?")
    act = f"/api/complaints/{complaint.code}/act/"
    assert (
        api.post(act, {"action": "reply", "text": "x", "t": "bad"}, format="json").status_code
        == 404
    )
    token = complaint.tracking_token
    replied = api.post(act, {"action": "reply", "text": "Ngày 20/11.", "t": token}, format="json")
    assert replied.status_code == 200 and replied.json()["status"] == "in_handling"
    early = api.post(act, {"action": "rate", "rating": 5, "t": complaint.tracking_token},
                     format="json")  # fmt: skip
    assert early.status_code == 400


def test_an_empty_complaint_is_refused_naming_every_field_at_once(api):
    response = api.post(INTAKE, {}, format="json")

    assert response.status_code == 400 and response.json()["code"] == "invalid"
    fields = response.json()["fields"]
    assert {"category", "description", "unit", "contact.name", "contact.phone"} <= set(fields)
    assert fields["unit"] == ["Chọn cơ quan, đơn vị bị phản ánh. Choose the unit concerned."]
    assert not Complaint.objects.exists()


def test_a_malformed_field_does_not_hide_the_others(api, hong_bang_ward):
    # multipart, as a form with files sends it
    response = api.post(INTAKE, {"category": "x", "description": "Bị yêu cầu nộp bản sao.",
                                 "contact.email": "mai@"}, format="multipart")  # fmt: skip

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"category", "unit", "contact.name", "contact.email"}


@pytest.mark.parametrize(
    "body",
    [{"evidence": "abc"}, {"contact": "Mai"}, {"category": ["x"]}, {"unit": {"code": 1}},
     {"dossier": "11311-261125-0099"}],
)  # fmt: skip
def test_a_body_of_the_wrong_shapes_is_a_400_naming_its_fields(api, body):
    response = api.post(INTAKE, body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    named = {field.split(".")[0] for field in response.json()["fields"]}
    assert set(body) <= named and {"category", "description"} <= named
    assert not Complaint.objects.exists()


def test_a_multipart_complaint_with_a_nul_is_refused_in_both_languages_and_nothing_filed(
    api, hong_bang_ward
):
    response = api.post(INTAKE, {"category": "reprovide_data", "description": "Cán\x00bộ",
                                 "unit": "113\x0011", "contact.phone": "0912345678"},
                        format="multipart")  # fmt: skip

    assert response.status_code == 400
    refused = "Không được có ký tự NUL. Null characters are not allowed."
    assert response.json()["fields"]["unit"] == [refused]
    assert response.json()["fields"]["description"] == [refused]
    assert not Complaint.objects.exists()
