"""The mock gateway's HTTP API, as a real data-exchange gateway behaves."""

import base64

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

AN = "031090001234"


def _basic(client_id=None, secret=None) -> str:
    raw = f"{client_id or settings.GATEWAY_CLIENT_ID}:{secret or settings.GATEWAY_CLIENT_SECRET}"
    return "Basic " + base64.b64encode(raw.encode()).decode()


def _get(client, path, **headers):
    return client.get(f"/gateway/v1/{path}", HTTP_AUTHORIZATION=headers.get("auth", _basic()))


def _operator() -> str:
    return f"Bearer {settings.GATEWAY_OPERATOR_SECRET}"


def test_a_record_is_served_with_its_identity(client):
    body = _get(client, f"sources/population/subjects/{AN}").json()

    assert body["source"] == "population" and body["subject"] == AN
    assert body["record_id"] == f"DC-{AN}"
    assert body["data"]["full_name"] == "Nguyễn Văn An"


@pytest.mark.parametrize("auth", ["", "Basic bm9ib2R5Om5vdGhpbmc=", "Bearer x"])
def test_client_credentials_are_required(client, auth):
    response = _get(client, f"sources/population/subjects/{AN}", auth=auth)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_bad_subject_and_unknown_source(client):
    assert _get(client, "sources/population/subjects/12345").json() == {"error": "invalid_subject"}
    unknown = _get(client, f"sources/horoscope/subjects/{AN}")
    assert unknown.status_code == 404 and unknown.json() == {"error": "unknown_source"}


def test_the_list_of_sources(client):
    codes = {s["code"] for s in _get(client, "sources").json()["sources"]}

    assert codes == {
        "population",
        "civil_status",
        "vneid_documents",
        "business_registration",
        "insurance",
        "land",
    }


def test_behaviour_is_changed_at_run_time_by_the_operator(client):
    response = client.put(
        "/gateway/v1/operator/behaviour/land",
        {"latency_ms": 0, "failure_rate": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=_operator(),
    )
    assert response.json() == {"source": "land", "latency_ms": 0, "failure_rate": 1.0}

    failing = _get(client, f"sources/land/subjects/{AN}")
    assert failing.status_code == 503 and failing.json() == {"error": "unavailable"}
    assert _get(client, f"sources/population/subjects/{AN}").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"latency_ms": -1, "failure_rate": 0},
        {"latency_ms": 10, "failure_rate": 2},
        {"latency_ms": "slow", "failure_rate": 0},
    ],
)
def test_bad_behaviour_is_refused_clearly(client, body):
    response = client.put(
        "/gateway/v1/operator/behaviour/land",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=_operator(),
    )

    assert response.status_code == 400
    assert "tỉ lệ lỗi" in response.json()["detail"]


def test_the_operator_api_needs_the_operator_token(client):
    response = client.put(
        "/gateway/v1/operator/behaviour/land",
        {"latency_ms": 0},
        content_type="application/json",
        HTTP_AUTHORIZATION=_basic(),
    )

    assert response.status_code == 401


def test_a_correction_is_served_afterwards(client):
    response = client.post(
        "/gateway/v1/operator/corrections",
        {
            "source": "population",
            "subject": AN,
            "field": "permanent_address",
            "value": "Số 14 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng",
            "note": "số nhà",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=_operator(),
    )
    assert response.status_code == 201

    body = _get(client, f"sources/population/subjects/{AN}").json()
    assert body["data"]["permanent_address"].startswith("Số 14")
    assert body["updated_at"].startswith(response.json()["corrected_at"][:10])


def test_a_correction_of_an_unknown_field_is_refused(client):
    response = client.post(
        "/gateway/v1/operator/corrections",
        {"source": "population", "subject": AN, "field": "blood_type", "value": "O"},
        content_type="application/json",
        HTTP_AUTHORIZATION=_operator(),
    )

    assert response.status_code == 400


def test_behaviour_command_changes_and_resets(capsys):
    from django.core.management import call_command

    from datasources.gateway.behaviour import behaviour_for

    call_command("gateway_behaviour", "--source", "civil_status", "--latency-ms", "250")
    assert "250 ms" in capsys.readouterr().out
    assert behaviour_for("civil_status").latency_ms == 250

    call_command("gateway_behaviour", "--source", "civil_status", "--reset")
    assert behaviour_for("civil_status").latency_ms == 0


def test_every_answer_waits_the_sources_latency(client):
    import time

    from datasources.gateway.services import behaviour_set

    behaviour_set(source="civil_status", latency_ms=80, failure_rate=0)
    started = time.monotonic()
    slow = _get(client, "sources/civil_status/subjects/031218000321")

    assert slow.status_code == 200 and time.monotonic() - started >= 0.08


def test_the_operator_reads_a_behaviour_and_changes_one_value(client):
    url = "/gateway/v1/operator/behaviour/population"
    client.put(url, {"failure_rate": 0.25}, content_type="application/json",
               HTTP_AUTHORIZATION=_operator())  # fmt: skip

    body = client.get(url, HTTP_AUTHORIZATION=_operator()).json()

    assert body == {"source": "population", "latency_ms": 0, "failure_rate": 0.25}


@pytest.mark.parametrize("method", ["get", "put"])
def test_the_operator_hears_of_an_unknown_source(client, method):
    response = getattr(client, method)(
        "/gateway/v1/operator/behaviour/horoscope",
        {"latency_ms": 0, "failure_rate": 0},
        content_type="application/json",
        HTTP_AUTHORIZATION=_operator(),
    )

    assert response.status_code == 404 and response.json() == {"error": "unknown_source"}


def test_a_source_with_nothing_for_the_person_answers_not_found(client):
    from datasources.gateway.synthetic.people import synthetic_person

    missing = next(
        f"079{i % 2}85{i:06d}"
        for i in range(1000)
        if "missing_civil_status" in synthetic_person(f"079{i % 2}85{i:06d}").defects
    )

    response = _get(client, f"sources/civil_status/subjects/{missing}")

    assert response.status_code == 404 and response.json() == {"error": "not_found"}
    businesses = _get(client, f"sources/business_registration/subjects/{missing}")
    assert businesses.status_code == 200 and "businesses" in businesses.json()["data"]


def test_every_field_of_the_source_is_served(client):
    listed = {s["code"]: s["fields"] for s in _get(client, "sources").json()["sources"]}

    for code, fields in listed.items():
        body = _get(client, f"sources/{code}/subjects/{AN}").json()
        assert sorted(body["data"]) == sorted(fields), code


@pytest.mark.urls("datasources.gateway.urls_standalone")
def test_on_its_own_the_gateway_answers_unknown_paths_in_json(client):
    response = client.get("/dossiers/")

    assert response.status_code == 404 and response.json() == {"error": "unknown_endpoint"}
